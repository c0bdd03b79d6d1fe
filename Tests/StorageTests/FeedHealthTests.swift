import Foundation
import Testing
@testable import Storage

@Suite("Feed state: schedule, validators, failures, redirects")
struct FeedHealthTests {
    @Test("configured feeds are added once, due at once, and dropped ones become inactive, not deleted", arguments: StoreBackend.available)
    func syncAndDue(_ backend: StoreBackend) throws {
        let fixture = try storeWithFeeds(backend)
        let store = fixture.store
        #expect(try store.dueFeeds(at: monday, limit: 10).map(\.configuredURL) == [harbourGazette.url, northernWire.url, ledgerBusiness.url])
        let ledger = try #require(try store.feed(url: ledgerBusiness.url))
        #expect(ledger.name == "The Ledger — Business" && ledger.fullText == false && ledger.interval == minutes(15))
        #expect(ledger.fetchURL == ledgerBusiness.url && ledger.createdAt == monday && ledger.active)

        // Poll the gazette; the wire is removed from the config and the gazette renamed.
        let gazette = try feedID(store, harbourGazette)
        try store.recordFetch(updated(gazette, at: monday), entries: ferryStrikeItems(seenAt: monday))
        var renamed = harbourGazette
        renamed.name = "Gazette"
        try store.syncConfiguredFeeds([renamed, ledgerBusiness], now: monday + hours(1))
        #expect(try store.allFeeds().map(\.configuredURL) == [harbourGazette.url, ledgerBusiness.url])
        #expect(try store.allFeeds(includeInactive: true).count == 3)
        #expect(try store.feed(url: northernWire.url)?.active == false)
        // Most overdue first: the ledger (due since monday) before the gazette (due at 08:30).
        #expect(try store.dueFeeds(at: monday + days(1), limit: 10).map(\.configuredURL) == [ledgerBusiness.url, harbourGazette.url])
        let g = try #require(try store.feed(url: harbourGazette.url))
        #expect(g.name == "Gazette" && g.nextPollAt == monday + minutes(30) && g.createdAt == monday)
        #expect(try store.entryCount(feedURL: harbourGazette.url) == 2)
        // The next wake-up is the ledger (still due since monday), not the inactive wire.
        #expect(try store.nextPollTime() == monday)
        #expect(try store.dueFeeds(at: monday + days(1), limit: 1).count == 1)
        // Re-adding the wire brings its state back.
        try store.syncConfiguredFeeds([renamed, ledgerBusiness, northernWire], now: monday + hours(2))
        #expect(try store.feed(url: northernWire.url)?.active == true)
        #expect(try store.feed(url: northernWire.url)?.createdAt == monday)
    }

    @Test("a 304 keeps the validators; a 200 replaces them", arguments: StoreBackend.available)
    func notModifiedKeepsValidators(_ backend: StoreBackend) throws {
        let fixture = try storeWithFeeds(backend)
        let store = fixture.store
        let id = try feedID(store, northernWire)
        try store.recordFetch(updated(id, at: monday, etag: "\"v1-abc\"", lastModified: "Mon, 23 Nov 2026 08:00:00 GMT",
                                      title: "Northern Wire: World"), entries: [])
        let notModified = FetchRecord(feedID: id, at: monday + minutes(30), outcome: .notModified, httpStatus: 304,
                                      nextPollAt: monday + hours(1))
        try store.recordFetch(notModified, entries: [])
        var state = try #require(try store.feed(url: northernWire.url))
        #expect(state.etag == "\"v1-abc\"" && state.lastModified == "Mon, 23 Nov 2026 08:00:00 GMT")
        #expect(state.title == "Northern Wire: World" && state.lastSuccessAt == monday + minutes(30))
        #expect(state.nextPollAt == monday + hours(1))
        // A 304 that carries a fresher Last-Modified updates just that.
        var fresher = notModified
        fresher.at = monday + hours(1)
        fresher.lastModified = "Mon, 23 Nov 2026 09:00:00 GMT"
        try store.recordFetch(fresher, entries: [])
        state = try #require(try store.feed(url: northernWire.url))
        #expect(state.etag == "\"v1-abc\"" && state.lastModified == "Mon, 23 Nov 2026 09:00:00 GMT")
        try store.recordFetch(updated(id, at: monday + hours(2), etag: "\"v2-def\""), entries: [])
        state = try #require(try store.feed(url: northernWire.url))
        #expect(state.etag == "\"v2-def\"" && state.lastModified == nil)
        #expect(try store.fetchHistory(feedID: id).map(\.outcome) == ["updated", "not_modified", "not_modified", "updated"])
    }

