/// 64-bit hashes for the entity tagger's features, computed from bytes without building feature
/// strings: FNV-1a over text, and a finalising mix to join a template number with its value.
/// Stable across runs and platforms (unlike `Hasher`), so trained weights can be shipped.
public enum FeatureHash {
    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x100_0000_01b3

    /// FNV-1a over the UTF-8 bytes of a string.
    @inlinable
    public static func of(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 {
            h ^= UInt64(b)
            h &*= 0x100_0000_01b3
        }
        return h
    }

    /// `of(a + b)` from `of(a)` and `b`: FNV-1a carried on over more text, so a phrase's hash
    /// grows word by word without building the phrase.
    @inlinable
    public static func extend(_ h: UInt64, with text: String) -> UInt64 {
        var h = h
        for b in text.utf8 {
            h ^= UInt64(b)
            h &*= 0x100_0000_01b3
        }
        return h
    }

    /// Folds one more value into a running hash (for scalars, affixes and shapes).
    @inlinable
    public static func fold(_ h: UInt64, _ value: UInt64) -> UInt64 {
        (h ^ value) &* 0x100_0000_01b3
    }

    /// Joins a template number with a value hash; the result is the key of one feature.
    @inlinable
    public static func combine(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var x = a &* 0x9E37_79B9_7F4A_7C15 ^ (b &+ 0x632B_E59B_D9B4_E019)
        x ^= x >> 33
        x &*= 0xff51_afd7_ed55_8ccd
        x ^= x >> 33
        x &*= 0xc4ce_b9fe_1a85_ec53
        x ^= x >> 33
        return x
    }
}
