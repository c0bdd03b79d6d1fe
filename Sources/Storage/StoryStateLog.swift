import Foundation
import Synchronization

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
/// The state is given as the parts it is encoded in, produced while the store writes them
/// (`writeRows(of:_:)`): the store keeps each part as a row as it comes (`FeedStore.checkpointPartBytes`),
/// so saving a state holds a part of it, not the whole of it encoded beside the clusterer. A
/// full window's state is hundreds of megabytes at scale.
public struct StoryCheckpoint: Sendable {
    public var throughSeq: Int64?
    /// Calls its argument with the state's bytes, part by part, in order.
    private let produce: @Sendable (_ emit: (Data) throws -> Void) throws -> Void
    private let written: WrittenBytes

    /// A checkpoint of bytes at hand.
    public init(data: Data, throughSeq: Int64?) {
        self.throughSeq = throughSeq
        produce = { emit in try emit(data) }
        written = WrittenBytes(data.count)
    }

    /// A checkpoint whose bytes `produce` makes when the store writes it, handing each part to
    /// the function it is given. It may be written more than once (a commit retried), and must
    /// make the same bytes each time.
    public init(throughSeq: Int64?, produce: @escaping @Sendable (_ emit: (Data) throws -> Void) throws -> Void) {
        self.throughSeq = throughSeq
        self.produce = produce
        written = WrittenBytes(0)
    }

    /// Hands the state's parts to `emit` in order, counting their bytes.
    private func write(_ emit: (Data) throws -> Void) throws {
        var count = 0
        try produce { part in
            count += part.count
            try emit(part)
        }
        written.set(count)
    }

    /// Hands the state to `row` as rows of at most `rowBytes` each, numbered from 0, as its
    /// parts are made (the store's side: a part longer than a row is cut). An empty state has no
    /// row.
    public func writeRows(of rowBytes: Int, _ row: (_ index: Int, _ bytes: Data) throws -> Void) throws {
        let rowBytes = max(1, rowBytes)
        var index = 0
        try write { data in
            var start = data.startIndex
            while start < data.endIndex {
                let end = data.index(start, offsetBy: min(rowBytes, data.endIndex - start))
                try row(index, data[start..<end])
                start = end
                index += 1
            }
        }
    }

    /// The state's size in bytes, as last written (0 before a produced one is written).
    public var byteCount: Int { written.get() }

    /// The size of the last write, shared by the copies of one checkpoint.
    private final class WrittenBytes: Sendable {
        private let count: Mutex<Int>
        init(_ count: Int) { self.count = Mutex(count) }
        func get() -> Int { count.withLock { $0 } }
        func set(_ value: Int) { count.withLock { $0 = value } }
    }
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
