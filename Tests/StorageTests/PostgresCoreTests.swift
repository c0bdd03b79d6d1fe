import Foundation
import FeedwatchTesting
import PostgresStorage
import Synchronization
import Testing
@testable import Storage

/// The PostgreSQL backend's core where its mechanism differs from SQLite's: identity checked in
/// bulk with md5-indexed keys (20 kB hostile GUIDs, NULs), tombstones renewed through those bulk
/// sightings, and two workers polling the same article at once. The shared behaviour is covered by
/// the suites that run on both backends (`StoreBackend.available`).
@Suite("PostgreSQL core: identity, tombstones, history, redirects", .enabled(if: TestPostgres.isAvailable))
struct PostgresCoreTests {
    /// A store on a fresh database with the three fixture feeds configured at `monday`.
    private func withStore(historyLimit: Int = 50, _ body: (PostgresFeedStore, TestPostgres.Database) throws -> Void) throws {
        let db = try TestPostgres.freshDatabase()
        defer { db.drop() }
        let store = try open(db, historyLimit: historyLimit)
        defer { try? store.close() }
        try store.syncConfiguredFeeds([harbourGazette, northernWire, ledgerBusiness], now: monday)
        try body(store, db)
    }

    private func open(_ db: TestPostgres.Database, historyLimit: Int = 50) throws -> PostgresFeedStore {
        try PostgresFeedStore(location: try PostgresLocation(url: db.url + "?sslmode=disable"), password: PostgresPassword(nil),
                              historyLimit: historyLimit)
    }

    private func id(_ store: PostgresFeedStore, _ feed: ConfiguredFeed) throws -> Int64 {
        try #require(try store.feed(url: feed.url)).id
    }

    @Test("new entries, then a re-poll of the same items yields nothing; state survives a reopen")
    func repollAndReopen() throws {
        try withStore { store, db in
            let gazette = try id(store, harbourGazette)
            let first = try store.recordFetch(updated(gazette, at: monday, etag: "\"e1\""), entries: ferryStrikeItems(seenAt: monday))
            #expect(first.map(\.title) == ["Ferry strike talks collapse as union rejects pay offer",
                                           "Council approves £4.2m harbour wall repairs"])
            #expect(first.allSatisfy { $0.feedName == "Harbour Gazette" && $0.feedTags == ["local", "uk"] && $0.articleState == "pending" })
            let again = try store.recordFetch(updated(gazette, at: monday + minutes(30), etag: "\"e1\""),
                                              entries: ferryStrikeItems(seenAt: monday + minutes(30)))
            #expect(again.isEmpty)
            #expect(try store.entryCount(feedURL: harbourGazette.url) == 2)
            #expect(try store.entryCounts() == [gazette: 2])
            let stored = try store.entries(firstSeenFrom: monday, to: monday + days(1))
            #expect(stored.map(\.firstSeen) == [monday, monday])
            #expect(stored.map(\.authors) == [["Moira Kerr"], ["Tom Baird"]])
            #expect(stored == first)
            try store.commitStories([StoryAssignment(entryID: first[0].id, storyID: "s-ferry", reasonJSON: "{\"r\":1}")],
                                    clustererState: Data([0, 1, 2, 250, 255]))
            try store.recordAnalyses([(first[1].id, "{\"a\":1}"), (first[1].id, "{\"a\":2}")])
            // The Ledger does not fetch pages (full_text = false).
            let ledger = try id(store, ledgerBusiness)
            let quiet = try store.recordFetch(updated(ledger, at: monday), entries: [
                EntryInput(guid: "lb-1", link: "https://ledger.example/business/1", title: "Rates held", firstSeen: monday)])
            #expect(quiet.first?.articleState == nil)
            try store.close()

