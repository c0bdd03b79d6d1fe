/// Finds earlier items whose body this item copies: wire copies, trimmed republications and
/// one-paragraph summaries.
///
/// Candidates come from two sub-linear indexes: MinHash LSH (16 bands of 4 rows, which finds
/// pairs with Jaccard above about 0.5) and the lead index (items sharing shingles of their
/// first sentence). Each candidate is then verified on the exact shingle sets by containment
/// (shared shingles over the smaller set), so a summary is recognised as part of its article.
public struct NearDuplicateIndex: Sendable, Codable {
    struct Record: Sendable, Codable {
        var itemID: String
        var story: Int64
        var time: Double
        /// The item's shingles and lead. Its MinHash signature is not kept (an empty array):
        /// it is needed again only when the item leaves the window, to find its buckets, and is
        /// then made again from the shingles; keeping it cost 256 bytes per item in the window.
        var fingerprint: BodyFingerprint
    }

    /// A verified match.
    public struct Match: Sendable {
        public var itemID: String
        var story: Int64
        public var containment: Double
        public var jaccard: Double
        /// True when this item's body is much shorter than the match's (a summary or excerpt).
        public var isExcerpt: Bool
    }

    static let bands = 16
    static let rows = 4
    static let maxPostingScan = 64

    var records: [Int64: Record] = [:]
    var buckets = TermTable<PostingList>()
    /// Keyed by lead shingle (a 32-bit hash, widened).
    var leads = TermTable<PostingList>()

    public init() {}

    public var count: Int { records.count }

    static func bandKeys(_ signature: [UInt32]) -> [UInt64] {
        guard signature.count >= bands * rows else { return [] }
        var keys: [UInt64] = []
        keys.reserveCapacity(bands)
        for b in 0..<bands {
            var h = TermHash.mix(UInt64(b) &+ 0x1234)
            for r in 0..<rows { h = TermHash.combine(h, UInt64(signature[b * rows + r])) }
            keys.append(h)
        }
        return keys
    }

    /// The best earlier item this fingerprint copies, if any passes the thresholds.
    ///
    /// A match needs `threshold` containment and `minShared` shared shingles, and short
    /// overlaps (fewer than `strongShared` shingles) need `shortContainment`: templated items
    /// (dividend notices, earnings tables) share half of a short body by construction. Below
    /// `shortContainment`, `namesAgree` must also accept the earlier item's story (the clusterer
    /// checks that it has the names of the item's headline: a bulletin for another town shares
    /// half its sentences too).
    func bestMatch(for fp: BodyFingerprint, containment threshold: Double, minShared: Int,
                   strongShared: Int, shortContainment: Double, isActive: (Int64) -> Bool,
                   namesAgree: (Int64) -> Bool = { _ in true }) -> Match? {
        guard !fp.isEmpty else { return nil }
        var votes = TermTable<Int>(minimumCapacity: 32)
        for key in NearDuplicateIndex.bandKeys(fp.signature) {
            buckets[key]?.forEachNewest(NearDuplicateIndex.maxPostingScan) { votes[UInt64($0), default: 0] += 2 }
        }
        for s in fp.lead {
            leads[UInt64(s)]?.forEachNewest(NearDuplicateIndex.maxPostingScan) { votes[UInt64($0), default: 0] += 1 }
        }
        // Oldest first, so that of equally good matches the original wins, in every process.
        var candidates: [Int64] = []
        votes.forEach { serial, n in if n >= 2 { candidates.append(Int64(serial)) } }
        candidates.sort()
        var best: Match?
        for serial in candidates {
            guard let record = records[serial], isActive(record.story) else { continue }
            let shared = fp.overlap(with: record.fingerprint)
            guard shared >= minShared else { continue }
            let small = min(fp.shingles.count, record.fingerprint.shingles.count)
            let containment = Double(shared) / Double(max(small, 1))
            guard containment >= threshold, shared >= strongShared || containment >= shortContainment else { continue }
            // Below a short text's bar, half a body in common may be a template's sentences (a
            // weather bulletin for another town): the headline's names must be the story's too.
            guard containment >= shortContainment || namesAgree(record.story) else { continue }
            let jaccard = Double(shared) / Double(fp.shingles.count + record.fingerprint.shingles.count - shared)
            let match = Match(itemID: record.itemID, story: record.story, containment: containment, jaccard: jaccard,
                              isExcerpt: fp.shingles.count * 2 < record.fingerprint.shingles.count)
            if let b = best, (b.containment, b.jaccard) >= (match.containment, match.jaccard) { continue }
            best = match
        }
        return best
    }

    mutating func insert(serial: Int64, itemID: String, story: Int64, time: Double, fingerprint: BodyFingerprint) {
        guard !fingerprint.isEmpty else { return }
        var kept = fingerprint
        kept.signature = []
        records[serial] = Record(itemID: itemID, story: story, time: time, fingerprint: kept)
        for key in NearDuplicateIndex.bandKeys(fingerprint.signature) { NearDuplicateIndex.file(serial, in: &buckets, key: key) }
        for s in fingerprint.lead { NearDuplicateIndex.file(serial, in: &leads, key: UInt64(s)) }
    }

    mutating func remove(serial: Int64) {
        guard let record = records.removeValue(forKey: serial) else { return }
        // State saved before signatures were dropped still holds them; both give the same keys.
        let kept = record.fingerprint
        let signature = kept.signature.isEmpty ? BodyFingerprint.minHash(kept.shingles) : kept.signature
        for key in NearDuplicateIndex.bandKeys(signature) {
            NearDuplicateIndex.drop(serial, from: &buckets, key: key)
        }
        for s in record.fingerprint.lead { NearDuplicateIndex.drop(serial, from: &leads, key: UInt64(s)) }
    }

    private static func file(_ serial: Int64, in index: inout TermTable<PostingList>, key: UInt64) {
        if index[key]?.append(serial) == nil { index[key] = PostingList(serial) }
    }

    /// Takes `serial` out of one posting list, in place.
    private static func drop(_ serial: Int64, from index: inout TermTable<PostingList>, key: UInt64) {
        if index[key]?.remove(serial) == false { index.removeValue(forKey: key) }
    }
}
