import Foundation
import GRDB

/// The story clusterer's state in SQLite: a checkpoint row and the journal of items clustered
/// since it (see `StoryJournalRecord`).
extension FeedStore {
    /// Migration "v7 story journal": the two tables; a state saved whole by an earlier version
    /// becomes the first checkpoint.
    static let storyJournalSQL = """
        CREATE TABLE story_checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), through_seq INTEGER NOT NULL, data BLOB NOT NULL);
        INSERT INTO story_checkpoint(id, through_seq, data) SELECT 1, 0, data FROM blob WHERE key = 'clusterer';
        DELETE FROM blob WHERE key = 'clusterer';
        CREATE TABLE story_journal (seq INTEGER PRIMARY KEY, story_id TEXT NOT NULL, item TEXT NOT NULL);
        """

    public func loadClustererState() throws -> Data? {
        try writer.read { db in try Data.fetchOne(db, sql: "SELECT data FROM story_checkpoint WHERE id = 1") }
    }

    public func saveClustererState(_ data: Data) throws {
        try writer.write { db in try Self.writeCheckpoint(StoryCheckpoint(data: data, throughSeq: nil), db: db) }
    }

    public func storyStateHead() throws -> Int64 {
        try writer.read { db in try Self.storyStateHead(db) }
    }

    public func loadStoryState() throws -> SavedStoryState {
        try writer.read { db in
            let checkpoint = try Row.fetchOne(db, sql: "SELECT through_seq, data FROM story_checkpoint WHERE id = 1")
            let through: Int64 = checkpoint?[0] ?? 0
            let journal = try Row.fetchAll(db, sql: "SELECT seq, story_id, item FROM story_journal WHERE seq > ? ORDER BY seq",
                                           arguments: [through])
                .map { StoryJournalRecord(seq: $0[0], storyID: $0[1], itemJSON: $0[2]) }
            return SavedStoryState(checkpoint: checkpoint?[1], checkpointSeq: through, journal: journal)
        }
    }

    public func saveStoryCheckpoint(_ checkpoint: StoryCheckpoint) throws {
        try writer.write { db in try Self.writeCheckpoint(checkpoint, db: db) }
    }

    static func storyStateHead(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: """
            SELECT COALESCE((SELECT MAX(seq) FROM story_journal), (SELECT through_seq FROM story_checkpoint WHERE id = 1), 0)
            """) ?? 0
    }

    /// Appends `journal` after the stored head, or throws `StoryJournalConflict`.
    static func appendJournal(_ journal: [StoryJournalRecord], db: Database) throws {
        guard let first = journal.first else { return }
        let head = try storyStateHead(db)
        guard first.seq == head + 1 else { throw StoryJournalConflict(expectedSeq: first.seq, storedHead: head) }
        for record in journal {
            try db.run("INSERT INTO story_journal(seq, story_id, item) VALUES (?, ?, ?)", [record.seq, record.storyID, record.itemJSON])
        }
    }

    /// Stores `checkpoint` unless a newer one is stored, and forgets the records it covers.
    static func writeCheckpoint(_ checkpoint: StoryCheckpoint, db: Database) throws {
        let through = try checkpoint.throughSeq ?? storyStateHead(db)
        try db.execute(sql: """
            INSERT INTO story_checkpoint(id, through_seq, data) VALUES (1, ?, ?)
            ON CONFLICT(id) DO UPDATE SET through_seq = excluded.through_seq, data = excluded.data
            WHERE excluded.through_seq >= story_checkpoint.through_seq
            """, arguments: [through, checkpoint.data])
        try db.execute(sql: "DELETE FROM story_journal WHERE seq <= (SELECT through_seq FROM story_checkpoint WHERE id = 1)")
    }
}
