import Foundation
import PostgresNIO
import Storage

extension PostgresFeedStore {
    /// Reads the queues and counts at `now` as `FeedStore.metricsSnapshot` does, in one
    /// read-only snapshot (REPEATABLE READ), so the numbers agree with one another while other
    /// workers write. The counts are the whole database's: every worker sees the same queues.
    public func metricsSnapshot(at now: Date, windowStart: Date, historyAfter: Int64,
                                maxFetches: Int, totals: Bool) throws -> StoreMetricsSnapshot {
        let t = now.timeIntervalSince1970
        let w = windowStart.timeIntervalSince1970
        return try session.transaction { tx in
            try tx.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            func count(_ query: PostgresQuery) throws -> Int {
                guard let row = try tx.query(query).first else { return 0 }
                return try PostgresRowReader(row).value(0, as: Int?.self) ?? 0
            }
            var s = StoreMetricsSnapshot()
            s.dueFeeds = try count("SELECT COUNT(*) FROM feed WHERE active AND next_poll_at <= \(t)")
            s.pendingArticles = try count("SELECT COUNT(*) FROM article WHERE status IN ('pending', 'retry')")
            s.pendingAnalysis = try count("""
                SELECT COUNT(*) FROM entry WHERE first_seen >= \(w) AND (analysis_json IS NULL OR story_id IS NULL)
                """)
            s.hasTotals = totals
            if totals {
                s.openStories = try count("""
                    SELECT COUNT(DISTINCT story_id) FROM entry WHERE first_seen >= \(w) AND story_id IS NOT NULL
                    """)
            }
            s.feedsNeedingAttention = try count("""
                SELECT COUNT(*) FROM feed f WHERE f.active AND (f.consecutive_failures > 0 OR EXISTS
                    (SELECT 1 FROM quarantine q WHERE q.kind = \(WorkKind.feedFetch.rawValue) AND q.item_id = f.id
                     AND (q.until IS NULL OR q.until > \(t))))
                """)
            if totals {
                for row in try tx.query("""
                    SELECT COALESCE(label, status), COUNT(*) FROM article WHERE status IN ('done', 'failed') GROUP BY 1
                    """) {
                    let r = PostgresRowReader(row)
                    s.articlesByLabel[try r.value(0, as: String?.self) ?? "failed", default: 0] += try r.value(1, as: Int.self)
                }
            }
            s.fetches = try tx.query("""
                SELECT outcome, http_status, duration_ms, new_entries FROM fetch_history
                WHERE id > \(historyAfter) ORDER BY id LIMIT \(max(0, maxFetches))
                """).map { row in
                let r = PostgresRowReader(row)
                return FetchMetricRow(outcome: try r.value(0), httpStatus: try r.value(1), durationMs: try r.value(2),
                                      newEntries: try r.value(3))
            }
            // Rows past `maxFetches` are skipped, not read later: the next read starts after all of them.
            if let row = try tx.query("SELECT MAX(id) FROM fetch_history").first {
                s.lastHistoryID = try PostgresRowReader(row).value(0, as: Int64?.self) ?? 0
            }
            return s
        }
    }
}
