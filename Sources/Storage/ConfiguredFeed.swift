import Foundation

/// A feed as the configuration file names it. The store keeps one row per configured URL,
/// so this is what `FeedStore.syncConfiguredFeeds` reconciles against.
public struct ConfiguredFeed: Sendable, Equatable {
    /// The URL exactly as configured: the feed's identity in the store, never rewritten.
    public var url: String
    /// Display name chosen by the user; when nil the feed's own title is shown.
    public var name: String?
    public var tags: [String]
    /// Whether article pages should be fetched; nil means the global default (yes).
    public var fullText: Bool?
    /// Poll interval override in seconds.
    public var interval: TimeInterval?

    public init(url: String, name: String? = nil, tags: [String] = [], fullText: Bool? = nil, interval: TimeInterval? = nil) {
        self.url = url
        self.name = name
        self.tags = tags
        self.fullText = fullText
        self.interval = interval
    }
}
