/// One day's digest, ranked and grouped, ready for any renderer.
///
/// This is the model behind all three formats; its Codable form is the JSON digest
/// (docs/digest-schema.md). Text in it is cleaned (no control or bidi characters) and every
/// link is an absolute http or https URL or nil, so renderers only have to escape.
public struct DigestDay: Sendable, Codable, Equatable {
    /// Bumped when a field changes meaning or is removed (adding fields keeps it).
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    public var date: DigestDate
    /// The IANA zone name, e.g. "Europe/London".
    public var timezone: String
    public var generatedAt: DigestTime
    /// True when the day is over and this is the final edition.
    public var isFinal: Bool
    /// The zone's offset from UTC when the day begins, e.g. "UTC+1".
    public var utcOffset: String
    /// Set when the clocks change during the day.
    public var clockChange: DigestClockChange?
    public var stats: DigestStats
    /// How the stories are laid out: by tag when the config has tags, else one "All stories" group.
    public var groups: [DigestGroup]
    /// Every story once, best first (rank 1 is `stories[0]`).
    public var stories: [DigestStory]
    public var feedErrors: [DigestFeedError]

    public init(schemaVersion: Int = DigestDay.currentSchemaVersion, date: DigestDate, timezone: String,
                generatedAt: DigestTime, isFinal: Bool, utcOffset: String, clockChange: DigestClockChange?,
                stats: DigestStats, groups: [DigestGroup], stories: [DigestStory], feedErrors: [DigestFeedError]) {
        self.schemaVersion = schemaVersion
        self.date = date
        self.timezone = timezone
        self.generatedAt = generatedAt
        self.isFinal = isFinal
        self.utcOffset = utcOffset
        self.clockChange = clockChange
        self.stats = stats
        self.groups = groups
        self.stories = stories
        self.feedErrors = feedErrors
    }

    /// True when the two digests differ at most in `generatedAt`: the Watcher rewrites a day's
    /// files only when this is false, not on every poll.
    public func hasSameContent(as other: DigestDay) -> Bool {
        var other = other
        other.generatedAt = generatedAt
        return self == other
    }

    /// Stories are grouped by tag (and so get an "All stories" index in front of the groups).
    public var isGroupedByTag: Bool { groups.contains { $0.tag != nil } }

    /// Whether a time must show its UTC offset to be unambiguous: always on a day the clocks
    /// change, and for any time whose offset differs from the day's.
    func showsOffset(_ time: DigestTime) -> Bool {
        clockChange != nil || time.offsetName != utcOffset
    }

    /// "14:05", "01:30 UTC+1", or "Sat 24 Oct 22:10" for a time on another day.
    func displayTime(_ time: DigestTime) -> String {
        var text = time.clock
        if time.localDate != date { text = time.shortDay + " " + text }
        if showsOffset(time) { text += " " + time.offsetName }
        return text
    }

    private enum CodingKeys: String, CodingKey {
        case schemaVersion, date, timezone, generatedAt, isFinal, utcOffset, clockChange, stats, groups,
             stories, feedErrors
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try container.encode(date, forKey: .date)
        try container.encode(timezone, forKey: .timezone)
        try container.encode(generatedAt, forKey: .generatedAt)
        try container.encode(isFinal, forKey: .isFinal)
        try container.encode(utcOffset, forKey: .utcOffset)
        try container.encode(clockChange, forKey: .clockChange)
        try container.encode(stats, forKey: .stats)
        try container.encode(groups, forKey: .groups)
        try container.encode(stories, forKey: .stories)
        try container.encode(feedErrors, forKey: .feedErrors)
    }
}

/// The moment the clocks change on a daylight-saving day.
public struct DigestClockChange: Sendable, Codable, Equatable {
    /// The first instant of the new offset, shown in it.
    public var at: DigestTime
    public var offsetBefore: String
    public var offsetAfter: String

    public init(at: DigestTime, offsetBefore: String, offsetAfter: String) {
        self.at = at
        self.offsetBefore = offsetBefore
        self.offsetAfter = offsetAfter
    }
}

