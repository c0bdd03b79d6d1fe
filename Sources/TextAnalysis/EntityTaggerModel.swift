import Foundation

/// The trained weights of the entity tagger: for each feature key, one score per tag. Stored as
/// an open-addressing table so a lookup is a multiply and a probe or two; shipped as a compact
/// binary file in Resources (`entity_tagger.bin`, written by `NERTraining`, format below).
///
/// File format, little-endian: the 8 bytes `FWNER001`, UInt32 tag count, UInt32 feature count,
/// then the feature keys (UInt64 each), then for each feature a Float32 scale and one Int8 per
/// tag (weight = value × scale).
public struct EntityTaggerModel: Sendable, EntityTagScorer {
    let slots: [UInt64]
    let rows: [Int32]
    let weights: [Float]
    let mask: Int
    public let featureCount: Int

    static let magic: [UInt8] = Array("FWNER001".utf8)

    /// A model from (feature key, one weight per tag) pairs.
    public init(features: [(key: UInt64, weights: [Float])]) {
        var size = 16
        while size < features.count * 2 { size *= 2 }
        var slots = [UInt64](repeating: 0, count: size)
        var rows = [Int32](repeating: -1, count: size)
        var weights: [Float] = []
        weights.reserveCapacity(features.count * EntityTag.count)
        var count = 0
        for (key, row) in features where row.count == EntityTag.count {
            let k = key == 0 ? 1 : key
            var slot = Int(truncatingIfNeeded: k) & (size - 1)
            while slots[slot] != 0 && slots[slot] != k { slot = (slot + 1) & (size - 1) }
            guard slots[slot] == 0 else { continue }
            slots[slot] = k
            rows[slot] = Int32(count)
            weights.append(contentsOf: row)
            count += 1
        }
        self.slots = slots
        self.rows = rows
        self.weights = weights
        self.mask = size - 1
        featureCount = count
    }

    /// Adds the weights of every feature to `scores` (one per tag).
    @inlinable
    public func score(_ keys: [UInt64], into scores: inout [Float]) {
        for t in scores.indices { scores[t] = 0 }
        for key in keys { add(key, into: &scores) }
    }

    @usableFromInline
    func add(_ key: UInt64, into scores: inout [Float]) {
        add(key, into: &scores, at: 0)
    }

    /// Adds the weights of one feature to `scores[base..<base + EntityTag.count]`.
    public func add(_ key: UInt64, into scores: inout [Float], at offset: Int) {
        let k = key == 0 ? 1 : key
        var slot = Int(truncatingIfNeeded: k) & mask
        while true {
            let stored = slots[slot]
            if stored == 0 { return }
            if stored == k {
                let base = Int(rows[slot]) * EntityTag.count
                for t in 0..<EntityTag.count { scores[offset + t] += weights[base + t] }
                return
            }
            slot = (slot + 1) & mask
        }
    }

    /// The weights of one feature (training tools and tests).
    public func weights(of key: UInt64) -> [Float]? {
        let k = key == 0 ? 1 : key
        var slot = Int(truncatingIfNeeded: k) & mask
        while slots[slot] != 0 {
            if slots[slot] == k {
                let base = Int(rows[slot]) * EntityTag.count
                return Array(weights[base..<base + EntityTag.count])
            }
            slot = (slot + 1) & mask
        }
        return nil
    }

    // MARK: file format

    /// The model as file bytes, weights quantised to one byte each.
    public func serialized() -> [UInt8] {
        var out = Self.magic
        func put32(_ v: UInt32) { for s in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: v >> UInt32(s))) } }
        func put64(_ v: UInt64) { for s in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: v >> UInt64(s))) } }
        put32(UInt32(EntityTag.count))
        put32(UInt32(featureCount))
        var order: [(row: Int32, key: UInt64)] = []
        for (slot, key) in slots.enumerated() where key != 0 { order.append((rows[slot], key)) }
        order.sort { $0.row < $1.row }
        for entry in order { put64(entry.key) }
        for entry in order {
            let base = Int(entry.row) * EntityTag.count
            let row = weights[base..<base + EntityTag.count]
            let largest = row.reduce(Float(0)) { max($0, abs($1)) }
            let scale = largest > 0 && largest.isFinite ? largest / 127 : 1
            put32(scale.bitPattern)
            for w in row {
                let q = (w / scale).rounded()
                out.append(UInt8(bitPattern: q.isFinite ? Int8(max(-127, min(127, q))) : 0))
            }
        }
        return out
    }

    /// Reads the file format; nil for anything malformed (wrong magic, tag count or length).
    public init?(bytes: [UInt8]) {
        guard bytes.count >= 16, Array(bytes[0..<8]) == Self.magic else { return nil }
        func get32(_ at: Int) -> UInt32 { (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << UInt32($1 * 8) } }
        func get64(_ at: Int) -> UInt64 { (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << UInt64($1 * 8) } }
        let tagCount = Int(get32(8))
        let count = Int(get32(12))
        let rowBytes = 4 + tagCount
        guard tagCount == EntityTag.count, count <= (bytes.count - 16) / (8 + rowBytes),
              bytes.count == 16 + count * (8 + rowBytes) else { return nil }
        var features: [(key: UInt64, weights: [Float])] = []
        features.reserveCapacity(count)
        let weightBase = 16 + count * 8
        for f in 0..<count {
            let key = get64(16 + f * 8)
            let at = weightBase + f * rowBytes
            let scale = Float(bitPattern: get32(at))
            guard scale.isFinite else { return nil }
            var row = [Float](repeating: 0, count: tagCount)
            for t in 0..<tagCount { row[t] = Float(Int8(bitPattern: bytes[at + 4 + t])) * scale }
            features.append((key, row))
        }
        self.init(features: features)
    }

    /// The model shipped in the module's Resources (found by `ResourceLocator`); nil if the file is
    /// missing or damaged.
    public static let bundled: EntityTaggerModel? = {
        guard let url = ResourceLocator.url(forFile: "entity_tagger.bin"),
              let data = try? Data(contentsOf: url) else { return nil }
        return EntityTaggerModel(bytes: [UInt8](data))
    }()
}
