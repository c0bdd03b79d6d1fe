import Foundation

/// When to poll a feed next: the rules, as a pure function of what the last fetch taught us.
///
/// - Success: the feed's interval (its own `interval`, else `poll_interval`), raised — never
///   lowered — by what the publisher asks (`<ttl>`, `sy:updatePeriod`/`sy:updateFrequency`,
///   Cache-Control max-age) and by how rarely the feed publishes (a feed with one item a day is
///   polled every few hours, not every 30 minutes); then clamped to [min_interval, max_interval]
///   and spread by ±10 % jitter so a thousand feeds never fall due in the same second.
/// - Failure: exponential backoff from the base interval (×2 per consecutive failure, ±20 %
///   jitter), capped at 6 h; a feed failing for three days or more is tried once a day — rarely,
///   never never.
/// - Deferred (429/503 Retry-After, the network is down): at the time asked, within bounds; the
///   feed's failure count does not move.
public struct PollPolicy: Sendable, Equatable {
    public var minInterval: TimeInterval
    public var maxInterval: TimeInterval
    public static let maxBackoff: TimeInterval = 6 * 3600
    public static let deadFeedAfter: TimeInterval = 3 * 86_400
    public static let deadFeedRetry: TimeInterval = 86_400

    public init(minInterval: TimeInterval, maxInterval: TimeInterval) {
        self.minInterval = Bounds.clamp(minInterval, to: 1...Bounds.maxPublisherInterval)
        self.maxInterval = Bounds.clamp(maxInterval, to: self.minInterval...Bounds.maxPublisherInterval)
    }

    /// The interval after a successful fetch (304 included), before jitter.
    public func intervalAfterSuccess(base: TimeInterval, userSetInterval: Bool, ttl: TimeInterval?,
                                     updatePeriod: TimeInterval?, maxAge: TimeInterval?,
                                     publishInterval: TimeInterval?) -> TimeInterval {
        var interval = base
        // Hints come from the feed and the server: only finite, positive ones count, at most 30 days.
        for hint in [ttl, updatePeriod, maxAge].compactMap({ $0 }) where hint.isFinite && hint > interval {
            interval = min(hint, Bounds.maxPublisherInterval)
        }
        // Adapt to how often the feed publishes: poll about four times per typical gap, but a
        // user's explicit interval is respected as the floor it is.
        if let gap = publishInterval, gap.isFinite, gap / 4 > interval { interval = min(gap / 4, Bounds.maxPublisherInterval) }
        let floor = userSetInterval ? min(base, minInterval) : minInterval
        return min(max(interval, floor), maxInterval)
    }

    /// The next poll after success; `jitter` is a random number in -1...1.
    public func nextAfterSuccess(now: Date, interval: TimeInterval, jitter: Double) -> Date {
        now.addingTimeInterval(interval * (1 + 0.1 * jitter))
    }

    /// The next poll after the `failures`-th consecutive failure (1 = first).
    public func nextAfterFailure(now: Date, base: TimeInterval, failures: Int, failingSince: Date?, jitter: Double) -> Date {
        if let since = failingSince, now.timeIntervalSince(since) >= Self.deadFeedAfter {
            return now.addingTimeInterval(Self.deadFeedRetry * (1 + 0.1 * jitter))
        }
        let exponent = Double(min(max(failures - 1, 0), 16))
        let start = min(base, 900)                       // the first retry comes soon, even for slow feeds
        let delay = min(start * pow(2, exponent), Self.maxBackoff)
        return now.addingTimeInterval(max(60, delay * (1 + 0.2 * jitter)))
    }

    /// The next poll when the server asked us to wait (Retry-After) or the network is down.
    public func nextAfterDeferral(now: Date, retryAfter: TimeInterval?, fallback: TimeInterval) -> Date {
        let wait = retryAfter ?? fallback
        return now.addingTimeInterval(Bounds.clamp(wait, to: 30...Bounds.maxServerWait))
    }
}

/// How often a feed publishes, from the dates of its entries: the median gap between them.
public enum PublishRate {
    public static func medianGap(_ dates: [Date]) -> TimeInterval? {
        let sorted = dates.sorted().suffix(30)
        guard sorted.count >= 3 else { return nil }
        var gaps: [TimeInterval] = []
        for (a, b) in zip(sorted, sorted.dropFirst()) where b > a { gaps.append(b.timeIntervalSince(a)) }
        guard gaps.count >= 2 else { return nil }
        gaps.sort()
        return gaps[gaps.count / 2]
    }
}