/// The header's counts.
public struct DigestStats: Sendable, Codable, Equatable {
    public var feedsPolled: Int
    public var newArticles: Int
    public var stories: Int
    /// Stories covered by three or more distinct outlets.
    public var storiesWithThreeOrMoreSources: Int
    /// Distinct outlets across all of the day's stories.
    public var outlets: Int
    public var feedsNeedingAttention: Int

    public init(feedsPolled: Int, newArticles: Int, stories: Int, storiesWithThreeOrMoreSources: Int,
                outlets: Int, feedsNeedingAttention: Int) {
        self.feedsPolled = feedsPolled
        self.newArticles = newArticles
        self.stories = stories
        self.storiesWithThreeOrMoreSources = storiesWithThreeOrMoreSources
        self.outlets = outlets
        self.feedsNeedingAttention = feedsNeedingAttention
    }
}

/// A section of the digest: the stories of one tag, or all stories.
public struct DigestGroup: Sendable, Codable, Equatable {
    /// The heading shown, e.g. "World", "Other stories" or "All stories".
    public var title: String
    /// The config tag, or nil for "All stories" / "Other stories".
    public var tag: String?
    /// Ranks (1-based positions in `DigestDay.stories`), best first.
    public var ranks: [Int]

    public init(title: String, tag: String?, ranks: [Int]) {
        self.title = title
        self.tag = tag
        self.ranks = ranks
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(title, forKey: .title)
        try container.encode(tag, forKey: .tag)
        try container.encode(ranks, forKey: .ranks)
    }
}

/// One story as the digest shows it.
public struct DigestStory: Sendable, Codable, Equatable {
    public var rank: Int
    public var id: String
    public var headline: String
    public var firstSeen: DigestTime
    /// The latest source's published time (or `firstSeen` when no source has one): the recency key.
    public var latest: DigestTime
    /// Distinct outlets covering the story: the ranking key.
    public var sourceCount: Int
    /// The config tags of its sources: the dominant tag (most outlets) first, ties in config order.
    public var tags: [String]
    /// "paywalled", "summary only" … from extraction.
    public var label: String?
    public var summary: String?
    /// Earliest first; an outlet with several entries appears several times.
    public var sources: [DigestSource]
    public var entities: DigestEntities
    public var quotes: [DigestQuote]
    public var figures: [DigestFigure]
    /// The story's anchor in its day's HTML file, derived from `id` alone, so a link from
    /// another day stays right however the day's ranks change (`story-N` anchors still work).
    public var anchor: String
    /// Figures several sources give for the same thing, agreeing or not (see `FactGrouping`).
    public var facts: [DigestFact]
    /// The earlier story this one continues, if any.
    public var developingFrom: DigestDevelopingLink?

    public init(rank: Int, id: String, headline: String, firstSeen: DigestTime, latest: DigestTime,
                sourceCount: Int, tags: [String], label: String?, summary: String?, sources: [DigestSource],
                entities: DigestEntities, quotes: [DigestQuote], figures: [DigestFigure],
                anchor: String? = nil, facts: [DigestFact] = [], developingFrom: DigestDevelopingLink? = nil) {
        self.rank = rank
        self.id = id
        self.headline = headline
        self.firstSeen = firstSeen
        self.latest = latest
        self.sourceCount = sourceCount
        self.tags = tags
        self.label = label
        self.summary = summary
        self.sources = sources
        self.entities = entities
        self.quotes = quotes
        self.figures = figures
        self.anchor = anchor ?? StoryAnchor.anchor(forStoryID: id)
        self.facts = facts
        self.developingFrom = developingFrom
    }

    private enum CodingKeys: String, CodingKey {
        case rank, id, headline, firstSeen, latest, sourceCount, tags, label, summary, sources, entities, quotes,
             figures, anchor, facts, developingFrom
    }

