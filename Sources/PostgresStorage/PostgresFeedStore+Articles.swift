import Foundation
import PostgresNIO
import Storage

extension PostgresFeedStore {
    /// Article pages due at `now` (never tried, or a retry whose time has come), oldest first, as
    /// `FeedStore.pendingArticles`: a plain read that ignores leases (`claimPendingArticles`
    /// is the leasing one).
    public func pendingArticles(at now: Date, limit: Int) throws -> [PendingArticle] {
        try session.query("""
            SELECT a.entry_id, a.url, a.attempts, f.configured_url
            FROM article a JOIN entry e ON e.id = a.entry_id JOIN feed f ON f.id = e.feed_id
            WHERE a.status IN ('pending', 'retry') AND a.next_attempt_at <= \(now.timeIntervalSince1970)
            ORDER BY a.next_attempt_at, a.entry_id LIMIT \(max(0, limit))
            """).map(PendingArticle.init(postgresRow:))
    }

    /// Records what became of an article fetch, with `FeedStore.recordArticle`'s rules: a success
    /// stores the text, metadata and label; a failure counts an attempt and schedules the retry at
    /// `retryAt`, or gives the page up (status "failed") with no `retryAt` or after
    /// `maxArticleAttempts` attempts. An entry without an article row gets one. The page's lease
    /// ends and its work attempt is finished in the same transaction.
    public func recordArticle(entryID: Int64, result: ArticleRecord) throws {
        let maxAttempts = maxArticleAttempts
        try session.transaction { tx in
            guard let row = try tx.query("SELECT link FROM entry WHERE id = \(entryID)").first else {
                throw StoreError.unknownEntry(id: entryID)
            }
            let link = try PostgresRowReader(row).value(0, as: String?.self)
            try tx.execute("""
                INSERT INTO article(entry_id, url, status, attempts) VALUES (\(entryID), \(link ?? ""), 'pending', 0)
                ON CONFLICT (entry_id) DO NOTHING
                """)
            switch result {
            case let .extracted(text, metadataJSON, label):
                try tx.execute("""
                    UPDATE article SET status = 'done', attempts = attempts + 1, next_attempt_at = NULL,
                        text = \(Self.withoutNULs(text)), metadata_json = \(Self.withoutNULs(metadataJSON)),
                        label = \(Self.withoutNULs(label)), last_error = NULL, lease_holder = NULL, lease_until = NULL
                    WHERE entry_id = \(entryID)
                    """)
            case let .failed(error, retryAt):
                let stored = try tx.query("SELECT attempts FROM article WHERE entry_id = \(entryID) FOR UPDATE").first
                    .map { try PostgresRowReader($0).value(0, as: Int64.self) } ?? 0
                let attempts = stored < Int64.max ? stored + 1 : stored
                let givesUp = retryAt == nil || attempts >= Int64(maxAttempts)
                let status = givesUp ? "failed" : "retry"
                let next = givesUp ? nil : retryAt?.timeIntervalSince1970
                try tx.execute("""
                    UPDATE article SET status = \(status), attempts = \(attempts), next_attempt_at = \(next),
                        last_error = \(Self.withoutNULs(error)), lease_holder = NULL, lease_until = NULL
                    WHERE entry_id = \(entryID)
                    """)
            }
            try Self.finishWork(.pageExtraction, ids: [entryID], tx: tx)
        }
    }

    /// The state of an entry's article; nil when the entry has no article row.
    public func articleStatus(entryID: Int64) throws -> ArticleStatus? {
        try session.query("""
            SELECT status, attempts, next_attempt_at, last_error FROM article WHERE entry_id = \(entryID)
            """).first.map { row in
            let r = PostgresRowReader(row)
            return ArticleStatus(state: try r.value(0), attempts: try r.value(1), nextAttemptAt: try r.optionalDate(2),
                                 lastError: try r.value(3))
        }
    }
}

extension PendingArticle {
    /// A row of `entry_id, url, attempts, configured_url`.
    init(postgresRow row: PostgresRow) throws {
        let r = PostgresRowReader(row)
        self.init(entryID: try r.value(0), url: try r.value(1), feedURL: try r.value(3), attempts: try r.value(2))
    }
}
