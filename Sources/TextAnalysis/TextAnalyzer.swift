/// Everything the digest wants from one article: entities, quotes with speakers, figures and a
/// short extractive summary.
public struct ArticleAnalysis: Sendable, Equatable {
    public var entities: [Entity]
    public var quotes: [Quote]
    public var figures: [Figure]
    /// Two or three key sentences, in document order.
    public var keySentences: [String]

    /// The entities whose type the tagger is sure of: what a reader's list of names shows.
    public var confidentEntities: [Entity] { entities.filter(\.isConfident) }
}

/// Runs every stage of the analysis on one plain-text article. Pure: text in, values out.
public struct TextAnalyzer: Sendable {
    public let recognizer: EntityRecognizer
    public let quoteFinder = QuoteFinder()

    public init(lexicons: Lexicons = .bundled) {
        recognizer = EntityRecognizer(lexicons: lexicons)
    }

    public func analyze(_ text: String) -> ArticleAnalysis {
        let doc = AnalyzedText(text)
        let entities = recognizer.entities(in: doc)
        let quotes = quoteFinder.quotes(in: doc, entities: entities)
        let figures = FigureFinder.figures(in: doc)
        let summary = KeySentences.summarize(doc, entities: entities, figures: figures)
        return ArticleAnalysis(entities: entities, quotes: quotes, figures: figures, keySentences: summary)
    }
}
