/// A bag of hashed terms with weights: the raw term frequencies of an item or the summed
/// frequencies of a story's centroid. IDF is applied at comparison time, because document
/// frequencies move with the sliding window.
public struct SparseVector: Sendable, Codable, Hashable {
    var weights: TermTable<Float>

    public init(_ weights: [UInt64: Float] = [:]) {
        self.weights = TermTable(minimumCapacity: weights.count)
        for key in weights.keys.sorted() { self.weights.insert(key, weights[key]!) }
    }

    /// An empty vector with room for `minimumCapacity` terms.
    init(minimumCapacity: Int) {
        weights = TermTable(minimumCapacity: minimumCapacity)
    }

    public var isEmpty: Bool { weights.isEmpty }

    public mutating func add(_ term: UInt64, _ w: Float) { weights[term, default: 0] += w }

    public mutating func add(_ other: SparseVector, scale: Float = 1) {
        other.weights.forEach { t, w in weights[t, default: 0] += w * scale }
    }

    /// Keeps the `limit` heaviest terms once the vector grows past `limit * 3 / 2`.
    public mutating func prune(to limit: Int) {
        guard weights.count > limit * 3 / 2 else { return }
        let kept = weights.entries.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }.prefix(limit)
        var pruned = TermTable<Float>(minimumCapacity: limit)
        for (key, value) in kept { pruned.insert(key, value) }
        weights = pruned
    }
}
