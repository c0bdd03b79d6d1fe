import Foundation
import GRDB

/// The feedwatch database: one SQLite file in WAL mode, migrated on open. The only place in
/// feedwatch that knows SQL. Every method is one transaction; readers never block the writer.
///
/// Durability: WAL with `synchronous = NORMAL`, so a killed process (kill -9, OOM) loses nothing
/// that was committed and never corrupts the file; a power cut may lose the last few commits.
public final class FeedStore: Sendable {
    let writer: any DatabaseWriter
    /// Consecutive sightings of the same permanent redirect before `fetchURL` moves.
    public let redirectThreshold: Int
    /// Article fetch attempts before the store gives up on a page.
    public let maxArticleAttempts: Int
    /// Fetch-history rows kept per feed.
    public let historyLimit: Int

    /// Opens (creating if needed) the database file at `path`. The directory must exist.
    /// - Parameter journalSizeLimit: the WAL file's size after a checkpoint, at most (bytes).
    public init(path: String, redirectThreshold: Int = 3, maxArticleAttempts: Int = 5, historyLimit: Int = 50,
                journalSizeLimit: Int = FeedStore.defaultJournalSizeLimit) throws {
        var config = Self.configuration(journalSizeLimit: max(0, journalSizeLimit))
        config.label = "feedwatch"
        do {
            let pool = try DatabasePool(path: path, configuration: config)
            try Schema.migrator.migrate(pool)
            writer = pool
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: error.message ?? error.description)
        }
        self.redirectThreshold = redirectThreshold
        self.maxArticleAttempts = maxArticleAttempts
        self.historyLimit = historyLimit
    }

    init(writer: any DatabaseWriter, redirectThreshold: Int, maxArticleAttempts: Int, historyLimit: Int) throws {
        try Schema.migrator.migrate(writer)
        self.writer = writer
        self.redirectThreshold = redirectThreshold
        self.maxArticleAttempts = maxArticleAttempts
        self.historyLimit = historyLimit
    }

    /// A private database in memory, for tests and dry runs.
    public static func inMemory(redirectThreshold: Int = 3, maxArticleAttempts: Int = 5, historyLimit: Int = 50) throws -> FeedStore {
        try FeedStore(writer: DatabaseQueue(configuration: configuration()), redirectThreshold: redirectThreshold,
                      maxArticleAttempts: maxArticleAttempts, historyLimit: historyLimit)
    }

    /// The WAL's size after a checkpoint, at most (64 MiB): see `checkpoint()`.
    public static let defaultJournalSizeLimit = 64 << 20

    private static func configuration(journalSizeLimit: Int = defaultJournalSizeLimit) -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(5)
        config.prepareDatabase { db in
            // Safe in WAL mode against process crashes; fsync only at checkpoints.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // The WAL is checkpointed every 1000 pages (~4 MB) and after each cycle (`checkpoint()`),
            // and cut back to this size whenever it restarts, so a burst never leaves a huge file.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 1000")
            try db.execute(sql: "PRAGMA journal_size_limit = \(journalSizeLimit)")
            // The search index's triggers call it (see `SearchText`).
            db.add(function: SearchText.function)
        }
        return config
    }

    /// Closes the connections (and checkpoints the WAL). Further calls throw.
    public func close() throws {
        try writer.close()
    }

    /// SQLite's journal mode for this database ("wal" for a file, "memory" in memory).
    public func journalMode() throws -> String {
        try writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    // MARK: Key/value

    /// A small named value (last digest hash of a day, network-down flag...).
    public func value(forKey key: String) throws -> String? {
        try writer.read { db in try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key]) }
    }

    /// Stores a named value; nil removes it.
    public func setValue(_ value: String?, forKey key: String) throws {
        try writer.write { db in
            if let value {
                try db.execute(sql: "INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                               arguments: [key, value])
            } else {
                try db.execute(sql: "DELETE FROM setting WHERE key = ?", arguments: [key])
            }
        }
    }
}
