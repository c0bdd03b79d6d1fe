import Foundation
import GRDB

extension FeedStore {
    /// Reconciles the store with the configuration: new feeds are added (due at `now`), known
    /// ones get the configured name/tags/options and become active again, and feeds no longer
    /// configured are marked inactive — kept, with their entries and history, not deleted.
    public func syncConfiguredFeeds(_ feeds: [ConfiguredFeed], now: Date) throws {
        try writer.write { db in
            var configured = Set<String>()
            for feed in feeds where configured.insert(feed.url).inserted {
                try db.execute(sql: """
                    INSERT INTO feed(configured_url, fetch_url, name, tags, full_text, poll_interval, next_poll_at, active, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)
                    ON CONFLICT(configured_url) DO UPDATE SET
                        name = excluded.name, tags = excluded.tags, full_text = excluded.full_text,
                        poll_interval = excluded.poll_interval, active = 1
                    """, arguments: [feed.url, feed.url, feed.name, JSONText.encode(feed.tags), feed.fullText,
                                     feed.interval, now.timeIntervalSince1970, now.timeIntervalSince1970])
            }
            let known = try String.fetchAll(db, sql: "SELECT configured_url FROM feed WHERE active = 1")
            for url in known where !configured.contains(url) {
                try db.execute(sql: "UPDATE feed SET active = 0 WHERE configured_url = ?", arguments: [url])
            }
        }
    }

    /// The feed configured with this URL (active or not).
    public func feed(url: String) throws -> FeedState? {
        try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM feed WHERE configured_url = ?", arguments: [url]).map(FeedState.init(row:))
        }
    }

    public func feed(id: Int64) throws -> FeedState? {
        try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM feed WHERE id = ?", arguments: [id]).map(FeedState.init(row:))
        }
    }

    /// All feeds in configuration order of first appearance.
    public func allFeeds(includeInactive: Bool = false) throws -> [FeedState] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM feed \(includeInactive ? "" : "WHERE active = 1") ORDER BY id")
                .map(FeedState.init(row:))
        }
    }

    /// Active feeds whose next poll is due at `now`, most overdue first.
    public func dueFeeds(at now: Date, limit: Int) throws -> [FeedState] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM feed WHERE active = 1 AND next_poll_at <= ? ORDER BY next_poll_at, id LIMIT ?
                """, arguments: [now.timeIntervalSince1970, max(0, limit)]).map(FeedState.init(row:))
        }
    }

    /// The earliest next poll of the active feeds: when the scheduler should wake up.
    public func nextPollTime() throws -> Date? {
        try writer.read { db in
            try Double.fetchOne(db, sql: "SELECT MIN(next_poll_at) FROM feed WHERE active = 1")
                .map(Date.init(timeIntervalSince1970:))
        }
    }

    /// The latest polls of a feed, newest first.
    public func fetchHistory(feedID: Int64, limit: Int = 50) throws -> [FetchHistoryRow] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM fetch_history WHERE feed_id = ? ORDER BY id DESC LIMIT ?
                """, arguments: [feedID, max(0, limit)]).map { row in
                FetchHistoryRow(feedID: row["feed_id"], at: Date(timeIntervalSince1970: row["at"]), outcome: row["outcome"],
                                httpStatus: row["http_status"], durationMs: row["duration_ms"], bytes: row["bytes"],
                                newEntries: row["new_entries"], error: row["error"])
            }
        }
    }
}

extension FeedState {
    init(row: Row) {
        self.init(
            id: row["id"], configuredURL: row["configured_url"], fetchURL: row["fetch_url"], title: row["title"],
            name: row["name"], tags: JSONText.decodeStrings(row["tags"]), fullText: row["full_text"],
            interval: row["poll_interval"], etag: row["etag"], lastModified: row["last_modified"],
            nextPollAt: Date(timeIntervalSince1970: row["next_poll_at"]), lastAttemptAt: row.date("last_attempt_at"),
            lastSuccessAt: row.date("last_success_at"), lastError: row["last_error"],
            consecutiveFailures: row["consecutive_failures"], failingSince: row.date("failing_since"),
            redirectURL: row["redirect_url"], redirectCount: row["redirect_count"],
            lastNewEntryAt: row.date("last_new_entry_at"), publishIntervalEstimate: row["publish_interval_estimate"],
            active: row["active"], createdAt: Date(timeIntervalSince1970: row["created_at"]))
    }
}

extension Row {
    /// A date column stored as seconds since 1970 (all dates in this database are).
    func date(_ column: String) -> Date? {
        (self[column] as Double?).map(Date.init(timeIntervalSince1970:))
    }
}
