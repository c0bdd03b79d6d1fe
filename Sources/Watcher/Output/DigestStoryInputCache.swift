import Digest
import Foundation
import Storage
import Synchronization

/// The `StoryInput`s a long-running daemon made from the store in earlier cycles, by a
/// fingerprint of the stored entries they were made from.
///
/// Every cycle the digest reads the day's entries, and making a story's input decodes the
/// analysis and the reason of each of its entries and measures their texts: work that grows with
/// the day while only a few stories gained an entry. A story's input is a function of its
/// entries' stored columns, the earlier story it continues, and the outlet names its entries'
/// reasons mention; so a story whose entries' columns hash the same (`RawKey`, without decoding
/// anything) and whose mentioned outlets still have the names they had gets the input made
/// before. Each day read keeps only its own stories.
public final class DigestStoryInputCache: Sendable {
    /// A story's stored entries (every column the input reads) and its developing link, by two
    /// independently salted 64-bit hashes: two different ones share a key with a chance of about
    /// 2^-128.
    struct RawKey: Hashable, Sendable {
        var a: Int
        var b: Int

        init(id: String, entries: [StoredEntry], developingFrom: DevelopingInput?) {
            var first = Hasher()
            first.combine(0x5EED_0011 as UInt64)
            var second = Hasher()
            second.combine(0x5EED_0012 as UInt64)
            Self.combine(id: id, entries: entries, developingFrom: developingFrom, into: &first)
            Self.combine(id: id, entries: entries, developingFrom: developingFrom, into: &second)
            a = first.finalize()
            b = second.finalize()
        }

        private static func combine(id: String, entries: [StoredEntry], developingFrom: DevelopingInput?, into hasher: inout Hasher) {
            hasher.combine(id)
            hasher.combine(developingFrom)
            hasher.combine(entries.count)
            for e in entries {
                hasher.combine(e.id)
                hasher.combine(e.feedURL)
                hasher.combine(e.feedName)
                hasher.combine(e.feedTags)
                hasher.combine(e.link)
                hasher.combine(e.title)
                hasher.combine(e.summary)
                hasher.combine(e.content)
                hasher.combine(e.published)
                hasher.combine(e.firstSeen)
                hasher.combine(e.articleText)
                hasher.combine(e.articleLabel)
                hasher.combine(e.analysisJSON)
                hasher.combine(e.storyReasonJSON)
            }
        }
    }

    struct Kept: Sendable {
        var key: RawKey
        var input: StoryInput
        /// The outlet name each item the reasons mention had (nil: not found).
        var mentions: [String: String?]
    }

    private let kept = Mutex<[String: Kept]>([:])
    private let counts = Mutex<(reused: Int, made: Int)>((0, 0))

    public init() {}

    /// The input of story `id`: the one kept when `key` and the mentioned outlets' names are
    /// unchanged, else `make`'s (given an `outletOf` that notes what it is asked), noted in `next`.
    func input(id: String, key: RawKey, outletOf: (String) -> String?, next: inout [String: Kept],
               make: ((String) -> String?) -> StoryInput) -> StoryInput {
        if let found = kept.withLock({ $0[id] }), found.key == key,
           found.mentions.allSatisfy({ outletOf($0.key) == $0.value }) {
            next[id] = found
            counts.withLock { $0.reused += 1 }
            return found.input
        }
        var mentions: [String: String?] = [:]
        let input = withoutActuallyEscaping(outletOf) { outletOf in
            make { item in
                let name = outletOf(item)
                mentions[item] = .some(name)
                return name
            }
        }
        next[id] = Kept(key: key, input: input, mentions: mentions)
        counts.withLock { $0.made += 1 }
        return input
    }

    /// Keeps `next` (the stories of the day just read) in place of what was kept.
    func replace(with next: [String: Kept]) {
        kept.withLock { $0 = next }
    }

    /// How many inputs were reused and how many made, since the cache was made.
    public var inputCounts: (reused: Int, made: Int) { counts.withLock { $0 } }
}
