/// A hash table keyed by `TermHash` values: open addressing with linear probing, the key
/// itself as the hash.
///
/// Term hashes are already uniformly mixed 64-bit values, and the clusterer looks them up
/// millions of times (document frequencies, centroid weights, postings); Swift's `Dictionary`
/// would run SipHash over each one again. Iteration follows the slots, so it is also the same
/// from run to run. Encoded exactly as a `[UInt64: Value]` dictionary is.
struct TermTable<Value> {
    /// Slot keys; 0 marks an empty slot (a real key 0 lives in `zeroValue`).
    private var keys: [UInt64] = []
    private var values: [Value?] = []
    private var zeroValue: Value?
    private(set) var count = 0

    init() {}

    init(minimumCapacity: Int) {
        if minimumCapacity > 0 { resize(to: Self.capacity(for: minimumCapacity)) }
    }

    var isEmpty: Bool { count == 0 }

    private static func capacity(for count: Int) -> Int {
        var capacity = 8
        while capacity * 3 < count * 4 + 4 { capacity <<= 1 }
        return capacity
    }

    @inline(__always)
    private func slot(of key: UInt64) -> Int? {
        guard !keys.isEmpty else { return nil }
        let mask = keys.count - 1
        var index = Int(truncatingIfNeeded: key) & mask
        while true {
            let k = keys[index]
            if k == key { return index }
            if k == 0 { return nil }
            index = (index + 1) & mask
        }
    }

    subscript(key: UInt64) -> Value? {
        get {
            if key == 0 { return zeroValue }
            guard let index = slot(of: key) else { return nil }
            return values[index]
        }
        set {
            if let newValue { insert(key, newValue) } else { removeValue(forKey: key) }
        }
        // In place when the key is present: `table[k]?.mutate()` neither copies the value out
        // nor moves it back.
        _modify {
            if key == 0 {
                var value = zeroValue
                yield &value
                self[0] = value
            } else if let index = slot(of: key) {
                yield &values[index]
                if values[index] == nil { removeSlot(index) }
            } else {
                // Absent: one probe, and a slot only if the caller stored something.
                var value: Value? = nil
                yield &value
                if let value { _ = insertSlot(key, value) }
            }
        }
    }

    /// Read, or mutate in place (`table[t, default: []].append(x)` copies nothing).
    subscript(key: UInt64, default defaultValue: @autoclosure () -> Value) -> Value {
        get { self[key] ?? defaultValue() }
        _modify {
            if key == 0 {
                if zeroValue == nil { zeroValue = defaultValue(); count += 1 }
                yield &zeroValue!
            } else {
                let index = slot(of: key) ?? insertSlot(key, defaultValue())
                yield &values[index]!
            }
        }
    }

    func contains(_ key: UInt64) -> Bool {
        key == 0 ? zeroValue != nil : slot(of: key) != nil
    }

    mutating func insert(_ key: UInt64, _ value: Value) {
        if key == 0 {
            if zeroValue == nil { count += 1 }
            zeroValue = value
            return
        }
        if let index = slot(of: key) { values[index] = value } else { _ = insertSlot(key, value) }
    }

    /// Puts a key that is not in the table into a free slot; returns the slot.
    private mutating func insertSlot(_ key: UInt64, _ value: Value) -> Int {
        if (count + 1) * 4 > keys.count * 3 { resize(to: max(8, keys.count * 2)) }
        let mask = keys.count - 1
        var index = Int(truncatingIfNeeded: key) & mask
        while keys[index] != 0 { index = (index + 1) & mask }
        keys[index] = key
        values[index] = value
        count += 1
        return index
    }

    @discardableResult
    mutating func removeValue(forKey key: UInt64) -> Value? {
        if key == 0 {
            guard let old = zeroValue else { return nil }
            zeroValue = nil
            count -= 1
            return old
        }
        guard let index = slot(of: key) else { return nil }
        let old = values[index]
        removeSlot(index)
        return old
    }

    /// Empties a slot, moving later entries of its probe run back into the hole.
    private mutating func removeSlot(_ index: Int) {
        var hole = index
        let mask = keys.count - 1
        // Backward-shift deletion: later entries of the probe run move into the hole, so no
        // tombstones build up in a table that entries keep entering and leaving.
        var next = (hole + 1) & mask
        while keys[next] != 0 {
            let home = Int(truncatingIfNeeded: keys[next]) & mask
            if (next - home) & mask >= (next - hole) & mask {
                keys[hole] = keys[next]
                values[hole] = values[next]
                hole = next
            }
            next = (next + 1) & mask
        }
        keys[hole] = 0
        values[hole] = nil
        count -= 1
    }

    private mutating func resize(to capacity: Int) {
        let oldKeys = keys
        let oldValues = values
        keys = [UInt64](repeating: 0, count: capacity)
        values = [Value?](repeating: nil, count: capacity)
        let zero = zeroValue
        count = zero == nil ? 0 : 1
        for (index, key) in oldKeys.enumerated() where key != 0 {
            insert(key, oldValues[index]!)
        }
    }

    /// Every entry, in slot order.
    var entries: [(key: UInt64, value: Value)] {
        var result: [(key: UInt64, value: Value)] = []
        result.reserveCapacity(count)
        forEach { result.append(($0, $1)) }
        return result
    }

    func forEach(_ body: (UInt64, Value) -> Void) {
        if let zeroValue { body(0, zeroValue) }
        for index in keys.indices where keys[index] != 0 { body(keys[index], values[index]!) }
    }

    var keysInSlotOrder: [UInt64] {
        var result: [UInt64] = []
        result.reserveCapacity(count)
        forEach { key, _ in result.append(key) }
        return result
    }
}

extension TermTable: Sendable where Value: Sendable {}

extension TermTable: Equatable where Value: Equatable {
    static func == (a: TermTable, b: TermTable) -> Bool {
        guard a.count == b.count else { return false }
        var same = true
        a.forEach { key, value in if same && b[key] != value { same = false } }
        return same
    }
}

extension TermTable: Hashable where Value: Hashable {
    func hash(into hasher: inout Hasher) {
        // Order-independent: equal tables built in different orders hash alike.
        var combined = 0
        forEach { key, value in
            var entry = Hasher()
            entry.combine(key)
            entry.combine(value)
            combined = combined &+ entry.finalize()
        }
        hasher.combine(count)
        hasher.combine(combined)
    }
}

extension TermTable: Codable where Value: Codable {
    init(from decoder: Decoder) throws {
        let dictionary = try [UInt64: Value](from: decoder)
        self.init(minimumCapacity: dictionary.count)
        // Sorted, so a decoded table's slot order does not depend on the process's hash seed.
        for key in dictionary.keys.sorted() { insert(key, dictionary[key]!) }
    }

    func encode(to encoder: Encoder) throws {
        var dictionary: [UInt64: Value] = [:]
        dictionary.reserveCapacity(count)
        forEach { dictionary[$0] = $1 }
        try dictionary.encode(to: encoder)
    }
}
