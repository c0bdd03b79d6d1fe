import Foundation

/// An article page that is due to be fetched (first try or a retry).
public struct PendingArticle: Sendable, Equatable {
    public var entryID: Int64
    /// The page to fetch: the entry's link.
    public var url: String
    /// The configured URL of the entry's feed (for logs and per-feed politeness).
    public var feedURL: String
    /// How many fetches were already tried.
    public var attempts: Int

    public init(entryID: Int64, url: String, feedURL: String, attempts: Int) {
        self.entryID = entryID
        self.url = url
        self.feedURL = feedURL
        self.attempts = attempts
    }
}

/// What became of one article fetch.
public enum ArticleRecord: Sendable, Equatable {
    /// The page's main text, the extractor's metadata as JSON, and its page label.
    case extracted(text: String, metadataJSON: String?, label: String?)
    /// The fetch or extraction failed; `retryAt` nil means give up now.
    case failed(error: String, retryAt: Date?)
}

/// Where an entry's article page stands, for `feedwatch status` and tests.
public struct ArticleStatus: Sendable, Equatable {
    /// "pending" (never tried), "retry", "done" or "failed" (given up).
    public var state: String
    public var attempts: Int
    public var nextAttemptAt: Date?
    public var lastError: String?

    public init(state: String, attempts: Int, nextAttemptAt: Date?, lastError: String?) {
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
    }
}
