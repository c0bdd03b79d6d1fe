/// Adds up feature weights for the entity tagger: the shipped `EntityTaggerModel` when tagging,
/// the trainer's live weights while training, so both decode with the same code.
public protocol EntityTagScorer {
    /// Adds the weights of feature `key` (one per tag) to `scores[base..<base + EntityTag.count]`.
    func add(_ key: UInt64, into scores: inout [Float], at base: Int)
}

/// The entity tagger's decoder, shared by tagging and training: the best BILOU tag sequence of
/// each sentence by Viterbi search (first-order: every tag is scored with the tag before it),
/// under the rules of names (BILOU order, names inside a sentence, ending on a capitalised word
/// or a number). Sentences are decoded in document order, and each word's type in earlier
/// sentences is a feature of its later uses ("history"). A sentence longer than `maxChunk`
/// tokens is decoded in pieces, so work and memory stay linear in the text.
///
/// The confidence of each tag is its max-marginal margin: how much better the best sequence is
/// than the best one that gives the token another type (or none).
public struct EntitySequenceDecoder {
    public let table: EntityFeatures.Table
    /// Type of the last name each capitalised word was part of, in the sentences decoded so far.
    public private(set) var history: [UInt64: EntityType] = [:]

    public static let maxChunk = 200
    static let tagCount = EntityTag.count
    /// Index of the "start of sentence" row among the previous tags.
    static let startRow = EntityTag.count

    public init(table: EntityFeatures.Table) {
        self.table = table
    }

    /// The pieces the document is decoded in: its sentences, cut every `maxChunk` tokens.
    public func chunks() -> [Range<Int>] {
        var out: [Range<Int>] = []
        var i = 0
        let n = table.count
        while i < n {
            let end = max(i + 1, min(table.sentenceEnd[i], n))
            var lo = i
            while lo < end {
                let hi = min(end, lo + Self.maxChunk)
                out.append(lo..<hi)
                lo = hi
            }
            i = end
        }
        return out
    }

    /// The features of token `i` that do not depend on the tags of its sentence, replacing the
    /// buffer's contents.
    public func tokenFeatures(_ i: Int, into buffer: inout [UInt64]) {
        buffer.removeAll(keepingCapacity: true)
        buffer.append(contentsOf: table.keys[table.offsets[i]..<table.offsets[i + 1]])
        if table.capitalised[i], let type = history[table.word[i]] {
            let code = UInt64(EntityTag.typeIndex(type))
            buffer.append(FeatureHash.combine(EntityFeatures.Template.history.rawValue, code))
            buffer.append(FeatureHash.combine(EntityFeatures.Template.historyShape.rawValue, FeatureHash.fold(code, table.shape[i])))
        }
    }

    /// The features that join token `i` with the tag before it (nil: the token starts its piece).
    public func pairFeatures(_ i: Int, previous: EntityTag?, into buffer: inout [UInt64]) {
        buffer.removeAll(keepingCapacity: true)
        let p: UInt64 = previous.map { UInt64($0.rawValue) } ?? 99
        buffer.append(FeatureHash.combine(EntityFeatures.Template.previousTag.rawValue, p))
        buffer.append(FeatureHash.combine(EntityFeatures.Template.previousTagWord.rawValue, FeatureHash.fold(p, table.lower[i])))
        buffer.append(FeatureHash.combine(EntityFeatures.Template.previousTagShape.rawValue, FeatureHash.fold(p, table.shape[i])))
    }

    /// Whether `tag` may stand at token `i` after `previous` (nil: start of the piece) in a piece
    /// ending at `end`: BILOU order, a name opened only on a word that could end one, continued
    /// only by words that may sit inside one, and closed on a capitalised word or number.
    public func allows(_ tag: EntityTag, at i: Int, after previous: EntityTag?, end: Int) -> Bool {
        tag.canFollow(previous, atSentenceEnd: i + 1 >= end) && tagMask(i, end: end) & (1 << UInt32(tag.rawValue)) != 0
    }

