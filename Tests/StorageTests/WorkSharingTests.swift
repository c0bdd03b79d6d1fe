import FeedwatchTesting
import Foundation
import PostgresStorage
@testable import Storage
import Synchronization
import Testing

/// One database on the PostgreSQL test server with several stores open on it: each store is one
/// connection, as each `feedwatch run` worker has. Closing the stores and dropping the database
/// happen when the test lets go of it.
final class SharedDatabase: Sendable {
    let database: TestPostgres.Database
    /// The workers opened with the database.
    let workers: [PostgresFeedStore]
    private let opened: Mutex<[PostgresFeedStore]>

    init(workers count: Int) throws {
        database = try TestPostgres.freshDatabase()
        opened = Mutex([])
        var stores: [PostgresFeedStore] = []
        do {
            for _ in 0..<count { stores.append(try Self.open(database)) }
        } catch {
            for store in stores { try? store.close() }
            database.drop()
            throw error
        }
        workers = stores
    }

    /// One more worker on the same database.
    func open() throws -> PostgresFeedStore {
        let store = try Self.open(database)
        opened.withLock { $0.append(store) }
        return store
    }

    /// Runs one SQL command on the database with psql (a third party: an operator, a test).
    @discardableResult
    func psql(_ sql: String) throws -> String {
        try TestPostgres.psql(database.url + "?sslmode=disable", sql)
    }

    private static func open(_ database: TestPostgres.Database) throws -> PostgresFeedStore {
        try PostgresFeedStore(location: try PostgresLocation(url: database.url + "?sslmode=disable"),
                              password: PostgresPassword(nil))
    }

    deinit {
        for store in workers + opened.withLock({ $0 }) { try? store.close() }
        database.drop()
    }
}

/// Runs `body(i)` for i in 0..<count on that many threads at once (GCD's, not Swift's
/// cooperative pool: the store's calls block), and returns the results in order of i.
func together<T: Sendable>(_ count: Int, _ body: @Sendable (Int) throws -> T) throws -> [T] {
    let results = Mutex<[Int: Result<T, any Error>]>([:])
    DispatchQueue.concurrentPerform(iterations: count) { i in
        let result = Result { try body(i) }
        results.withLock { $0[i] = result }
    }
    // concurrentPerform returns after every iteration ran, so each index has its result.
    let all = results.withLock { $0 }
    return try (0..<count).compactMap { try all[$0]?.get() }
}

/// Work sharing on the PostgreSQL backend: several workers — stores on their own connections —
/// on one database, claiming feeds and article pages, taking the clusterer role, and spacing
/// their requests to one host between them. SQLite has one process, so there is nothing to share.
@Suite(.enabled(if: TestPostgres.isAvailable, "FEEDWATCH_TEST_POSTGRES_URL names no PostgreSQL server"))
struct WorkSharingTests {
    /// Forty feeds, all due at `monday`.
    static let manyFeeds = (1...40).map { ConfiguredFeed(url: "https://news\($0).example/rss") }

    static func lease(_ holder: String, until: Date) -> WorkLease { WorkLease(holder: holder, until: until) }

    @Test func twoWorkersClaimingAtOnceNeverGetTheSameFeed() throws {
        let shared = try SharedDatabase(workers: 2)
        try shared.workers[0].syncConfiguredFeeds(Self.manyFeeds, now: monday)
        // Each worker claims a few at a time, under a new lease name each time (so a worker never
        // takes its own lease again), until nothing is left: every feed goes to exactly one claim.
        let claims = try together(2) { worker -> [[Int64]] in
            var claims: [[Int64]] = []
            for round in 0..<100 {
                let claimed = try shared.workers[worker].claimDueFeeds(
                    at: monday, limit: 3, lease: Self.lease("w\(worker)-\(round)", until: monday + minutes(5)))
                if claimed.isEmpty { break }
                claims.append(claimed.map(\.id))
            }
            return claims
        }
        let all = claims.flatMap { $0.flatMap { $0 } }
        #expect(all.count == Self.manyFeeds.count)
        #expect(Set(all).count == all.count, "a feed was claimed twice")
        #expect(Set(all) == Set(try shared.workers[0].allFeeds(includeInactive: false).map(\.id)))
        // Everything is leased now: a third worker finds nothing, though every feed is due.
        let third = try shared.open()
        #expect(try third.claimDueFeeds(at: monday, limit: 100, lease: Self.lease("w2", until: monday + minutes(5))).isEmpty)
        #expect(try third.dueFeeds(at: monday, limit: 100).count == Self.manyFeeds.count)
    }

