import Foundation
import Storage
import Testing

/// The story state as the store keeps it: a checkpoint and the journal of items after it,
/// appended with the assignments they made, on both backends.
@Suite struct StoryJournalStoreTests {
    static func records(_ seqs: ClosedRange<Int64>) -> [StoryJournalRecord] {
        seqs.map { StoryJournalRecord(seq: $0, storyID: "story-\($0)", itemJSON: "{\"id\":\"\($0)\",\"title\":\"Ferry crossings stop \\u00e9\"}") }
    }

    @Test(arguments: StoreBackend.available)
    func journalRecordsLandWithTheirAssignmentsAndACheckpointForgetsWhatItCovers(_ backend: StoreBackend) throws {
        let fixture = try storeWithFeeds(backend)
        let store = fixture.store
        let gazette = try feedID(store, harbourGazette)
        let ids = try store.recordFetch(updated(gazette, at: monday), entries: ferryStrikeItems(seenAt: monday)).map(\.id)
        #expect(try store.storyStateHead() == 0)
        try store.commitStories([StoryAssignment(entryID: ids[0], storyID: "story-1")], journal: Self.records(1...3), checkpoint: nil)
        #expect(try store.entry(id: ids[0])?.storyID == "story-1")
        #expect(try store.storyStateHead() == 3)
        var saved = try store.loadStoryState()
        #expect(saved.checkpoint == nil && saved.checkpointSeq == 0 && saved.journal == Self.records(1...3))
        // A checkpoint through record 2 forgets records 1 and 2; the head stays.
        try store.commitStories([StoryAssignment(entryID: ids[1], storyID: "story-4")], journal: Self.records(4...4),
                                checkpoint: StoryCheckpoint(data: Data([0, 1, 2, 250]), throughSeq: 2))
        saved = try store.loadStoryState()
        #expect(saved.checkpoint == Data([0, 1, 2, 250]) && saved.checkpointSeq == 2 && saved.journal == Self.records(3...4))
        #expect(try saved.head == 4 && store.storyStateHead() == 4)
        // An older checkpoint never replaces a newer one (a late clean stop of a worker that lost the role).
        // A checkpoint in parts (as a daemon encodes one) reads back as their bytes joined.
        let inParts = StoryCheckpoint(throughSeq: 4) { emit in
            for part in ["ne", "", "wer"] { try emit(Data(part.utf8)) }
        }
        try store.saveStoryCheckpoint(inParts)
        #expect(inParts.byteCount == 5)
        try store.saveStoryCheckpoint(StoryCheckpoint(data: Data("older".utf8), throughSeq: 3))
        saved = try store.loadStoryState()
        #expect(saved.checkpoint == Data("newer".utf8) && saved.checkpointSeq == 4 && saved.journal.isEmpty)
        // One whose encoding fails part-way stores nothing of it, and the commit it came with
        // stores nothing either.
        struct EncodingFailed: Error {}
        let failing = StoryCheckpoint(throughSeq: nil) { emit in
            try emit(Data("half".utf8))
            throw EncodingFailed()
        }
        #expect(throws: EncodingFailed.self) { try store.saveStoryCheckpoint(failing) }
        #expect(throws: EncodingFailed.self) {
            try store.commitStories([StoryAssignment(entryID: ids[1], storyID: "story-5")], journal: Self.records(5...5), checkpoint: failing)
        }
        saved = try store.loadStoryState()
        #expect(saved.checkpoint == Data("newer".utf8) && saved.checkpointSeq == 4 && saved.journal.isEmpty)
        #expect(try store.entry(id: ids[1])?.storyID == "story-4")
        #expect(try store.storyStateHead() == 4)
    }

    @Test(arguments: StoreBackend.available)
    func aJournalThatDoesNotContinueTheHeadIsRefusedWithNothingStored(_ backend: StoreBackend) throws {
        let fixture = try storeWithFeeds(backend)
        let store = fixture.store
        let gazette = try feedID(store, harbourGazette)
        let ids = try store.recordFetch(updated(gazette, at: monday), entries: ferryStrikeItems(seenAt: monday)).map(\.id)
        try store.commitStories([], journal: Self.records(1...2), checkpoint: nil)
        // A clusterer that lost its role still believes the head is 1: its commit stores nothing.
        #expect(throws: StoryJournalConflict.self) {
            try store.commitStories([StoryAssignment(entryID: ids[0], storyID: "stale")], journal: Self.records(2...3), checkpoint: nil)
        }
        #expect(try store.entry(id: ids[0])?.storyID == nil)
        #expect(try store.loadStoryState().journal == Self.records(1...2))
        // One that skips ahead is refused too.
        #expect(throws: StoryJournalConflict.self) {
            try store.commitStories([], journal: Self.records(5...5), checkpoint: nil)
        }
        #expect(try store.storyStateHead() == 2)
    }

    @Test(arguments: StoreBackend.available)
    func aStateSavedWholeIsACheckpointAsOfTheHead(_ backend: StoreBackend) throws {
        let fixture = try storeWithFeeds(backend)
        let store = fixture.store
        try store.commitStories([], journal: Self.records(1...5), checkpoint: nil)
        try store.saveClustererState(Data("{}".utf8))
        let saved = try store.loadStoryState()
        #expect(saved.checkpointSeq == 5 && saved.journal.isEmpty && saved.checkpoint == Data("{}".utf8))
        #expect(try fixture.reopen().loadClustererState() == Data("{}".utf8))
    }
}