    /// The tags token `i` may carry whatever comes before it, one bit per tag.
    func tagMask(_ i: Int, end: Int) -> UInt32 {
        let canEnd = table.canEndName[i]
        let canOpen = canEnd && i + 1 < end
        let canContinue = table.canContinueName[i] && i + 1 < end
        var mask: UInt32 = 1
        for type in 0..<4 {
            let first = UInt32(1 + type * 4)
            if canOpen { mask |= 1 << (first + UInt32(EntityTag.Position.begin.rawValue)) }
            if canContinue { mask |= 1 << (first + UInt32(EntityTag.Position.inside.rawValue)) }
            if canEnd {
                mask |= 1 << (first + UInt32(EntityTag.Position.last.rawValue))
                mask |= 1 << (first + UInt32(EntityTag.Position.unit.rawValue))
            }
        }
        return mask
    }

    /// Which tag may follow which (row: previous tag, or the start row; column: tag), inside a
    /// piece and at its last token.
    static let follows = transitions(atEnd: false)
    static let followsAtEnd = transitions(atEnd: true)

    static func transitions(atEnd: Bool) -> [Bool] {
        var out = [Bool](repeating: false, count: (tagCount + 1) * tagCount)
        for p in 0...tagCount {
            let previous: EntityTag? = p == startRow ? nil : EntityTag(rawValue: p)
            for t in 0..<tagCount {
                out[p * tagCount + t] = EntityTag(rawValue: t).canFollow(previous, atSentenceEnd: atEnd)
            }
        }
        return out
    }

    /// Scratch space reused across pieces.
    public struct Workspace {
        var emit: [Float] = []
        var pair: [Float] = []
        var alpha: [Float] = []
        var beta: [Float] = []
        var back: [UInt8] = []
        var buffer: [UInt64] = []
        var row = [Float](repeating: 0, count: EntityTag.count)
        public init() {}
    }

