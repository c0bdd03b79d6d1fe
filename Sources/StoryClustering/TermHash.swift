/// Stable 64-bit hashes for words, lines and shingles.
///
/// Swift's `Hasher` is randomly seeded per process, so anything persisted (fingerprints,
/// centroids, LSH buckets) uses this fixed FNV-1a hash followed by a 64-bit finaliser.
public enum TermHash {
    public static func of(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        return mix(h)
    }

    public static func of(bytes: ArraySlice<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        return mix(h)
    }

    /// A strong 64-bit finaliser (from SplitMix64).
    @inline(__always)
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e3779b97f4a7c15
        z = (z ^ (z >> 30)) &* 0xbf58476d1ce4e5b9
        z = (z ^ (z >> 27)) &* 0x94d049bb133111eb
        return z ^ (z >> 31)
    }

    @inline(__always)
    public static func combine(_ a: UInt64, _ b: UInt64) -> UInt64 {
        mix(a &* 0x9e3779b97f4a7c15 ^ b)
    }
}
