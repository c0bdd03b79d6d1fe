import Foundation

/// Everything the digest needs for one day, gathered by the Watcher from the store.
///
/// The Digest module never reads a clock, a disk or the network: the day, the zone and the
/// moment of generation all come in here, so the same input always gives the same files.
public struct DigestInput: Sendable {
    /// The calendar day of the digest, in `timeZone`.
    public var date: DigestDate
    /// The configured zone; every time in the digest is shown in it, with its UTC offset.
    public var timeZone: TimeZone
    /// When this digest was generated (passed in; the module has no clock).
    public var generatedAt: Date
    /// Feeds polled during the day (a stats input).
    public var feedsPolled: Int
    /// Articles that were new during the day (a stats input).
    public var newArticles: Int
    /// Tags in the order the config lists them; empty means no tag grouping.
    public var tagOrder: [String]
    /// The day's stories, in any order: the builder ranks them.
    public var stories: [StoryInput]
    /// Feeds that are failing or stale.
    public var feedProblems: [FeedProblem]
    /// True once the day is over and the digest is final (finalised after midnight).
    public var isFinal: Bool

    public init(date: DigestDate, timeZone: TimeZone, generatedAt: Date, feedsPolled: Int = 0,
                newArticles: Int = 0, tagOrder: [String] = [], stories: [StoryInput] = [],
                feedProblems: [FeedProblem] = [], isFinal: Bool = false) {
        self.date = date
        self.timeZone = timeZone
        self.generatedAt = generatedAt
        self.feedsPolled = feedsPolled
        self.newArticles = newArticles
        self.tagOrder = tagOrder
        self.stories = stories
        self.feedProblems = feedProblems
        self.isFinal = isFinal
    }
}

/// One story of the day as the store knows it: one event, covered by one or more sources.
public struct StoryInput: Sendable, Hashable {
    /// A stable id (from clustering or the store); it appears in the JSON only.
    public var id: String
    public var headline: String
    /// When feedwatch first saw the story.
    public var firstSeen: Date
    /// Every entry that covers the story; the same outlet may appear more than once.
    public var sources: [SourceInput]
    /// Plain text, shown as is (the Watcher trims it); paragraphs separated by blank lines.
    public var summary: String?
    /// A note from extraction such as "paywalled" or "summary only".
    public var label: String?
    public var people: [String]
    public var organizations: [String]
    public var places: [String]
    public var quotes: [QuoteInput]
    public var figures: [FigureInput]
    /// Every figure every source reported, with its sentence and outlet: what the story's facts
    /// (where the sources agree or disagree) are grouped from. See `FactGrouping`.
    public var reportedFigures: [ReportedFigure]
    /// The earlier story this one continues, when it is a new development of it.
    public var developingFrom: DevelopingInput?

    public init(id: String, headline: String, firstSeen: Date, sources: [SourceInput],
                summary: String? = nil, label: String? = nil, people: [String] = [],
                organizations: [String] = [], places: [String] = [], quotes: [QuoteInput] = [],
                figures: [FigureInput] = [], reportedFigures: [ReportedFigure] = [],
                developingFrom: DevelopingInput? = nil) {
        self.id = id
        self.headline = headline
        self.firstSeen = firstSeen
        self.sources = sources
        self.summary = summary
        self.label = label
        self.people = people
        self.organizations = organizations
        self.places = places
        self.quotes = quotes
        self.figures = figures
        self.reportedFigures = reportedFigures
        self.developingFrom = developingFrom
    }
}

/// A figure as one source reported it (see `FactGrouping`).
public typealias ReportedFigure = FactGrouping.Mention

/// The earlier story a developing story continues: enough to name it and link to its day.
public struct DevelopingInput: Sendable, Hashable {
    /// The earlier story's id; its anchor in its day's digest is derived from it.
    public var id: String
    /// The day of the earlier story's digest (the day it was first seen, in the configured zone).
    public var date: DigestDate
    public var headline: String

    public init(id: String, date: DigestDate, headline: String) {
        self.id = id
        self.date = date
        self.headline = headline
    }
}

/// One outlet's entry about a story.
public struct SourceInput: Sendable, Hashable {
    /// The outlet's name (the feed's title or the configured name).
    public var name: String
    public var feedURL: String
    /// The article's link; only http and https links are kept.
    public var url: String?
    /// The entry's own headline, when it differs from the story's.
    public var title: String?
    public var published: Date?
    /// The feed's tags from the config.
    public var tags: [String]
    /// Why this entry is part of the story, in a reader's words ("wire copy of Meridian Press,
    /// 91% of its text"); nil when the store has no reason for it.
    public var reason: String?

    public init(name: String, feedURL: String, url: String? = nil, title: String? = nil,
                published: Date? = nil, tags: [String] = [], reason: String? = nil) {
        self.name = name
        self.feedURL = feedURL
        self.url = url
        self.title = title
        self.published = published
        self.tags = tags
        self.reason = reason
    }
}

/// A notable quote, with its speaker when analysis found one.
public struct QuoteInput: Sendable, Hashable {
    public var text: String
    public var speaker: String?
    public var sourceURL: String?

    public init(text: String, speaker: String? = nil, sourceURL: String? = nil) {
        self.text = text
        self.speaker = speaker
        self.sourceURL = sourceURL
    }
}

/// A key figure ("£2.4bn", "37 people") with the words around it.
public struct FigureInput: Sendable, Hashable {
    public var text: String
    public var context: String?
    public var sourceURL: String?

    public init(text: String, context: String? = nil, sourceURL: String? = nil) {
        self.text = text
        self.context = context
        self.sourceURL = sourceURL
    }
}

/// A feed that needs the reader's attention, with the problem in plain words.
public struct FeedProblem: Sendable {
    /// Why a feed is listed under "Feeds needing attention".
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Fetching or parsing fails.
        case failing
        /// The feed answers but has published nothing new for a long time.
        case stale
        /// The network itself was down, so the feed could not be tried.
        case networkDown
    }

    public var name: String
    public var feedURL: String
    /// Plain words, e.g. "HTTP 404 Not Found: the feed is gone".
    public var problem: String
    public var since: Date?
    public var consecutiveFailures: Int
    public var lastSuccess: Date?
    public var kind: Kind

    public init(name: String, feedURL: String, problem: String, since: Date? = nil,
                consecutiveFailures: Int = 0, lastSuccess: Date? = nil, kind: Kind = .failing) {
        self.name = name
        self.feedURL = feedURL
        self.problem = problem
        self.since = since
        self.consecutiveFailures = consecutiveFailures
        self.lastSuccess = lastSuccess
        self.kind = kind
    }
}