    @Test func aWorkerGetsItsOwnLeaseAgainAndOthersGetTheRest() throws {
        let shared = try SharedDatabase(workers: 2)
        let (a, b) = (shared.workers[0], shared.workers[1])
        try a.syncConfiguredFeeds([harbourGazette, northernWire, ledgerBusiness], now: monday)
        let first = try a.claimDueFeeds(at: monday, limit: 2, lease: Self.lease("a", until: monday + minutes(5)))
        #expect(first.map(\.configuredURL) == [harbourGazette.url, northernWire.url])
        let second = try b.claimDueFeeds(at: monday, limit: 10, lease: Self.lease("b", until: monday + minutes(5)))
        #expect(second.map(\.configuredURL) == [ledgerBusiness.url])
        // A claims again (its cycle came round before it polled): its own leases are still its.
        let again = try a.claimDueFeeds(at: monday + minutes(1), limit: 10, lease: Self.lease("a", until: monday + minutes(6)))
        #expect(again.map(\.id) == first.map(\.id))
    }

    @Test func aLeaseThatRunsOutWithoutRenewalGoesToTheOtherWorker() throws {
        let shared = try SharedDatabase(workers: 2)
        let (a, b) = (shared.workers[0], shared.workers[1])
        try a.syncConfiguredFeeds([harbourGazette, northernWire], now: monday)
        let claimed = try a.claimDueFeeds(at: monday, limit: 10, lease: Self.lease("a", until: monday + minutes(1)))
        #expect(claimed.count == 2)
        #expect(try b.claimDueFeeds(at: monday + 30, limit: 10, lease: Self.lease("b", until: monday + minutes(2))).isEmpty)
        // A renews in time: B still gets nothing after the first end.
        try a.renewLeases(Self.lease("a", until: monday + minutes(3)))
        #expect(try b.claimDueFeeds(at: monday + minutes(2), limit: 10, lease: Self.lease("b", until: monday + minutes(4))).isEmpty)
        // A stops renewing (it hangs, or died): once the lease has run out, B takes the feeds.
        let taken = try b.claimDueFeeds(at: monday + minutes(3) + 1, limit: 10, lease: Self.lease("b", until: monday + minutes(5)))
        #expect(Set(taken.map(\.id)) == Set(claimed.map(\.id)))
        // A's late renewal does not take them back.
        try a.renewLeases(Self.lease("a", until: monday + minutes(10)))
        #expect(try a.claimDueFeeds(at: monday + minutes(4), limit: 10, lease: Self.lease("a", until: monday + minutes(10))).isEmpty)
    }

    @Test func recordingThePollOrReleasingEndsTheLease() throws {
        let shared = try SharedDatabase(workers: 2)
        let (a, b) = (shared.workers[0], shared.workers[1])
        try a.syncConfiguredFeeds([harbourGazette, northernWire], now: monday)
        let claimed = try a.claimDueFeeds(at: monday, limit: 10, lease: Self.lease("a", until: monday + hours(2)))
        let gazette = try #require(claimed.first { $0.configuredURL == harbourGazette.url })
        // A polls the gazette: next poll in half an hour, and the lease is over though it ran for two.
        try a.recordFetch(updated(gazette.id, at: monday), entries: [])
        let later = try b.claimDueFeeds(at: monday + minutes(31), limit: 10, lease: Self.lease("b", until: monday + hours(3)))
        #expect(later.map(\.id) == [gazette.id])
        // A stops cleanly: what it still held is free at once.
        try a.releaseLeases(holder: "a")
        let rest = try b.claimDueFeeds(at: monday + minutes(32), limit: 10, lease: Self.lease("b", until: monday + hours(3)))
        #expect(Set(rest.map(\.configuredURL)) == [harbourGazette.url, northernWire.url])
    }

    /// Two feeds with two linked entries each: four article pages due at `monday`.
    static func pages(_ store: PostgresFeedStore) throws -> [Int64] {
        try store.syncConfiguredFeeds([harbourGazette, northernWire], now: monday)
        var ids: [Int64] = []
        for (n, feed) in [harbourGazette, northernWire].enumerated() {
            let id = try Self.id(store, feed)
            ids += try store.recordFetch(updated(id, at: monday), entries: (1...2).map { i in
                EntryInput(guid: "item-\(n)-\(i)", link: "https://site\(n).example/story/\(i)", title: "Story \(n) \(i)",
                           firstSeen: monday)
            }).map(\.id)
        }
        return ids
    }

