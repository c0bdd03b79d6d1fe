import Foundation
import PostgresNIO
import Storage

extension PostgresFeedStore {
    /// Nothing to do: the server checkpoints its own WAL and autovacuum keeps the tables, so a
    /// cycle's housekeeping is a zero result.
    @discardableResult
    public func checkpoint() throws -> CheckpointResult {
        CheckpointResult(busy: false, walFrames: 0, checkpointedFrames: 0)
    }

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
