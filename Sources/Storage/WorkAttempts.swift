import Foundation

/// The units of work the pipeline counts before it starts them, so that an input that kills the
/// process is recognised after the restart instead of killing it again and again.
public enum WorkKind: String, Sendable, CaseIterable {
    /// Fetching and parsing one feed (item id: the feed's id).
    case feedFetch = "feed"
    /// Fetching and extracting one article page (item id: the entry's id).
    case pageExtraction = "page"
    /// Analysing one entry's text (item id: the entry's id).
    case analysis
    /// Giving one entry its story (item id: the entry's id).
    case clustering

    /// What was being done, for the quarantine reason.
    public var doing: String {
        switch self {
        case .feedFetch: return "fetching and parsing this feed"
        case .pageExtraction: return "extracting this article page"
        case .analysis: return "analysing this entry"
        case .clustering: return "clustering this entry"
        }
    }
}

/// An item set aside because the process died while working on it, with the reason.
public struct QuarantinedItem: Sendable, Equatable {
    public var kind: WorkKind
    /// The feed's id (feed fetches) or the entry's id (everything else).
    public var itemID: Int64
    public var reason: String
    public var at: Date
    /// When it will be tried once more (feeds: a day later), nil for never.
    public var until: Date?
    /// The feed it belongs to: its configured URL, and the entry's link for entry work.
    public var feedURL: String?
    public var link: String?

    public init(kind: WorkKind, itemID: Int64, reason: String, at: Date, until: Date?, feedURL: String?, link: String?) {
        self.kind = kind
        self.itemID = itemID
        self.reason = reason
        self.at = at
        self.until = until
        self.feedURL = feedURL
        self.link = link
    }
}
