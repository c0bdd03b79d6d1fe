import Foundation

/// The result of one poll of one feed, as the fetcher saw it. `FeedStore.recordFetch` turns it
/// into the feed's new state and a fetch-history row, in the same transaction as the new entries.
public struct FetchRecord: Sendable, Equatable {
    /// What the poll amounted to, for the feed's health.
    public enum Outcome: Sendable, Equatable {
        /// 200 with a body that parsed as a feed.
        case updated
        /// 304: nothing changed since the validators we sent.
        case notModified
        /// A real failure of this feed (HTTP error, not a feed, timeout...), with its message.
        case failed(String)
        /// Not this feed's fault (429/503 with Retry-After, network down): neither a failure
        /// nor a success, only a later next poll.
        case deferred(String)

        /// The short word stored in the fetch history.
        public var label: String {
            switch self {
            case .updated: "updated"
            case .notModified: "not_modified"
            case .failed: "failed"
            case .deferred: "deferred"
            }
        }

        /// The message of a failure or deferral.
        public var message: String? {
            switch self {
            case .updated, .notModified: nil
            case .failed(let m), .deferred(let m): m
            }
        }
    }

    public var feedID: Int64
    public var at: Date
    public var outcome: Outcome
    public var httpStatus: Int?
    public var durationMs: Int
    public var bytes: Int
    /// Validators from this response; on 304 nil means "keep the stored ones".
    public var etag: String?
    public var lastModified: String?
    /// The feed's own title from this response (nil keeps the stored one).
    public var title: String?
    public var nextPollAt: Date
    /// Set when the fetch followed a permanent redirect (301/308) to this URL. The store counts
    /// consecutive sightings and moves `fetchURL` after `redirectThreshold` of them; a successful
    /// fetch without one resets the count.
    public var permanentRedirectTo: String?
    public var publishIntervalEstimate: TimeInterval?

    public init(
        feedID: Int64, at: Date, outcome: Outcome, httpStatus: Int? = nil, durationMs: Int = 0, bytes: Int = 0,
        etag: String? = nil, lastModified: String? = nil, title: String? = nil, nextPollAt: Date,
        permanentRedirectTo: String? = nil, publishIntervalEstimate: TimeInterval? = nil
    ) {
        self.feedID = feedID
        self.at = at
        self.outcome = outcome
        self.httpStatus = httpStatus
        self.durationMs = durationMs
        self.bytes = bytes
        self.etag = etag
        self.lastModified = lastModified
        self.title = title
        self.nextPollAt = nextPollAt
        self.permanentRedirectTo = permanentRedirectTo
        self.publishIntervalEstimate = publishIntervalEstimate
    }
}

/// One row of a feed's fetch history (the last 50 polls are kept), for `feedwatch status`.
public struct FetchHistoryRow: Sendable, Equatable {
    public var feedID: Int64
    public var at: Date
    /// "updated", "not_modified", "failed" or "deferred".
    public var outcome: String
    public var httpStatus: Int?
    public var durationMs: Int
    public var bytes: Int
    public var newEntries: Int
    public var error: String?

    public init(feedID: Int64, at: Date, outcome: String, httpStatus: Int?, durationMs: Int, bytes: Int, newEntries: Int, error: String?) {
        self.feedID = feedID
        self.at = at
        self.outcome = outcome
        self.httpStatus = httpStatus
        self.durationMs = durationMs
        self.bytes = bytes
        self.newEntries = newEntries
        self.error = error
    }
}
