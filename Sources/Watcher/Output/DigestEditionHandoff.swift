import Digest
import Synchronization

/// The leading stories of today's digest as `DigestPublisher` last wrote it, left in memory for
/// `DigestFeedPublisher` in the same process.
///
/// The daemon rewrites today's digest whenever it changes, and the feeds then carry the new
/// edition. Without this, the feed publisher would read today's JSON file back and decode it —
/// work and memory that grow with the day — although the model was made moments before. Only
/// what a feed entry shows is kept, so what waits here does not grow with the day either.
///
/// The edition is taken only while today's JSON file is still the one it was written as
/// (`fileSignature`: size, modification time and inode); any other file (a `feedwatch once` run,
/// a failed write) is read as before.
public final class DigestEditionHandoff: Sendable {
    /// A day as written: its leading stories, how many it holds, and its content fingerprint.
    struct Edition: Sendable {
        /// The day's first stories, whole (`DigestFeedContent.leadingDay(_:count:)`): those a feed
        /// entry renders, as the sizes of their HTML fragments say, so that a busy day is not held
        /// here whole until the feeds are next written (`DigestFeedSchedule.refresh`). The feeds
        /// take it only when `DigestFeedContent.rendersWithin` says they are enough.
        var leading: DigestDay
        /// How many stories the day holds.
        var storyCount: Int
        /// `JSONDigest.contentFingerprint` of the whole day.
        var fingerprint: String
        /// `DigestFeedPublisher.fileSignature` of the day's JSON file right after it was written.
        var fileSignature: String?
    }

    private let kept = Mutex<Edition?>(nil)
    private let taken = Atomic<Int>(0)

    public init() {}

    func keep(_ edition: Edition) {
        kept.withLock { $0 = edition }
    }

    /// The edition of `date`, when the day's JSON file still has `fileSignature`. What is kept
    /// is handed over once and let go either way (the feeds read the file when they need the day
    /// again without a new edition).
    func edition(of date: DigestDate, fileSignature: String?) -> Edition? {
        let found = kept.withLock { kept -> Edition? in
            defer { kept = nil }
            return kept
        }
        guard let found, found.leading.date == date, let signature = found.fileSignature, signature == fileSignature else { return nil }
        taken.add(1, ordering: .relaxed)
        return found
    }

    /// Whether an edition is waiting to be handed over.
    var isHolding: Bool { kept.withLock { $0 != nil } }

    /// How many stories the waiting edition holds whole, of how many the day has.
    var held: (stories: Int, of: Int)? { kept.withLock { $0.map { ($0.leading.stories.count, $0.storyCount) } } }

    /// How many times the feeds took the edition from here instead of the file.
    public var takenCount: Int { taken.load(ordering: .relaxed) }
}
