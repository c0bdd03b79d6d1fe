import Foundation

/// The trained weights of the entity tagger: for each feature key, one score per tag. Looking
/// weights up is most of the tagger's time, and almost all of it is waiting for memory, so the
/// table is laid out for the cache: an open-addressing array of 32-bit key fingerprints to probe
/// (a quarter of a megabyte for the shipped model), and each feature's quantised row (a scale and one byte per tag, as the
/// shipped file holds them) stored at its slot, so a hit reads two places and a miss one. Shipped
/// as a compact binary file in Resources (`entity_tagger.bin`, written by `NERTraining`, format
/// below).
///
/// File format, little-endian: the 8 bytes `FWNER001`, UInt32 tag count, UInt32 feature count,
/// then the feature keys (UInt64 each), then for each feature a Float32 scale and one Int8 per
/// tag (weight = value × scale).
public struct EntityTaggerModel: Sendable, EntityTagScorer {
    /// Per slot: the key's high 32 bits (never 0), or 0 for an empty slot.
    let fingerprints: [UInt32]
    /// Per slot, `Self.rowWords` words: bytes 0–3 the row's scale (Float32 bits), then one Int8
    /// weight per tag.
    let rows: [UInt64]
    /// Per slot, the full key (file writing and `weights(of:)`; never read while tagging).
    let keys: [UInt64]
    let mask: Int
    public let featureCount: Int

    static let magic: [UInt8] = Array("FWNER001".utf8)
    static let rowWords = (4 + EntityTag.count + 7) / 8

    /// The fingerprint a key is probed by: its high half, which the slot index (its low bits)
    /// does not already say; 0 marks an empty slot, so it becomes 1.
    @inline(__always)
    static func fingerprint(_ key: UInt64) -> UInt32 {
        let f = UInt32(truncatingIfNeeded: key >> 32)
        return f == 0 ? 1 : f
    }

    /// One weight row quantised as the file stores it: the largest magnitude maps to ±127.
    static func quantised(_ row: [Float]) -> (scale: Float, values: [Int8]) {
        let largest = row.reduce(Float(0)) { max($0, abs($1)) }
        let scale = largest > 0 && largest.isFinite ? largest / 127 : 1
        return (scale, row.map { w in
            let q = (w / scale).rounded()
            return q.isFinite ? Int8(max(-127, min(127, q))) : 0
        })
    }

    /// A model from (feature key, one weight per tag) pairs; weights are quantised to one byte
    /// each, exactly as `serialized()` writes them, so a model and its file tag alike.
    public init(features: [(key: UInt64, weights: [Float])]) {
        self.init(quantisedFeatures: features.lazy.filter { $0.weights.count == EntityTag.count }.map { feature in
            let q = Self.quantised(feature.weights)
            return (feature.key, q.scale, q.values)
        })
    }

