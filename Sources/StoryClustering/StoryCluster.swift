/// One open story: its centroids, members and outlets.
///
/// Centroids hold summed raw term frequencies (IDF is applied when comparing); the headline
/// and entity centroids are kept apart from the body centroid because they are compared
/// with different thresholds.
struct StoryCluster: Sendable, Codable {
    struct Member: Sendable, Codable {
        var itemID: String
        var source: String
        var title: String
        var titleTerms: [UInt64]
        /// Repeats an earlier member (re-poll, wire copy, summary): not a primary write-up.
        var isCopy: Bool
        var truncated: Bool
        var time: Double
    }

    var serial: Int64
    var id: String
    var firstTime: Double
    var lastTime: Double
    var count: Int = 0
    /// Members that are not copies of another member.
    var primaryCount: Int = 0
    var title = SparseVector()
    /// Headlines added to `title`.
    var titleCount: Int = 0
    var body = SparseVector()
    var bodyMembers: Int = 0
    var entities = SparseVector()
    /// Figures of the members (`FigureKey` hashes), counted like names.
    var figures = SparseVector()
    var names: [UInt64: String] = [:]
    var outlets: [String: Int] = [:]
    var members: [Member] = []
    var developingFrom: String?
    /// Set when this story was found to be a split-off half of a larger open story: it keeps
    /// its id (items already given it stay valid) but stops growing, and what would join it
    /// joins that story instead. Optional so that state saved before it decodes.
    var mergedInto: Int64?
    /// Per other open story: how many of this story's items also scored high on it (the
    /// evidence for a merge). Optional so that state saved before it decodes.
    var alsoMatched: [Int64: Int]?

    // Cached IDF-weighted norms; recomputed when the centroid has grown enough or aged.
    var titleNorm: Float = 0
    var bodyNorm: Float = 0
    var normCount: Int = -1
    var normTime: Double = -Double.greatestFiniteMagnitude

    static let maxStoredMembers = 300
    static let maxCentroidTerms = 400

    init(serial: Int64, id: String, time: Double) {
        self.serial = serial
        self.id = id
        self.firstTime = time
        self.lastTime = time
    }

    mutating func refreshNorms(_ terms: TermWindow, now: Double) {
        let grown = normCount < 0 || count >= normCount + max(1, normCount / 16)
        guard grown || now - normTime > 6 * 3600 else { return }
        titleNorm = StoryCluster.norm(title, terms)
        bodyNorm = StoryCluster.norm(body, terms)
        normCount = count
        normTime = now
    }

    static func norm(_ v: SparseVector, _ terms: TermWindow) -> Float {
        var s: Float = 0
        v.weights.forEach { t, w in let x = w * terms.idf(t); s += x * x }
        return s.squareRoot()
    }

    /// The distinct outlets counted once each, from normalised source names.
    var outletCount: Int { outlets.count }

    /// The most representative headline: closest to the headline centroid, preferring a
    /// primary write-up over copies and a complete headline over a truncated one.
    func headline(_ terms: TermWindow) -> String {
        guard !members.isEmpty else { return "" }
        let norm = max(StoryCluster.norm(title, terms), 1e-6)
        var best: (score: Float, title: String) = (-.infinity, members[0].title)
        for m in members where !m.title.isEmpty {
            var dot: Float = 0, q: Float = 0
            for t in m.titleTerms {
                let idf = terms.idf(t)
                q += idf * idf
                dot += idf * idf * (title.weights[t] ?? 0)
            }
            var score = q > 0 ? dot / (q.squareRoot() * norm) : 0
            if m.isCopy { score -= 0.15 }
            if m.truncated { score -= 0.2 }
            let letters = m.title.unicodeScalars.filter { $0.properties.isAlphabetic }
            if letters.count > 8 && letters.allSatisfy({ $0.properties.isUppercase }) { score -= 0.1 }
            if score > best.score { best = (score, m.title) }
        }
        return best.title
    }
}
