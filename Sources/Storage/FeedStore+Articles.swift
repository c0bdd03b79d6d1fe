import Foundation
import GRDB

extension FeedStore {
    /// Article pages due at `now` (never tried, or a retry whose time has come), oldest first.
    public func pendingArticles(at now: Date, limit: Int) throws -> [PendingArticle] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT a.entry_id, a.url, a.attempts, f.configured_url
                FROM article a JOIN entry e ON e.id = a.entry_id JOIN feed f ON f.id = e.feed_id
                WHERE a.status IN ('pending', 'retry') AND a.next_attempt_at <= ?
                ORDER BY a.next_attempt_at, a.entry_id LIMIT ?
                """, arguments: [now.timeIntervalSince1970, max(0, limit)]).map { row in
                PendingArticle(entryID: row["entry_id"], url: row["url"], feedURL: row["configured_url"], attempts: row["attempts"])
            }
        }
    }

    /// Records what became of an article fetch. A success stores the text, metadata and label.
    /// A failure counts an attempt and schedules the retry at `retryAt`; with no `retryAt`, or
    /// after `maxArticleAttempts` attempts, the page is given up (status "failed", never due again).
    /// An entry without an article row (its page was not planned) gets one.
    public func recordArticle(entryID: Int64, result: ArticleRecord) throws {
        let maxAttempts = maxArticleAttempts
        try writer.write { db in
            // Once per article page: statements from the connection's cache (`CachedStatements`).
            guard let link = try db.row("SELECT link FROM entry WHERE id = ?", [entryID]) else {
                throw StoreError.unknownEntry(id: entryID)
            }
            try db.run("INSERT OR IGNORE INTO article(entry_id, url, status, attempts) VALUES (?, ?, 'pending', 0)",
                       [entryID, (link["link"] as String?) ?? ""])
            switch result {
            case let .extracted(text, metadataJSON, label):
                try db.run("""
                    UPDATE article SET status = 'done', attempts = attempts + 1, next_attempt_at = NULL, text = ?,
                        metadata_json = ?, label = ?, last_error = NULL
                    WHERE entry_id = ?
                    """, [text, metadataJSON, label, entryID])
            case let .failed(error, retryAt):
                let attempts = (try db.row("SELECT attempts FROM article WHERE entry_id = ?", [entryID]).flatMap { $0[0] as Int? } ?? 0) + 1
                let givesUp = retryAt == nil || attempts >= maxAttempts
                try db.run("""
                    UPDATE article SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ? WHERE entry_id = ?
                    """, [givesUp ? "failed" : "retry", attempts,
                                     givesUp ? nil : retryAt?.timeIntervalSince1970, error, entryID])
            }
            try Self.finishWork(.pageExtraction, ids: [entryID], db: db)
        }
    }

    /// The state of an entry's article; nil when the entry has no article row.
    public func articleStatus(entryID: Int64) throws -> ArticleStatus? {
        try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT status, attempts, next_attempt_at, last_error FROM article WHERE entry_id = ?",
                             arguments: [entryID])
                .map { ArticleStatus(state: $0["status"], attempts: $0["attempts"], nextAttemptAt: $0.date("next_attempt_at"),
                                     lastError: $0["last_error"]) }
        }
    }
}
