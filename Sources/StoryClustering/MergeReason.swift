/// Why an item was put in the story it was put in, in words a reader can check.
///
/// Every assignment carries one; `description` is the text shown by `feedwatch cluster
/// --explain` and in the JSON digest ("wire copy of nd-288-0: 92% shingles",
/// "same event: p 0.97, title 0.61, names {Teodorescu, Morland}, figures {2.6bn}, 3 h after the first
/// report"); `readerText` is the reader's version, with outlets by name.
public enum MergeReason: Sendable, Codable, Hashable, CustomStringConvertible {
    /// Nothing similar enough: a story of its own. `closest` names the open story that came
    /// nearest, with its scores, so a reader can see why it was not joined.
    case newStory(closest: String?, titleSimilarity: Double, bodySimilarity: Double?, sharedTerms: [String])
    /// A new story that continues an older, closed one.
    case developing(from: String, titleSimilarity: Double, hoursApart: Double)
    case sameCanonicalURL(itemID: String)
    case sameGUID(itemID: String)
    case sameTitle(itemID: String)
    /// The body copies an earlier item's body (`excerpt`: a summary or trimmed copy).
    case nearDuplicate(itemID: String, containment: Double, excerpt: Bool)
    /// Joined a story on the weighed evidence (`StoryMatchModel`): the model's probability, the
    /// similarities, the names, figures and headline words shared with the story, and how long
    /// after the story's first report the item came.
    case sameEvent(probability: Double, titleSimilarity: Double, bodySimilarity: Double?, names: [String],
                   figures: [String], words: [String], hoursAfterFirst: Double)
    /// Matched (with the model's probability and headline similarity) story `from`, which
    /// had been found to be a split-off half of this one and merged into it: `from` keeps its
    /// id and earlier items, but what matches it joins this story.
    case mergedStory(from: String, probability: Double, titleSimilarity: Double)

    public var description: String {
        switch self {
        case let .newStory(closest, title, body, terms):
            guard let closest else { return "new story" }
            var parts = ["title \(Self.format(title))"]
            if let body { parts.append("body \(Self.format(body))") }
            parts.append(terms.isEmpty ? "no shared words" : "shared {\(terms.joined(separator: ", "))}")
            return "new story (closest: \(closest), " + parts.joined(separator: ", ") + ")"
        case let .developing(from, sim, hours):
            return "developing: continues story \(from) (title \(Self.format(sim)), \(Self.hours(hours)) later)"
        case let .sameCanonicalURL(id):
            return "same canonical URL as \(id)"
        case let .sameGUID(id):
            return "same GUID as \(id)"
        case let .sameTitle(id):
            return "same title as \(id)"
        case let .nearDuplicate(id, containment, excerpt):
            let pct = Int((containment * 100).rounded())
            return excerpt ? "summary of \(id): \(pct)% of its shingles appear in \(id)"
                           : "wire copy of \(id): \(pct)% shingles"
        case let .sameEvent(probability, title, body, names, figures, words, hours):
            var parts = ["p \(Self.format(probability))", "title \(Self.format(title))"]
            if let body { parts.append("body \(Self.format(body))") }
            if !names.isEmpty { parts.append("names {\(names.joined(separator: ", "))}") }
            if !figures.isEmpty { parts.append("figures {\(figures.joined(separator: ", "))}") }
            if !words.isEmpty { parts.append("shared {\(words.joined(separator: ", "))}") }
            parts.append("\(Self.hours(hours)) after the first report")
            return "same event: " + parts.joined(separator: ", ")
        case let .mergedStory(from, probability, title):
            return "same event as story \(from) (p \(Self.format(probability)), title \(Self.format(title))), "
                + "merged into this one"
        }
    }

    static func format(_ x: Double) -> String {
        guard x.isFinite else { return "0.00" }
        let v = Int((min(max(x, 0), 1) * 100).rounded())
        return v >= 100 ? "1.00" : "0." + (v < 10 ? "0" : "") + String(v)
    }

    static func hours(_ h: Double) -> String {
        guard h.isFinite else { return "some time" }
        let h = min(max(h, 0), 1_000_000)
        if h < 1 { return "\(Int((h * 60).rounded())) min" }
        if h < 10 { return "\(Int(h.rounded())) h" }
        return "\(Int(h.rounded())) h"
    }
}

/// The clusterer's answer for one item.
public struct Assignment: Sendable, Codable, Hashable {
    /// The story the item belongs to (stable while the story is open, unless `merged` or a later
    /// assignment's `merged` names it as `from`: its items then belong to the `into` story).
    public var story: String
    public var reason: MergeReason
    /// True when the item repeats an article already seen (same URL, GUID, title or body copy).
    public var isNearDuplicate: Bool
    /// True when the item opened a story.
    public var isNewStory: Bool
    /// For a new story that continues an older one: the older story's id.
    public var developingFrom: String?
    /// Set when this item made its story (`merged.from`, the story it joined) one with a larger
    /// open story (`merged.into`, which `story` then names): every item given `from` before
    /// belongs to `into` now. (A merged story grows again only once the story it fed has closed;
    /// a later merge of it then moves the items it gained since.)
    public var merged: StoryMerge? = nil
}
