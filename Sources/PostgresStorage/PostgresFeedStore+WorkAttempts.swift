import Foundation
import PostgresNIO
import Storage

/// Poison pills on the shared database, with `FeedStore+WorkAttempts.swift`'s rules: work is
/// counted before it starts and forgotten in the transaction that stores its result, so an item
/// whose count is still here is one a process died in. Every worker sees the same counts: a page
/// that kills whichever worker takes it is quarantined after `quarantineAfter` deaths in all.
extension PostgresFeedStore {
    /// Counts one attempt at each of `ids`, before the work starts; returns the counts now stored.
    @discardableResult
    public func beginWork(_ kind: WorkKind, ids: [Int64], at now: Date) throws -> [Int64: Int] {
        guard !ids.isEmpty else { return [:] }
        // An id given twice is counted twice, as SQLite's statement-per-id does; one statement
        // cannot update a row twice, so repeats are summed first.
        var increments: [Int64: Int64] = [:]
        for id in ids { increments[id, default: 0] += 1 }
        let keys = Array(increments.keys)
        let counts = keys.map { increments[$0] ?? 1 }
        let rows = try session.query("""
            INSERT INTO work_attempt(kind, item_id, attempts, started_at)
            SELECT \(kind.rawValue), x.id, x.n, \(now.timeIntervalSince1970)
            FROM unnest(\(keys)::bigint[], \(counts)::bigint[]) AS x(id, n)
            ON CONFLICT (kind, item_id) DO UPDATE
                SET attempts = work_attempt.attempts + excluded.attempts, started_at = excluded.started_at
            RETURNING item_id, attempts
            """)
        var out: [Int64: Int] = [:]
        for row in rows {
            let r = PostgresRowReader(row)
            out[try r.value(0, as: Int64.self)] = try r.value(1, as: Int.self)
        }
        return out
    }

    /// Attempts counted and never finished, by item: the items a process died in.
    public func unfinishedWork(_ kind: WorkKind) throws -> [Int64: Int] {
        var out: [Int64: Int] = [:]
        for row in try session.query("SELECT item_id, attempts FROM work_attempt WHERE kind = \(kind.rawValue)") {
            let r = PostgresRowReader(row)
            out[try r.value(0, as: Int64.self)] = try r.value(1, as: Int.self)
        }
        return out
    }

    /// Forgets the attempts at `ids` (their results were stored, or they no longer exist).
    public func finishWork(_ kind: WorkKind, ids: [Int64]) throws {
        guard !ids.isEmpty else { return }
        try session.query("DELETE FROM work_attempt WHERE kind = \(kind.rawValue) AND item_id = ANY(\(ids)::bigint[])")
    }

    /// Sets an item aside with its reason. The attempts are forgotten; a feed (with `until`) is
    /// tried again then, starting one attempt short of the limit, so one more death sets it aside
    /// again at once.
    public func quarantine(_ kind: WorkKind, id: Int64, reason: String, at now: Date, until: Date?) throws {
        let lastChance = Int64(quarantineAfter - 1)
        try session.transaction { tx in
            try tx.execute("""
                INSERT INTO quarantine(kind, item_id, reason, at, until)
                VALUES (\(kind.rawValue), \(id), \(Self.withoutNULs(reason)), \(now.timeIntervalSince1970),
                        \(until?.timeIntervalSince1970))
                ON CONFLICT (kind, item_id) DO UPDATE SET reason = excluded.reason, at = excluded.at, until = excluded.until
                """)
            if let until {
                try tx.execute("""
                    INSERT INTO work_attempt(kind, item_id, attempts, started_at)
                    VALUES (\(kind.rawValue), \(id), \(lastChance), \(until.timeIntervalSince1970))
                    ON CONFLICT (kind, item_id) DO UPDATE SET attempts = excluded.attempts
                    """)
            } else {
                try Self.finishWork(kind, ids: [id], tx: tx)
            }
        }
    }

    /// Whether `id` is quarantined at `now` (a feed's quarantine ends at its `until`).
    public func isQuarantined(_ kind: WorkKind, id: Int64, at now: Date) throws -> Bool {
        let rows = try session.query("""
            SELECT EXISTS (SELECT 1 FROM quarantine WHERE kind = \(kind.rawValue) AND item_id = \(id)
                           AND (until IS NULL OR until > \(now.timeIntervalSince1970)))
            """)
        guard let row = rows.first else { return false }
        return try PostgresRowReader(row).value(0, as: Bool.self)
    }

    /// Everything quarantined, newest first, with the feed and link it belongs to.
    public func quarantinedItems() throws -> [QuarantinedItem] {
        try session.query("""
            SELECT q.kind, q.item_id, q.reason, q.at, q.until, COALESCE(f.configured_url, ef.configured_url), e.link
            FROM quarantine q
            LEFT JOIN feed f ON q.kind = 'feed' AND f.id = q.item_id
            LEFT JOIN entry e ON q.kind <> 'feed' AND e.id = q.item_id
            LEFT JOIN feed ef ON ef.id = e.feed_id
            ORDER BY q.at DESC, q.kind COLLATE "C", q.item_id
            """).compactMap { row in
            let r = PostgresRowReader(row)
            guard let kind = WorkKind(rawValue: try r.value(0, as: String.self)) else { return nil }
            return QuarantinedItem(kind: kind, itemID: try r.value(1), reason: try r.value(2), at: try r.date(3),
                                   until: try r.optionalDate(4), feedURL: try r.value(5), link: try r.value(6))
        }
    }
}
