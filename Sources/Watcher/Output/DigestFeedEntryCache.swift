import Digest
import Synchronization

/// The feed entries of past days a long-running daemon keeps between cycles.
///
/// The feeds carry thirty days, and today's edition changes with most cycles; without this, each
/// change would read, fingerprint and render every past day's digest again, work that grows with
/// the size of a day times thirty. A past day is taken from here only while its JSON file is the
/// one the entry was made from (size, modification time and inode, and the same base URL), so a
/// rewritten or pruned day is always read again.
public final class DigestFeedEntryCache: Sendable {
    struct Kept: Sendable {
        var signature: String
        var fingerprint: String
        var entry: DigestFeedEntry
    }

    private let kept = Mutex<[DigestDate: Kept]>([:])
    private let reused = Atomic<Int>(0)

    public init() {}

    func entry(for date: DigestDate, signature: String) -> Kept? {
        let found = kept.withLock { $0[date] }
        guard let found, found.signature == signature else { return nil }
        reused.add(1, ordering: .relaxed)
        return found
    }

    func keep(_ entry: Kept, for date: DigestDate) {
        kept.withLock { $0[date] = entry }
    }

    /// Forgets every day but `dates` (the window moved, or a day left it).
    func retain(only dates: Set<DigestDate>) {
        kept.withLock { $0 = $0.filter { dates.contains($0.key) } }
    }

    /// How many past-day entries were reused since the cache was made.
    public var reusedCount: Int { reused.load(ordering: .relaxed) }
}
