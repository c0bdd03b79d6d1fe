/// A cap of `FeedLimits` that a feed document went over. The feed is still read; what lay past
/// the cap is left out, and the cut is listed in `Feed.cuts` (and in `feedwatch parse`'s
/// `notes`), so that nobody mistakes a cut feed for the whole of it.
public enum FeedCut: Sendable, Equatable, CustomStringConvertible {
    /// More entries than the cap: the newest `kept` of `seen` were kept.
    case entries(kept: Int, seen: Int)
    /// An entry (or the feed) named more authors than this: the first ones were kept.
    case people(max: Int)
    /// The entries named more authors than this together: each kept its first `each`.
    case peoplePerFeed(max: Int, each: Int)
    /// An entry had more categories than this: the first ones were kept.
    case categories(max: Int)
    /// An entry had more enclosures than this: the first ones were kept.
    case enclosures(max: Int)
    /// Elements were nested deeper than this: the deeper tags were dropped, their text kept.
    case nesting(max: Int)
    /// Elements were left open in numbers past this: the rest of the document was not read.
    case openElements(max: Int)
    /// A JSON array had more elements than this: the others were read and dropped.
    case jsonArrayElements(max: Int)
    /// A JSON object had more members than this: the others were read and dropped.
    case jsonObjectMembers(max: Int)

    public var description: String {
        switch self {
        case let .entries(kept, seen): return "\(seen) entries: kept the newest \(kept)"
        case .people(let max): return "more than \(max) authors: the others were dropped"
        case let .peoplePerFeed(max, each): return "more than \(max) authors in all: each entry kept its first \(each)"
        case .categories(let max): return "an entry with more than \(max) categories: the others were dropped"
        case .enclosures(let max): return "an entry with more than \(max) enclosures: the others were dropped"
        case .nesting(let max): return "elements nested more than \(max) deep: the deeper tags were dropped, their text kept"
        case .openElements(let max): return "more than \(max) elements left open: the rest of the document was not read"
        case .jsonArrayElements(let max): return "a JSON array of more than \(max) elements: the others were dropped"
        case .jsonObjectMembers(let max): return "a JSON object of more than \(max) members: the others were dropped"
        }
    }
}
