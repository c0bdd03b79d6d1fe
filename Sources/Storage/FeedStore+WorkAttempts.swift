import Foundation
import GRDB

/// Poison pills: work is counted before it starts, and forgotten in the transaction that stores
/// its result.
///
/// A page that crashes the extractor, or a feed that exhausts memory, kills the process before
/// any result is written. Without a count taken beforehand, the restarted daemon would pick the
/// same item up first and die again: a crash loop in which nothing else is ever fetched. With it,
/// an item whose count is still here at the next start is one the process died in ("suspect").
/// The pipeline retries suspects one at a time, alone, each counted before it starts, so the one
/// that kills the process is told apart from the innocent ones that were merely in flight beside
/// it. An item that reaches `WorkKind`'s limit is quarantined with its reason instead of being
/// tried again; feeds are tried once more a day later.
extension FeedStore {
    /// Unfinished attempts that make an item suspect; at `quarantineAfter` it is set aside.
    public static let quarantineAfter = 3

    /// Counts one attempt at each of `ids`, before the work starts; returns the counts now stored.
    @discardableResult
    public func beginWork(_ kind: WorkKind, ids: [Int64], at now: Date) throws -> [Int64: Int] {
        guard !ids.isEmpty else { return [:] }
        return try writer.write { db in
            var counts: [Int64: Int] = [:]
            for id in ids {
                let attempts = try Int.fetchOne(db.cachedStatement(sql: """
                    INSERT INTO work_attempt(kind, item_id, attempts, started_at) VALUES (?, ?, 1, ?)
                    ON CONFLICT(kind, item_id) DO UPDATE SET attempts = attempts + 1, started_at = excluded.started_at
                    RETURNING attempts
                    """), arguments: [kind.rawValue, id, now.timeIntervalSince1970]) ?? 1
                counts[id] = attempts
            }
            return counts
        }
    }

    /// Attempts counted and never finished, by item: the items the process died in.
    public func unfinishedWork(_ kind: WorkKind) throws -> [Int64: Int] {
        try writer.read { db in
            var out: [Int64: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT item_id, attempts FROM work_attempt WHERE kind = ?",
                                        arguments: [kind.rawValue]) {
                out[row[0]] = row[1]
            }
            return out
        }
    }

    /// Forgets the attempts at `ids` (their results were stored, or they no longer exist).
    public func finishWork(_ kind: WorkKind, ids: [Int64]) throws {
        guard !ids.isEmpty else { return }
        try writer.write { db in try Self.finishWork(kind, ids: ids, db: db) }
    }

    static func finishWork(_ kind: WorkKind, ids: [Int64], db: Database) throws {
        for id in ids {
            try db.run("DELETE FROM work_attempt WHERE kind = ? AND item_id = ?", [kind.rawValue, id])
        }
    }

    /// Sets an item aside with its reason. The attempts are forgotten; a feed (with `until`) is
    /// tried again then — and is quarantined at once if the process dies on it once more.
    public func quarantine(_ kind: WorkKind, id: Int64, reason: String, at now: Date, until: Date? = nil) throws {
        try writer.write { db in
            try db.run("""
                INSERT INTO quarantine(kind, item_id, reason, at, until) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(kind, item_id) DO UPDATE SET reason = excluded.reason, at = excluded.at, until = excluded.until
                """, [kind.rawValue, id, reason, now.timeIntervalSince1970, until?.timeIntervalSince1970])
            if let until {
                // Tried again after its quarantine, it starts one attempt short of the limit: one
                // more death sets it aside again at once.
                try db.run("""
                    INSERT INTO work_attempt(kind, item_id, attempts, started_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT(kind, item_id) DO UPDATE SET attempts = excluded.attempts
                    """, [kind.rawValue, id, Self.quarantineAfter - 1, until.timeIntervalSince1970])
            } else {
                try Self.finishWork(kind, ids: [id], db: db)
            }
        }
    }

    /// Whether `id` is quarantined at `now` (a feed's quarantine ends at its `until`).
    public func isQuarantined(_ kind: WorkKind, id: Int64, at now: Date) throws -> Bool {
        try writer.read { db in
            try db.exists("""
                SELECT EXISTS (SELECT 1 FROM quarantine WHERE kind = ? AND item_id = ? AND (until IS NULL OR until > ?))
                """, [kind.rawValue, id, now.timeIntervalSince1970])
        }
    }

    /// Ends a feed's quarantine (it was fetched and stored fine since).
    static func liftQuarantine(_ kind: WorkKind, id: Int64, db: Database) throws {
        try db.run("DELETE FROM quarantine WHERE kind = ? AND item_id = ?", [kind.rawValue, id])
    }

    /// Everything quarantined, newest first, with the feed and link it belongs to.
    public func quarantinedItems() throws -> [QuarantinedItem] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT q.kind, q.item_id, q.reason, q.at, q.until,
                       COALESCE(f.configured_url, ef.configured_url), e.link
                FROM quarantine q
                LEFT JOIN feed f ON q.kind = 'feed' AND f.id = q.item_id
                LEFT JOIN entry e ON q.kind != 'feed' AND e.id = q.item_id
                LEFT JOIN feed ef ON ef.id = e.feed_id
                ORDER BY q.at DESC, q.kind, q.item_id
                """).compactMap { row in
                guard let kind = WorkKind(rawValue: row[0]) else { return nil }
                return QuarantinedItem(kind: kind, itemID: row[1], reason: row[2], at: Date(timeIntervalSince1970: row[3]),
                                       until: (row[4] as Double?).map(Date.init(timeIntervalSince1970:)),
                                       feedURL: row[5], link: row[6])
            }
        }
    }
}
