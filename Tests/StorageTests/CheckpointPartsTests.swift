import Foundation
import GRDB
import Testing
@testable import Storage

/// The clusterer's checkpoint as SQLite keeps it: in rows of a megabyte, so that storing the
/// state of a full window never has SQLite copy the whole of it twice.
@Suite struct CheckpointPartsTests {
    /// Bytes that differ along their length, so a part out of place or cut short shows.
    static func state(bytes count: Int) -> Data {
        var rng = count &* 2_654_435_761 | 1
        return Data((0..<count).map { _ in
            rng = rng &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: rng >> 33)
        })
    }

    @Test func aCheckpointLargerThanAPartComesBackWholeAndAReplacementLeavesNoneOfIt() throws {
        let dir = try TempDirectory()
        let store = try FeedStore(path: dir.databasePath)
        let large = Self.state(bytes: 2 * FeedStore.checkpointPartBytes + 12_345)
        try store.saveStoryCheckpoint(StoryCheckpoint(data: large, throughSeq: 7))
        let parts = try store.writer.read { db in try Int.fetchAll(db, sql: "SELECT LENGTH(data) FROM story_checkpoint_part ORDER BY part") }
        #expect(parts == [FeedStore.checkpointPartBytes, FeedStore.checkpointPartBytes, 12_345])
        #expect(try store.loadStoryState().checkpoint == large)
        #expect(try store.loadClustererState() == large)
        // An older one is refused and leaves every part; a newer, smaller one replaces them all.
        try store.saveStoryCheckpoint(StoryCheckpoint(data: Self.state(bytes: 10), throughSeq: 6))
        #expect(try store.loadStoryState().checkpoint == large)
        let small = Self.state(bytes: 999)
        try store.saveStoryCheckpoint(StoryCheckpoint(data: small, throughSeq: 8))
        let saved = try store.loadStoryState()
        #expect(saved.checkpoint == small && saved.checkpointSeq == 8)
        try store.saveStoryCheckpoint(StoryCheckpoint(data: Data(), throughSeq: 9))
        #expect(try store.loadStoryState().checkpoint == Data())
        // Reopened, the file reads the same.
        let reopened = try FeedStore(path: dir.databasePath)
        #expect(try reopened.loadStoryState().checkpointSeq == 9 && reopened.loadClustererState() == Data())
    }

    /// The parts a daemon encodes are about a row each; one that runs past a row is cut, and the
    /// rows read back as the parts joined.
    @Test func aCheckpointInPartsIsStoredInRowsOfAtMostAPart() throws {
        let dir = try TempDirectory()
        let store = try FeedStore(path: dir.databasePath)
        let whole = Self.state(bytes: FeedStore.checkpointPartBytes + 5 + 10)
        let cut = FeedStore.checkpointPartBytes + 5
        try store.saveStoryCheckpoint(StoryCheckpoint(throughSeq: 3) { emit in
            for part in [whole.prefix(cut), Data(), whole.suffix(10)] { try emit(part) }
        })
        let rows = try store.writer.read { db in try Int.fetchAll(db, sql: "SELECT LENGTH(data) FROM story_checkpoint_part ORDER BY part") }
        #expect(rows == [FeedStore.checkpointPartBytes, 5, 10])
        #expect(try store.loadStoryState().checkpoint == whole)
    }

    @Test func aCheckpointStoredWholeByAnEarlierVersionIsReadAfterTheUpgrade() throws {
        let dir = try TempDirectory()
        let earlier = Self.state(bytes: 5 * 1024 + 3)
        do {
            var config = Configuration()
            config.prepareDatabase { db in db.add(function: SearchText.function) }
            let queue = try DatabaseQueue(path: dir.databasePath, configuration: config)
            try Schema.migrator.migrate(queue, upTo: "v10 search on analysis")
            try queue.write { db in
                try db.execute(sql: "INSERT INTO story_checkpoint(id, through_seq, data) VALUES (1, 41, ?)", arguments: [earlier])
                try db.execute(sql: "INSERT INTO story_journal(seq, story_id, item) VALUES (42, 'story-42', '{}')")
            }
            try queue.close()
        }
        let store = try FeedStore(path: dir.databasePath)
        let saved = try store.loadStoryState()
        #expect(saved.checkpoint == earlier && saved.checkpointSeq == 41 && saved.journal.map(\.seq) == [42])
        #expect(try store.writer.read { db in try Data.fetchOne(db, sql: "SELECT data FROM story_checkpoint") } == Data())
    }
}
