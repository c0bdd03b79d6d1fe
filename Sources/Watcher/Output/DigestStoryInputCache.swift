import Digest
import Foundation
import GRDB
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
/// other stories' entries are read in full.
///
/// What is kept of each story of the day (its `RawKey`, the `DigestStoryCache.StoryKey` of its
/// input, the names its reasons mention) is a row of the day's `DigestDayLedger`, not memory.
/// An input itself is held in memory only from when it is made until `DigestStoryCache` holds
/// the story built from it, which then stands for it: the day's stories are not held twice.
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

    /// What a read of the day gets for a story kept from before, or made now.
    struct Kept: Sendable {
        /// The input; nil when `DigestStoryCache` keeps the story built from it.
        var input: StoryInput?
        /// `DigestStoryCache.StoryKey(input)`, made once with the input (it hashes all its text).
        var storyKey: DigestStoryCache.StoryKey
    }

    private struct State {
        /// Inputs made whose stories were not yet seen kept by `DigestStoryCache`.
        var held: [String: StoryInput] = [:]
        /// The held inputs the read under way used.
        var used: Set<String> = []
        /// The day's rows, read in one pass by `beginRead(day:)` (a read asks for every story).
        var rows: [String: (raw: Data, storyKey: Data, mentions: Data)] = [:]
        var reused = 0
        var made = 0
    }

    private let state = Mutex(State())
    private let ledger: DigestDayLedger

    init(ledger: DigestDayLedger) {
        self.ledger = ledger
    }

    /// Starts a read of `day`'s stories (`kept` or `make` for each, then `endRead`).
    func beginRead(day: String) {
        let rows = ledger.read { db -> [String: (raw: Data, storyKey: Data, mentions: Data)] in
            var rows: [String: (raw: Data, storyKey: Data, mentions: Data)] = [:]
            let cursor = try Row.fetchCursor(db, sql: "SELECT id, raw, story_key, mentions FROM input WHERE day = ?", arguments: [day])
            while let row = try cursor.next() {
                let id: String = row[0]
                rows[id] = (row[1], row[2], row[3])
            }
            return rows
        } ?? [:]
        state.withLock { s in
            s.used = []
            s.rows = rows
        }
    }

    /// What is kept for story `id` of the day read, when it was made from the same `key` and the outlets
    /// its reasons mention still have the names they had. `isMade` tells whether the story built
    /// from it is at hand (its input is then let go and comes back nil); one whose input was let
    /// go and whose story is not at hand is not kept (nil: make it again).
    func kept(id: String, key: RawKey, outletOf: (String) -> String?,
              isMade: (DigestStoryCache.StoryKey) -> Bool) -> Kept? {
        guard let row = state.withLock({ $0.rows[id] }), row.raw == key.hashes.ledgerBytes,
              let hashes = SaltedHashPair(ledgerBytes: row.storyKey), let mentions = Self.mentions(ledgerBytes: row.mentions),
              mentions.allSatisfy({ outletOf($0.key) == $0.value }) else { return nil }
        let storyKey = DigestStoryCache.StoryKey(hashes: hashes)
        let made = isMade(storyKey)
        return state.withLock { s -> Kept? in
            if made {
                s.held[id] = nil
            } else if s.held[id] == nil {
                return nil
            } else {
                s.used.insert(id)
            }
            s.reused += 1
            return Kept(input: s.held[id], storyKey: storyKey)
        }
    }

    /// `make`'s input for story `id` of `day` (given an `outletOf` that notes what it is asked),
    /// kept under `key`.
    func make(day: String, id: String, key: RawKey, outletOf: (String) -> String?,
              make: ((String) -> String?) -> StoryInput) -> Kept {
        var mentions: [String: String?] = [:]
        let input = withoutActuallyEscaping(outletOf) { outletOf in
            make { item in
                let name = outletOf(item)
                mentions[item] = .some(name)
                return name
            }
        }
        let storyKey = DigestStoryCache.StoryKey(input)
        let written = ledger.change { db in
            try db.run("""
                INSERT INTO input (day, id, raw, story_key, mentions) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (day, id) DO UPDATE SET raw = excluded.raw, story_key = excluded.story_key, mentions = excluded.mentions
                """, [day, id, key.hashes.ledgerBytes, storyKey.ledgerBytes, Self.mentionBytes(mentions)])
        }
        state.withLock { s in
            // Not in the ledger: the next read makes it again, so it need not be held.
            if written {
                s.held[id] = input
                s.used.insert(id)
            }
            s.made += 1
        }
        return Kept(input: input, storyKey: storyKey)
    }

    /// Ends a read: held inputs it did not use (their stories left the day) are let go, and so
    /// are the day's rows.
    func endRead() {
        state.withLock { s in
            s.held = s.held.filter { s.used.contains($0.key) }
            s.used = []
            s.rows = [:]
        }
    }

    /// How many of the kept stories still hold their input (made in the last read, so that
    /// `DigestStoryCache` did not yet hold their story when it was asked).
    var heldInputCount: Int { state.withLock { $0.held.count } }

    /// How many inputs were reused and how many made, since the cache was made.
    public var inputCounts: (reused: Int, made: Int) { state.withLock { ($0.reused, $0.made) } }
}
