/// One edition as the feeds show it, with its HTML content rendered once: the Atom and JSON
/// feeds share it, and the Watcher keeps the entries of past days between cycles instead of
/// reading and rendering thirty days again whenever today's edition changes.
public struct DigestFeedEntry: Sendable, Equatable {
    public var date: DigestDate
    public var title: String
    public var summary: String
    /// The day's HTML body with absolute links (`DigestFeedContent`).
    public var contentHTML: String
    /// When the day's content last changed.
    public var updated: DigestTime

    public init(_ edition: DigestEdition, site: DigestFeedSite) {
        date = edition.day.date
        title = edition.title
        summary = edition.summary
        contentHTML = DigestFeedContent.html(of: edition.day, site: site)
        updated = edition.updated
    }

    /// The entry of an edition whose page is already rendered: `page` must be
    /// `HTMLDigest.render(edition.day)` (a day with an anchor `DigestFeedContent` would derive
    /// again is rendered here instead). The same entry as `init(_:site:)`.
    public init(_ edition: DigestEdition, site: DigestFeedSite, page: String) {
        date = edition.day.date
        title = edition.title
        summary = edition.summary
        contentHTML = DigestFeedContent.html(of: edition.day, page: page, site: site)
        updated = edition.updated
    }
}
