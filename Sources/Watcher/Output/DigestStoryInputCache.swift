import Digest
import Foundation
import Storage
import Synchronization

/// The `StoryInput`s a long-running daemon made from the store in earlier cycles, by a
/// fingerprint of the stored entries they were made from.
///
/// Every cycle the digest looks at the day's entries, and making a story's input reads the texts,
/// analyses and reasons of its entries: work that grows with the day while only a few stories
/// gained an entry. A story's input is a function of its entries' stored columns, the earlier
/// story it continues, and the outlet names its entries' reasons mention; so a story whose
/// entries' revisions hash the same (`RawKey`, from `EntryRevision`s: no text read) and whose
/// mentioned outlets still have the names they had gets the input made before, and only the
/// other stories' entries are read in full. Each day read keeps only its own stories.
public final class DigestStoryInputCache: Sendable {
    /// A story's stored entries by their revisions (which move whenever a column the input
    /// reads changes: see `EntryRevision`), their feeds' names and tags, and its developing link,
    /// by two independently salted 64-bit hashes: two different ones share a key with a chance of
    /// about 2^-128. Made without reading any entry's text.
    struct RawKey: Hashable, Sendable {
        var hashes: SaltedHashPair

        init(id: String, revisions: [EntryRevision], developingFrom: DevelopingInput?) {
            hashes = SaltedHashPair(salts: (0x5EED_0021, 0x5EED_0022)) { hasher in
                hasher.combine(id)
                hasher.combine(developingFrom)
                hasher.combine(revisions.count)
                for r in revisions { hasher.combine(r) }
            }
        }
    }

    struct Kept: Sendable {
        var key: RawKey
        /// The input; nil once `DigestStoryCache` keeps the story built from it, which then
        /// stands for it (the day's stories are not held twice, as inputs and as stories).
        var input: StoryInput? {
            get { boxed?.value }
            set { boxed = newValue.map(ImmutableBox.init) }
        }
        private var boxed: ImmutableBox<StoryInput>?
        /// `DigestStoryCache.StoryKey(input)`, made once with the input (it hashes all its text).
        var storyKey: DigestStoryCache.StoryKey
        /// The outlet name each item the reasons mention had (nil: not found).
        var mentions: [String: String?]

        init(key: RawKey, input: StoryInput?, storyKey: DigestStoryCache.StoryKey, mentions: [String: String?]) {
            self.key = key
            self.storyKey = storyKey
            self.mentions = mentions
            self.input = input
        }
    }

    private let kept = Mutex<[String: Kept]>([:])
    private let counts = Mutex<(reused: Int, made: Int)>((0, 0))

    public init() {}

    /// What is kept for story `id`, when it was made from the same `key` and the outlets its
    /// reasons mention still have the names they had; noted in `next`. `isMade` tells whether
    /// the story built from it is at hand (its input is then let go and comes back nil); one
    /// whose input was let go and whose story is not at hand is not kept (nil: make it again).
    func kept(id: String, key: RawKey, outletOf: (String) -> String?, isMade: (DigestStoryCache.StoryKey) -> Bool,
              next: inout [String: Kept]) -> Kept? {
        guard var found = kept.withLock({ $0[id] }), found.key == key,
              found.mentions.allSatisfy({ outletOf($0.key) == $0.value }) else { return nil }
        if isMade(found.storyKey) {
            found.input = nil
        } else if found.input == nil {
            return nil
        }
        next[id] = found
        counts.withLock { $0.reused += 1 }
        return found
    }

    /// `make`'s input for story `id` (given an `outletOf` that notes what it is asked), noted in
    /// `next` under `key`.
    func make(id: String, key: RawKey, outletOf: (String) -> String?, next: inout [String: Kept],
              make: ((String) -> String?) -> StoryInput) -> Kept {
        var mentions: [String: String?] = [:]
        let input = withoutActuallyEscaping(outletOf) { outletOf in
            make { item in
                let name = outletOf(item)
                mentions[item] = .some(name)
                return name
            }
        }
        let made = Kept(key: key, input: input, storyKey: DigestStoryCache.StoryKey(input), mentions: mentions)
        next[id] = made
        counts.withLock { $0.made += 1 }
        return made
    }

    /// Keeps `next` (the stories of the day just read) in place of what was kept.
    func replace(with next: [String: Kept]) {
        kept.withLock { $0 = next }
    }

    /// How many of the kept stories still hold their input (made in the last build, so that
    /// `DigestStoryCache` did not yet hold their story when it was asked).
    var heldInputCount: Int { kept.withLock { $0.values.reduce(0) { $0 + ($1.input == nil ? 0 : 1) } } }

    /// How many inputs were reused and how many made, since the cache was made.
    public var inputCounts: (reused: Int, made: Int) { counts.withLock { $0 } }
}
