import Foundation
import GRDB
import Glibc

/// What the daemon keeps of the day's digest between cycles, as rows of a private SQLite file
/// rather than values in memory.
///
/// A daemon rewrites today's digest every `digest_refresh` and builds again only the stories
/// that changed, so it keeps, for every story of the day, what it was built from (a key of its
/// entries' revisions), what it became (a header: ranking keys, headline, anchor, outlets) and
/// where its rendered fragments are (`DigestFragmentSpill`). Held in memory that was about 1 KB
/// a story: resident size grew all day on a busy install and was let go only at midnight. Here
/// each is a row, looked up by key as a refresh needs it; a refresh writes only the rows of the
/// stories that changed, and SQLite holds a bounded page cache, so the daemon's size does not
/// follow the day.
///
/// The file is in the state directory (not a `/tmp` that may be memory), named like
/// `AtomicFile`'s temporaries and unlinked as soon as it is open, so it never outlives the
/// process, not even after kill -9. It is a cache: a statement that fails reads as nothing
/// kept, and the story is built again. Without a directory it is an in-memory database.
final class DigestDayLedger: Sendable {
    /// Nil only when not even an in-memory database could be made: nothing is kept then.
    private let queue: DatabaseQueue?
    /// Whether the rows are in a file (else in memory).
    let isOnDisk: Bool

    /// A ledger in a file of `directory`, or in memory when `directory` is nil or no file can be
    /// made there.
    init(directory: String?) {
        var configuration = Configuration()
        configuration.label = "digest-ledger"
        configuration.prepareDatabase { db in
            // Private to this process and rebuilt from the store when lost: no sync, no other
            // connection, and a small page cache whatever the size of the day. The rollback
            // journal is in memory: a cycle changes only the rows of the stories that changed.
            try db.execute(sql: """
                PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE;
                PRAGMA cache_size = -2048; PRAGMA temp_store = FILE;
                """)
        }
        if let directory, let (queue, path) = Self.openFile(in: directory, configuration: configuration) {
            unlink(path)
            self.queue = queue
            isOnDisk = true
        } else {
            queue = try? DatabaseQueue(configuration: configuration)
            isOnDisk = false
        }
        try? queue?.write { db in try Self.createTables(db) }
    }

    private static func openFile(in directory: String, configuration: Configuration) -> (DatabaseQueue, String)? {
        let path = (directory as NSString).appendingPathComponent(
            ".digest-ledger.\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        guard let queue = try? DatabaseQueue(path: path, configuration: configuration) else {
            unlink(path)
            return nil
        }
        return (queue, path)
    }

    /// `story`: a built story by its key (`DigestStoryCache.StoryKey`), with its header once it is
    /// whole in the spill file, and its fragments. `latest`: the key each story id of a day was
    /// last built under (null when two stories of a build shared the id). `input`: the key each
    /// story id's input was made under, from its entries' revisions.
    private static func createTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS story (
                key BLOB PRIMARY KEY, day TEXT NOT NULL, header BLOB, whole BLOB,
                layout TEXT NOT NULL DEFAULT '', html BLOB, markdown BLOB, json BLOB) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS story_day ON story(day);
            CREATE TABLE IF NOT EXISTS latest (
                day TEXT NOT NULL, id TEXT NOT NULL, key BLOB, PRIMARY KEY (day, id)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS input (
                day TEXT NOT NULL, id TEXT NOT NULL, raw BLOB NOT NULL, story_key BLOB NOT NULL,
                mentions BLOB NOT NULL, PRIMARY KEY (day, id)) WITHOUT ROWID;
            """)
    }

    /// `body`'s reads; nil when they failed (read as nothing kept). No transaction of its own:
    /// this process is the file's only user, and a refresh reads a row per story.
    func read<T>(_ body: (Database) throws -> T) -> T? {
        guard let queue else { return nil }
        return try? queue.inDatabase(body)
    }

    /// `body`'s changes, in one transaction; false when they failed.
    @discardableResult
    func change(_ body: (Database) throws -> Void) -> Bool {
        guard let queue else { return false }
        return (try? queue.write { db in try body(db) }) != nil
    }

    /// Forgets every built story (the inputs stay: they do not depend on how stories are built).
    func removeStories() {
        change { db in
            try db.execute(sql: "DELETE FROM story; DELETE FROM latest")
        }
    }

    /// Forgets the rows of days before `day` (a daemon builds today, and yesterday once after midnight).
    func removeDays(before day: String) {
        change { db in
            try db.run("DELETE FROM story WHERE day < ?", [day])
            try db.run("DELETE FROM latest WHERE day < ?", [day])
            try db.run("DELETE FROM input WHERE day < ?", [day])
        }
    }

    /// How many built stories the ledger holds for each day it holds.
    var storyCounts: [String: Int] {
        read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT day, count(*) FROM story GROUP BY day") { counts[row[0]] = row[1] }
            return counts
        } ?? [:]
    }
}
