import TextAnalysis

/// Trains the entity tagger's averaged perceptron as a structured perceptron: each sentence is
/// decoded exactly as when tagging (`EntitySequenceDecoder`, Viterbi search), and when the best
/// sequence differs from the gold one, the gold sequence's features (token and tag-pair) go up
/// for their gold tags and the predicted sequence's go down. Weights are averaged over every
/// step (lazily, with time stamps), which is what makes a perceptron generalise.
struct PerceptronTrainer: EntityTagScorer {
    private var rows: [UInt64: Int] = [:]
    private var weights: [Float] = []
    private var totals: [Double] = []
    private var stamps: [Int] = []
    private var clock = 1
    private(set) var mistakes = 0
    private(set) var steps = 0

    mutating func train(_ documents: [GoldDocument], epochs: Int, seed: UInt64, followGold: Bool) {
        var order = Array(documents.indices)
        var rng = SplitMix64(seed: seed)
        var buffer: [UInt64] = []
        var workspace = EntitySequenceDecoder.Workspace()
        for _ in 0..<epochs {
            order.shuffle(using: &rng)
            for d in order {
                let document = documents[d]
                var decoder = EntitySequenceDecoder(table: document.table)
                var predicted: [EntityTag] = []
                var margins: [Float] = []
                predicted.reserveCapacity(document.tags.count)
                for range in decoder.chunks() {
                    decoder.decode(range, scorer: self, workspace: &workspace, tags: &predicted, margins: &margins)
                    var wrong = false
                    for i in range where predicted[i] != document.tags[i] {
                        wrong = true
                        mistakes += 1
                    }
                    steps += range.count
                    if wrong {
                        for i in range {
                            let gold = document.tags[i]
                            let guess = predicted[i]
                            let goldPrevious: EntityTag? = i > range.lowerBound ? document.tags[i - 1] : nil
                            let guessPrevious: EntityTag? = i > range.lowerBound ? predicted[i - 1] : nil
                            if gold != guess {
                                decoder.tokenFeatures(i, into: &buffer)
                                update(buffer, tag: gold, by: 1)
                                update(buffer, tag: guess, by: -1)
                            }
                            if gold != guess || goldPrevious != guessPrevious {
                                decoder.pairFeatures(i, previous: goldPrevious, into: &buffer)
                                update(buffer, tag: gold, by: 1)
                                decoder.pairFeatures(i, previous: guessPrevious, into: &buffer)
                                update(buffer, tag: guess, by: -1)
                            }
                        }
                    }
                    clock += 1
                    // Later sentences see the gold types (or the tagger's own, when asked).
                    if followGold {
                        decoder.remember(range, tags: document.tags)
                    } else {
                        decoder.remember(range, tags: predicted)
                    }
                }
            }
        }
    }

    func add(_ key: UInt64, into scores: inout [Float], at offset: Int) {
        guard let row = rows[key] else { return }
        let base = row * EntityTag.count
        for t in 0..<EntityTag.count { scores[offset + t] += weights[base + t] }
    }

    private mutating func update(_ keys: [UInt64], tag: EntityTag, by delta: Float) {
        for key in keys {
            let base: Int
            if let row = rows[key] {
                base = row * EntityTag.count
            } else {
                base = weights.count
                rows[key] = base / EntityTag.count
                weights.append(contentsOf: repeatElement(0, count: EntityTag.count))
                totals.append(contentsOf: repeatElement(0, count: EntityTag.count))
                stamps.append(contentsOf: repeatElement(clock, count: EntityTag.count))
            }
            bump(base + tag.rawValue, by: delta)
        }
    }

    private mutating func bump(_ j: Int, by delta: Float) {
        totals[j] += Double(clock - stamps[j]) * Double(weights[j])
        stamps[j] = clock
        weights[j] += delta
    }

    /// The averaged weights, without features whose every weight is below `prune` in size.
    func averaged(prune: Float) -> [(key: UInt64, weights: [Float])] {
        var out: [(key: UInt64, weights: [Float])] = []
        for (key, row) in rows {
            let base = row * EntityTag.count
            var averaged = [Float](repeating: 0, count: EntityTag.count)
            var largest: Float = 0
            for t in 0..<EntityTag.count {
                let j = base + t
                let total = totals[j] + Double(clock - stamps[j]) * Double(weights[j])
                averaged[t] = Float(total / Double(clock))
                largest = max(largest, abs(averaged[t]))
            }
            if largest >= prune { out.append((key, averaged)) }
        }
        out.sort { $0.key < $1.key }
        return out
    }
}

/// A small seeded generator, so that a training run can be repeated exactly.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
