import Foundation

/// An entry as stored, joined with what the pipeline has learnt about it since: its feed's
/// name and tags, the article text and label, the analysis JSON, and its story.
public struct StoredEntry: Sendable, Equatable {
    public var id: Int64
    public var feedID: Int64
    /// The feed's configured URL.
    public var feedURL: String
    /// The feed's configured name, else its own title.
    public var feedName: String?
    public var feedTags: [String]
    /// The per-feed identity key (see `EntryIdentity`).
    public var guidKey: String
    public var guid: String?
    public var link: String?
    public var canonicalURL: String?
    public var title: String?
    public var summary: String?
    public var content: String?
    public var published: Date?
    public var updated: Date?
    public var authors: [String]
    public var firstSeen: Date
    /// Set at once when another feed already carried the same article; otherwise by `assignStory`.
    public var storyID: String?
    /// True when `storyID` came from the store's exact cross-feed match and the story clusterer
    /// has not decided yet (it should still see the entry; its decision then replaces this id).
    public var hasExactMatchStory: Bool { storyID.map(EntryIdentity.isExactMatchStoryID) ?? false }
    public var articleText: String?
    public var articleMetadataJSON: String?
    public var articleLabel: String?
    /// Where the article page stands: "pending", "retry", "done", "failed", or nil when no page
    /// fetch was planned for this entry.
    public var articleState: String?
    public var analysisJSON: String?
    /// Why the story clusterer put the entry in its story (its `MergeReason` as JSON); nil for
    /// entries stored before reasons were kept, or not clustered yet.
    public var storyReasonJSON: String?
    /// For an entry that opened a story continuing an earlier one: the earlier story's id.
    public var developingFrom: String?

    public init(
        id: Int64, feedID: Int64, feedURL: String, feedName: String?, feedTags: [String], guidKey: String,
        guid: String?, link: String?, canonicalURL: String?, title: String?, summary: String?, content: String?,
        published: Date?, updated: Date?, authors: [String], firstSeen: Date, storyID: String?,
        articleText: String? = nil, articleMetadataJSON: String? = nil, articleLabel: String? = nil,
        articleState: String? = nil, analysisJSON: String? = nil, storyReasonJSON: String? = nil,
        developingFrom: String? = nil
    ) {
        self.id = id
        self.feedID = feedID
        self.feedURL = feedURL
        self.feedName = feedName
        self.feedTags = feedTags
        self.guidKey = guidKey
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
        self.storyID = storyID
        self.articleText = articleText
        self.articleMetadataJSON = articleMetadataJSON
        self.articleLabel = articleLabel
        self.articleState = articleState
        self.analysisJSON = analysisJSON
        self.storyReasonJSON = storyReasonJSON
        self.developingFrom = developingFrom
    }
}
