import Digest
import Foundation
import GRDB
import Testing
@testable import Watcher

/// The day ledger is a private file that leaves no trace in the state directory, and what it
/// keeps reads back exactly or not at all.
@Suite struct DigestDayLedgerTests {
    @Test func theLedgerIsAFileGoneFromTheDirectoryWhileInUse() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let ledger = DigestDayLedger(directory: dir.path)
        #expect(ledger.isOnDisk)
        #expect(ledger.change { db in
            try db.execute(sql: "INSERT INTO story (key, day) VALUES (x'01', '2026-10-20'), (x'02', '2026-10-21')")
        })
        #expect(ledger.storyCounts == ["2026-10-20": 1, "2026-10-21": 1])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        // Rows of days before the one being built are let go.
        ledger.removeDays(before: "2026-10-21")
        #expect(ledger.storyCounts == ["2026-10-21": 1])
    }

    @Test func aDirectoryThatTakesNoFileKeepsTheLedgerInMemory() {
        let ledger = DigestDayLedger(directory: "/nonexistent/feedwatch-state")
        #expect(!ledger.isOnDisk)
        #expect(ledger.change { db in try db.execute(sql: "INSERT INTO story (key, day) VALUES (x'01', '2026-10-20')") })
        #expect(ledger.storyCounts == ["2026-10-20": 1])
    }

    /// A header reads back as the story's header, with its outlets; every shorter or longer
    /// record reads as nothing kept.
    @Test func aHeaderReadsBackWholeAndADamagedOneNotAtAll() throws {
        let zone = try #require(TimeZone(identifier: "Europe/Berlin"))
        let story = DigestStory(rank: 4, id: "1042", headline: "Ferry crews begin 48-hour strike — über rotas",
                                firstSeen: DigestTime(Date(timeIntervalSince1970: 1_792_000_000), in: zone),
                                latest: DigestTime(Date(timeIntervalSince1970: 1_792_003_600), in: zone), sourceCount: 3,
                                tags: ["transport", "labour"], label: "paywalled", summary: "Crews walked out.",
                                sources: [], entities: DigestEntities(people: ["Anna Kovacs"], organizations: [], places: []),
                                quotes: [], figures: [])
        var parts = DigestStoryCache.HeaderParts()
        let (header, outlets) = DigestStoryCache.header(of: story, sharing: &parts)
        let bytes = DigestStoryCache.headerBytes(header, outlets: [7, 0, 12])
        let read = try #require(DigestStoryCache.header(ledgerBytes: bytes))
        var expected = header
        expected.rank = 0
        #expect(read.story == expected)
        #expect(read.outlets == [7, 0, 12])
        #expect(outlets.isEmpty)
        #expect(read.story.summary == nil && read.story.entities.people.isEmpty)
        for cut in [0, 1, bytes.count / 2, bytes.count - 1] {
            #expect(DigestStoryCache.header(ledgerBytes: bytes.prefix(cut)) == nil)
        }
        #expect(DigestStoryCache.header(ledgerBytes: bytes + Data([0])) == nil)
    }

    @Test func placesFragmentsAndMentionsReadBackAsWritten() throws {
        let ref = DigestFragmentSpill.Ref(offset: 1 << 40, textBytes: 4_000, pieceCount: 3, fingerprint: .max,
                                          generation: 2, trailingBlankLines: 1)
        #expect(DigestFragmentSpill.Ref(ledgerBytes: ref.ledgerBytes) == ref)
        #expect(DigestFragmentSpill.Ref(ledgerBytes: ref.ledgerBytes.dropLast()) == nil)

        let fragment = DigestStoryFragment(pieces: ["<article id=\"story-", "\">Crews walked out ☂</article>\n"], trailingBlankLines: 2)
        guard case .inMemory(let back)? = DigestStoryCache.KeptFragment(ledgerBytes: DigestStoryCache.KeptFragment.inMemory(fragment).ledgerBytes) else {
            Issue.record("an in-memory fragment did not read back")
            return
        }
        #expect(back == fragment)
        guard case .spilled(let place)? = DigestStoryCache.KeptFragment(ledgerBytes: DigestStoryCache.KeptFragment.spilled(ref).ledgerBytes) else {
            Issue.record("a place did not read back")
            return
        }
        #expect(place == ref)
        #expect(DigestStoryCache.KeptFragment(ledgerBytes: Data([9])) == nil)

        let mentions: [String: String?] = ["1001": "Tidewater Gazette", "1002": String?.none]
        #expect(DigestStoryInputCache.mentions(ledgerBytes: DigestStoryInputCache.mentionBytes(mentions)) == mentions)
        #expect(DigestStoryInputCache.mentions(ledgerBytes: Data([200])) == nil)
    }
}
