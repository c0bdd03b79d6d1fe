import Foundation

/// One item of a freshly fetched feed, as the watcher hands it to the store. `canonicalURL` is
/// computed upstream (lowercased host, no fragment, no tracking parameters); the store compares
/// it exactly.
public struct EntryInput: Sendable, Equatable {
    public var guid: String?
    public var link: String?
    public var canonicalURL: String?
    public var title: String?
    public var summary: String?
    public var content: String?
    public var published: Date?
    public var updated: Date?
    public var authors: [String]
    /// When the watcher first saw it: the fetch time.
    public var firstSeen: Date

    public init(
        guid: String? = nil, link: String? = nil, canonicalURL: String? = nil, title: String? = nil,
        summary: String? = nil, content: String? = nil, published: Date? = nil, updated: Date? = nil,
        authors: [String] = [], firstSeen: Date
    ) {
        self.guid = guid
        self.link = link
        self.canonicalURL = canonicalURL
        self.title = title
        self.summary = summary
        self.content = content
        self.published = published
        self.updated = updated
        self.authors = authors
        self.firstSeen = firstSeen
    }
}
