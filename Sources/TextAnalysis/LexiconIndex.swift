/// Which word lists hold a word, found by the word's `FeatureHash` alone. The entity tagger asks
/// this for every word of every document, several times (as written, in capitalised form, in
/// lower case); `Set<String>` hashed each form again with SipHash, which was a tenth of the
/// tagger's time. The tagger already has each token's FNV-1a hash, so one open-addressing probe
/// answers for all lists at once. Two different words with one 64-bit hash would share their
/// bits, the same risk the tagger's hashed features already take.
struct LexiconIndex: Sendable {
    /// One bit per list. The values are features of the tagger's shipped weights: never renumber.
    struct Lists: OptionSet, Sendable {
        let rawValue: UInt8
        static let place = Lists(rawValue: 1)
        static let givenName = Lists(rawValue: 2)
        static let surname = Lists(rawValue: 4)
        static let demonym = Lists(rawValue: 8)
        static let organisation = Lists(rawValue: 16)
        static let common = Lists(rawValue: 32)
    }

    private let keys: [UInt64]
    private let lists: [UInt8]
    private let mask: Int

    init(_ entries: [(words: Set<String>, list: Lists)]) {
        var merged: [UInt64: UInt8] = [:]
        for (words, list) in entries {
            for word in words { merged[FeatureHash.of(word), default: 0] |= list.rawValue }
        }
        var size = 16
        while size < merged.count * 2 { size *= 2 }
        var keys = [UInt64](repeating: 0, count: size)
        var lists = [UInt8](repeating: 0, count: size)
        for (key, bits) in merged {
            var slot = Int(truncatingIfNeeded: key) & (size - 1)
            while lists[slot] != 0 { slot = (slot + 1) & (size - 1) }
            keys[slot] = key
            lists[slot] = bits
        }
        self.keys = keys
        self.lists = lists
        mask = size - 1
    }

    /// The lists holding the word whose `FeatureHash.of` is `hash`.
    func lists(ofHash hash: UInt64) -> Lists {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while lists[slot] != 0 {
            if keys[slot] == hash { return Lists(rawValue: lists[slot]) }
            slot = (slot + 1) & mask
        }
        return []
    }

    /// The lists holding `word`.
    func lists(of word: String) -> Lists { lists(ofHash: FeatureHash.of(word)) }
}
