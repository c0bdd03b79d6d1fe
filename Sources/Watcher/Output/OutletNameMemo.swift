import Storage
import Synchronization

/// Outlet names of entries of earlier days that today's reasons mention ("wire copy of …"),
/// kept between a daemon's cycles.
///
/// Every cycle the digest checks that the outlets a kept story's reasons name still have those
/// names; an entry of today is known from the day's rows, but one of another day is read from the
/// store. On the second day of a run most copies name an item of the first, so without this each
/// cycle would read thousands of entries again. The memo holds the names looked up in the last
/// cycle, and starts again whenever any feed's name or title changes.
final class OutletNameMemo: Sendable {
    private struct State {
        var feeds = 0
        var names: [String: String?] = [:]
    }

    private let state = Mutex(State())

    /// A fingerprint of the feeds' names and titles (what an outlet name is made from).
    static func fingerprint(_ feeds: [FeedState]) -> Int {
        var hasher = Hasher()
        for feed in feeds {
            hasher.combine(feed.id)
            hasher.combine(feed.name)
            hasher.combine(feed.title)
        }
        return hasher.finalize()
    }

    /// The names kept for feeds of this fingerprint (none after a change).
    func names(forFeeds fingerprint: Int) -> [String: String?] {
        state.withLock { $0.feeds == fingerprint ? $0.names : [:] }
    }

    /// Keeps `names` (the lookups of the cycle just done) in place of what was kept.
    func keep(_ names: [String: String?], forFeeds fingerprint: Int) {
        state.withLock { $0 = State(feeds: fingerprint, names: names) }
    }
}
