/// Extractive summaries: the sentences that best stand for an article (by position, centrality
/// and density of names and figures) and for a story told by several articles (the most central
/// sentences across sources, without near-repeats).
public enum KeySentences {
    static let stopwords: Set<String> = [
        "the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by", "from", "as",
        "is", "was", "are", "were", "be", "been", "has", "have", "had", "it", "its", "this", "that", "these",
        "those", "he", "she", "they", "we", "i", "you", "his", "her", "their", "our", "said", "says", "will",
        "would", "could", "not", "no", "after", "before", "more", "than", "about", "who", "which", "what",
        "when", "also", "up", "out", "into", "over", "there", "so", "if", "can", "may", "one", "all",
    ]

    /// Content-word counts of a text (lower-cased words, stopwords dropped).
    static func bag(_ tokens: ArraySlice<Token>) -> [String: Double] {
        var out: [String: Double] = [:]
        for t in tokens where t.kind == .word || t.kind == .number {
            let w = t.text.lowercased()
            if w.count < 2 || stopwords.contains(w) { continue }
            out[w, default: 0] += 1
        }
        return out
    }

    static func cosine(_ a: [String: Double], _ b: [String: Double]) -> Double {
        var dot = 0.0
        for (k, v) in a { if let w = b[k] { dot += v * w } }
        let na = a.values.reduce(0) { $0 + $1 * $1 }
        let nb = b.values.reduce(0) { $0 + $1 * $1 }
        guard na > 0, nb > 0 else { return 0 }
        return dot / (na.squareRoot() * nb.squareRoot())
    }

    /// Word-set overlap (Jaccard) used to reject near-repeats.
    static func overlap(_ a: [String: Double], _ b: [String: Double]) -> Double {
        let ka = Set(a.keys), kb = Set(b.keys)
        let u = ka.union(kb).count
        return u == 0 ? 0 : Double(ka.intersection(kb).count) / Double(u)
    }

    /// The `count` best sentences of one article, in document order.
    public static func summarize(_ doc: AnalyzedText, entities: [Entity], figures: [Figure], count: Int = 3) -> [String] {
        let candidates = doc.sentences.enumerated().filter { _, s in
            let words = doc.tokens[s.tokenRange].filter { $0.kind == .word }.count
            return words >= 6 && words <= 60 && isProse(doc.tokens[s.tokenRange])
        }
        guard !candidates.isEmpty else { return [] }
        let bags = candidates.map { bag(doc.tokens[$0.element.tokenRange]) }
        var centroid: [String: Double] = [:]
        for b in bags { for (k, v) in b { centroid[k, default: 0] += v } }
        // entities and figures per sentence in one pass (both lists are in document order)
        let entityStarts = entities.map(\.start).sorted()
        let figureStarts = figures.map(\.start).sorted()
        func occurrences(_ starts: [Int], in s: Sentence) -> Int {
            lowerBound(starts, s.end) - lowerBound(starts, s.start)
        }
        var scores: [Double] = []
        for (n, (_, s)) in candidates.enumerated() {
            let central = cosine(bags[n], centroid)
            let position = 1.0 / (1.0 + Double(n))
            let ents = occurrences(entityStarts, in: s)
            let figs = occurrences(figureStarts, in: s)
            let words = Double(max(1, bags[n].count))
            let density = min(1.0, Double(ents + 2 * figs) / words * 2)
            scores.append(0.45 * central + 0.35 * position + 0.2 * density)
        }
        var chosen: [Int] = []
        for n in scores.indices.sorted(by: { scores[$0] > scores[$1] }) {
            if chosen.count >= count { break }
            if chosen.contains(where: { overlap(bags[$0], bags[n]) > 0.5 }) { continue }
            chosen.append(n)
        }
        return chosen.sorted().map { doc.text(of: candidates[$0].element) }
    }

    /// A sentence of running text, not a headline, caption or label: it ends with a full stop,
    /// question or exclamation mark (possibly inside a closing quote).
    static func isProse(_ tokens: ArraySlice<Token>) -> Bool {
        for t in tokens.reversed() {
            if t.kind == .quote || t.text == ")" || t.text == "\u{2019}" { continue }
            return [".", "!", "?", "\u{2026}"].contains(t.text)
        }
        return false
    }

    /// Index of the first element >= value in a sorted array.
    static func lowerBound(_ a: [Int], _ value: Int) -> Int {
        var lo = 0, hi = a.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if a[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The `count` most central sentences of a story across its articles, no near-repeats;
    /// earlier sentences of each article get a small bonus.
    public static func summarizeStory(_ articles: [String], count: Int = 3) -> [String] {
        var sentences: [(text: String, bag: [String: Double], position: Int)] = []
        for a in articles {
            let doc = AnalyzedText(a)
            var position = 0
            for s in doc.sentences {
                let words = doc.tokens[s.tokenRange].filter { $0.kind == .word }.count
                guard words >= 6 && words <= 60 && isProse(doc.tokens[s.tokenRange]) else { continue }
                sentences.append((doc.text(of: s), bag(doc.tokens[s.tokenRange]), position))
                position += 1
            }
        }
        guard !sentences.isEmpty else { return [] }
        var centroid: [String: Double] = [:]
        for s in sentences { for (k, v) in s.bag { centroid[k, default: 0] += v } }
        let scores = sentences.map { 0.75 * cosine($0.bag, centroid) + 0.25 / (1.0 + Double($0.position)) }
        var chosen: [Int] = []
        for n in scores.indices.sorted(by: { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }) {
            if chosen.count >= count { break }
            if chosen.contains(where: { overlap(sentences[$0].bag, sentences[n].bag) > 0.5 }) { continue }
            chosen.append(n)
        }
        return chosen.map { sentences[$0].text }
    }
}