    /// Digests written before anchors, facts and developing links existed still read back.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let id = try c.decode(String.self, forKey: .id)
        self.init(rank: try c.decode(Int.self, forKey: .rank), id: id, headline: try c.decode(String.self, forKey: .headline),
                  firstSeen: try c.decode(DigestTime.self, forKey: .firstSeen), latest: try c.decode(DigestTime.self, forKey: .latest),
                  sourceCount: try c.decode(Int.self, forKey: .sourceCount), tags: try c.decode([String].self, forKey: .tags),
                  label: try c.decodeIfPresent(String.self, forKey: .label),
                  summary: try c.decodeIfPresent(String.self, forKey: .summary),
                  sources: try c.decode([DigestSource].self, forKey: .sources),
                  entities: try c.decode(DigestEntities.self, forKey: .entities),
                  quotes: try c.decode([DigestQuote].self, forKey: .quotes),
                  figures: try c.decode([DigestFigure].self, forKey: .figures),
                  anchor: try c.decodeIfPresent(String.self, forKey: .anchor),
                  facts: try c.decodeIfPresent([DigestFact].self, forKey: .facts) ?? [],
                  developingFrom: try c.decodeIfPresent(DigestDevelopingLink.self, forKey: .developingFrom))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rank, forKey: .rank)
        try container.encode(id, forKey: .id)
        try container.encode(headline, forKey: .headline)
        try container.encode(firstSeen, forKey: .firstSeen)
        try container.encode(latest, forKey: .latest)
        try container.encode(sourceCount, forKey: .sourceCount)
        try container.encode(tags, forKey: .tags)
        try container.encode(label, forKey: .label)
        try container.encode(summary, forKey: .summary)
        try container.encode(sources, forKey: .sources)
        try container.encode(entities, forKey: .entities)
        try container.encode(quotes, forKey: .quotes)
        try container.encode(figures, forKey: .figures)
        try container.encode(anchor, forKey: .anchor)
        try container.encode(facts, forKey: .facts)
        try container.encode(developingFrom, forKey: .developingFrom)
    }
}

/// The earlier story a developing story continues, and where to find it.
public struct DigestDevelopingLink: Sendable, Codable, Equatable {
    public var id: String
    /// The earlier story's day: its digest is the file `<date>.html` (or `.md`, `.json`).
    public var date: DigestDate
    public var headline: String
    /// The earlier story's anchor in that file.
    public var anchor: String

    public init(id: String, date: DigestDate, headline: String, anchor: String? = nil) {
        self.id = id
        self.date = date
        self.headline = headline
        self.anchor = anchor ?? StoryAnchor.anchor(forStoryID: id)
    }

    /// The link from another day's HTML digest: "2026-11-26.html#s-17".
    public var htmlHref: String { date.description + ".html#" + anchor }
}

/// Numbers several sources give for the same thing: one line of "where the sources disagree"
/// when they differ.
public struct DigestFact: Sendable, Codable, Equatable {
    /// What is counted, as the sources word it ("homes without power").
    public var counted: String
    public var kind: FactGrouping.Kind
    /// True when every source gives the same value.
    public var agree: Bool
    /// Each value given, most widely reported first.
    public var values: [DigestFactValue]

    public init(counted: String, kind: FactGrouping.Kind, values: [DigestFactValue]) {
        self.counted = counted
        self.kind = kind
        self.agree = values.count <= 1
        self.values = values
    }
}

/// One value of a fact, with the sentence it was given in and the sources that give it.
public struct DigestFactValue: Sendable, Codable, Equatable {
    /// As written: "12,000", "€4.8bn".
    public var text: String
    /// The plain number (money in currency units, percentages as the number).
    public var value: Double
    public var sentence: String
    public var sources: [DigestFactSource]

    public init(text: String, value: Double, sentence: String, sources: [DigestFactSource]) {
        self.text = text
        self.value = value
        self.sentence = sentence
        self.sources = sources
    }
}

/// An outlet giving a value, with its article.
public struct DigestFactSource: Sendable, Codable, Equatable {
    public var name: String
    public var url: String?

