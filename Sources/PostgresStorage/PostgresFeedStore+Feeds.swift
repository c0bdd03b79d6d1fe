import Foundation
import PostgresNIO
import Storage

extension PostgresFeedStore {
    /// Reconciles the stored feeds with the configuration (as `FeedStore.syncConfiguredFeeds`):
    /// new feeds are added, due at `now`; known ones take the configured name, tags and options
    /// and become active again; feeds no longer configured become inactive, kept with their
    /// entries and history. Workers that start together upsert in the configuration's order.
    public func syncConfiguredFeeds(_ feeds: [ConfiguredFeed], now: Date) throws {
        let at = now.timeIntervalSince1970
        try session.transaction { tx in
            var configured = Set<String>()
            var urls: [String] = []
            for feed in feeds {
                let url = Self.withoutNULs(feed.url)
                guard configured.insert(url).inserted else { continue }
                urls.append(url)
                try tx.execute("""
                    INSERT INTO feed(configured_url, fetch_url, name, tags, full_text, poll_interval, next_poll_at, active, created_at)
                    VALUES (\(url), \(url), \(Self.withoutNULs(feed.name)), \(JSONText.encode(feed.tags)), \(feed.fullText),
                            \(feed.interval), \(at), TRUE, \(at))
                    ON CONFLICT ((md5(configured_url))) DO UPDATE SET
                        name = excluded.name, tags = excluded.tags, full_text = excluded.full_text,
                        poll_interval = excluded.poll_interval, active = TRUE
                    """)
            }
            try tx.execute("UPDATE feed SET active = FALSE WHERE active AND NOT (configured_url = ANY(\(urls)::text[]))")
        }
    }

    /// The feed configured with this URL (active or not).
    public func feed(url: String) throws -> FeedState? {
        let url = Self.withoutNULs(url)
        return try session.query("""
            SELECT \(unescaped: Self.feedColumns) FROM feed WHERE md5(configured_url) = md5(\(url)) AND configured_url = \(url)
            """).first.map(FeedState.init(postgresRow:))
    }

    public func feed(id: Int64) throws -> FeedState? {
        try session.query("SELECT \(unescaped: Self.feedColumns) FROM feed WHERE id = \(id)").first.map(FeedState.init(postgresRow:))
    }

    /// All feeds in configuration order of first appearance.
    public func allFeeds(includeInactive: Bool = false) throws -> [FeedState] {
        try session.query("""
            SELECT \(unescaped: Self.feedColumns) FROM feed WHERE active OR \(includeInactive) ORDER BY id
            """).map(FeedState.init(postgresRow:))
    }

    /// Active feeds whose next poll is due at `now`, most overdue first (a plain read; workers
    /// sharing the database claim with `claimDueFeeds`).
    public func dueFeeds(at now: Date, limit: Int) throws -> [FeedState] {
        try session.query("""
            SELECT \(unescaped: Self.feedColumns) FROM feed WHERE active AND next_poll_at <= \(now.timeIntervalSince1970)
            ORDER BY next_poll_at, id LIMIT \(max(0, limit))
            """).map(FeedState.init(postgresRow:))
    }

    /// The earliest next poll of the active feeds: when the scheduler should wake up.
    public func nextPollTime() throws -> Date? {
        try session.query("SELECT MIN(next_poll_at) FROM feed WHERE active").first
            .flatMap { try PostgresRowReader($0).optionalDate(0) }
    }

    /// The latest polls of a feed, newest first.
    public func fetchHistory(feedID: Int64, limit: Int = 50) throws -> [FetchHistoryRow] {
        try session.query("""
            SELECT \(unescaped: Self.fetchHistoryColumns) FROM fetch_history WHERE feed_id = \(feedID)
            ORDER BY id DESC LIMIT \(max(0, limit))
            """).map(FetchHistoryRow.init(postgresRow:))
    }
}
