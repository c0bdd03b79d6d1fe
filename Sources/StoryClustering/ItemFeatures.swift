#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything the three layers need from one item, computed once when it arrives
/// (see `PreparedItem` for which part waits for the clusterer).
struct ItemFeatures: Sendable {
    var url: String?
    var guid: String?
    var outlet: String
    var cleanedTitle: String
    var truncated: Bool
    /// Exact-title key, only for headlines specific enough to identify an article.
    var titleKey: String?
    /// Distinct content words of the headline (hashes) and their texts, in order.
    var titleTerms: [UInt64] = []
    var titleWords: [String] = []
    /// Capitalised words seen mid-sentence: the cheap stand-in for named entities.
    var entities: [(UInt64, String)] = []
    /// The headline's own names, which the body's are added to.
    var titleEntities: [(UInt64, String)] = []
    /// Figures of the headline and lead: (`FigureKey` hash, display form).
    var figures: [(UInt64, String)] = []
    var titleFigures: [(UInt64, String)] = []
    var bodyVector = SparseVector()
    var hasBody = false
    var fingerprint: BodyFingerprint
    /// The headline's own shingles, to find the article whose lead it was cut from.
    var titleFingerprint: BodyFingerprint
    var lineKeys: [BoilerplateFilter.LineKey]
    var retrievalTerms: [UInt64] = []
    /// The source is an aggregator or portal that republishes others' articles.
    var isAggregator: Bool

    /// The features of `item`'s headline, URL and source; `setBody` adds the body's.
    init(headlineOf item: NewsItem) {
        url = CanonicalURL.key(item.url)
        if let g = item.guid?.trimmingWhitespace(), !g.isEmpty, g != item.url { guid = g }
        let outletKey = ItemFeatures.outletKey(item.source, url: item.url)
        outlet = outletKey
        isAggregator = ItemFeatures.aggregatorMarks.contains { outletKey.utf8Range(of: $0, last: false) != nil }
        cleanedTitle = HeadlineNormalizer.cleanedTitle(item.title)
        let raw = item.title.trimmingWhitespace()
        truncated = raw.hasSuffix("...") || raw.hasSuffix("\u{2026}")

        let titleTokens = NewsTokenizer.tokens(cleanedTitle)
        titleFingerprint = BodyFingerprint(hashes: titleTokens.map { TermHash.of($0.text) })
        let contentTitle = titleTokens.filter { NewsTokenizer.isContent($0.text) }
        if contentTitle.count >= 4 && !truncated { titleKey = titleTokens.map(\.text).joined(separator: " ") }
        // Headlines are short: a scan of the words so far beats hashing into a set, which is
        // kept for the odd (or hostile) headline of many words.
        let longTitle = contentTitle.count > 32
        var seen = Set<UInt64>()
        for tok in contentTitle {
            let h = TermHash.of(tok.text)
            if longTitle ? seen.insert(h).inserted : !titleTerms.contains(h) { titleTerms.append(h); titleWords.append(tok.text) }
        }
        seen.removeAll()
        // Headline entities only from sentence-case headlines; title case capitalises everything.
        let capitalised = contentTitle.filter(\.capitalised).count
        if !contentTitle.isEmpty && Double(capitalised) <= 0.5 * Double(contentTitle.count) {
            for tok in contentTitle where tok.capitalised && !tok.sentenceInitial && !Stopwords.calendar.contains(tok.text) {
                let h = TermHash.of(tok.text)
                if longTitle ? seen.insert(h).inserted : !entities.contains(where: { $0.0 == h }) {
                    entities.append((h, ItemFeatures.display(tok.text)))
                }
            }
        }
        titleEntities = entities
        titleFigures = BodyLines.scan(Substring(cleanedTitle)).figures.map { ($0.key, $0.display) }
        figures = titleFigures
        fingerprint = BodyFingerprint(hashes: [])
        lineKeys = []
        retrievalTerms = titleTerms
    }

    /// Sets what comes from the body: its names, fingerprint and vector.
    mutating func setBody(_ body: BodyLines.Tokens, configuration c: ClusteringConfiguration) {
        entities = body.entities
        figures = titleFigures
        for figure in body.figures where figures.count < BodyLines.maxFigures
            && !figures.contains(where: { $0.0 == figure.0 }) {
            figures.append(figure)
        }
        fingerprint = BodyFingerprint(hashes: body.words)
        hasBody = body.lead.count >= 8
        bodyVector = SparseVector()
        if hasBody {
            // Sublinear term frequency: a table repeating "cts" six times is not six times as cts.
            var counts = TermTable<Int>(minimumCapacity: body.lead.count)
            for w in body.lead { counts[w, default: 0] += 1 }
            bodyVector = SparseVector(minimumCapacity: titleTerms.count + counts.count)
            for t in titleTerms { bodyVector.add(t, Float(c.titleWeightInBody)) }
            counts.forEach { t, n in bodyVector.add(t, 1 + logf(Float(n))) }
        }
        retrievalTerms = titleTerms
        for (h, _) in entities.prefix(8) where !titleTerms.contains(h) { retrievalTerms.append(h) }
    }

    /// Words in an outlet key that mark a republisher rather than a newsroom.
    static let aggregatorMarks = ["yahoo", "msn", "googlenews", "newsnow", "aol", "flipboard", "newsbreak",
                                  "smartnews", "feedly", "inoreader", "digest", "aggregat", "newsfeed"]

    static func display(_ word: String) -> String {
        guard let f = word.first else { return word }
        return f.uppercased() + word.dropFirst()
    }

    /// One key per outlet: the source name without qualifiers such as "(subscription)",
    /// or the URL's host when the item has no source name.
    static func outletKey(_ source: String, url: String) -> String {
        if source.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII fast path: lower-case letters and digits up to a parenthesis.
            var kept: [UInt8] = []
            for b in source.utf8 {
                if b == UInt8(ascii: "(") && !kept.isEmpty { break }
                if b >= 65 && b <= 90 { kept.append(b + 32) }
                else if (b >= 97 && b <= 122) || (b >= 48 && b <= 57) { kept.append(b) }
            }
            if !kept.isEmpty { return String(decoding: kept, as: UTF8.self) }
            return CanonicalURL.host(url) ?? ""
        }
        var name = source.lowercased()
        if let paren = name.firstIndex(of: "("), paren > name.startIndex { name = String(name[..<paren]) }
        let kept = name.unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }
        let key = String(String.UnicodeScalarView(kept))
        if !key.isEmpty { return key }
        return CanonicalURL.host(url) ?? ""
    }
}
