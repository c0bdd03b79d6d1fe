import Foundation

/// When the daemon writes the digest's feeds (feed.xml, feed.json) again.
///
/// Each rewrite renders and escapes up to thirty entries twice (each within
/// `DigestFeedContent.storyBudgetBytes`); feed readers poll every 15 to 60 minutes; and on a
/// busy day today's edition changes every cycle. So today's
/// changes reach the feeds at most every `refresh`, while a past day's changed file (yesterday's
/// final edition) goes out at once, and a clean stop writes whatever is still pending.
struct DigestFeedSchedule: Sendable {
    static let refresh: TimeInterval = 600

    private var lastWritten = Date.distantPast
    /// A digest file changed since the feeds were last written.
    private(set) var isBehind = false

    /// Whether to write the feeds after a cycle at `now` that wrote the digest files `written`
    /// (paths), today being `today` (`YYYY-MM-DD` in the configured zone). Noted as written when due.
    mutating func isDue(now: Date, written: [String], today: String) -> Bool {
        let pastDay = written.contains { !($0 as NSString).lastPathComponent.hasPrefix(today) }
        let due = pastDay || now.timeIntervalSince(lastWritten) >= Self.refresh
        if due {
            lastWritten = now
            isBehind = false
        } else if !written.isEmpty {
            isBehind = true
        }
        return due
    }

    /// A digest file was written outside a cycle (at a stop): the feeds are behind it.
    mutating func markBehind() { isBehind = true }
}
