import Digest
import Foundation
import Logging
import Storage

/// `feedwatch search`: stories found in the store's full-text index, as a reader sees them in
/// the digests — the day (in the configured zone), the headline and outlets that day's digest
/// shows, a snippet around the match, and a link to the story's anchor in that day's HTML file.
///
/// A story reported over several days is found once, under the day of its best-matching entry:
/// that day's digest lists the entry, so the link always lands on the story.
public struct StorySearch: Sendable {
    public let config: WatcherConfig
    let store: any FeedStorage

    public init(config: WatcherConfig, store: any FeedStorage) {
        self.config = config
        self.store = store
    }

    /// One story found.
    public struct Result: Encodable, Sendable, Equatable {
        /// The digest day, YYYY-MM-DD in the configured zone.
        public var day: String
        public var headline: String
        /// The outlets that reported the story that day, in the digest's order.
        public var outlets: [String]
        /// Text around the match, one line, feed text cleaned of control characters.
        public var snippet: String
        /// The matched words in `snippet`, in order.
        public var matches: [String]
        /// `<digest_dir>/<day>.html#s-<story id>`.
        public var link: String
        public var storyID: String
        /// The snippet as pieces, each marked as matched or not (for highlighting; not in JSON).
        public var snippetParts: [SnippetPart]

        public struct SnippetPart: Sendable, Equatable {
            public var text: String
            public var isMatch: Bool
        }

        enum CodingKeys: String, CodingKey {
            case day, headline, outlets, snippet, matches, link
            case storyID = "story_id"
        }

        init(day: String, headline: String, outlets: [String], markedSnippet: String, link: String, storyID: String) {
            self.day = day
            self.headline = headline
            self.outlets = outlets
            self.link = link
            self.storyID = storyID
            snippetParts = Self.parts(of: markedSnippet)
            snippet = snippetParts.map(\.text).joined()
            matches = snippetParts.filter(\.isMatch).map(\.text)
        }

        /// Splits the store's snippet at its match markers, cleaning each piece.
        static func parts(of marked: String) -> [SnippetPart] {
            var parts: [SnippetPart] = []
            var current = ""
            var inMatch = false
            func flush() {
                let text = StorySearch.clean(current, trim: false)
                if !text.isEmpty { parts.append(SnippetPart(text: text, isMatch: inMatch)) }
                current = ""
            }
            for character in marked {
                if character == SearchHit.matchStart {
                    flush()
                    inMatch = true
                } else if character == SearchHit.matchEnd {
                    flush()
                    inMatch = false
                } else {
                    current.append(character)
                }
            }
            flush()
            // Trim the ends of the whole line, not of each piece.
            if let first = parts.first { parts[0].text = String(first.text.drop(while: { $0 == " " })) }
            if let last = parts.last { parts[parts.count - 1].text = String(last.text.reversed().drop(while: { $0 == " " }).reversed()) }
            // "Port" and "Sellen" matched side by side read as one match.
            var merged: [SnippetPart] = []
            for part in parts where !part.text.isEmpty {
                if part.isMatch, merged.count >= 2, merged[merged.count - 1].text == " ", merged[merged.count - 2].isMatch {
                    merged.removeLast()
                    merged[merged.count - 1].text += " " + part.text
                } else {
                    merged.append(part)
                }
            }
            return merged
        }
    }

    /// A query with nothing in it but spaces (the command line says so before opening anything).
    public struct UsageError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Searches stories first seen from the start of `since` to the end of `until` (days in the
    /// configured zone, both included), best first.
    public func run(_ text: String, since: DigestDate? = nil, until: DigestDate? = nil, limit: Int = 20) throws -> [Result] {
        guard text.contains(where: { !$0.isWhitespace }) else { throw UsageError(description: "the search query is empty") }
        let publisher = DigestPublisher(config: config, store: store, logger: Logger(label: "feedwatch.search"))
        let from = since.map { publisher.bounds(of: $0).start }
        let to = until.map { publisher.bounds(of: $0).end }
        let hits = try store.search(SearchQuery(text), firstSeenFrom: from, to: to, limit: limit)
        return try hits.map { hit in
            let day = publisher.day(of: hit.firstSeen)
            let (start, end) = publisher.bounds(of: day)
            let members: [StoredEntry]
            if hit.storyID.hasPrefix("entry-") {
                members = try store.entry(id: hit.entryID).map { [$0] } ?? []
            } else {
                members = try store.entries(storyID: hit.storyID)
            }
            let sameDay = members.filter { $0.firstSeen >= start && $0.firstSeen < end }
            let ordered = DigestPublisher.ordered(sameDay.isEmpty ? members : sameDay)
            var outlets: [String] = []
            for entry in ordered {
                let name = Self.clean(DigestPublisher.outletName(entry))
                if !name.isEmpty, !outlets.contains(name) { outlets.append(name) }
            }
            let link = (config.digestDir as NSString).appendingPathComponent("\(day).html")
                + "#" + StoryAnchor.anchor(forStoryID: hit.storyID)
            return Result(day: day.description, headline: Self.clean(DigestPublisher.headline(of: ordered)), outlets: outlets,
                          markedSnippet: hit.snippet, link: link, storyID: hit.storyID)
        }
    }

    /// Feed text made fit for one line of a terminal: control, bidi and line-separator characters
    /// dropped, whitespace runs folded to one space.
    static func clean(_ text: String, trim: Bool = true) -> String {
        var out = String.UnicodeScalarView()
        var space = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace || scalar.value < 0x20 {
                space = true
                continue
            }
            if JournalLogHandler.needsEscape(scalar) { continue }
            if space, !(trim && out.isEmpty) { out.append(" ") }
            space = false
            out.append(scalar)
        }
        if space, !trim { out.append(" ") }
        return String(out)
    }

    /// The results as a reader's list: day, headline, outlets, the snippet, the link.
    /// - Parameter highlight: wraps each matched word (bold on a terminal, brackets otherwise).
    public static func text(_ results: [Result], highlight: (String) -> String) -> String {
        guard !results.isEmpty else { return "no stories match\n" }
        var out = ""
        for r in results {
            out += "\(r.day)  \(r.headline)\n"
            if !r.outlets.isEmpty { out += "            \(r.outlets.joined(separator: ", "))\n" }
            let snippet = r.snippetParts.map { $0.isMatch ? highlight($0.text) : $0.text }.joined()
            if !snippet.isEmpty { out += "            \(snippet)\n" }
            out += "            \(r.link)\n\n"
        }
        return out
    }
}
