import Foundation

/// Everything the store knows about one feed: its configuration, HTTP validators, schedule and
/// health. The scheduler reads it to decide when and how to poll; `feedwatch status` shows it.
public struct FeedState: Sendable, Equatable {
    public var id: Int64
    /// The URL from the configuration: the feed's identity, never changes.
    public var configuredURL: String
    /// Where the feed is fetched now; moves after a permanent redirect seen repeatedly.
    public var fetchURL: String
    /// The title the feed gives itself.
    public var title: String?
    /// The configured display name.
    public var name: String?
    public var tags: [String]
    public var fullText: Bool?
    public var interval: TimeInterval?
    public var etag: String?
    public var lastModified: String?
    public var nextPollAt: Date
    public var lastAttemptAt: Date?
    public var lastSuccessAt: Date?
    public var lastError: String?
    public var consecutiveFailures: Int
    /// When the current run of failures began; nil while the feed is healthy.
    public var failingSince: Date?
    /// The permanent-redirect target seen on the latest fetches, and how many times in a row.
    public var redirectURL: String?
    public var redirectCount: Int
    public var lastNewEntryAt: Date?
    public var publishIntervalEstimate: TimeInterval?
    /// False once the feed is no longer configured (its history is kept).
    public var active: Bool
    public var createdAt: Date

    /// The name to show: the configured name, else the feed's title, else its URL.
    public var displayName: String { name ?? title ?? configuredURL }

    public init(
        id: Int64, configuredURL: String, fetchURL: String, title: String? = nil, name: String? = nil,
        tags: [String] = [], fullText: Bool? = nil, interval: TimeInterval? = nil, etag: String? = nil,
        lastModified: String? = nil, nextPollAt: Date, lastAttemptAt: Date? = nil, lastSuccessAt: Date? = nil,
        lastError: String? = nil, consecutiveFailures: Int = 0, failingSince: Date? = nil,
        redirectURL: String? = nil, redirectCount: Int = 0, lastNewEntryAt: Date? = nil,
        publishIntervalEstimate: TimeInterval? = nil, active: Bool = true, createdAt: Date
    ) {
        self.id = id
        self.configuredURL = configuredURL
        self.fetchURL = fetchURL
        self.title = title
        self.name = name
        self.tags = tags
        self.fullText = fullText
        self.interval = interval
        self.etag = etag
        self.lastModified = lastModified
        self.nextPollAt = nextPollAt
        self.lastAttemptAt = lastAttemptAt
        self.lastSuccessAt = lastSuccessAt
        self.lastError = lastError
        self.consecutiveFailures = consecutiveFailures
        self.failingSince = failingSince
        self.redirectURL = redirectURL
        self.redirectCount = redirectCount
        self.lastNewEntryAt = lastNewEntryAt
        self.publishIntervalEstimate = publishIntervalEstimate
        self.active = active
        self.createdAt = createdAt
    }
}