    public init(name: String, url: String?) {
        self.name = name
        self.url = url
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(url, forKey: .url)
    }
}

/// One outlet's entry in a story.
public struct DigestSource: Sendable, Codable, Equatable {
    public var name: String
    public var feedURL: String
    public var url: String?
    public var title: String?
    public var published: DigestTime?
    /// Why the entry joined its story, in words; nil when unknown.
    public var reason: String?

    public init(name: String, feedURL: String, url: String?, title: String?, published: DigestTime?, reason: String? = nil) {
        self.name = name
        self.feedURL = feedURL
        self.url = url
        self.title = title
        self.published = published
        self.reason = reason
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(feedURL, forKey: .feedURL)
        try container.encode(url, forKey: .url)
        try container.encode(title, forKey: .title)
        try container.encode(published, forKey: .published)
        try container.encode(reason, forKey: .reason)
    }
}

/// Key people, organisations and places of a story.
public struct DigestEntities: Sendable, Codable, Equatable {
    public var people: [String]
    public var organizations: [String]
    public var places: [String]

    public init(people: [String], organizations: [String], places: [String]) {
        self.people = people
        self.organizations = organizations
        self.places = places
    }

    public var isEmpty: Bool { people.isEmpty && organizations.isEmpty && places.isEmpty }
}

/// A quote with its speaker.
public struct DigestQuote: Sendable, Codable, Equatable {
    public var text: String
    public var speaker: String?
    public var sourceURL: String?

    public init(text: String, speaker: String?, sourceURL: String?) {
        self.text = text
        self.speaker = speaker
        self.sourceURL = sourceURL
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(text, forKey: .text)
        try container.encode(speaker, forKey: .speaker)
        try container.encode(sourceURL, forKey: .sourceURL)
    }
}

/// A key figure with its context.
public struct DigestFigure: Sendable, Codable, Equatable {
    public var text: String
    public var context: String?
    public var sourceURL: String?

    public init(text: String, context: String?, sourceURL: String?) {
        self.text = text
        self.context = context
        self.sourceURL = sourceURL
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(text, forKey: .text)
        try container.encode(context, forKey: .context)
        try container.encode(sourceURL, forKey: .sourceURL)
    }
}

/// A feed under "Feeds needing attention".
public struct DigestFeedError: Sendable, Codable, Equatable {
    public var name: String
    public var feedURL: String
    public var kind: FeedProblem.Kind
    public var problem: String
    public var since: DigestTime?
    public var consecutiveFailures: Int
    public var lastSuccess: DigestTime?

    public init(name: String, feedURL: String, kind: FeedProblem.Kind, problem: String, since: DigestTime?,
                consecutiveFailures: Int, lastSuccess: DigestTime?) {
        self.name = name
        self.feedURL = feedURL
        self.kind = kind
        self.problem = problem
        self.since = since
        self.consecutiveFailures = consecutiveFailures
        self.lastSuccess = lastSuccess
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(feedURL, forKey: .feedURL)
        try container.encode(kind, forKey: .kind)
        try container.encode(problem, forKey: .problem)
        try container.encode(since, forKey: .since)
        try container.encode(consecutiveFailures, forKey: .consecutiveFailures)
        try container.encode(lastSuccess, forKey: .lastSuccess)
    }
}

/// One line of index.html: a day and how big its digest is.
public struct DigestIndexEntry: Sendable, Codable, Equatable {
    public var date: DigestDate
    public var storyCount: Int
    public var isFinal: Bool
    /// The day's top headline, shown as a teaser.
    public var topHeadline: String?

    public init(date: DigestDate, storyCount: Int, isFinal: Bool, topHeadline: String? = nil) {
        self.date = date
        self.storyCount = storyCount
        self.isFinal = isFinal
        self.topHeadline = topHeadline
    }

    /// The index line for a built day.
    public init(_ day: DigestDay) {
        self.init(date: day.date, storyCount: day.stories.count, isFinal: day.isFinal,
                  topHeadline: day.stories.first?.headline)
    }
}
