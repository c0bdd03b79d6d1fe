import Foundation
import Logging
import Storage
import StoryClustering
import Synchronization

/// The story clusterer a long-running daemon keeps between cycles, so that a cycle neither
/// decodes the checkpoint nor replays the journal to add a few items.
///
/// The store stays the truth: the cached clusterer is used only while the stored story state's
/// head (the seq of its last journal record, see `StoryJournalRecord`) is the one this process
/// committed last. Journal records are only ever appended, each seq once, so another writer (a
/// worker that held the clusterer role meanwhile) or a failed commit always means a fresh load,
/// never a stale clusterer.
public final class ClustererCache: Sendable {
    struct Entry {
        var clusterer: StoryClusterer
        /// The stored head this clusterer is the state of.
        var head: Int64
        /// Items it took in since the last checkpoint.
        var sinceCheckpoint: Int
    }

    private let entry = Mutex<Entry?>(nil)

    public init() {}

    /// What the cached clusterer holds in memory: the items of its window and its open stories
    /// (nil while no clusterer is cached: before the first cycle, during one, or on a worker
    /// without the clusterer role). Both are bounded by `story_window_items`.
    public var windowSize: (items: Int, stories: Int)? {
        entry.withLock { cached in cached.map { ($0.clusterer.windowItemCount, $0.clusterer.openStoryCount) } }
    }

    /// The cached clusterer when the stored head is still `head`, else nil.
    func clusterer(atHead head: Int64) -> Entry? {
        entry.withLock { cached in cached?.head == head ? cached : nil }
    }

    /// The cached clusterer when the stored head is still `head`, taken out of the cache (which
    /// is then empty until `remember`): the cycle adding items to it holds its tables alone, so
    /// they change in place. A copy left in the cache would share them, and the first item of
    /// each cycle would copy every table of the window.
    func take(atHead head: Int64) -> Entry? {
        entry.withLock { cached in
            guard cached?.head == head else { return nil }
            let taken = cached
            cached = nil
            return taken
        }
    }

    /// Remembers `clusterer` as the state at `head` (call after the commit succeeded, when the
    /// cycle is done with it).
    func remember(_ clusterer: StoryClusterer, head: Int64, sinceCheckpoint: Int) {
        entry.withLock { $0 = Entry(clusterer: clusterer, head: head, sinceCheckpoint: sinceCheckpoint) }
    }

    /// Forgets the clusterer (after a commit failed: the store holds something else).
    func forget() {
        entry.withLock { $0 = nil }
    }

    /// At a clean stop: a checkpoint of the cached state when items came in since the last one,
    /// so the next start decodes it instead of replaying them. The store keeps a newer
    /// checkpoint if another worker wrote one meanwhile.
    public func checkpoint(into store: any FeedStorage, logger: Logger) {
        guard let cached = entry.withLock({ $0 }), cached.sinceCheckpoint > 0 else { return }
        do {
            let checkpoint = StoryStateJournal.checkpoint(of: cached.clusterer, through: cached.head)
            try store.saveStoryCheckpoint(checkpoint)
            entry.withLock { if $0?.head == cached.head { $0?.sinceCheckpoint = 0 } }
            logger.info("story state checkpointed at stop", metadata: ["items": "\(cached.sinceCheckpoint)", "bytes": "\(checkpoint.byteCount)"])
        } catch {
            logger.error("story state not checkpointed at stop (the next start replays its journal): \(error)")
        }
    }
}
