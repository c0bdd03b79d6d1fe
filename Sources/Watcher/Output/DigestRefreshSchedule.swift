import Foundation

/// When the daemon rewrites today's digest files.
///
/// Stories are built only where they changed, but a day's files are written whole: the files of
/// a day with thousands of stories cost in proportion to the day, and a daemon polling every
/// minute would pay that cost every minute, more with every hour of the day. So today's files
/// are refreshed at most every `digest_refresh` (five minutes by default; 0 refreshes after
/// every cycle). The first cycle of the process and the first of a new day (which also writes
/// yesterday's final edition) publish at once, and a clean stop writes what is still pending.
/// An unchanged day costs almost nothing to publish (its input stamp is compared first), so a
/// due refresh with nothing new is cheap.
struct DigestRefreshSchedule: Sendable {
    /// `digest_refresh` (the config can be reloaded, so it is set before each check).
    var refresh: TimeInterval {
        didSet { refresh = max(0, refresh) }
    }

    private var lastPublished = Date.distantPast
    private var lastDay: String?
    /// A cycle ran since the digest was last published (its changes may not be written yet).
    var isBehind = false

    init(refresh: TimeInterval) {
        self.refresh = max(0, refresh)
    }

    /// Whether to publish after a cycle at `now`, today being `today` (`YYYY-MM-DD` in the
    /// configured zone). Noted as published when due.
    mutating func isDue(now: Date, today: String) -> Bool {
        let elapsed = now.timeIntervalSince(lastPublished)
        // A clock set back makes `elapsed` negative: publish rather than wait for it to catch up.
        let due = today != lastDay || elapsed >= refresh || elapsed < 0
        if due {
            lastPublished = now
            lastDay = today
            isBehind = false
        } else {
            isBehind = true
        }
        return due
    }
}