    init<S: Sequence>(quantisedFeatures features: S) where S.Element == (UInt64, Float, [Int8]) {
        let all = Array(features)
        var size = 16
        while size * 3 < all.count * 4 { size *= 2 }
        var fingerprints = [UInt32](repeating: 0, count: size)
        var keys = [UInt64](repeating: 0, count: size)
        var rows = [UInt64](repeating: 0, count: size * Self.rowWords)
        var count = 0
        for (key, scale, values) in all where values.count == EntityTag.count {
            var slot = Int(truncatingIfNeeded: key) & (size - 1)
            while fingerprints[slot] != 0 && keys[slot] != key { slot = (slot + 1) & (size - 1) }
            guard fingerprints[slot] == 0 else { continue }
            fingerprints[slot] = Self.fingerprint(key)
            keys[slot] = key
            var bytes = [UInt8](repeating: 0, count: Self.rowWords * 8)
            let bits = scale.bitPattern
            for k in 0..<4 { bytes[k] = UInt8(truncatingIfNeeded: bits >> UInt32(k * 8)) }
            for (t, v) in values.enumerated() { bytes[4 + t] = UInt8(bitPattern: v) }
            for w in 0..<Self.rowWords {
                var word: UInt64 = 0
                for k in 0..<8 { word |= UInt64(bytes[w * 8 + k]) << UInt64(k * 8) }
                rows[slot * Self.rowWords + w] = word
            }
            count += 1
        }
        self.fingerprints = fingerprints
        self.keys = keys
        self.rows = rows
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

    /// The slot holding `key`, or nil. Probes compare fingerprints only, so a key the model does
    /// not hold is taken for one it does when it meets a stored key with the same high 32 bits
    /// on its probe chain: a few lookups in a billion, each adding one feature's weights, noise
    /// of the kind the tagger's hashed features already accept.
    @inline(__always)
    func slot(of key: UInt64) -> Int? {
        let f = Self.fingerprint(key)
        var slot = Int(truncatingIfNeeded: key) & mask
        while true {
            let stored = fingerprints[slot]
            if stored == 0 { return nil }
            if stored == f { return slot }
            slot = (slot + 1) & mask
        }
    }

    /// Adds the weights of one feature to `scores[base..<base + EntityTag.count]`.
    public func add(_ key: UInt64, into scores: inout [Float], at offset: Int) {
        guard let slot = slot(of: key) else { return }
        let base = slot * Self.rowWords
        let first = rows[base]
        let scale = Float(bitPattern: UInt32(truncatingIfNeeded: first))
        var word = first >> 32
        var left = 4
        var w = base
        for t in 0..<EntityTag.count {
            if left == 0 {
                w += 1
                word = rows[w]
                left = 8
            }
            scores[offset + t] += Float(Int8(truncatingIfNeeded: word)) * scale
            word >>= 8
            left -= 1
        }
    }

    /// The quantised row at `slot`: its scale and one value per tag.
    func row(at slot: Int) -> (scale: Float, values: [Int8]) {
        let base = slot * Self.rowWords
        let scale = Float(bitPattern: UInt32(truncatingIfNeeded: rows[base]))
        let values = (0..<EntityTag.count).map { t in
            Int8(truncatingIfNeeded: rows[base + (4 + t) / 8] >> UInt64(((4 + t) % 8) * 8))
        }
        return (scale, values)
    }

    /// The weights of one feature (training tools and tests).
    public func weights(of key: UInt64) -> [Float]? {
        var slot = Int(truncatingIfNeeded: key) & mask
        while fingerprints[slot] != 0 {
            if keys[slot] == key {
                let row = row(at: slot)
                return row.values.map { Float($0) * row.scale }
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
        let order = fingerprints.indices.filter { fingerprints[$0] != 0 }.sorted { keys[$0] < keys[$1] }
        for slot in order { put64(keys[slot]) }
        for slot in order {
            let row = row(at: slot)
            put32(row.scale.bitPattern)
            for v in row.values { out.append(UInt8(bitPattern: v)) }
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
        var features: [(UInt64, Float, [Int8])] = []
        features.reserveCapacity(count)
        let weightBase = 16 + count * 8
        for f in 0..<count {
            let key = get64(16 + f * 8)
            let at = weightBase + f * rowBytes
            let scale = Float(bitPattern: get32(at))
            guard scale.isFinite else { return nil }
            features.append((key, scale, (0..<tagCount).map { Int8(bitPattern: bytes[at + 4 + $0]) }))
        }
        self.init(quantisedFeatures: features)
    }

    /// The model shipped in the module's Resources (found by `ResourceLocator`); nil if the file is
    /// missing or damaged.
    public static let bundled: EntityTaggerModel? = {
        guard let url = ResourceLocator.url(forFile: "entity_tagger.bin"),
              let data = try? Data(contentsOf: url) else { return nil }
        return EntityTaggerModel(bytes: [UInt8](data))
    }()
}