            let reopened = try open(db)
            defer { try? reopened.close() }
            #expect(try reopened.feed(url: harbourGazette.url)?.etag == "\"e1\"")
            let entries = try reopened.entries(firstSeenFrom: monday, to: monday + days(1))
            #expect(entries.map(\.storyID) == ["s-ferry", nil, nil])
            #expect(entries.map(\.storyReasonJSON) == ["{\"r\":1}", nil, nil])
            #expect(entries.map(\.analysisJSON) == [nil, "{\"a\":2}", nil])
            #expect(try reopened.entries(firstSeenFrom: monday, to: monday + days(1), unfinishedOnly: true).count == 3)
            #expect(try reopened.loadClustererState() == Data([0, 1, 2, 250, 255]))
            #expect(try reopened.fetchHistory(feedID: gazette).map(\.newEntries) == [0, 2])
            #expect(try reopened.allFeeds().map(\.configuredURL) == [harbourGazette.url, northernWire.url, ledgerBusiness.url])
            try reopened.syncConfiguredFeeds([northernWire], now: monday)
            #expect(try reopened.allFeeds().count == 1 && reopened.allFeeds(includeInactive: true).count == 3)
        }
    }

    @Test("the same article in two feeds shares a story id; a clusterer's story id is reused through a global GUID")
    func crossFeedStory() throws {
        try withStore { store, _ in
            let gazette = try id(store, harbourGazette)
            let wire = try id(store, northernWire)
            let ledger = try id(store, ledgerBusiness)
            let original = try store.recordFetch(updated(gazette, at: monday), entries: ferryStrikeItems(seenAt: monday))
            #expect(original.allSatisfy { $0.storyID == nil })
            let syndicated = EntryInput(
                guid: "nw-syn-4471", link: "https://harbourgazette.example/news/2026/11/ferry-strike-talks-collapse?utm_medium=wire",
                canonicalURL: "https://harbourgazette.example/news/2026/11/ferry-strike-talks-collapse",
                title: "Island ferries to stop as strike talks fail", firstSeen: monday + hours(1))
            let fresh = try store.recordFetch(updated(wire, at: monday + hours(1)), entries: [syndicated])
            let story = try #require(fresh.first?.storyID)
            let members = try store.entries(storyID: story)
            #expect(Set(members.map(\.feedURL)) == [harbourGazette.url, northernWire.url])
            #expect(members.allSatisfy { $0.hasExactMatchStory })
            try store.assignStory(entryID: members[0].id, storyID: "story-ferry-strike")
            #expect(try store.entry(id: members[0].id)?.hasExactMatchStory == false)
            #expect(throws: StoreError.unknownEntry(id: 999_999)) { try store.assignStory(entryID: 999_999, storyID: "x") }
            // The Ledger carries the same GUID (a URL) without a link: it joins the clusterer's story.
            let copy = EntryInput(guid: "https://harbourgazette.example/news/2026/11/ferry-strike-talks-collapse",
                                  title: "Ferry operator shares fall on strike news", firstSeen: monday + hours(2))
            #expect(try store.recordFetch(updated(ledger, at: monday + hours(2)), entries: [copy]).first?.storyID == "story-ferry-strike")
            // Short opaque GUIDs equal in two feeds are not evidence.
            let a = EntryInput(guid: "1042", link: "https://ledger.example/business/1042", title: "Rates held", firstSeen: monday)
            let b = EntryInput(guid: "1042", link: "https://harbourgazette.example/news/1042", title: "Lifeboat appeal", firstSeen: monday)
            #expect(try store.recordFetch(updated(ledger, at: monday + hours(3)), entries: [a]).first?.storyID == nil)
            #expect(try store.recordFetch(updated(gazette, at: monday + hours(3)), entries: [b]).first?.storyID == nil)
            try store.commitStories([StoryAssignment(entryID: members[1].id, storyID: "story-2", developingFrom: "story-ferry-strike")],
                                    clustererState: nil)
            #expect(try store.developingLinks(storyIDs: ["story-2", "story-ferry-strike"]) == ["story-2": "story-ferry-strike"])
        }
    }

    @Test("unstable GUIDs, home-page links and GUID-less items follow the identity rules")
    func identityRules() throws {
        try withStore { store, _ in
            let wire = try id(store, northernWire)
            func items(_ at: Date, session: Int) -> [EntryInput] {
                [EntryInput(guid: "nw-\(session)-1", link: "https://northernwire.example/world/election",
                            canonicalURL: "https://northernwire.example/world/election", title: "Incumbent concedes", firstSeen: at),
                 EntryInput(link: "https://northernwire.example/", title: "Home one", firstSeen: at),
                 EntryInput(link: "https://northernwire.example/", title: "Home two", firstSeen: at),
                 EntryInput(title: "FTSE 100 closes up 0.4%", published: monday - hours(1), firstSeen: at)]
            }
            #expect(try store.recordFetch(updated(wire, at: monday), entries: items(monday, session: 1)).count == 4)
            #expect(try store.recordFetch(updated(wire, at: monday + hours(1)), entries: items(monday + hours(1), session: 2)).isEmpty)
            let long = "https://northernwire.example/world/" + String(repeating: "x", count: 20_000)
            let hostile = EntryInput(guid: String(repeating: "g", count: 20_000) + "\u{0}", link: long, canonicalURL: long,
                                     title: "Robert'); DROP TABLE feed;-- \u{0}", firstSeen: monday + hours(2))
            let fresh = try store.recordFetch(updated(wire, at: monday + hours(2)), entries: [hostile, hostile])
            #expect(fresh.count == 1 && fresh.first?.title == "Robert'); DROP TABLE feed;-- ")
            #expect(try store.recordFetch(updated(wire, at: monday + hours(3)), entries: [hostile]).isEmpty)
            #expect(try store.entryCount(feedURL: northernWire.url) == 5)
        }
    }

    @Test("purged entries leave tombstones that keep them from coming back, renewed while listed")
    func purgeAndTombstones() throws {
        try withStore { store, _ in
            let gazette = try id(store, harbourGazette)
            try store.recordFetch(updated(gazette, at: monday), entries: ferryStrikeItems(seenAt: monday))
            let later = monday + days(40)
            let recent = EntryInput(guid: "https://harbourgazette.example/news/2027/01/new-year-swim",
                                    link: "https://harbourgazette.example/news/2027/01/new-year-swim",
                                    title: "Hundreds brave the new year swim", firstSeen: later)
            try store.recordFetch(updated(gazette, at: later), entries: [recent])
            #expect(try store.purge(firstSeenBefore: later - days(30)) == 2)
            #expect(try store.entryCount(feedURL: harbourGazette.url) == 1)
            let repoll = try store.recordFetch(updated(gazette, at: later + hours(1)),
                                               entries: ferryStrikeItems(seenAt: later + hours(1)) + [recent])
            #expect(repoll.isEmpty)
            var reminted = ferryStrikeItems(seenAt: later + hours(2))
            reminted[0].guid = "gz-reissue-1"
            #expect(try store.recordFetch(updated(gazette, at: later + hours(2)), entries: reminted).isEmpty)
            let wire = try id(store, northernWire)
            #expect(try store.recordFetch(updated(wire, at: later + hours(2)), entries: ferryStrikeItems(seenAt: later + hours(2))).isEmpty)
            #expect(try store.purge(firstSeenBefore: later - days(30)) == 0)
            #expect(try store.tombstoneCount() == 2)
            // Only the ferry story is still listed; the wall story's tombstone goes once it is long gone.
            let items = ferryStrikeItems(seenAt: monday)
            for day in stride(from: 41.0, through: 200, by: 10) {
                let now = monday + days(day)
                try store.recordFetch(updated(gazette, at: now), entries: [items[0]].map { var e = $0; e.firstSeen = now; return e })
                try store.purge(firstSeenBefore: now - days(30), keepTombstonesFor: days(90))
            }
            #expect(try store.tombstoneCount() == 1)
        }
    }

    @Test("history is trimmed to the limit; a permanent redirect moves the fetch URL after the threshold")
    func historyAndRedirects() throws {
        try withStore(historyLimit: 3) { store, _ in
            let wire = try id(store, northernWire)
            let target = "https://northernwire.example/rss/world"
            for n in 0..<2 {
                try store.recordFetch(updated(wire, at: monday + hours(Double(n)), redirect: target), entries: [])
            }
            #expect(try store.feed(id: wire)?.redirectCount == 2)
            #expect(try store.feed(id: wire)?.fetchURL == northernWire.url)
            try store.recordFetch(updated(wire, at: monday + hours(2), redirect: target), entries: [])
            let moved = try #require(try store.feed(id: wire))
            #expect(moved.fetchURL == target && moved.redirectCount == 0 && moved.redirectURL == nil)
            try store.recordFetch(FetchRecord(feedID: wire, at: monday + hours(3), outcome: .failed("HTTP 500"), httpStatus: 500,
                                              nextPollAt: monday + hours(4)), entries: [])
            try store.recordFetch(FetchRecord(feedID: wire, at: monday + hours(4), outcome: .failed("HTTP 502"), httpStatus: 502,
                                              nextPollAt: monday + hours(5)), entries: [])
            let failing = try #require(try store.feed(id: wire))
            #expect(failing.consecutiveFailures == 2 && failing.failingSince == monday + hours(3) && failing.lastError == "HTTP 502")
            #expect(try store.fetchHistory(feedID: wire).map(\.outcome) == ["failed", "failed", "updated"])
            #expect(try store.fetchHistory(feedID: wire).first?.error == "HTTP 502")
            #expect(try store.nextPollTime() == monday)
            #expect(try store.dueFeeds(at: monday, limit: 10).map(\.configuredURL) == [harbourGazette.url, ledgerBusiness.url])
            #expect(throws: StoreError.unknownFeed(id: 424_242)) {
                try store.recordFetch(updated(424_242, at: monday), entries: [])
            }
        }
    }

    private static func article(_ n: Int, guid: String, at: Date) -> EntryInput {
        EntryInput(guid: guid, link: "https://harbourgazette.example/news/race-\(n)",
                   canonicalURL: "https://harbourgazette.example/news/race-\(n)", title: "Race \(n)", firstSeen: at)
    }

    @Test("two workers storing the same article from two feeds at once: one stores first, the other joins its story")
    func concurrentCrossFeed() throws {
        try withStore { store, db in
            let other = try open(db)
            defer { try? other.close() }
            let gazette = try id(store, harbourGazette)
            let wire = try id(store, northernWire)
            let rounds = 20
            let failure = Mutex<String?>(nil)
            let done = DispatchSemaphore(value: 0)
            let thread = Thread {
                defer { done.signal() }
                do {
                    for n in 0..<rounds {
                        // Every fifth poll is a big one, which locks all identities at once.
                        let at = monday + minutes(Double(n))
                        let filler = n % 5 == 0 ? (0..<70).map {
                            EntryInput(link: "https://northernwire.example/filler/\(n)/\($0)", title: "Filler \(n).\($0)", firstSeen: at)
                        } : []
                        try other.recordFetch(updated(wire, at: at), entries: filler + [Self.article(n, guid: "wire-\(n)", at: at)])
                    }
                } catch {
                    failure.withLock { $0 = "\(error)" }
                }
            }
            thread.start()
            for n in 0..<rounds {
                try store.recordFetch(updated(gazette, at: monday + minutes(Double(n))),
                                      entries: [Self.article(n, guid: "gazette-\(n)", at: monday + minutes(Double(n)))])
            }
            done.wait()
            #expect(failure.withLock { $0 } == nil)
            let entries = try store.entries(firstSeenFrom: monday, to: monday + days(1)).filter { $0.title?.hasPrefix("Race") == true }
            #expect(entries.count == 2 * rounds)
            for n in 0..<rounds {
                let pair = entries.filter { $0.title == "Race \(n)" }
                #expect(pair.count == 2 && pair.allSatisfy { $0.storyID != nil && $0.storyID == pair[0].storyID }, "round \(n)")
            }
        }
    }

    /// A database whose checkpoint an earlier version stored whole in its row reads the same
    /// state after the upgrade (migration "w9 checkpoint parts"), and the next checkpoint is
    /// stored in rows of at most a part.
    @Test("a checkpoint stored whole before w9 is read after it, and the next one is in parts")
    func aWholeCheckpointIsReadAfterTheUpgrade() throws {
        let db = try TestPostgres.freshDatabase()
        defer { db.drop() }
        try open(db).close()
        // As an earlier version left it: no part table, the bytes in the checkpoint row.
        try TestPostgres.psql(db.url, """
            DROP TABLE story_checkpoint_part;
            DELETE FROM feedwatch_migration WHERE name = 'w9 checkpoint parts';
            INSERT INTO story_checkpoint(id, through_seq, data) VALUES (1, 41, decode('00ff10feedface', 'hex'));
            INSERT INTO story_journal(seq, story_id, item) VALUES (42, 'story-42', '{}');
            """)
        let store = try open(db)
        defer { try? store.close() }
        let saved = try store.loadStoryState()
        #expect(saved.checkpoint == Data([0x00, 0xFF, 0x10, 0xFE, 0xED, 0xFA, 0xCE]) && saved.checkpointSeq == 41)
        #expect(saved.journal.map(\.seq) == [42])
        let large = Data((0..<(FeedStore.checkpointPartBytes + 300)).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        try store.saveStoryCheckpoint(StoryCheckpoint(data: large, throughSeq: 42))
        let rows = try TestPostgres.psql(db.url, "SELECT length(data) FROM story_checkpoint_part ORDER BY part")
        #expect(rows.split(separator: "\n").map(String.init) == ["\(FeedStore.checkpointPartBytes)", "300"])
        #expect(try store.loadStoryState().checkpoint == large && store.loadClustererState() == large)
    }
}