    @Test func articlePagesAreLeasedOneWorkerEachUntilRecorded() throws {
        let shared = try SharedDatabase(workers: 2)
        let (a, b) = (shared.workers[0], shared.workers[1])
        let ids = try Self.pages(a)
        #expect(ids.count == 4)
        let claims = try together(2) { worker in
            try shared.workers[worker].claimPendingArticles(at: monday, limit: 3,
                                                            lease: Self.lease("w\(worker)", until: monday + minutes(10)))
        }
        let claimed = claims.flatMap { $0.map(\.entryID) }
        #expect(claimed.count == 4 && Set(claimed) == Set(ids), "\(claims)")
        #expect(claims.allSatisfy { $0.count >= 1 && $0.count <= 3 })
        // The plain read still lists every due page; claims skip the leased ones.
        #expect(try a.pendingArticles(at: monday, limit: 10).count == 4)
        #expect(try a.claimPendingArticles(at: monday, limit: 10, lease: Self.lease("c", until: monday + minutes(10))).isEmpty)
        // A failure with a retry ends the lease: the retry is anyone's when it is due, before the lease would have ended.
        let page = try #require(claims[0].first)
        try a.recordArticle(entryID: page.entryID, result: .failed(error: "HTTP 503", retryAt: monday + minutes(2)))
        #expect(try a.articleStatus(entryID: page.entryID) == ArticleStatus(state: "retry", attempts: 1,
                                                                             nextAttemptAt: monday + minutes(2), lastError: "HTTP 503"))
        let retry = try b.claimPendingArticles(at: monday + minutes(3), limit: 10, lease: Self.lease("w1", until: monday + minutes(20)))
        #expect(retry.contains { $0.entryID == page.entryID && $0.attempts == 1 })
        try b.recordArticle(entryID: page.entryID, result: .extracted(text: "The text.", metadataJSON: nil, label: "full"))
        #expect(try b.articleStatus(entryID: page.entryID)?.state == "done")
        #expect(try a.claimPendingArticles(at: monday + hours(1), limit: 10, lease: Self.lease("c", until: monday + hours(2)))
            .allSatisfy { $0.entryID != page.entryID })
    }

    @Test func exactlyOneWorkerHoldsTheClustererRoleAndItPassesOnWhenTheHolderGoes() throws {
        let shared = try SharedDatabase(workers: 2)
        let (a, b) = (shared.workers[0], shared.workers[1])
        let first = try together(2) { try shared.workers[$0].acquireClustererRole() }
        #expect(first.filter { $0 }.count == 1, "\(first)")
        let (holder, other) = first[0] ? (a, b) : (b, a)
        // Asking again changes nothing, however often.
        for _ in 0..<3 {
            #expect(try holder.acquireClustererRole())
            #expect(try !other.acquireClustererRole())
        }
        // The holder stops: its connection ends, and the other worker's next try takes the role
        // (the server ends the session a moment after the connection closes).
        try holder.close()
        #expect(try Self.eventually { try other.acquireClustererRole() })
        let third = try shared.open()
        #expect(try !third.acquireClustererRole())
    }

    @Test func aHolderWhoseConnectionDropsMustTakeTheRoleAgain() throws {
        let shared = try SharedDatabase(workers: 2)
        let (a, b) = (shared.workers[0], shared.workers[1])
        #expect(try a.acquireClustererRole())
        #expect(try !b.acquireClustererRole())
        // The server ends A's session (a failover, an operator, a network cut).
        try shared.psql("""
            SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = \(0x6677_636C) AND granted
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """)
        #expect(try Self.eventually { try b.acquireClustererRole() })
        // A reconnects (its first call may fail with the dropped connection) and is told it does not hold the role.
        #expect(try Self.eventually { (try? a.acquireClustererRole()).map { !$0 } ?? false })
        #expect(try b.acquireClustererRole())
    }

    @Test func hostSlotsKeepTheirSpacingAcrossWorkers() throws {
        let shared = try SharedDatabase(workers: 2)
        let spacing: TimeInterval = 2
        let slots = try together(2) { worker in
            try (0..<10).map { _ in
                try shared.workers[worker].reserveHostSlot(host: "harbourgazette.example", spacing: spacing, at: monday)
            }
        }
        let all = slots.flatMap { $0 }.map(\.timeIntervalSince1970).sorted()
        #expect(all.count == 20)
        #expect(all.first == monday.timeIntervalSince1970)
        for (earlier, later) in zip(all, all.dropFirst()) {
            #expect(abs(later - earlier - spacing) < 1e-6, "slots \(earlier) and \(later)")
        }
        // Another host is free at once; after a quiet spell the first one is too.
        #expect(try shared.workers[0].reserveHostSlot(host: "northernwire.example", spacing: spacing, at: monday) == monday)
        let quiet = monday + minutes(5)
        #expect(try shared.workers[1].reserveHostSlot(host: "harbourgazette.example", spacing: spacing, at: quiet) == quiet)
        #expect(try shared.workers[0].reserveHostSlot(host: "HarbourGazette.example", spacing: spacing, at: quiet) == quiet + spacing)
        // Nonsense spacings are bounded, never stored as NaN.
        _ = try shared.workers[0].reserveHostSlot(host: "odd.example", spacing: .nan, at: monday)
        #expect(try shared.workers[0].reserveHostSlot(host: "odd.example", spacing: 1, at: monday) == monday)
    }

    @Test func politenessRowsThatHoldNothingBackAreForgottenAfterACycle() throws {
        let shared = try SharedDatabase(workers: 2)
        let (a, b) = (shared.workers[0], shared.workers[1])
        let now = Date()
        // Long past: a start reserved on Monday, and a request slot whose worker died then.
        _ = try a.reserveHostSlot(host: "harbourgazette.example", spacing: 1, at: monday)
        #expect(try a.acquireHostRequestSlot(host: "harbourgazette.example", limit: 2, holder: "dead-worker",
                                             until: monday + 60, at: monday) == 0)
        // Still holding: a Retry-After hold an hour long, and a live worker's slot.
        _ = try a.reserveHostSlot(host: "northernwire.example", spacing: 3600, at: now)
        #expect(try b.acquireHostRequestSlot(host: "northernwire.example", limit: 2, holder: "live-worker",
                                             until: now + 60, at: now) == 0)
        func rows(_ table: String) throws -> String {
            try TestPostgres.psql(shared.database.url, "SELECT string_agg(host, ',' ORDER BY host) FROM \(table)")
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(try rows("host_slot") == "harbourgazette.example,northernwire.example")
        #expect(try rows("host_request") == "harbourgazette.example,northernwire.example")
        try b.checkpoint()
        #expect(try rows("host_slot") == "northernwire.example")
        #expect(try rows("host_request") == "northernwire.example")
        // The hold still holds.
        #expect(try b.reserveHostSlot(host: "northernwire.example", spacing: 1, at: now) > now + 3000)
    }

    // MARK: The shared content seen by every worker

    @Test func leasesDoNotMoveTheContentGenerationAndOtherWorkersWritesDo() throws {
        let shared = try SharedDatabase(workers: 2)
        let (a, b) = (shared.workers[0], shared.workers[1])
        _ = try Self.pages(a)
        let start = try b.contentGeneration()
        _ = try b.claimDueFeeds(at: monday + hours(1), limit: 10, lease: Self.lease("b", until: monday + hours(2)))
        _ = try b.claimPendingArticles(at: monday, limit: 10, lease: Self.lease("b", until: monday + hours(2)))
        try b.renewLeases(Self.lease("b", until: monday + hours(3)))
        try b.releaseLeases(holder: "b")
        _ = try b.reserveHostSlot(host: "site0.example", spacing: 1, at: monday)
        #expect(try a.contentGeneration() == start)
        // A quiet poll (nothing new) moves nothing either.
        try a.recordFetch(updated(try Self.id(a, harbourGazette), at: monday + hours(1)), entries: [])
        #expect(try b.contentGeneration() == start)
        // A's new entry is news to B.
        try a.recordFetch(updated(try Self.id(a, northernWire), at: monday + hours(1)), entries: [
            EntryInput(guid: "new", link: "https://site1.example/story/new", title: "Lifeboat crew honoured", firstSeen: monday + hours(1)),
        ])
        let afterEntry = try b.contentGeneration()
        #expect(afterEntry > start)
        try a.recordAnalysis(entryID: try #require(a.pendingArticles(at: monday, limit: 1).first).entryID, json: #"{"people":[]}"#)
        #expect(try b.contentGeneration() > afterEntry)
    }

    @Test func whatOneWorkerStoresAnotherFinds() throws {
        let shared = try SharedDatabase(workers: 2)
        let (a, b) = (shared.workers[0], shared.workers[1])
        try a.syncConfiguredFeeds([harbourGazette, northernWire], now: monday)
        let wall = try a.recordFetch(updated(try Self.id(a, harbourGazette), at: monday), entries: [
            EntryInput(guid: "wall", link: "https://harbourgazette.example/wall", title: "Storm surge breaches the harbour wall",
                       summary: "<p>Water reached the <b>fish&nbsp;market</b>.<script>track()</script></p>", firstSeen: monday),
        ])[0].id
        let ferry = try b.recordFetch(updated(try Self.id(b, northernWire), at: monday + hours(1)), entries: [
            EntryInput(guid: "ferry", link: "https://northernwire.example/ferry", title: "Ferries cancelled",
                       content: "<div class=\"body\">Crossings stop while divers survey the harbour wall.</div>",
                       firstSeen: monday + hours(1)),
        ])[0].id
        // Each worker's entry is indexed when its analysis is stored, whichever worker stores it.
        #expect(try a.searchIndexCount() == 0)
        try b.recordAnalysis(entryID: wall, json: #"{"people":[],"organizations":[],"places":[]}"#)
        try a.recordAnalysis(entryID: ferry, json: #"{"people":[],"organizations":[],"places":[]}"#)
        try b.commitStories([StoryAssignment(entryID: wall, storyID: "story-wall"),
                             StoryAssignment(entryID: ferry, storyID: "story-ferry")], clustererState: nil)
        #expect(try a.searchIndexCount() == 2)
        // The headline outranks the text; markup and scripts are not words, the text inside tags is.
        #expect(try a.search(SearchQuery("harbour wall"), firstSeenFrom: nil, to: nil, limit: 20).map(\.storyID)
            == ["story-wall", "story-ferry"])
        #expect(try b.search(SearchQuery("fish market"), firstSeenFrom: nil, to: nil, limit: 20).map(\.storyID) == ["story-wall"])
        #expect(try b.search(SearchQuery("track"), firstSeenFrom: nil, to: nil, limit: 20).isEmpty)
        #expect(try b.search(SearchQuery("body"), firstSeenFrom: nil, to: nil, limit: 20).isEmpty)
        // Stemmed, and the snippet marks the match in the text it was found in.
        let divers = try a.search(SearchQuery("surveying"), firstSeenFrom: nil, to: nil, limit: 20)
        #expect(divers.map(\.storyID) == ["story-ferry"])
        #expect(divers.first?.snippet.contains("\u{2}survey\u{3}") == true, "\(divers)")
        // A name the analysis found, written by the other worker, is found too.
        try b.recordAnalysis(entryID: wall, json: #"{"people":["Ines Varga"],"organizations":["Sellen Harbour Trust"],"places":[]}"#)
        #expect(try a.search(SearchQuery("Varga"), firstSeenFrom: nil, to: nil, limit: 20).map(\.storyID) == ["story-wall"])
        #expect(try a.search(SearchQuery("\"Harbour Trust\""), firstSeenFrom: nil, to: nil, limit: 20).map(\.storyID) == ["story-wall"])
        #expect(try a.search(SearchQuery("\"Harbour Trust\""), firstSeenFrom: monday + minutes(30), to: nil, limit: 20).isEmpty)
    }

    @Test func hostileTextIsIndexedInBoundedTime() throws {
        let shared = try SharedDatabase(workers: 1)
        let store = shared.workers[0]
        try store.syncConfiguredFeeds([harbourGazette], now: monday)
        let size = 1 << 20
        let shapes = [
            String(repeating: "<", count: size), String(repeating: "<!--", count: size / 4),
            String(repeating: "<a ", count: size / 3), String(repeating: "&#1", count: size / 3),
            "<script>" + String(repeating: "<scrip", count: size / 6), String(repeating: "a<b\"", count: size / 4),
            // Many distinct words: a tsvector holds 1 MB at most, the index takes a bounded part.
            (0..<150_000).map { String($0, radix: 36) }.joined(separator: " "),
        ]
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            let stored = try store.recordFetch(updated(try Self.id(store, harbourGazette), at: monday), entries: shapes.enumerated().map {
                EntryInput(guid: "shape-\($0.offset)", title: "Shape \($0.offset)", summary: $0.element, content: $0.element,
                           firstSeen: monday)
            })
            try store.recordAnalyses(stored.map { (entryID: $0.id, json: #"{"people":[]}"#) })
        }
        #expect(elapsed < .seconds(60), "\(elapsed)")
        #expect(try store.searchIndexCount() == shapes.count)
        #expect(try store.search(SearchQuery("shape"), firstSeenFrom: nil, to: nil, limit: 20).count == shapes.count)
    }

    @Test func metricsCountEveryWorkersQueuesAndFetches() throws {
        let shared = try SharedDatabase(workers: 2)
        let (a, b) = (shared.workers[0], shared.workers[1])
        _ = try Self.pages(a)
        try b.syncConfiguredFeeds([harbourGazette, northernWire, ledgerBusiness], now: monday)
        _ = try b.claimDueFeeds(at: monday, limit: 10, lease: Self.lease("b", until: monday + hours(1)))
        try b.recordFetch(FetchRecord(feedID: try Self.id(b, ledgerBusiness), at: monday, outcome: .failed("HTTP 500"),
                                      httpStatus: 500, durationMs: 90, nextPollAt: monday + minutes(15)), entries: [])
        try a.quarantine(.pageExtraction, id: try #require(a.pendingArticles(at: monday, limit: 1).first).entryID,
                         reason: "the extractor died", at: monday, until: nil)
        let snapshot = try a.metricsSnapshot(at: monday + minutes(1), windowStart: monday - days(3), historyAfter: 0,
                                             maxFetches: 100)
        // Leased or not, a due feed is due: only the ledger, polled at monday, is not.
        #expect(snapshot.dueFeeds == 0)
        #expect(snapshot.pendingArticles == 4)
        #expect(snapshot.pendingAnalysis == 4)
        #expect(snapshot.feedsNeedingAttention == 1)
        #expect(snapshot.fetches.map(\.outcome) == ["updated", "updated", "failed"])
        #expect(snapshot.fetches.last?.httpStatus == 500)
        let again = try b.metricsSnapshot(at: monday + minutes(31), windowStart: monday - days(3),
                                          historyAfter: snapshot.lastHistoryID, maxFetches: 100)
        #expect(again.fetches.isEmpty && again.lastHistoryID == snapshot.lastHistoryID)
        #expect(again.dueFeeds == 3)
        #expect(try b.quarantinedItems().map(\.reason) == ["the extractor died"])
        #expect(b.fileSizes().database > 0 && b.fileSizes().wal == 0)
        #expect(try b.checkpoint() == CheckpointResult(busy: false, walFrames: 0, checkpointedFrames: 0))
        #expect(throws: BackupError.self) { try b.backup(to: "/tmp/feedwatch-backup.sqlite") }
    }

    /// Tries `condition` every 50 ms for up to `seconds` until it holds.
    static func eventually(seconds: Double = 10, _ condition: () throws -> Bool) throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if try condition() { return true }
            if Date() >= deadline { return false }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// The id of a configured feed in `store`.
    static func id(_ store: PostgresFeedStore, _ feed: ConfiguredFeed) throws -> Int64 {
        guard let state = try store.feed(url: feed.url) else { throw StoreError.unknownFeed(id: -1) }
        return state.id
    }

    // MARK: Analysis shared by every worker

    /// `count` entries of the ledger (no article pages: it is not full text), first seen a minute
    /// apart from `monday`, oldest first.
    static func entriesWithoutPages(_ store: PostgresFeedStore, count: Int) throws -> [Int64] {
        try store.syncConfiguredFeeds([ledgerBusiness], now: monday)
        return try store.recordFetch(updated(try Self.id(store, ledgerBusiness), at: monday), entries: (0..<count).map { i in
            EntryInput(guid: "ledger-\(i)", link: "https://ledger.example/story/\(i)", title: "Ledger story \(i)",
                       firstSeen: monday + minutes(Double(i)))
        }).map(\.id)
    }

    /// `store`'s claim of the entries first seen in the week from `monday`.
    static func claimAnalysis(_ store: PostgresFeedStore, _ holder: String, at now: Date, until: Date,
                              limit: Int = 100) throws -> [Int64] {
        try #require(try store.claimEntriesForAnalysis(firstSeenFrom: monday, to: monday + days(7), at: now, limit: limit,
                                                      lease: Self.lease(holder, until: until))).map(\.id)
    }

    @Test func twoWorkersClaimingAnalysesAtOnceNeverGetTheSameEntry() throws {
        let shared = try SharedDatabase(workers: 2)
        let ids = try Self.entriesWithoutPages(shared.workers[0], count: 30)
        #expect(ids.count == 30)
        let claims = try together(2) { worker -> [[Int64]] in
            var claims: [[Int64]] = []
            for round in 0..<100 {
                let claimed = try Self.claimAnalysis(shared.workers[worker], "w\(worker)-\(round)", at: monday,
                                                     until: monday + minutes(5), limit: 3)
                if claimed.isEmpty { break }
                #expect(claimed.count <= 3)
                claims.append(claimed)
            }
            return claims
        }
        let all = claims.flatMap { $0.flatMap { $0 } }
        #expect(all.count == ids.count)
        #expect(Set(all).count == all.count, "an entry was claimed twice")
        #expect(Set(all) == Set(ids))
        // Each claim comes oldest first.
        #expect(claims.allSatisfy { $0.allSatisfy { $0 == $0.sorted() } })
        // Everything is leased now: a third worker finds nothing, though nothing is analysed.
        let third = try shared.open()
        #expect(try Self.claimAnalysis(third, "w2", at: monday, until: monday + minutes(5)).isEmpty)
        #expect(try third.entries(firstSeenFrom: monday, to: monday + days(7), unfinishedOnly: true).count == ids.count)
    }

    @Test func aClaimHoldsTheWholeEntryWithinItsWindowAndLimit() throws {
        let shared = try SharedDatabase(workers: 1)
        let store = shared.workers[0]
        let ids = try Self.entriesWithoutPages(store, count: 5)
        // [start, end): the entry first seen at the end is not in the window.
        let window = try #require(try store.claimEntriesForAnalysis(
            firstSeenFrom: monday + minutes(1), to: monday + minutes(3), at: monday, limit: 100,
            lease: Self.lease("a", until: monday + minutes(5))))
        #expect(window.map(\.id) == Array(ids[1...2]))
        #expect(window.map(\.title) == ["Ledger story 1", "Ledger story 2"])
        #expect(window.allSatisfy { $0.feedURL == ledgerBusiness.url && $0.feedName == ledgerBusiness.name })
        #expect(window.first == (try store.entry(id: ids[1])))
        // A limit of nothing claims nothing; a huge one is bounded, not trapped on.
        #expect(try store.claimEntriesForAnalysis(firstSeenFrom: monday, to: monday + days(1), at: monday, limit: 0,
                                                  lease: Self.lease("a", until: monday + minutes(5))) == [])
        #expect(try Self.claimAnalysis(store, "b", at: monday, until: monday + minutes(5), limit: Int.max)
            == [ids[0], ids[3], ids[4]])
    }

    @Test func entriesWaitingForTheirPageAreOfferedOnceThePageWasTried() throws {
        let shared = try SharedDatabase(workers: 2)
        let (a, b) = (shared.workers[0], shared.workers[1])
        let ids = try Self.pages(a)
        #expect(ids.count == 4)
        // Every page is still pending: nothing is ready for analysis, leased page or not.
        _ = try b.claimPendingArticles(at: monday, limit: 10, lease: Self.lease("b", until: monday + minutes(10)))
        #expect(try Self.claimAnalysis(a, "a", at: monday, until: monday + minutes(10)).isEmpty)
        // One page extracted, one failed for good, one failed with a retry to come: each was tried.
        try b.recordArticle(entryID: ids[0], result: .extracted(text: "The whole story.", metadataJSON: nil, label: "full"))
        try b.recordArticle(entryID: ids[1], result: .failed(error: "HTTP 404", retryAt: nil))
        try b.recordArticle(entryID: ids[2], result: .failed(error: "HTTP 503", retryAt: monday + minutes(2)))
        let claimed = try #require(try a.claimEntriesForAnalysis(firstSeenFrom: monday, to: monday + days(7), at: monday,
                                                                 limit: 100, lease: Self.lease("a", until: monday + minutes(10))))
        #expect(Set(claimed.map(\.id)) == Set(ids[0...2]))
        #expect(claimed.first { $0.id == ids[0] }?.articleText == "The whole story.")
        #expect(claimed.first { $0.id == ids[0] }?.articleState == "done")
        // The fourth is offered once its page is done.
        try b.recordArticle(entryID: ids[3], result: .extracted(text: "More.", metadataJSON: nil, label: "full"))
        #expect(try Self.claimAnalysis(b, "b", at: monday + minutes(1), until: monday + minutes(10)) == [ids[3]])
    }

    @Test func anAnalysedOrQuarantinedEntryIsNeverOfferedAgain() throws {
        let shared = try SharedDatabase(workers: 2)
        let (a, b) = (shared.workers[0], shared.workers[1])
        let ids = try Self.entriesWithoutPages(a, count: 5)
        #expect(try Self.claimAnalysis(a, "a", at: monday, until: monday + minutes(5)) == ids)
        try a.recordAnalyses([(entryID: ids[0], json: #"{"people":[]}"#), (entryID: ids[1], json: #"{"people":[]}"#)])
        try a.recordAnalysis(entryID: ids[2], json: #"{"people":[]}"#)
        try b.quarantine(.analysis, id: ids[3], reason: "the analyser died", at: monday, until: nil)
        // The holder's claim again, and the other worker's once the lease ran out: only the rest.
        #expect(try Self.claimAnalysis(a, "a", at: monday + minutes(1), until: monday + minutes(5)) == [ids[4]])
        #expect(try Self.claimAnalysis(b, "b", at: monday + minutes(6), until: monday + minutes(10)) == [ids[4]])
        try b.recordAnalysis(entryID: ids[4], json: #"{"people":[]}"#)
        #expect(try Self.claimAnalysis(a, "a", at: monday + hours(1), until: monday + hours(2)).isEmpty)
        // Storing the analysis ended the lease too (the quarantined entry's runs out by itself).
        #expect(try shared.psql("""
            SELECT count(*) FROM entry WHERE analysis_json IS NOT NULL AND (analysis_holder IS NOT NULL OR analysis_until IS NOT NULL)
            """)
            .trimmingCharacters(in: .whitespacesAndNewlines) == "0")
    }

    @Test func anAnalysisLeaseThatRunsOutGoesToTheOtherWorker() throws {
        let shared = try SharedDatabase(workers: 2)
        let (a, b) = (shared.workers[0], shared.workers[1])
        let ids = try Self.entriesWithoutPages(a, count: 3)
        #expect(try Self.claimAnalysis(a, "a", at: monday, until: monday + minutes(1)) == ids)
        #expect(try Self.claimAnalysis(b, "b", at: monday + 30, until: monday + minutes(2)).isEmpty)
        // A renews in time: B still gets nothing after the first end.
        try a.renewLeases(Self.lease("a", until: monday + minutes(3)))
        #expect(try Self.claimAnalysis(b, "b", at: monday + minutes(2), until: monday + minutes(4)).isEmpty)
        // A stops renewing: once the lease has run out, B takes the entries.
        #expect(try Self.claimAnalysis(b, "b", at: monday + minutes(3) + 1, until: monday + minutes(5)) == ids)
        // A's late renewal does not take them back.
        try a.renewLeases(Self.lease("a", until: monday + minutes(10)))
        #expect(try Self.claimAnalysis(a, "a", at: monday + minutes(4), until: monday + minutes(10)).isEmpty)
    }

    @Test func releasingGivesTheAnalysisLeasesBack() throws {
        let shared = try SharedDatabase(workers: 2)
        let (a, b) = (shared.workers[0], shared.workers[1])
        let ids = try Self.entriesWithoutPages(a, count: 3)
        #expect(try Self.claimAnalysis(a, "a", at: monday, until: monday + hours(2)) == ids)
        #expect(try Self.claimAnalysis(b, "b", at: monday + minutes(1), until: monday + hours(2)).isEmpty)
        // A stops cleanly: what it held is free at once; B's own leases stay B's.
        try a.releaseLeases(holder: "a")
        #expect(try Self.claimAnalysis(b, "b", at: monday + minutes(1), until: monday + hours(2)) == ids)
        try a.releaseLeases(holder: "a")
        #expect(try Self.claimAnalysis(a, "a", at: monday + minutes(2), until: monday + hours(2)).isEmpty)
    }

    @Test func analysisLeasesDoNotMoveTheContentGenerationButAnalysesDo() throws {
        let shared = try SharedDatabase(workers: 2)
        let (a, b) = (shared.workers[0], shared.workers[1])
        let ids = try Self.entriesWithoutPages(a, count: 3)
        let start = try b.contentGeneration()
        #expect(try Self.claimAnalysis(b, "b", at: monday, until: monday + hours(1)) == ids)
        try b.renewLeases(Self.lease("b", until: monday + hours(2)))
        try b.releaseLeases(holder: "b")
        #expect(try Self.claimAnalysis(a, "a", at: monday, until: monday + hours(1)) == ids)
        #expect(try b.contentGeneration() == start)
        try a.recordAnalyses([(entryID: ids[0], json: #"{"people":["Ines Varga"]}"#)])
        let afterAnalyses = try b.contentGeneration()
        #expect(afterAnalyses > start)
        // Other changes of an entry still count, as before the lease columns.
        try a.commitStories([StoryAssignment(entryID: ids[1], storyID: "story-ledger")], clustererState: nil)
        #expect(try b.contentGeneration() > afterAnalyses)
    }
}

/// SQLite has one process: the clusterer analyses everything itself, so there is nothing to claim.
@Suite struct SingleProcessAnalysisClaimTests {
    @Test func theSQLiteStoreLeasesNoAnalyses() throws {
        let dir = try TempDirectory()
        let store = try FeedStore(path: dir.databasePath)
        try store.syncConfiguredFeeds([ledgerBusiness], now: monday)
        let feed = try #require(try store.feed(url: ledgerBusiness.url))
        _ = try store.recordFetch(updated(feed.id, at: monday), entries: [
            EntryInput(guid: "one", link: "https://ledger.example/one", title: "One", firstSeen: monday),
        ])
        let claimed = try store.claimEntriesForAnalysis(firstSeenFrom: monday - days(1), to: monday + days(1), at: monday,
                                                        limit: 10, lease: WorkLease(holder: "a", until: monday + hours(1)))
        #expect(claimed == nil)
    }
}
