import Foundation
import GRDB

extension FeedStore {
    /// Copies frames from the WAL back into the database without waiting for anyone (a passive
    /// checkpoint): readers and other processes are never blocked. Once every frame is copied, the
    /// next commit starts the WAL over and cuts the file back to the journal size limit, so the
    /// daemon calls this after each cycle's commits.
    ///
    /// The connections' page caches are let go as well (the readers closed once idle): each holds
    /// up to 2 MB of pages, and as the file grows they fill toward that, so a daemon that sleeps
    /// between cycles would hold several megabytes it will read back from the system's file cache
    /// at little cost.
    @discardableResult
    public func checkpoint() throws -> CheckpointResult {
        let result = try writer.writeWithoutTransaction { db in
            guard let row = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)") else {
                return CheckpointResult(busy: false, walFrames: 0, checkpointedFrames: 0)
            }
            return CheckpointResult(busy: (row[0] as Int?) == 1, walFrames: row[1] ?? 0, checkpointedFrames: row[2] ?? 0)
        }
        (writer as? DatabasePool)?.releaseMemoryEventually()
        return result
    }

    /// The size of the database file and of its WAL, in bytes (0 when a file does not exist).
    public func fileSizes() -> (database: Int64, wal: Int64) {
        let path = writer.path
        func size(_ file: String) -> Int64 {
            ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? NSNumber)?.int64Value ?? 0
        }
        return (size(path), size(path + "-wal"))
    }

    /// Writes a consistent copy of the whole database to `path` with `VACUUM INTO`, while other
    /// connections — the daemon in another process included — go on reading and writing.
    ///
    /// The copy is one snapshot (one read transaction), compacted, in rollback-journal mode, and
    /// opens as an ordinary feedwatch database. `path` must not exist (SQLite refuses to write
    /// over a file that is not empty); callers write to a temporary name and rename.
    public func backup(to path: String) throws {
        do {
            if let pool = writer as? DatabasePool {
                // A reader connection: the writer (and the daemon's cycles) are not held up.
                try pool.unsafeRead { db in try db.execute(sql: "VACUUM INTO ?", arguments: [path]) }
            } else {
                try writer.writeWithoutTransaction { db in try db.execute(sql: "VACUUM INTO ?", arguments: [path]) }
            }
        } catch let error as DatabaseError {
            throw BackupError(path: path, reason: error.message ?? error.description)
        }
    }
}

/// What a passive checkpoint did (SQLite's `wal_checkpoint` row).
public struct CheckpointResult: Sendable, Equatable {
    /// Another connection held a lock the checkpoint needed; it did what it could.
    public var busy: Bool
    /// Frames in the WAL (-1 when the database is not in WAL mode).
    public var walFrames: Int
    /// Frames copied back into the database (all of them when equal to `walFrames`).
    public var checkpointedFrames: Int

    public init(busy: Bool, walFrames: Int, checkpointedFrames: Int) {
        self.busy = busy
        self.walFrames = walFrames
        self.checkpointedFrames = checkpointedFrames
    }
}

/// A backup that could not be written (disk full, directory missing, a file already there).
public struct BackupError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    public var path: String
    public var reason: String
    public var description: String { "\(path): cannot write the backup: \(reason)" }
    public var errorDescription: String? { description }

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}
