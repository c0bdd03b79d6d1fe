import Foundation

/// English word classes learnt from a large unlabelled corpus (Brown clusters), loaded once from
/// the bundled `word_clusters.txt` (made by `bench/analysis/build_word_clusters.py`). The entity
/// tagger uses a word's class as a feature, so that a name it never saw in training ("Nairobi")
/// looks like those it did ("London", "Tokyo"): the classic semi-supervised help for
/// named-entity recognition (Ratinov & Roth 2009; Turian et al. 2010). Immutable after loading,
/// so it can be shared freely between threads.
public struct WordClusters: Sendable {
    /// Each word's path in the cluster tree, first step in the lowest bit (so its class at depth
    /// `k` is `path & (1 << k - 1)`; never 0), by `FeatureHash.of(word)`, the hash the tagger
    /// already has for every token. About 120,000 words, a few MB of memory.
    let paths: [UInt64: UInt32]

    /// The classes shipped with the module; loaded on first use. Empty when the file is missing
    /// (the tagger then runs without them, less accurately).
    public static let bundled: WordClusters = {
        guard let url = ResourceLocator.url(forFile: "word_clusters.txt"),
              let data = try? Data(contentsOf: url) else { return WordClusters(paths: [:]) }
        return WordClusters(bytes: [UInt8](data))
    }()

    init(paths: [UInt64: UInt32]) {
        self.paths = paths
    }

    /// Parses the file format: `word<TAB>path` per line, the path in decimal; lines without a
    /// tab (the `#` header) are skipped, and so is any malformed line or a path of 24 bits or more.
    public init(bytes: [UInt8]) {
        var table: [UInt64: UInt32] = [:]
        table.reserveCapacity(bytes.count / 14)
        let n = bytes.count
        var start = 0
        while start < n {
            var end = start
            var tab = -1
            while end < n, bytes[end] != 10 {
                if tab < 0, bytes[end] == 9 { tab = end }
                end += 1
            }
            if tab > start {
                var h = FeatureHash.offsetBasis
                for k in start..<tab {
                    h ^= UInt64(bytes[k])
                    h &*= FeatureHash.prime
                }
                var path: UInt32 = 0
                var valid = tab + 1 < end
                for k in (tab + 1)..<end {
                    let b = bytes[k]
                    if b >= 48, b <= 57, path < 1 << 24 {
                        path = path * 10 + UInt32(b - 48)
                    } else if b != 13 {
                        valid = false
                        break
                    }
                }
                if valid, path != 0, path < 1 << 24 { table[h] = path }
            }
            start = end + 1
        }
        paths = table
    }

    /// Number of words stored.
    public var count: Int { paths.count }

    /// A token's cluster path: as written, else in lower case, else capitalised ("NASA", "nasa",
    /// "Nasa"); 0 when none is known. The file leaves out the forms this finds anyway.
    /// `wordHash` and `lowerHash` are `FeatureHash.of` the text and of its lower case.
    public func path(_ text: String, wordHash: UInt64, lower: String, lowerHash: UInt64) -> UInt32 {
        if let p = paths[wordHash] { return p }
        if lowerHash != wordHash, let p = paths[lowerHash] { return p }
        guard let first = lower.first else { return 0 }
        let form = first.uppercased() + lower.dropFirst()
        guard form != text else { return 0 }
        return paths[FeatureHash.of(form)] ?? 0
    }

    /// A word's cluster path by text alone (0: none known).
    public func path(_ text: String) -> UInt32 {
        let lower = text.lowercased()
        return path(text, wordHash: FeatureHash.of(text), lower: lower, lowerHash: FeatureHash.of(lower))
    }

    /// Size in bytes of the bundled file (for the memory report).
    public static func bundledFileBytes() -> Int {
        guard let url = ResourceLocator.url(forFile: "word_clusters.txt"),
              let size = try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int else { return 0 }
        return size
    }
}
