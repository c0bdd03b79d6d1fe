import FeedParser
import Foundation
import Storage

/// The outcome of polling one feed, before it is written to the store.
struct FeedPoll: Sendable {
    var feed: FeedState
    var record: FetchRecord
    var entries: [EntryInput]
    /// Set for failures that may be our network's fault (held back until the cycle knows).
    var networkFailure: FetchError?
    var host: String
    /// One line for the log.
    var summary: String
}

/// Fetches and parses one feed and decides its next poll time. Touches no database.
struct FeedPoller: Sendable {
    let config: WatcherConfig
    let fetcher: HTTPFetcher
    let gate: HostGate
    let policy: PollPolicy

    init(config: WatcherConfig, fetcher: HTTPFetcher, gate: HostGate) {
        self.config = config
        self.fetcher = fetcher
        self.gate = gate
        self.policy = PollPolicy(minInterval: config.minInterval, maxInterval: config.maxInterval)
    }

    func poll(_ feed: FeedState, now: Date) async -> FeedPoll {
        let host = URL(string: feed.fetchURL)?.host?.lowercased() ?? ""
        let started = ContinuousClock.now
        let base = feed.interval ?? config.pollInterval
        var record = FetchRecord(feedID: feed.id, at: now, outcome: .notModified, httpStatus: nil, durationMs: 0, bytes: 0,
                                 etag: nil, lastModified: nil, title: nil, nextPollAt: now, permanentRedirectTo: nil,
                                 publishIntervalEstimate: nil)
        func finish(_ summary: String, entries: [EntryInput] = [], networkFailure: FetchError? = nil) -> FeedPoll {
            let elapsed = ContinuousClock.now - started
            record.durationMs = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
            return FeedPoll(feed: feed, record: record, entries: entries, networkFailure: networkFailure, host: host,
                            summary: summary)
        }
        func fail(_ message: String) -> FeedPoll {
            // The message may quote the server (a Content-Type, a Location): kept to one safe line.
            record.outcome = .failed(JournalLogHandler.escaped(message))
            record.nextPollAt = policy.nextAfterFailure(now: now, base: base, failures: feed.consecutiveFailures + 1,
                                                        failingSince: feed.failingSince, jitter: Self.jitter())
            return finish(message)
        }

        if !host.isEmpty, let until = await gate.blocked(host, at: now) {
            record.outcome = .deferred("\(host) asked us to wait (Retry-After)")
            record.nextPollAt = until.addingTimeInterval(Double.random(in: 0...30))
            return finish("deferred: \(host) asked to wait until \(until)")
        }

        let request = FetchRequest(url: feed.fetchURL, etag: feed.etag, lastModified: feed.lastModified,
                                   accept: FetchRequest.feedAccept, maxBytes: config.maxBodySize, timeout: config.fetchTimeout,
                                   privateAddresses: .feeds(allowPrivateNetworks: config.allowPrivateNetworks), fileRoot: "/")
        let response: FetchResponse
        do {
            response = try await gate.withSlot(host) { try await fetcher.fetch(request) }
        } catch let error as FetchError {
            let poll = fail(error.description)
            if error.isNetworkLevel {
                return FeedPoll(feed: poll.feed, record: poll.record, entries: [], networkFailure: error, host: host, summary: poll.summary)
            }
            return poll
        } catch {
            return fail("\(error)")
        }
        record.httpStatus = response.status
        record.bytes = response.body.count
        if let moved = response.permanentlyMovedTo { record.permanentRedirectTo = moved }

        switch response.status {
        case 304:
            record.outcome = .notModified
            record.etag = response.etag
            record.lastModified = response.lastModified
            let interval = policy.intervalAfterSuccess(base: base, userSetInterval: feed.interval != nil, ttl: nil, updatePeriod: nil,
                                                       maxAge: response.maxAge, publishInterval: feed.publishIntervalEstimate)
            record.nextPollAt = policy.nextAfterSuccess(now: now, interval: interval, jitter: Self.jitter())
            return finish("not modified")
        case 429, 503:
            // Already parsed into 0 ... Bounds.maxServerWait; malformed values (1e20, inf) are nil.
            let wait = response.retryAfter
            if !host.isEmpty, let wait { await gate.block(host, until: now.addingTimeInterval(wait)) }
            if response.status == 503 && wait == nil {
                return fail("HTTP 503 Service Unavailable")
            }
            let asked = wait.map { "the server asked us to wait \(Bounds.wholeSeconds($0)) s" }
                ?? "the server asked us to slow down (no usable Retry-After)"
            record.outcome = .deferred("HTTP \(response.status): \(asked)")
            record.nextPollAt = policy.nextAfterDeferral(now: now, retryAfter: wait, fallback: base)
            return finish("deferred: HTTP \(response.status), \(asked)")
        case 200...299:
            break
        default:
            return fail(Self.describe(status: response.status))
        }

        // Parsing and mapping are CPU work on input of any shape: on the CPU executor, never on
        // the cooperative pool.
        let limit = config.maxItemsPerFetch
        let parsed: Result<(feed: Feed, entries: [EntryInput]), FeedParseError> = await BlockingExecutor.cpu.run {
            do throws(FeedParseError) {
                // The cap bites while the document is read: entries past it are never built.
                let feed = try Feed.parse(response.body, baseURL: response.finalURL, httpCharset: response.charset,
                                          maxEntries: limit)
                return .success((feed, feed.entries.map { EntryMapping.input($0, firstSeen: now) }))
            } catch {
                return .failure(error)
            }
        }
        let feedValue: Feed
        let entries: [EntryInput]
        switch parsed {
        case .success(let value):
            (feedValue, entries) = value
        case .failure(let error):
            let type = response.contentType.map { " (\($0.split(separator: ";").first ?? ""))" } ?? ""
            let looksHTML = response.contentType?.lowercased().contains("html") == true
                || String(decoding: response.body.prefix(512), as: UTF8.self).lowercased().contains("<html")
            return fail(looksHTML ? "not a feed: the address returned a web page\(type); is there a feed link on it?"
                                  : "not a feed\(type): \(error.message)")
        }
        record.outcome = .updated
        record.etag = response.etag
        record.lastModified = response.lastModified
        record.title = feedValue.title
        let published = entries.compactMap { $0.published ?? $0.updated }
        record.publishIntervalEstimate = PublishRate.medianGap(published)
        let hint = feedValue.refreshHint
        let interval = policy.intervalAfterSuccess(
            base: base, userSetInterval: feed.interval != nil,
            ttl: hint?.ttlMinutes.map { Bounds.clamp(TimeInterval($0) * 60, to: 0...Bounds.maxPublisherInterval) },
            updatePeriod: hint?.updateIntervalSeconds.map { Bounds.clamp(TimeInterval($0), to: 0...Bounds.maxPublisherInterval) },
            maxAge: response.maxAge, publishInterval: record.publishIntervalEstimate ?? feed.publishIntervalEstimate)
        record.nextPollAt = policy.nextAfterSuccess(now: now, interval: interval, jitter: Self.jitter())
        // What the parser left out (FeedLimits, max_items_per_fetch) is said, never silent.
        let cuts = feedValue.cuts.map { cut in
            if case .entries = cut { return "\(cut); max_items_per_fetch" }
            return cut.description
        }
        let cut = cuts.isEmpty ? "" : " (" + cuts.joined(separator: "; ") + ")"
        return finish("\(entries.count) entries, HTTP \(response.status)\(cut)", entries: entries)
    }

    static func jitter() -> Double { Double.random(in: -1...1) }

    /// An HTTP status in plain words, with what it usually means for a feed.
    static func describe(status: Int) -> String {
        switch status {
        case 401, 403: return "HTTP \(status): access denied (the feed needs a login, or blocks feed readers)"
        case 404: return "HTTP 404 Not Found: the feed is gone or has moved without a redirect"
        case 410: return "HTTP 410 Gone: the publisher removed this feed"
        case 500...599: return "HTTP \(status): the server failed (a problem on the publisher's side)"
        default: return "HTTP \(status)"
        }
    }
}
