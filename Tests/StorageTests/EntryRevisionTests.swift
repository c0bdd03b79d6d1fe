import Foundation
import Storage
import Testing

/// What the daemon's digest reads each cycle to find the stories that changed: entry and article
/// revisions that move with every change it shows, and nothing else, on both backends.
@Suite struct EntryRevisionTests {
    @Test(arguments: StoreBackend.available)
    func revisionsMoveWithEveryChangeTheDigestShowsAndOnlyOnThatEntry(_ backend: StoreBackend) throws {
        let fixture = try storeWithFeeds(backend)
        let store = fixture.store
        let gazette = try feedID(store, harbourGazette)
        let ids = try store.recordFetch(updated(gazette, at: monday), entries: ferryStrikeItems(seenAt: monday)).map(\.id)
        func revisions() throws -> [Int64: EntryRevision] {
            Dictionary(uniqueKeysWithValues: try store.entryRevisions(firstSeenFrom: monday - hours(1), to: monday + hours(1))
                .map { ($0.id, $0) })
        }
        let fresh = try revisions()
        #expect(fresh.count == 2)
        let strike = try #require(fresh[ids[0]])
        #expect(strike.feedURL == harbourGazette.url && strike.feedName == "Harbour Gazette" && strike.feedTags == ["local", "uk"])
        // The gazette is a full-text feed: its pages are queued, so each entry has an article row.
        #expect(strike.articleRevision != nil)

        try store.recordAnalysis(entryID: ids[0], json: #"{"people":["Moira Kerr"]}"#)
        var now = try revisions()
        #expect(now[ids[0]]?.revision != fresh[ids[0]]?.revision)
        #expect(now[ids[1]] == fresh[ids[1]])

        var before = now
        try store.commitStories([StoryAssignment(entryID: ids[1], storyID: "story-7", reasonJSON: #"{"kind":"new"}"#)],
                                journal: [], checkpoint: nil)
        now = try revisions()
        #expect(now[ids[1]]?.storyID == "story-7" && now[ids[1]]?.revision != before[ids[1]]?.revision)
        #expect(now[ids[0]] == before[ids[0]])

        before = now
        try store.recordArticle(entryID: ids[0], result: .extracted(text: "Crossings to the islands stop on Thursday.",
                                                                   metadataJSON: nil, label: "full"))
        now = try revisions()
        #expect(now[ids[0]]?.articleRevision != before[ids[0]]?.articleRevision)
        #expect(now[ids[0]]?.revision == before[ids[0]]?.revision)
        #expect(now[ids[1]] == before[ids[1]])

        // A feed's new name shows in the row, so the key of its stories changes with it.
        try store.syncConfiguredFeeds([ConfiguredFeed(url: harbourGazette.url, name: "The Harbour Gazette", tags: ["local"]),
                                       northernWire, ledgerBusiness], now: monday)
        now = try revisions()
        #expect(now[ids[0]]?.feedName == "The Harbour Gazette" && now[ids[0]]?.feedTags == ["local"])
    }

    @Test(arguments: StoreBackend.available)
    func entriesByIDAreTheFullRowsOldestFirst(_ backend: StoreBackend) throws {
        let fixture = try storeWithFeeds(backend)
        let store = fixture.store
        let gazette = try feedID(store, harbourGazette)
        let ids = try store.recordFetch(updated(gazette, at: monday), entries: ferryStrikeItems(seenAt: monday)).map(\.id)
        let later = try store.recordFetch(updated(gazette, at: monday + hours(1)), entries: [
            EntryInput(guid: "https://harbourgazette.example/news/2026/11/ferry-strike-ends",
                       link: "https://harbourgazette.example/news/2026/11/ferry-strike-ends",
                       title: "Ferry strike ends after overnight talks", firstSeen: monday + hours(1)),
        ]).map(\.id)
        let all = ids + later
        let read = try store.entries(ids: [later[0], ids[1], ids[0], ids[1], 987_654_321])
        #expect(read.map(\.id) == all)
        #expect(read == (try store.entries(firstSeenFrom: monday - hours(1), to: monday + hours(2))))
        #expect(try store.entries(ids: []).isEmpty)
        // The revisions list the same entries in the same order.
        #expect(try store.entryRevisions(firstSeenFrom: monday - hours(1), to: monday + hours(2)).map(\.id) == all)
    }
}
