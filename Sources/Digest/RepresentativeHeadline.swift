import Foundation

/// Chooses the headline a story is shown under: the most representative one from an original
/// report.
///
/// Copies — a re-poll of the same article, a wire copy, a syndicator's or aggregator's reprint —
/// are not candidates while any original report has a headline: a copy's headline is somebody
/// else's, often cut or re-styled. Among the originals the one whose words are closest to all the
/// story's other headlines (copies included: a headline carried by many outlets is what readers
/// saw) wins; ties go to the earliest report, then to the earliest listed.
public enum RepresentativeHeadline {
    public struct Candidate: Sendable, Equatable {
        public var title: String
        /// The entry repeats an article already seen (same URL, GUID or title, or a body copy).
        public var isCopy: Bool
        public var published: Date?

        public init(title: String, isCopy: Bool, published: Date?) {
            self.title = title
            self.isCopy = isCopy
            self.published = published
        }
    }

    /// Candidates beyond this many are not compared (the work is quadratic in them).
    static let maxCandidates = 64

    /// The index of the chosen candidate; nil when none has a headline.
    public static func choose(_ candidates: [Candidate]) -> Int? {
        let considered = Array(candidates.prefix(maxCandidates))
        let words = considered.map { wordSet($0.title) }
        let titled = considered.indices.filter { !words[$0].isEmpty }
        guard !titled.isEmpty else { return nil }
        let originals = titled.filter { !considered[$0].isCopy }
        let pool = originals.isEmpty ? titled : originals
        var best: (index: Int, score: Double)?
        for i in pool {
            var total = 0.0
            for j in titled where j != i { total += similarity(words[i], words[j]) }
            let score = titled.count > 1 ? total / Double(titled.count - 1) : 0
            guard let current = best else { best = (i, score); continue }
            if score > current.score + 1e-9 || (abs(score - current.score) <= 1e-9 && earlier(considered[i], considered[current.index])) {
                best = (i, score)
            }
        }
        return best?.index
    }

    /// Earlier published first; an undated report after any dated one.
    private static func earlier(_ a: Candidate, _ b: Candidate) -> Bool {
        switch (a.published, b.published) {
        case let (x?, y?): return x < y
        case (_?, nil): return true
        default: return false
        }
    }

    /// Dice overlap of two word sets.
    static func similarity(_ a: Set<String>, _ b: Set<String>) -> Double {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        return 2 * Double(a.intersection(b).count) / Double(a.count + b.count)
    }

    /// The headline's content words, stemmed ("dockers" meets "docker"); short words left out.
    static func wordSet(_ title: String) -> Set<String> {
        var set = Set<String>()
        for word in title.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }) where word.count > 2 {
            if FactGrouping.isFunction(String(word)) { continue }
            set.insert(FactGrouping.stem(String(word)))
        }
        return set
    }
}
