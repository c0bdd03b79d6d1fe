/// Where a stored entry stands, without its texts: which story it is in, and revision numbers
/// that move whenever anything the digest reads of it changes.
///
/// A daemon's digest is rebuilt every cycle from the day's entries, but only a few stories gain
/// an entry or an article in a cycle. Reading every entry's texts and analysis to find those
/// few costs as much as the day holds; these rows cost a few numbers each, so the digest reads
/// the full rows (`entries(ids:)`) of the stories whose revisions moved and nothing else.
/// Triggers keep the numbers (SQLite migration "v8 entry revisions", PostgreSQL "w6 entry
/// revisions"), so every writer moves them, whichever process it runs in.
public struct EntryRevision: Sendable, Hashable {
    public var id: Int64
    public var storyID: String?
    /// For an entry that opened a story continuing an earlier one: the earlier story's id.
    public var developingFrom: String?
    /// Moves on every change of the entry's row.
    public var revision: Int64
    /// Moves on every change of its article's row; nil while it has none.
    public var articleRevision: Int64?
    /// The feed's configured URL, name (else its title) and tags: the digest shows them.
    public var feedURL: String
    public var feedName: String?
    public var feedTags: [String]

    public init(id: Int64, storyID: String?, developingFrom: String?, revision: Int64, articleRevision: Int64?,
                feedURL: String, feedName: String?, feedTags: [String]) {
        self.id = id
        self.storyID = storyID
        self.developingFrom = developingFrom
        self.revision = revision
        self.articleRevision = articleRevision
        self.feedURL = feedURL
        self.feedName = feedName
        self.feedTags = feedTags
    }
}
