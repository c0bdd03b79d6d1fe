import Foundation
import Storage
import StoryClustering

/// How the Watcher keeps the story clusterer's state in the store: a checkpoint of the whole
/// state now and then, and between checkpoints one journal record per item the clusterer took
/// in (see `StoryJournalRecord`).
///
/// The clusterer's state is a pure function of the items it took in, in order, so replaying the
/// records after a checkpoint gives back exactly the state that made the stored assignments. A
/// cycle writes a row per new item instead of re-encoding the whole state (megabytes by the
/// afternoon of a busy day), and the checkpoint's cost is spread over at least half as many
/// items as the state holds, so per item it stays flat however full the day gets.
enum StoryStateJournal {
    /// A daemon checkpoints once this many items came in since the last checkpoint, or half the
    /// items the state holds, whichever is more, up to `maxSinceCheckpoint`: the replay after a
    /// kill -9 is then at most that many items (about a second per 10,000 on this machine).
    static let minSinceCheckpoint = 2_000
    static let maxSinceCheckpoint = 20_000

    /// Whether this commit should carry a checkpoint. A rebuilt state checkpoints every commit,
    /// so that the unreadable checkpoint is replaced at once. (A process that keeps no clusterer
    /// in memory, `feedwatch once`, also checkpoints once at the end of its cycle, so that the
    /// next run decodes instead of replaying: `PollCycle.analyseAndCluster`.)
    static func wantsCheckpoint(sinceCheckpoint: Int, stateItems: Int, rebuilt: Bool) -> Bool {
        if rebuilt { return true }
        return sinceCheckpoint >= max(minSinceCheckpoint, min(stateItems / 2, maxSinceCheckpoint))
    }

    /// A checkpoint of `clusterer`'s whole state as of journal record `seq`, in the binary form
    /// (`StoryClusterer.binaryState()`: about a third of the JSON's size, written many times
    /// faster), encoded as the store writes it, a row's worth at a time: saving it holds one part
    /// of the encoded state, not the whole beside the clusterer.
    static func checkpoint(of clusterer: StoryClusterer, through seq: Int64) -> StoryCheckpoint {
        StoryCheckpoint(throughSeq: seq) { emit in
            try clusterer.binaryState(partBytes: checkpointPartBytes) { part in try emit(Data(part)) }
        }
    }

    /// The size of a checkpoint's parts as encoded: a little under SQLite's row size
    /// (`FeedStore.checkpointPartBytes`), since a part ends after the value that fills it, so
    /// that a part is one row.
    static let checkpointPartBytes = FeedStore.checkpointPartBytes - (1 << 12)

    /// The clusterer a checkpoint holds: the binary form, or the JSON one that versions before it
    /// wrote. Throws when it cannot be read.
    static func clusterer(fromCheckpoint data: Data) throws -> StoryClusterer {
        if StoryClusterer.isBinaryState(data) { return try StoryClusterer(binaryState: [UInt8](data)) }
        return try JSONDecoder().decode(StoryClusterer.self, from: data)
    }

    /// An item as its journal record keeps it.
    static func json(_ item: NewsItem) throws -> String {
        String(decoding: try JSONEncoder().encode(item), as: UTF8.self)
    }

    /// What a replay found.
    struct Replay {
        var items = 0
        /// Records whose item went to another story than the recorded one (a new binary with
        /// another match model replaying a crashed run's journal): the stored assignments stand.
        var decidedOtherwise = 0
    }

    /// A journal record whose item cannot be read: the state cannot be replayed past it.
    struct UnreadableRecord: Error, CustomStringConvertible {
        var seq: Int64
        var reason: String
        var description: String { "journal record \(seq) cannot be read: \(reason)" }
    }

    /// Adds the records' items to `clusterer` in their order. The items are decoded and prepared
    /// on every core (`prepare`), then added one at a time, as when they first came in.
    static func replay(_ records: [StoryJournalRecord], into clusterer: inout StoryClusterer,
                       prepare: ([StoryJournalRecord], @escaping @Sendable (StoryJournalRecord) -> Result<PreparedItem, UnreadableRecord>)
                           -> [Result<PreparedItem, UnreadableRecord>]) throws -> Replay {
        let configuration = clusterer.configuration
        let prepared = prepare(records) { record in
            do {
                let item = try JSONDecoder().decode(NewsItem.self, from: Data(record.itemJSON.utf8))
                return .success(PreparedItem(item, configuration: configuration))
            } catch {
                return .failure(UnreadableRecord(seq: record.seq, reason: "\(error)"))
            }
        }
        var replay = Replay()
        for (record, result) in zip(records, prepared) {
            let item = try result.get()
            let assignment = clusterer.add(item)
            replay.items += 1
            if assignment.story != record.storyID { replay.decidedOtherwise += 1 }
        }
        return replay
    }
}
