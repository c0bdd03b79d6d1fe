import GRDB

/// SQLite's own verdict on a database file, read in-process through GRDB: a hostile run must
/// leave the store whole (`PRAGMA integrity_check` says "ok") as well as alive.
public enum DatabaseCheck {
    /// The lines of `PRAGMA integrity_check` (["ok"] for a sound file) and of
    /// `PRAGMA foreign_key_check` (none for a sound file).
    public static func problems(at path: String) throws -> (integrity: [String], foreignKeys: Int) {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            let foreignKeys = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count
            return (integrity, foreignKeys)
        }
    }
}
