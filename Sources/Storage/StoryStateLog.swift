import Foundation

/// One item the story clusterer took in, as the store keeps it between checkpoints: its place in
/// the clusterer's order, the item as the clusterer read it (JSON) and the story it was given.
///
/// The clusterer's state is a pure function of the items it took in, in order. So the store
/// keeps a checkpoint of the whole state now and then (`StoryCheckpoint`) and, between
/// checkpoints, only these rows, appended in the transaction that stores the assignments they
/// made. A cycle then writes what changed — a row per item — instead of re-encoding megabytes of
/// state, and a restart replays the rows after the checkpoint to get the state back. Storage
/// does not know the clusterer's types: the item arrives as JSON text.
public struct StoryJournalRecord: Sendable, Equatable {
    /// The record's place in the clusterer's order: the head plus one, plus one...
    public var seq: Int64
    /// The story the item was given (replaying it must give the same one).
    public var storyID: String
    /// The item as the clusterer read it, as JSON.
    public var itemJSON: String

    public init(seq: Int64, storyID: String, itemJSON: String) {
        self.seq = seq
        self.storyID = storyID
        self.itemJSON = itemJSON
    }
}

/// The clusterer's whole state as of journal record `throughSeq` (nil: as of the head at the
/// moment it is committed). Writing one deletes the records it covers; an older checkpoint
/// never replaces a newer one.
///
/// The state comes in parts whose bytes, joined, are the state: a daemon encodes a large state
/// part by part, and SQLite stores it so (`FeedStore.checkpointPartBytes`), so that the whole is
/// never held twice while it is saved.
public struct StoryCheckpoint: Sendable {
    public var parts: [Data]
    public var throughSeq: Int64?

    public init(data: Data, throughSeq: Int64?) {
        self.init(parts: [data], throughSeq: throughSeq)
    }

    public init(parts: [Data], throughSeq: Int64?) {
        self.parts = parts
        self.throughSeq = throughSeq
    }

    /// The state whole (a copy when it is in more than one part).
    public var data: Data {
        parts.count == 1 ? parts[0] : parts.reduce(into: Data(capacity: byteCount)) { $0.append($1) }
    }

    /// The state's size in bytes.
    public var byteCount: Int { parts.reduce(0) { $0 + $1.count } }
}

/// What the store holds of the clusterer's state: the last checkpoint (nil before the first)
/// and the journal records after it, in order.
public struct SavedStoryState: Sendable {
    public var checkpoint: Data?
    public var checkpointSeq: Int64
    public var journal: [StoryJournalRecord]

    public init(checkpoint: Data?, checkpointSeq: Int64, journal: [StoryJournalRecord]) {
        self.checkpoint = checkpoint
        self.checkpointSeq = checkpointSeq
        self.journal = journal
    }

    /// The seq of the last item the state holds.
    public var head: Int64 { journal.last?.seq ?? checkpointSeq }
}

/// A commit whose journal does not continue the stored one: another process appended to the
/// story state since this one read it (a clusterer that lost its role). Nothing was stored.
public struct StoryJournalConflict: Error, CustomStringConvertible {
    public var expectedSeq: Int64
    public var storedHead: Int64

    public init(expectedSeq: Int64, storedHead: Int64) {
        self.expectedSeq = expectedSeq
        self.storedHead = storedHead
    }

    public var description: String {
        "the story journal moved on elsewhere: this process would append record \(expectedSeq), the stored head is \(storedHead)"
    }
}
