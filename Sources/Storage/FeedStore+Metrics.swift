import Foundation
import GRDB

/// The store's side of the daemon's `/metrics`: the queues and the counts a monitoring system
/// watches, read in one transaction after each cycle, so the pipeline itself carries no
/// instrumentation.
public struct StoreMetricsSnapshot: Sendable, Equatable {
    /// Active feeds whose next poll is due.
    public var dueFeeds: Int
    /// Article pages waiting for a (first or retried) fetch.
    public var pendingArticles: Int
    /// Entries of the analysis window still without an analysis or a story.
    public var pendingAnalysis: Int
    /// Distinct stories with an entry in the analysis window (0 unless `hasTotals`).
    public var openStories: Int
    /// Active feeds that are failing or quarantined (the digest's "Feeds needing attention").
    public var feedsNeedingAttention: Int
    /// Finished article pages (done or given up) by extraction label ("failed" when none; empty
    /// unless `hasTotals`).
    public var articlesByLabel: [String: Int]
    /// Whether `openStories` and `articlesByLabel` were counted.
    public var hasTotals = true
    /// Fetch-history rows after the asked-for id, oldest first.
    public var fetches: [FetchMetricRow]
    /// The newest fetch-history id (the next snapshot's `historyAfter`).
    public var lastHistoryID: Int64

    public init(dueFeeds: Int = 0, pendingArticles: Int = 0, pendingAnalysis: Int = 0, openStories: Int = 0,
                feedsNeedingAttention: Int = 0, articlesByLabel: [String: Int] = [:], fetches: [FetchMetricRow] = [],
                lastHistoryID: Int64 = 0) {
        self.dueFeeds = dueFeeds
        self.pendingArticles = pendingArticles
        self.pendingAnalysis = pendingAnalysis
        self.openStories = openStories
        self.feedsNeedingAttention = feedsNeedingAttention
        self.articlesByLabel = articlesByLabel
        self.fetches = fetches
        self.lastHistoryID = lastHistoryID
    }
}

/// One feed fetch as the metrics count it.
public struct FetchMetricRow: Sendable, Equatable {
    /// "updated", "not_modified", "failed" or "deferred".
    public var outcome: String
    public var httpStatus: Int?
    public var durationMs: Int
    public var newEntries: Int

    public init(outcome: String, httpStatus: Int?, durationMs: Int, newEntries: Int) {
        self.outcome = outcome
        self.httpStatus = httpStatus
        self.durationMs = durationMs
        self.newEntries = newEntries
    }
}

extension FeedStore {
    /// Reads the queues and counts at `now`, with the fetches recorded after history id
    /// `historyAfter` (at most `maxFetches` of them, the oldest first). `windowStart` is where the
    /// analysis window begins (the pipeline looks back three days).
    public func metricsSnapshot(at now: Date, windowStart: Date, historyAfter: Int64,
                                maxFetches: Int = 10_000, totals: Bool = true) throws -> StoreMetricsSnapshot {
        try writer.read { db in
            let t = now.timeIntervalSince1970
            let w = windowStart.timeIntervalSince1970
            var s = StoreMetricsSnapshot()
            s.dueFeeds = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM feed WHERE active = 1 AND next_poll_at <= ?",
                                          arguments: [t]) ?? 0
            s.pendingArticles = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM article WHERE status IN ('pending', 'retry')") ?? 0
            s.pendingAnalysis = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM entry WHERE first_seen >= ? AND (analysis_json IS NULL OR story_id IS NULL)
                """, arguments: [w]) ?? 0
            s.hasTotals = totals
            if totals {
                s.openStories = try Int.fetchOne(db, sql: """
                    SELECT COUNT(DISTINCT story_id) FROM entry WHERE first_seen >= ? AND story_id IS NOT NULL
                    """, arguments: [w]) ?? 0
            }
            s.feedsNeedingAttention = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM feed f WHERE f.active = 1 AND (f.consecutive_failures > 0 OR EXISTS
                    (SELECT 1 FROM quarantine q WHERE q.kind = ? AND q.item_id = f.id AND (q.until IS NULL OR q.until > ?)))
                """, arguments: [WorkKind.feedFetch.rawValue, t]) ?? 0
            for row in try totals ? Row.fetchAll(db, sql: """
                SELECT COALESCE(label, status) AS label, COUNT(*) AS n FROM article
                WHERE status IN ('done', 'failed') GROUP BY 1
                """) : [] {
                s.articlesByLabel[row["label"] ?? "failed", default: 0] += row["n"] ?? 0
            }
            s.fetches = try Row.fetchAll(db, sql: """
                SELECT outcome, http_status, duration_ms, new_entries FROM fetch_history WHERE id > ? ORDER BY id LIMIT ?
                """, arguments: [historyAfter, max(0, maxFetches)]).map { row in
                FetchMetricRow(outcome: row["outcome"], httpStatus: row["http_status"], durationMs: row["duration_ms"],
                               newEntries: row["new_entries"])
            }
            // Rows past `maxFetches` are skipped, not read later: the next read starts after all of them.
            s.lastHistoryID = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM fetch_history") ?? 0
            return s
        }
    }
}
