import Digest
import Foundation
import Testing
@testable import Watcher

/// The file the daemon keeps rendered story fragments in: what goes in comes back byte for byte,
/// it leaves nothing on disk, and compaction keeps only what is still used.
@Suite struct DigestFragmentSpillTests {
    static let fragments = [
        DigestStoryFragment(pieces: ["<li id=\"story-", "\">Zürich’s tram strike — “day two” 🚋</li>\n"]),
        DigestStoryFragment(pieces: ["### ", ". Storm warning for the coast\n\n"], trailingBlankLines: 1),
        DigestStoryFragment(pieces: [""]),
        DigestStoryFragment(pieces: ["{\"rank\":", ",\"headline\":\"Ferry fares rise 4%\"}"]),
    ]

    @Test func aFragmentComesBackAsItWentIn() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let spill = try #require(DigestFragmentSpill(directory: dir.path))
        let refs = Self.fragments.map { spill.store($0) }
        for (fragment, ref) in zip(Self.fragments, refs) {
            let stored = try #require(ref)
            let back = try #require(spill.load(stored))
            #expect(back == fragment)
            #expect(back.text(rank: 12) == fragment.text(rank: 12))
        }
        // Each record is the piece count, the pieces' lengths, then the text.
        let recordBytes = Self.fragments.reduce(0) { $0 + 4 + 4 * $1.pieces.count + $1.byteCount }
        #expect(spill.fileBytes == UInt64(recordBytes))
        #expect(refs.reduce(0) { $0 + ($1?.recordBytes ?? 0) } == recordBytes)
    }

    /// A place that does not describe the record it points at (a wrong piece count, or the
    /// middle of another record) reads as nothing, never as other text.
    @Test func aPlaceThatDoesNotMatchItsRecordDoesNotRead() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let spill = try #require(DigestFragmentSpill(directory: dir.path))
        let refs = try Self.fragments.map { try #require(spill.store($0)) }
        var wrongCount = refs[0]
        wrongCount.pieceCount += 1
        #expect(spill.load(wrongCount) == nil)
        var shifted = refs[1]
        shifted.offset += 4
        #expect(spill.load(shifted) == nil)
        var longer = refs[3]
        longer.textBytes += 1
        #expect(spill.load(longer) == nil)
        #expect(spill.load(refs[3]) == Self.fragments[3])
    }

    @Test func theFileIsGoneFromTheDirectoryWhileInUse() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let spill = try #require(DigestFragmentSpill(directory: dir.path))
        _ = spill.store(Self.fragments[0])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    /// A day's fragments are handed out as places in the file and read while the day is written;
    /// a place from before a compaction no longer reads (it would name other bytes), so the
    /// fragment is rendered again rather than read wrong.
    @Test func aPlaceFromBeforeACompactionDoesNotRead() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let spill = try #require(DigestFragmentSpill(directory: dir.path, slackBytes: 0))
        let dead = try #require(spill.store(DigestStoryFragment(pieces: ["an old story, rendered before it changed"])))
        let live = try Self.fragments.map { try #require(spill.store($0)) }
        let moved = try #require(spill.compact(live))
        #expect(spill.load(dead) == nil)
        for old in live { #expect(spill.load(old) == nil) }
        for (new, fragment) in zip(moved, Self.fragments) {
            #expect(spill.load(new) == fragment)
        }
    }

    @Test func compactionKeepsTheLiveFragmentsAndDropsTheRest() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let spill = try #require(DigestFragmentSpill(directory: dir.path, slackBytes: 0))
        var refs: [DigestFragmentSpill.Ref] = []
        for round in 0..<50 {
            for fragment in Self.fragments {
                refs.append(try #require(spill.store(DigestStoryFragment(pieces: fragment.pieces.map { $0 + " (\(round))" }))))
            }
        }
        let live = Array(refs.suffix(Self.fragments.count))
        let liveBytes = live.reduce(0) { $0 + $1.recordBytes }
        #expect(spill.wantsCompaction(liveBytes: liveBytes))
        let moved = try #require(spill.compact(live))
        #expect(spill.fileBytes == UInt64(liveBytes))
        #expect(!spill.wantsCompaction(liveBytes: liveBytes))
        for (fragment, ref) in zip(Self.fragments, moved) {
            #expect(spill.load(ref)?.pieces == fragment.pieces.map { $0 + " (49)" })
        }
        // New fragments go after the live ones.
        let next = try #require(spill.store(Self.fragments[1]))
        #expect(next.offset == UInt64(liveBytes))
        #expect(spill.load(next) == Self.fragments[1])
    }

    @Test func aDirectoryThatCannotTakeAFileGivesNoSpill() {
        #expect(DigestFragmentSpill(directory: "/proc/no-such-place") == nil)
    }
}
