import Foundation

/// One story found by `FeedStore.search`: the entry of the story that matched best, and how well.
///
/// Storage knows entries, not digests: the Watcher turns a hit into what a reader sees (the day
/// in the configured zone, the story's headline and outlets, the link to the digest anchor).
public struct SearchHit: Sendable, Equatable {
    /// The story's id, or `entry-<id>` for an entry no story holds yet (the digest's own key).
    public var storyID: String
    /// The best-matching entry of the story.
    public var entryID: Int64
    /// When that entry was first seen: the digest day it is listed under.
    public var firstSeen: Date
    /// SQLite's bm25 score of that entry (lower is better), weighted by column.
    public var score: Double
    /// How many of the story's entries in the window matched.
    public var matchingEntries: Int
    /// Text around the match, taken from the article text or summary when they match, else from
    /// the headline or names. Matched words are between `SearchHit.matchStart` and `matchEnd`.
    public var snippet: String

    /// The marker before each matched word in `snippet` (STX).
    public static let matchStart: Character = "\u{2}"
    /// The marker after each matched word in `snippet` (ETX).
    public static let matchEnd: Character = "\u{3}"

    public init(storyID: String, entryID: Int64, firstSeen: Date, score: Double, matchingEntries: Int, snippet: String) {
        self.storyID = storyID
        self.entryID = entryID
        self.firstSeen = firstSeen
        self.score = score
        self.matchingEntries = matchingEntries
        self.snippet = snippet
    }
}
