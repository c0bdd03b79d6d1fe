/// The word-shingle fingerprint of an article body, used to recognise wire copies and
/// summaries of an article already seen.
///
/// Shingles are hashed runs of four normalised words over the body with boilerplate lines
/// and a leading dateline ("BAHRAIN, March 2 (Reuters) - ") removed. A MinHash signature of
/// the shingle set feeds the LSH index; the first shingles (the lead) feed a second index so
/// that a one-paragraph summary finds its full article even though their Jaccard is small.
public struct BodyFingerprint: Sendable, Codable, Hashable {
    /// Sorted, unique shingle hashes (at most `maxShingles`, taken from the start of the body).
    public var shingles: [UInt32]
    /// The first shingles of the lead, in order.
    public var lead: [UInt32]
    /// MinHash signature (one minimum per hash function).
    public var signature: [UInt32]

    public static let shingleWidth = 4
    public static let maxShingles = 400
    public static let leadShingles = 12
    public static let signatureLength = 64

    public var isEmpty: Bool { shingles.isEmpty }

    /// The fingerprint of a body given as hashes of normalised words (boilerplate and
    /// dateline removed), as `NewsTokenizer.scan` produces them.
    public init(hashes: [UInt64]) {
        let words = hashes.prefix(BodyFingerprint.maxShingles + BodyFingerprint.shingleWidth)
        var ordered: [UInt32] = []
        if words.count >= BodyFingerprint.shingleWidth {
            for i in 0...(words.count - BodyFingerprint.shingleWidth) {
                var h: UInt64 = 0x51ed270b27f1c3a5
                for j in 0..<BodyFingerprint.shingleWidth { h = TermHash.combine(h, words[words.startIndex + i + j]) }
                ordered.append(UInt32(truncatingIfNeeded: h))
                if ordered.count >= BodyFingerprint.maxShingles { break }
            }
        }
        lead = []
        for s in ordered where lead.count < BodyFingerprint.leadShingles && !lead.contains(s) { lead.append(s) }
        var sorted = ordered.sorted()
        var unique = 0
        for k in sorted.indices where unique == 0 || sorted[unique - 1] != sorted[k] {
            sorted[unique] = sorted[k]
            unique += 1
        }
        sorted.removeLast(sorted.count - unique)
        shingles = sorted
        signature = BodyFingerprint.minHash(shingles)
    }

    /// Multipliers and offsets of the hash family (odd 64-bit constants from SplitMix64).
    static let family: [(UInt64, UInt64)] = (0..<signatureLength).map { k in
        (TermHash.mix(UInt64(k) &* 2 &+ 1) | 1, TermHash.mix(UInt64(k) &+ 0x5555))
    }
    private static let multipliers = family.map(\.0)
    private static let offsets = family.map(\.1)

    static func minHash(_ set: [UInt32]) -> [UInt32] {
        guard !set.isEmpty else { return [] }
        var sig = [UInt32](repeating: .max, count: signatureLength)
        // 64 functions per shingle, up to 400 shingles per body: on spans of known length the
        // inner loop compiles to straight-line vector code without a check per access.
        let a = multipliers.span, b = offsets.span
        var out = sig.mutableSpan
        precondition(a.count == signatureLength && b.count == signatureLength && out.count == signatureLength)
        for s in set {
            let x = UInt64(s) | (UInt64(s) << 32)
            for k in 0..<signatureLength {
                // Multiply-shift: the high 32 bits of a*x + b, a universal family.
                let h = UInt32(truncatingIfNeeded: (a[k] &* x &+ b[k]) >> 32)
                out[k] = min(out[k], h)
            }
        }
        _ = consume out
        return sig
    }

    /// Shared shingles with `other`.
    public func overlap(with other: BodyFingerprint) -> Int {
        var i = 0, j = 0, n = 0
        let a = shingles, b = other.shingles
        while i < a.count && j < b.count {
            if a[i] == b[j] { n += 1; i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return n
    }

    /// Removes a wire dateline such as "WASHINGTON, March 4 (Reuters) - " from a first line.
    static func strippingDateline(_ line: String) -> String {
        String(strippingDateline(line[...]))
    }

    static func strippingDateline(_ line: Substring) -> Substring {
        let bytes = Array(line.utf8.prefix(160))
        var i = 0
        while i + 2 < bytes.count {
            // " - " or " -- " (ASCII), or a spaced en/em dash (E2 80 93 / E2 80 94).
            var dashEnd = -1
            if bytes[i] == 0x20 && bytes[i + 1] == 0x2D {
                if bytes[i + 2] == 0x20 { dashEnd = i + 3 }
                else if i + 3 < bytes.count && bytes[i + 2] == 0x2D && bytes[i + 3] == 0x20 { dashEnd = i + 4 }
            } else if bytes[i] == 0x20 && i + 4 < bytes.count && bytes[i + 1] == 0xE2 && bytes[i + 2] == 0x80
                        && (bytes[i + 3] == 0x93 || bytes[i + 3] == 0x94) && bytes[i + 4] == 0x20 {
                dashEnd = i + 5
            }
            if dashEnd < 0 { i += 1; continue }
            let prefix = bytes[0..<i]
            let letters = prefix.filter { ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) }
            let upper = letters.prefix(4).allSatisfy { $0 >= 65 && $0 <= 90 }
            if prefix.last == 0x29 || (upper && letters.count >= 3 && prefix.contains(0x2C)) {
                return Substring(line.utf8.dropFirst(dashEnd))
            }
            return line
        }
        return line
    }
}
