/// Caps on what one feed document may hold, so that its cost follows its size whatever its
/// shape: a feed of a million tiny items, an item with a million categories or authors.
/// Far above real feeds (tens of items, a handful of categories and authors).
public enum FeedLimits {
    /// Entries kept by default: the newest ones (see `Feed.parse`).
    public static let defaultMaxEntries = 10_000
    /// Authors kept per entry, and for the feed.
    static let maxPeople = 64
    /// Categories kept per entry.
    static let maxCategories = 256
    /// Enclosures kept per entry.
    static let maxEnclosures = 64
    /// Attributes read per element; the others are dropped before libxml2 reads the tag.
    static let maxAttributes = 256
    /// JSON Feed nesting accepted before decoding.
    static let maxJSONDepth = 256
}
