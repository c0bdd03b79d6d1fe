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

    /// Migration "v11 checkpoint parts": the checkpoint's bytes in parts of at most
    /// `checkpointPartBytes`, so that storing one costs SQLite a part's copies, not the state's.
    /// A checkpoint of a full window (100,000 items) is about 180 MB, and SQLite held two copies
    /// of the one blob (the bound value and the record) beside the encoded bytes.
    static let checkpointPartsSQL = """
        CREATE TABLE story_checkpoint_part (part INTEGER PRIMARY KEY, data BLOB NOT NULL);
        INSERT INTO story_checkpoint_part(part, data) SELECT 0, data FROM story_checkpoint WHERE id = 1;
        UPDATE story_checkpoint SET data = x'';
        """

    /// The most bytes of a checkpoint in one row. SQLite holds a part about two and a half
    /// times while storing it (the bound copy, the record, its overflow pages), so the part, not
    /// the state, sets that cost: at 4 MiB it was 10 MB of the daemon's peak heap beside a
    /// 7 MB state (heaptrack, `make soak`); at 1 MiB it is under 3 MB, for a few more rows.
    public static let checkpointPartBytes = 1 << 20

    public func loadClustererState() throws -> Data? {
        try writer.read { db in try Self.readCheckpoint(db)?.data }
    }

    public func saveClustererState(_ data: Data) throws {
        try writer.write { db in try Self.writeCheckpoint(StoryCheckpoint(data: data, throughSeq: nil), db: db) }
    }

    public func storyStateHead() throws -> Int64 {
        try writer.read { db in try Self.storyStateHead(db) }
    }

    public func loadStoryState() throws -> SavedStoryState {
        try writer.read { db in
            let checkpoint = try Self.readCheckpoint(db)
            let through = checkpoint?.through ?? 0
            let journal = try Row.fetchAll(db, sql: "SELECT seq, story_id, item FROM story_journal WHERE seq > ? ORDER BY seq",
                                           arguments: [through])
                .map { StoryJournalRecord(seq: $0[0], storyID: $0[1], itemJSON: $0[2]) }
            return SavedStoryState(checkpoint: checkpoint?.data, checkpointSeq: through, journal: journal)
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
        let stored = try Int64.fetchOne(db, sql: "SELECT through_seq FROM story_checkpoint WHERE id = 1")
        if stored.map({ through >= $0 }) ?? true {
            try db.execute(sql: """
                INSERT INTO story_checkpoint(id, through_seq, data) VALUES (1, ?, x'')
                ON CONFLICT(id) DO UPDATE SET through_seq = excluded.through_seq, data = x''
                """, arguments: [through])
            try db.execute(sql: "DELETE FROM story_checkpoint_part")
            // In rows of at most `checkpointPartBytes`, each stored as it is made.
            try checkpoint.writeRows(of: checkpointPartBytes) { part, bytes in
                try db.execute(sql: "INSERT INTO story_checkpoint_part(part, data) VALUES (?, ?)", arguments: [part, bytes])
            }
        }
        try db.execute(sql: "DELETE FROM story_journal WHERE seq <= (SELECT through_seq FROM story_checkpoint WHERE id = 1)")
    }

    /// The stored checkpoint, its parts joined, and the sequence number it is as of.
    static func readCheckpoint(_ db: Database) throws -> (data: Data, through: Int64)? {
        guard let through = try Int64.fetchOne(db, sql: "SELECT through_seq FROM story_checkpoint WHERE id = 1") else { return nil }
        let size = try Int.fetchOne(db, sql: "SELECT SUM(LENGTH(data)) FROM story_checkpoint_part") ?? 0
        var whole = Data(capacity: max(0, size))
        let cursor = try Data.fetchCursor(db, sql: "SELECT data FROM story_checkpoint_part ORDER BY part")
        while let part = try cursor.next() { whole.append(part) }
        return (whole, through)
    }
}
