/// Caps on what one feed document may hold, so that its cost follows its size whatever its
/// shape: a feed of a million tiny items, an item with a million categories or authors.
/// Far above real feeds (tens of items, a handful of categories and authors).
public enum FeedLimits {
    /// Entries kept by default: the newest ones (see `Feed.parse`).
    public static let defaultMaxEntries = 10_000
    /// Authors kept per entry, and for the feed.
    static let maxPeople = 64
    /// Authors kept across all the entries of one feed (see `Feed.capPeopleAcrossEntries`).
    static let maxPeoplePerFeed = 32_768
    /// Categories kept per entry.
    static let maxCategories = 256
    /// Enclosures kept per entry.
    static let maxEnclosures = 64
    /// Attributes read per element; the others are dropped before libxml2 reads the tag.
    static let maxAttributes = 256
    /// Elements open at once in an XML feed (real feeds nest tens deep, xhtml content a little
    /// more). Deeper tags are dropped by the repair pass, their text kept; below libxml2's own
    /// limit of 256, so the tree parser never halts on depth either.
    static let maxDepth = 200
    /// JSON Feed nesting accepted before decoding.
    static let maxJSONDepth = 256
    /// Elements kept of any JSON array but `items` (whose entries are capped as entries):
    /// above every per-entry cap, so those caps still decide.
    static let maxJSONArrayElements = 1024
    /// Members kept of any JSON object.
    static let maxJSONObjectMembers = 1024
}
