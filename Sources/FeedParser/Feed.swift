/// A parsed feed, whatever its format: the values feedwatch needs from RSS, RDF, Atom and JSON
/// Feed, with links made absolute, dates in UTC and titles as plain text.
///
/// Encodes to the JSON contract of `feedwatch parse` (missing values as `null`).
public struct Feed: Sendable, Equatable, Codable {
    public var format: FeedFormat
    /// "2.0", "0.91", "1.0" (Atom or RDF), "0.3", "1.1" (JSON Feed)…; nil when the document does not say.
    public var version: String?
    public var title: String?
    /// The site the feed belongs to (RSS channel link, Atom alternate link, JSON home_page_url).
    public var link: String?
    /// The feed's own address (atom:link rel="self", JSON feed_url).
    public var feedLink: String?
    public var description: String?
    public var language: String?
    public var updated: FeedDate?
    public var image: String?
    public var authors: [Person]
    public var entries: [Entry]
    /// Hints for the scheduler: RSS `<ttl>` in minutes, sy:updatePeriod/updateFrequency in seconds.
    public var refreshHint: RefreshHint?
    /// The `FeedLimits` the document went over, in the order they were hit: what lay past them
    /// is not in this value. Empty for any ordinary feed. Encoded as `notes`, only when present.
    public var cuts: [FeedCut] = []

    public init(format: FeedFormat, version: String? = nil, title: String? = nil, link: String? = nil,
                feedLink: String? = nil, description: String? = nil, language: String? = nil,
                updated: FeedDate? = nil, image: String? = nil, authors: [Person] = [], entries: [Entry] = [],
                refreshHint: RefreshHint? = nil) {
        self.format = format
        self.version = version
        self.title = title
        self.link = link
        self.feedLink = feedLink
        self.description = description
        self.language = language
        self.updated = updated
        self.image = image
        self.authors = authors
        self.entries = entries
        self.refreshHint = refreshHint
    }

    enum CodingKeys: String, CodingKey {
        case format, version, title, link, feedLink, description, language, updated, image, authors, entries, notes
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(format, forKey: .format)
        try c.encode(version, forKey: .version)
        try c.encode(title, forKey: .title)
        try c.encode(link, forKey: .link)
        try c.encode(feedLink, forKey: .feedLink)
        try c.encode(description, forKey: .description)
        try c.encode(language, forKey: .language)
        try c.encode(updated, forKey: .updated)
        try c.encode(image, forKey: .image)
        try c.encode(authors, forKey: .authors)
        try c.encode(entries, forKey: .entries)
        if !cuts.isEmpty { try c.encode(cuts.map(\.description), forKey: .notes) }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(format: try c.decode(FeedFormat.self, forKey: .format),
                  version: try c.decodeIfPresent(String.self, forKey: .version),
                  title: try c.decodeIfPresent(String.self, forKey: .title),
                  link: try c.decodeIfPresent(String.self, forKey: .link),
                  feedLink: try c.decodeIfPresent(String.self, forKey: .feedLink),
                  description: try c.decodeIfPresent(String.self, forKey: .description),
                  language: try c.decodeIfPresent(String.self, forKey: .language),
                  updated: try c.decodeIfPresent(FeedDate.self, forKey: .updated),
                  image: try c.decodeIfPresent(String.self, forKey: .image),
                  authors: try c.decodeIfPresent([Person].self, forKey: .authors) ?? [],
                  entries: try c.decodeIfPresent([Entry].self, forKey: .entries) ?? [])
    }
}

/// The syntax family a feed was written in.
public enum FeedFormat: String, Sendable, Codable, Equatable {
    case rss, atom, rdf, json
}

/// How often the publisher says the feed changes; the scheduler keeps it within its own bounds.
public struct RefreshHint: Sendable, Equatable {
    /// RSS `<ttl>`, in minutes.
    public var ttlMinutes: Int?
    /// sy:updatePeriod / sy:updateFrequency, as seconds between updates.
    public var updateIntervalSeconds: Int?

    public init(ttlMinutes: Int? = nil, updateIntervalSeconds: Int? = nil) {
        self.ttlMinutes = ttlMinutes
        self.updateIntervalSeconds = updateIntervalSeconds
    }
}

/// One item of a feed.
public struct Entry: Sendable, Equatable, Codable {
    /// The GUID, atom:id, rdf:about or JSON id, exactly as given.
    public var id: String?
    public var link: String?
    /// Plain text.
    public var title: String?
    /// As given: plain text for Atom `type="text"`, an HTML string otherwise.
    public var summary: String?
    /// An HTML string.
    public var content: String?
    public var published: FeedDate?
    public var updated: FeedDate?
    public var authors: [Person]
    public var categories: [String]
    public var enclosures: [Enclosure]

    public init(id: String? = nil, link: String? = nil, title: String? = nil, summary: String? = nil,
                content: String? = nil, published: FeedDate? = nil, updated: FeedDate? = nil,
                authors: [Person] = [], categories: [String] = [], enclosures: [Enclosure] = []) {
        self.id = id
        self.link = link
        self.title = title
        self.summary = summary
        self.content = content
        self.published = published
        self.updated = updated
        self.authors = authors
        self.categories = categories
        self.enclosures = enclosures
    }

    enum CodingKeys: String, CodingKey {
        case id, link, title, summary, content, published, updated, authors, categories, enclosures
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(link, forKey: .link)
        try c.encode(title, forKey: .title)
        try c.encode(summary, forKey: .summary)
        try c.encode(content, forKey: .content)
        try c.encode(published, forKey: .published)
        try c.encode(updated, forKey: .updated)
        try c.encode(authors, forKey: .authors)
        try c.encode(categories, forKey: .categories)
        try c.encode(enclosures, forKey: .enclosures)
    }
}

/// An author or contributor.
public struct Person: Sendable, Equatable, Codable {
    public var name: String?
    public var email: String?
    public var uri: String?

    public init(name: String? = nil, email: String? = nil, uri: String? = nil) {
        self.name = name
        self.email = email
        self.uri = uri
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(email, forKey: .email)
        try c.encode(uri, forKey: .uri)
    }

    enum CodingKeys: String, CodingKey { case name, email, uri }
}

/// A media file attached to an entry (podcast audio, an image).
public struct Enclosure: Sendable, Equatable, Codable {
    public var url: String
    public var type: String?
    /// Size in bytes, when the feed gives a usable number.
    public var length: Int?

    public init(url: String, type: String? = nil, length: Int? = nil) {
        self.url = url
        self.type = type
        self.length = length
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(url, forKey: .url)
        try c.encode(type, forKey: .type)
        try c.encode(length, forKey: .length)
    }

    enum CodingKeys: String, CodingKey { case url, type, length }
}
