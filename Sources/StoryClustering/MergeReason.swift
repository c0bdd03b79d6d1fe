/// Why an item was put in the story it was put in, in words a reader can check.
///
/// Every assignment carries one; `description` is the text shown by `feedwatch cluster
/// --explain` and in the JSON digest ("wire copy of nd-288-0: 92% shingles",
/// "same event: title 0.61, entities {Trump, Putin, Ukraine}, 3 h apart").
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
    /// Joined a story on content similarity.
    case sameEvent(titleSimilarity: Double, bodySimilarity: Double?, sharedTerms: [String], hoursApart: Double)

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
        case let .sameEvent(title, body, terms, hours):
            var parts = ["title \(Self.format(title))"]
            if let body { parts.append("body \(Self.format(body))") }
            if !terms.isEmpty { parts.append("shared {\(terms.joined(separator: ", "))}") }
            parts.append("\(Self.hours(hours)) apart")
            return "same event: " + parts.joined(separator: ", ")
        }
    }

    static func format(_ x: Double) -> String {
        let v = Int((x * 100).rounded())
        return v >= 100 ? "1.00" : "0." + (v < 10 ? "0" : "") + String(v)
    }

    static func hours(_ h: Double) -> String {
        if h < 1 { return "\(Int((h * 60).rounded())) min" }
        if h < 10 { return "\(Int(h.rounded())) h" }
        return "\(Int(h.rounded())) h"
    }
}

/// The clusterer's answer for one item.
public struct Assignment: Sendable, Codable, Hashable {
    /// The story the item belongs to (stable while the story is open).
    public var story: String
    public var reason: MergeReason
    /// True when the item repeats an article already seen (same URL, GUID, title or body copy).
    public var isNearDuplicate: Bool
    /// True when the item opened a story.
    public var isNewStory: Bool
    /// For a new story that continues an older one: the older story's id.
    public var developingFrom: String?
}