    /// The best tag sequence of the piece `range` and each tag's margin, appended to `tags` and
    /// `margins`.
    public func decode<S: EntityTagScorer>(_ range: Range<Int>, scorer: S, workspace w: inout Workspace,
                                           tags: inout [EntityTag], margins: inout [Float]) {
        let n = range.count
        guard n > 0 else { return }
        let T = Self.tagCount
        let P = T + 1
        let lo = range.lowerBound
        let end = range.upperBound
        let negative = -Float.infinity
        if w.emit.count < n * T { w.emit = [Float](repeating: 0, count: n * T) }
        if w.pair.count < n * P * T { w.pair = [Float](repeating: 0, count: n * P * T) }
        if w.alpha.count < n * T {
            w.alpha = [Float](repeating: 0, count: n * T)
            w.beta = [Float](repeating: 0, count: n * T)
            w.back = [UInt8](repeating: 0, count: n * T)
        }
        // Scores of each token's own features.
        for k in 0..<n {
            for t in 0..<T { w.emit[k * T + t] = 0 }
            tokenFeatures(lo + k, into: &w.buffer)
            for key in w.buffer { scorer.add(key, into: &w.emit, at: k * T) }
        }
        // Forward pass. Pair scores are looked up only for previous tags that can be reached,
        // and not at all where they cannot change the outcome (one way in, one tag allowed).
        for k in 0..<n {
            let i = lo + k
            for t in 0..<T { w.alpha[k * T + t] = negative }
            let mask = tagMask(i, end: end)
            let atEnd = i + 1 >= end
            var reachable = 0
            if k == 0 {
                reachable = 1
            } else {
                for p in 0..<T where w.alpha[(k - 1) * T + p] > negative { reachable += 1 }
            }
            let lookUp = mask != 1 || reachable > 1
            for p in 0..<P {
                let reach: Float
                if k == 0 {
                    guard p == Self.startRow else { continue }
                    reach = 0
                } else {
                    guard p < T else { continue }
                    reach = w.alpha[(k - 1) * T + p]
                    guard reach > negative else { continue }
                }
                let base = (k * P + p) * T
                for t in 0..<T { w.pair[base + t] = 0 }
                if lookUp {
                    pairFeatures(i, previous: p == Self.startRow ? nil : EntityTag(rawValue: p), into: &w.buffer)
                    for key in w.buffer { scorer.add(key, into: &w.pair, at: base) }
                }
                let follows = atEnd ? Self.followsAtEnd : Self.follows
                for t in 0..<T {
                    guard mask & (1 << UInt32(t)) != 0, follows[p * T + t] else {
                        w.pair[base + t] = negative
                        continue
                    }
                    let s = reach + w.pair[base + t] + w.emit[k * T + t]
                    if s > w.alpha[k * T + t] {
                        w.alpha[k * T + t] = s
                        w.back[k * T + t] = UInt8(p)
                    }
                }
            }
        }
        // Backward pass (best completion after each tag), for the margins.
        for t in 0..<T { w.beta[(n - 1) * T + t] = 0 }
        if n > 1 {
            for k in stride(from: n - 2, through: 0, by: -1) {
                for p in 0..<T {
                    var best = negative
                    if w.alpha[k * T + p] > negative {
                        let base = ((k + 1) * P + p) * T
                        for t in 0..<T where w.alpha[(k + 1) * T + t] > negative {
                            let s = w.pair[base + t] + w.emit[(k + 1) * T + t] + w.beta[(k + 1) * T + t]
                            if s > best { best = s }
                        }
                    }
                    w.beta[k * T + p] = best
                }
            }
        }
        // The best last tag, then back along the pointers.
        var last = 0
        var bestEnd = negative
        for t in 0..<T where w.alpha[(n - 1) * T + t] > bestEnd {
            bestEnd = w.alpha[(n - 1) * T + t]
            last = t
        }
        var chosen = [Int](repeating: 0, count: n)
        chosen[n - 1] = last
        if n > 1 {
            for k in stride(from: n - 1, to: 0, by: -1) {
                let p = Int(w.back[k * T + chosen[k]])
                chosen[k - 1] = p < T ? p : 0
            }
        }
        for k in 0..<n {
            let tag = EntityTag(rawValue: chosen[k])
            let best = w.alpha[k * T + chosen[k]] + w.beta[k * T + chosen[k]]
            var rival = negative
            for t in 0..<T where EntityTag(rawValue: t).type != tag.type {
                rival = max(rival, w.alpha[k * T + t] + w.beta[k * T + t])
            }
            tags.append(tag)
            margins.append(rival == negative || !best.isFinite ? .infinity : best - rival)
        }
    }

    /// Records the tags of a decoded piece, so later sentences see each word's type.
    public mutating func remember(_ range: Range<Int>, tags: [EntityTag]) {
        for i in range where i < tags.count {
            let tag = tags[i]
            guard let type = tag.type, tag.position == .last || tag.position == .unit else { continue }
            var k = i
            while k >= range.lowerBound {
                if table.capitalised[k] { history[table.word[k]] = type }
                if tags[k].position == .begin || tags[k].position == .unit { break }
                k -= 1
            }
        }
    }

    /// Tags the whole document: each piece decoded, then remembered for the next.
    public mutating func tagAll<S: EntityTagScorer>(scorer: S) -> (tags: [EntityTag], margins: [Float]) {
        var tags: [EntityTag] = []
        var margins: [Float] = []
        tags.reserveCapacity(table.count)
        margins.reserveCapacity(table.count)
        var workspace = Workspace()
        for range in chunks() {
            decode(range, scorer: scorer, workspace: &workspace, tags: &tags, margins: &margins)
            remember(range, tags: tags)
        }
        return (tags, margins)
    }
}
