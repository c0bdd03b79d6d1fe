import Foundation
import PostgresNIO
import Storage

extension PostgresFeedStore {
    /// The server checkpoints its own WAL and autovacuum keeps the tables; a cycle's housekeeping
    /// here is forgetting per-host politeness rows that no longer hold anything back (a start
    /// reserved more than a minute ago, a request slot expired a minute ago), a bounded batch at a
    /// time through their indexes, so the tables stay the size of the hosts being fetched now.
    @discardableResult
    public func checkpoint() throws -> CheckpointResult {
        let cutoff = Date().timeIntervalSince1970 - 60
        try session.transaction { tx in
            try tx.execute("""
                DELETE FROM host_slot WHERE host IN
                    (SELECT host FROM host_slot WHERE next_at < \(cutoff) LIMIT \(Self.politenessPruneBatch))
                """)
            try tx.execute("""
                DELETE FROM host_request WHERE (host, slot) IN
                    (SELECT host, slot FROM host_request WHERE until < \(cutoff) LIMIT \(Self.politenessPruneBatch))
                """)
        }
        return CheckpointResult(busy: false, walFrames: 0, checkpointedFrames: 0)
    }

    /// Politeness rows pruned per cycle at most.
    static let politenessPruneBatch = 1000

    static let politenessPruneMigrations: [PostgresSchema.Migration] = [
        PostgresSchema.Migration(name: "w4 politeness expiry indexes", statements: [
            "CREATE INDEX host_slot_next_at ON host_slot (next_at)",
            "CREATE INDEX host_request_until ON host_request (until)",
        ]),
    ]

    /// The database's size on the server (`pg_database_size`), and 0 for the WAL, which is the
    /// server's and shared by all its databases. Never throws: 0 when the server cannot say.
    public func fileSizes() -> (database: Int64, wal: Int64) {
        let size = try? session.query("SELECT pg_database_size(current_database())").first
            .flatMap { try PostgresRowReader($0).value(0, as: Int64?.self) }
        return (max(0, size ?? 0), 0)
    }

    /// A PostgreSQL database is not copied into a file by feedwatch: the server's own tools make a
    /// consistent copy while the workers run. Always throws a `BackupError` that says so.
    public func backup(to path: String) throws {
        throw BackupError(path: path, reason: """
            the database is on PostgreSQL (\(session.location)); back it up with the server's tools, \
            e.g. pg_dump --format=custom --file=\(path) \(session.location.database)
            """)
    }
}