    @Test("failures are counted from the first one until a success; deferrals are not failures", arguments: StoreBackend.available)
    func failureCounters(_ backend: StoreBackend) throws {
        let fixture = try storeWithFeeds(backend)
        let store = fixture.store
        let id = try feedID(store, harbourGazette)
        try store.recordFetch(updated(id, at: monday), entries: [])
        for n in 1...3 {
            let at = monday + hours(Double(n))
            try store.recordFetch(FetchRecord(feedID: id, at: at, outcome: .failed("HTTP 500 Internal Server Error"), httpStatus: 500,
                                              durationMs: 90, nextPollAt: at + hours(Double(n))), entries: [])
        }
        var state = try #require(try store.feed(url: harbourGazette.url))
        #expect(state.consecutiveFailures == 3 && state.failingSince == monday + hours(1))
        #expect(state.lastError == "HTTP 500 Internal Server Error" && state.lastSuccessAt == monday)
        // 429 with Retry-After: not the feed's fault.
        try store.recordFetch(FetchRecord(feedID: id, at: monday + hours(4), outcome: .deferred("429 Retry-After 3600"), httpStatus: 429,
                                          nextPollAt: monday + hours(5)), entries: [])
        state = try #require(try store.feed(url: harbourGazette.url))
        #expect(state.consecutiveFailures == 3 && state.failingSince == monday + hours(1))
        #expect(state.nextPollAt == monday + hours(5) && state.lastAttemptAt == monday + hours(4))
        try store.recordFetch(updated(id, at: monday + hours(5)), entries: [])
        state = try #require(try store.feed(url: harbourGazette.url))
        #expect(state.consecutiveFailures == 0 && state.failingSince == nil && state.lastSuccessAt == monday + hours(5))
        let history = try store.fetchHistory(feedID: id, limit: 3)
        #expect(history.map(\.outcome) == ["updated", "deferred", "failed"])
        #expect(history[2].error == "HTTP 500 Internal Server Error" && history[2].httpStatus == 500)
    }

    @Test("a permanent redirect moves the fetch URL after three sightings in a row; a temporary one resets the count", arguments: StoreBackend.available)
    func permanentRedirect(_ backend: StoreBackend) throws {
        let fixture = try storeWithFeeds(backend)
        let store = fixture.store
        let id = try feedID(store, harbourGazette)
        let moved = "https://www.harbourgazette.example/feeds/all.rss"
        try store.recordFetch(updated(id, at: monday, redirect: moved), entries: [])
        try store.recordFetch(updated(id, at: monday + hours(1), redirect: moved), entries: [])
        var state = try #require(try store.feed(url: harbourGazette.url))
        #expect(state.fetchURL == harbourGazette.url && state.redirectURL == moved && state.redirectCount == 2)
        // Then a fetch without the redirect (the site flapped): start again.
        try store.recordFetch(updated(id, at: monday + hours(2)), entries: [])
        state = try #require(try store.feed(url: harbourGazette.url))
        #expect(state.redirectURL == nil && state.redirectCount == 0)
        for n in 3...5 { try store.recordFetch(updated(id, at: monday + hours(Double(n)), redirect: moved), entries: []) }
        state = try #require(try store.feed(url: harbourGazette.url))
        #expect(state.fetchURL == moved && state.configuredURL == harbourGazette.url && state.redirectCount == 0)
        // The feed is still found by its configured URL, and its identity never changed.
        #expect(try store.feed(url: moved) == nil)
        #expect(state.id == id)
    }

    @Test("fetch history keeps the last 50 polls per feed", arguments: StoreBackend.available)
    func historyIsPruned(_ backend: StoreBackend) throws {
        let fixture = try TestStore(backend)
        let store = fixture.store
        try store.syncConfiguredFeeds([harbourGazette, northernWire], now: monday)
        let a = try feedID(store, harbourGazette)
        let b = try feedID(store, northernWire)
        for n in 0..<60 { try store.recordFetch(updated(a, at: monday + minutes(Double(n))), entries: []) }
        try store.recordFetch(updated(b, at: monday), entries: [])
        let history = try store.fetchHistory(feedID: a, limit: 100)
        #expect(history.count == 50)
        #expect(history.first?.at == monday + minutes(59) && history.last?.at == monday + minutes(10))
        #expect(try store.fetchHistory(feedID: b).count == 1)
    }

    @Test("recording a fetch for a feed that does not exist fails clearly and writes nothing", arguments: StoreBackend.available)
    func unknownFeed(_ backend: StoreBackend) throws {
        let fixture = try TestStore(backend)
        let store = fixture.store
        try store.syncConfiguredFeeds([harbourGazette], now: monday)
        #expect(throws: StoreError.unknownFeed(id: 999)) {
            try store.recordFetch(updated(999, at: monday), entries: ferryStrikeItems(seenAt: monday))
        }
        #expect(try store.entries(firstSeenFrom: .distantPast, to: .distantFuture).isEmpty)
    }
}
