/// One edition as the feeds show it, with its HTML content rendered once: the Atom and JSON
/// feeds share it, and the Watcher keeps the entries of past days between cycles instead of
/// reading and rendering thirty days again whenever today's edition changes.
public struct DigestFeedEntry: Sendable, Equatable {
    public var date: DigestDate
    public var title: String
    public var summary: String
    /// The day's top stories as HTML with absolute links (`DigestFeedContent`).
    public var contentHTML: String
    /// When the day's content last changed.
    public var updated: DigestTime

    public init(_ edition: DigestEdition, site: DigestFeedSite) {
        date = edition.day.date
        title = edition.title
        summary = edition.summary
        contentHTML = DigestFeedContent.html(of: edition.day, storyCount: edition.storyCount, site: site)
        updated = edition.updated
    }
}
