/// One story of a day rendered once in one format, with a hole wherever its rank goes.
///
/// A daemon rewrites today's digest every cycle while only a few stories change; the rest only
/// move up or down. A story's text in each format depends on the story itself, its rank and a
/// few fields of its day (`layoutKey`), so it is rendered once with its rank left out, kept by
/// the Watcher, and a day is assembled from a header, its stories' fragments and a footer
/// (`HTMLDigest.render(_:fragments:)` and its Markdown and JSON siblings) — the same bytes as
/// rendering the whole day.
public struct DigestStoryFragment: Sendable, Equatable {
    /// The text between the rank's places: the story reads `pieces` joined by its rank.
    public let pieces: [String]
    /// Blank lines after the text (Markdown, where the day drops those of its last story).
    public let trailingBlankLines: Int
    /// FNV-1a 64 of the pieces: equal for equal fragments, stable across runs.
    public let fingerprint: UInt64

    /// A fragment from its pieces (as a renderer makes them, or as kept elsewhere and read back).
    public init(pieces: [String], trailingBlankLines: Int = 0) {
        self.pieces = pieces
        self.trailingBlankLines = trailingBlankLines
        var hash = DigestFingerprint.Hash()
        for piece in pieces {
            hash.add(piece)
            hash.add(byte: 0xFF)  // never in UTF-8: the pieces cannot run into each other
        }
        hash.add(String(trailingBlankLines))
        fingerprint = hash.value
    }

    /// A fragment read back from where it was kept, with the fingerprint it had then (the pieces
    /// are not hashed again).
    package init(pieces: [String], trailingBlankLines: Int, fingerprint: UInt64) {
        self.pieces = pieces
        self.trailingBlankLines = trailingBlankLines
        self.fingerprint = fingerprint
    }

    /// The story's text at `rank`.
    public func text(rank: Int) -> String {
        var out = ""
        out.reserveCapacity(byteCount + 8)
        append(rank: rank, to: &out)
        return out
    }

    /// Writes the story's text at `rank` to `out`.
    public func append(rank: Int, to out: inout some TextOutputStream) {
        let number = String(rank)
        for (index, piece) in pieces.enumerated() {
            if index > 0 { out.write(number) }
            out.write(piece)
        }
    }

    /// Whether the story's text is empty at any rank.
    var isEmptyText: Bool { pieces.count <= 1 && byteCount == 0 }

    /// The size of the text without its rank, in UTF-8 bytes.
    public var byteCount: Int { pieces.reduce(0) { $0 + $1.utf8.count } }

    /// What a story's fragments depend on besides the story: the day's date (times on another day
    /// show it), its UTC offset and whether the clocks change (times off the day's offset show
    /// theirs). Fragments rendered for one key fit every day with the same key.
    public static func layoutKey(of day: DigestDay) -> String {
        "\(day.date) \(day.utcOffset) \(day.clockChange != nil)"
    }
}

/// The fragments of a day's stories, in the order of its stories, as the renderers read them:
/// an array, or fragments kept elsewhere (the Watcher keeps them in a file) and read one at a
/// time as the day is written, so that assembling a day never holds its whole text.
public protocol DigestStoryFragments {
    var count: Int { get }
    /// The fragment of the day's story at `index`.
    func fragment(at index: Int) -> DigestStoryFragment
    /// How many pieces that fragment has, without reading its text.
    func pieceCount(at index: Int) -> Int
    /// Its `DigestStoryFragment.fingerprint`, without reading its text.
    func fingerprint(at index: Int) -> UInt64
    /// Its `DigestStoryFragment.byteCount` (the text without the rank), without reading its text.
    func byteCount(at index: Int) -> Int
}

extension Array: DigestStoryFragments where Element == DigestStoryFragment {
    public func fragment(at index: Int) -> DigestStoryFragment { self[index] }
    public func pieceCount(at index: Int) -> Int { self[index].pieces.count }
    public func fingerprint(at index: Int) -> UInt64 { self[index].fingerprint }
    public func byteCount(at index: Int) -> Int { self[index].byteCount }
}

/// The stable fingerprints the digest uses (Swift's `hashValue` is seeded per process).
public enum DigestFingerprint {
    /// FNV-1a 64, fed piece by piece.
    public struct Hash: Sendable {
        public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

        public init() {}

        public mutating func add(_ text: String) {
            for byte in text.utf8 { add(byte: byte) }
        }

        public mutating func add(byte: UInt8) {
            value ^= UInt64(byte)
            value &*= 0x0000_0100_0000_01b3
        }

        public mutating func add(_ number: UInt64) {
            var rest = number
            for _ in 0..<8 {
                add(byte: UInt8(truncatingIfNeeded: rest))
                rest >>= 8
            }
        }

        /// In hexadecimal, as the store keeps it.
        public var hex: String { String(value, radix: 16) }
    }

    /// FNV-1a 64 of the text, in hexadecimal.
    public static func of(_ text: String) -> String {
        var hash = Hash()
        hash.add(text)
        return hash.hex
    }
}
