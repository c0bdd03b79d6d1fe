import Foundation
import TextAnalysis

/// What the digest needs from TextAnalysis for one entry, stored as JSON beside the entry.
///
/// The full analysis has offsets and every mention; the digest wants the distinct names by kind,
/// the quotes that have a speaker first, the figures, and the key sentences for the summary.
public struct AnalysisRecord: Codable, Sendable, Equatable {
    public var people: [String]
    public var organizations: [String]
    public var places: [String]
    public var quotes: [QuoteRecord]
    public var figures: [FigureRecord]
    public var keySentences: [String]

    /// No names, quotes or figures: what a quarantined entry gets, so it is not analysed again.
    public static let empty = AnalysisRecord(people: [], organizations: [], places: [], quotes: [], figures: [], keySentences: [])

    public struct QuoteRecord: Codable, Sendable, Equatable {
        public var text: String
        public var speaker: String?
    }

    public struct FigureRecord: Codable, Sendable, Equatable {
        public var text: String
        public var context: String
    }

    public init(people: [String], organizations: [String], places: [String], quotes: [QuoteRecord],
                figures: [FigureRecord], keySentences: [String]) {
        self.people = people
        self.organizations = organizations
        self.places = places
        self.quotes = quotes
        self.figures = figures
        self.keySentences = keySentences
    }

    public init(_ analysis: ArticleAnalysis, limit: Int = 8) {
        func names(_ type: EntityType) -> [String] {
            var counts: [String: Int] = [:]
            var order: [String] = []
            for e in analysis.confidentEntities where e.type == type {
                if counts[e.text] == nil { order.append(e.text) }
                counts[e.text, default: 0] += 1
            }
            // Drop a bare surname when the full name is also there ("Kovacs" beside "Anna Kovacs").
            let kept = order.filter { name in !order.contains { $0 != name && $0.hasSuffix(" " + name) } }
            return Array(kept.sorted { (counts[$0]!, -order.firstIndex(of: $0)!) > (counts[$1]!, -order.firstIndex(of: $1)!) }.prefix(limit))
        }
        people = names(.person)
        organizations = names(.organization)
        places = names(.location)
        let attributed = analysis.quotes.filter { $0.speaker != nil } + analysis.quotes.filter { $0.speaker == nil }
        quotes = attributed.prefix(4).map { QuoteRecord(text: $0.text, speaker: $0.speaker) }
        figures = analysis.figures.prefix(12).map { FigureRecord(text: $0.text, context: $0.context) }
        keySentences = analysis.keySentences
    }

    public func json() -> String { StoredJSON.text(self) }

    public static func decode(_ json: String?) -> AnalysisRecord? {
        guard let json else { return nil }
        return try? JSONDecoder().decode(AnalysisRecord.self, from: Data(json.utf8))
    }
}
