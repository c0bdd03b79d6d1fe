import Foundation
import PostgresNIO
import Storage

/// The story clusterer's state on PostgreSQL: a checkpoint row and the journal of items
/// clustered since it (see `StoryJournalRecord`). Only the clusterer-role holder writes them;
/// the journal's primary key and the head check in `appendJournal` refuse a holder that lost the
/// role and kept writing, so no writer can overwrite another's state.
extension PostgresFeedStore {
    static let storyJournalMigrations: [PostgresSchema.Migration] = [
        PostgresSchema.Migration(name: "w5 story journal", statements: [
            "CREATE TABLE story_checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), through_seq BIGINT NOT NULL, data BYTEA NOT NULL)",
            "INSERT INTO story_checkpoint(id, through_seq, data) SELECT 1, 0, data FROM blob WHERE key = 'clusterer'",
            "DELETE FROM blob WHERE key = 'clusterer'",
            "CREATE TABLE story_journal (seq BIGINT PRIMARY KEY, story_id TEXT NOT NULL, item TEXT NOT NULL)",
        ]),
    ]

    /// Migration "w9 checkpoint parts": the checkpoint's bytes as rows of at most
    /// `FeedStore.checkpointPartBytes`, as on SQLite, so that a checkpoint is stored as it is
    /// encoded instead of whole in one bound value (the state of a full window is hundreds of
    /// megabytes at scale).
    static let checkpointPartMigrations: [PostgresSchema.Migration] = [
        PostgresSchema.Migration(name: "w9 checkpoint parts", statements: [
            "CREATE TABLE story_checkpoint_part (part BIGINT PRIMARY KEY, data BYTEA NOT NULL)",
            "INSERT INTO story_checkpoint_part(part, data) SELECT 0, data FROM story_checkpoint WHERE id = 1 AND length(data) > 0",
            "UPDATE story_checkpoint SET data = ''::bytea",
        ]),
    ]

    public func loadClustererState() throws -> Data? {
        try session.transaction { tx in try Self.readCheckpoint(tx)?.data }
    }

    public func saveClustererState(_ data: Data) throws {
        try session.transaction { tx in try Self.writeCheckpoint(StoryCheckpoint(data: data, throughSeq: nil), tx: tx) }
    }

    public func storyStateHead() throws -> Int64 {
        try session.query(Self.headQuery).first.map { try PostgresRowReader($0).value(0, as: Int64.self) } ?? 0
    }

    public func loadStoryState() throws -> SavedStoryState {
        try session.transaction { tx in
            let checkpoint = try Self.readCheckpoint(tx)
            let through = checkpoint?.through ?? 0
            let journal = try tx.query("SELECT seq, story_id, item FROM story_journal WHERE seq > \(through) ORDER BY seq").map { row in
                let r = PostgresRowReader(row)
                return StoryJournalRecord(seq: try r.value(0), storyID: try r.value(1), itemJSON: try r.value(2))
            }
            return SavedStoryState(checkpoint: checkpoint?.data, checkpointSeq: through, journal: journal)
        }
    }

    public func saveStoryCheckpoint(_ checkpoint: StoryCheckpoint) throws {
        try session.transaction { tx in try Self.writeCheckpoint(checkpoint, tx: tx) }
    }

    static let headQuery: PostgresQuery = """
        SELECT COALESCE((SELECT MAX(seq) FROM story_journal), (SELECT through_seq FROM story_checkpoint WHERE id = 1), 0)::bigint
        """

    static func storyStateHead(_ tx: PostgresTransaction) throws -> Int64 {
        try tx.query(headQuery).first.map { try PostgresRowReader($0).value(0, as: Int64.self) } ?? 0
    }

    /// Appends `journal` after the stored head, or throws `StoryJournalConflict`. The checkpoint
    /// row is locked first, so two writers cannot both pass the head check.
    static func appendJournal(_ journal: [StoryJournalRecord], tx: PostgresTransaction) throws {
        guard let first = journal.first else { return }
        _ = try tx.execute("SELECT pg_advisory_xact_lock(\(storyJournalLock))")
        let head = try storyStateHead(tx)
        guard first.seq == head + 1 else { throw StoryJournalConflict(expectedSeq: first.seq, storedHead: head) }
        let seqs = journal.map(\.seq)
        let stories = journal.map { withoutNULs($0.storyID) }
        let items = journal.map { withoutNULs($0.itemJSON) }
        _ = try tx.execute("""
            INSERT INTO story_journal(seq, story_id, item)
            SELECT * FROM unnest(\(seqs)::bigint[], \(stories)::text[], \(items)::text[])
            """)
    }

    /// The advisory lock that orders journal appends ('fwsj').
    static let storyJournalLock: Int64 = 0x6677_736A

    /// Stores `checkpoint` unless a newer one is stored, and forgets the records it covers. Its
    /// parts are stored as they are made, in rows of at most `FeedStore.checkpointPartBytes`.
    static func writeCheckpoint(_ checkpoint: StoryCheckpoint, tx: PostgresTransaction) throws {
        let through = try checkpoint.throughSeq ?? storyStateHead(tx)
        let taken = try tx.query("""
            INSERT INTO story_checkpoint(id, through_seq, data) VALUES (1, \(through), ''::bytea)
            ON CONFLICT (id) DO UPDATE SET through_seq = excluded.through_seq, data = excluded.data
            WHERE excluded.through_seq >= story_checkpoint.through_seq
            RETURNING id
            """).first != nil
        if taken {
            _ = try tx.execute("DELETE FROM story_checkpoint_part")
            try checkpoint.writeRows(of: FeedStore.checkpointPartBytes) { part, bytes in
                _ = try tx.execute("INSERT INTO story_checkpoint_part(part, data) VALUES (\(part), \(bytes))")
            }
        }
        _ = try tx.execute("DELETE FROM story_journal WHERE seq <= (SELECT through_seq FROM story_checkpoint WHERE id = 1)")
    }

    /// The stored checkpoint, its parts joined, and the sequence number it is as of.
    static func readCheckpoint(_ tx: PostgresTransaction) throws -> (data: Data, through: Int64)? {
        guard let row = try tx.query("SELECT through_seq FROM story_checkpoint WHERE id = 1").first else { return nil }
        let through = try PostgresRowReader(row).value(0, as: Int64.self)
        var whole = Data()
        for part in try tx.query("SELECT data FROM story_checkpoint_part ORDER BY part") {
            whole.append(try PostgresRowReader(part).value(0, as: Data.self))
        }
        return (whole, through)
    }
}
