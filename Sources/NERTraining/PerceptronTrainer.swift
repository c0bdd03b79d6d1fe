import TextAnalysis

/// Trains the entity tagger's averaged perceptron: the same greedy left-to-right walk as
/// tagging (`EntityTagWalk`), and on every wrong tag the gold tag's weights go up and the
/// predicted one's down for that token's features. Weights are averaged over every step
/// (lazily, with time stamps), which is what makes a perceptron generalise.
struct PerceptronTrainer {
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
        var scores = [Float](repeating: 0, count: EntityTag.count)
        for _ in 0..<epochs {
            order.shuffle(using: &rng)
            for d in order {
                let document = documents[d]
                var walk = EntityTagWalk(table: document.table)
                while !walk.isFinished {
                    walk.features(into: &buffer)
                    score(buffer, into: &scores)
                    let predicted = walk.choose(scores).tag
                    let gold = document.tags[walk.index]
                    if predicted != gold {
                        update(buffer, gold: gold, predicted: predicted)
                        mistakes += 1
                    }
                    steps += 1
                    clock += 1
                    // The history is the tagger's own (as when tagging), or the gold tags when asked.
                    walk.commit(followGold && walk.allows(gold) ? gold : predicted)
                }
            }
        }
    }

    func score(_ keys: [UInt64], into scores: inout [Float]) {
        for t in scores.indices { scores[t] = 0 }
        for key in keys {
            guard let row = rows[key] else { continue }
            let base = row * EntityTag.count
            for t in 0..<EntityTag.count { scores[t] += weights[base + t] }
        }
    }

    private mutating func update(_ keys: [UInt64], gold: EntityTag, predicted: EntityTag) {
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
            bump(base + gold.rawValue, by: 1)
            bump(base + predicted.rawValue, by: -1)
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
