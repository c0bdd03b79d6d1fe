import Foundation
import GRDB
import Testing
@testable import Storage

/// Work counted before it starts: what a restart after a crash finds, and quarantine.
@Suite struct PoisonPillTests {
    @Test(arguments: StoreBackend.available)
    func anAttemptCountedBeforeTheWorkSurvivesACrashAndIsForgottenWithTheResult(_ backend: StoreBackend) throws {
        let fixture = try storeWithFeeds(backend)
        var store = fixture.store
        let gazette = try feedID(store, harbourGazette)
        let wire = try feedID(store, northernWire)
        #expect(try store.beginWork(.feedFetch, ids: [gazette, wire], at: monday) == [gazette: 1, wire: 1])
        // The gazette's result is stored; then the process "dies" with the wire in flight.
        try store.recordFetch(updated(gazette, at: monday + minutes(1)), entries: ferryStrikeItems(seenAt: monday))
        try store.close()
        store = try fixture.reopen()
        #expect(try store.unfinishedWork(.feedFetch) == [wire: 1])
        // Each retry is counted again before it starts.
        #expect(try store.beginWork(.feedFetch, ids: [wire], at: monday + minutes(5)) == [wire: 2])
        #expect(try store.unfinishedWork(.feedFetch) == [wire: 2])
        // A failed fetch is a result too: the attempt is forgotten with it.
        try store.recordFetch(FetchRecord(feedID: wire, at: monday + minutes(6), outcome: .failed("HTTP 500"), httpStatus: 500,
                                          durationMs: 10, bytes: 0, etag: nil, lastModified: nil, title: nil,
                                          nextPollAt: monday + hours(1), permanentRedirectTo: nil), entries: [])
        #expect(try store.unfinishedWork(.feedFetch).isEmpty)
    }

    @Test(arguments: StoreBackend.available)
    func entryWorkIsFinishedByTheTransactionThatStoresItsResult(_ backend: StoreBackend) throws {
        let fixture = try storeWithFeeds(backend)
        let store = fixture.store
        let gazette = try feedID(store, harbourGazette)
        let entries = try store.recordFetch(updated(gazette, at: monday), entries: ferryStrikeItems(seenAt: monday))
        let ids = entries.map(\.id)
        try store.beginWork(.pageExtraction, ids: ids, at: monday)
        try store.beginWork(.analysis, ids: ids, at: monday)
        try store.beginWork(.clustering, ids: ids, at: monday)
        try store.recordArticle(entryID: ids[0], result: .extracted(text: "Crossings stop.", metadataJSON: nil, label: "full"))
        try store.recordAnalyses([(ids[0], "{}")])
        try store.commitStories([StoryAssignment(entryID: ids[0], storyID: "story-a")], clustererState: Data("state-1".utf8))
        #expect(try store.unfinishedWork(.pageExtraction) == [ids[1]: 1])
        #expect(try store.unfinishedWork(.analysis) == [ids[1]: 1])
        #expect(try store.unfinishedWork(.clustering) == [ids[1]: 1])
        #expect(try store.entry(id: ids[0])?.storyID == "story-a")
        #expect(try store.loadClustererState() == Data("state-1".utf8))
        // No state given: the saved one stays.
        try store.commitStories([StoryAssignment(entryID: ids[1], storyID: "story-b")], clustererState: nil)
        #expect(try store.loadClustererState() == Data("state-1".utf8))
        #expect(try store.unfinishedWork(.clustering).isEmpty)
    }

    @Test(arguments: StoreBackend.available)
    func anEntryThatVanishedMidBatchDoesNotStopTheCommit(_ backend: StoreBackend) throws {
        let fixture = try storeWithFeeds(backend)
        let store = fixture.store
        let gazette = try feedID(store, harbourGazette)
        let ids = try store.recordFetch(updated(gazette, at: monday), entries: ferryStrikeItems(seenAt: monday)).map(\.id)
        try store.commitStories([StoryAssignment(entryID: ids[0], storyID: "story-a")], clustererState: Data("old".utf8))
        // An entry that vanished mid-batch (purged) must not leave half a commit behind: the
        // update of a missing row is a no-op, and everything else still lands together.
        try store.commitStories([StoryAssignment(entryID: ids[1], storyID: "story-b"), StoryAssignment(entryID: 999_999, storyID: "story-x")], clustererState: Data("new".utf8))
        #expect(try store.entry(id: ids[1])?.storyID == "story-b")
        #expect(try store.loadClustererState() == Data("new".utf8))
    }

    @Test(arguments: StoreBackend.available)
    func quarantinedItemsAreListedWithTheirFeedAndReason(_ backend: StoreBackend) throws {
        let fixture = try storeWithFeeds(backend)
        let store = fixture.store
        let gazette = try feedID(store, harbourGazette)
        let wire = try feedID(store, northernWire)
        let ids = try store.recordFetch(updated(gazette, at: monday), entries: ferryStrikeItems(seenAt: monday)).map(\.id)
        try store.beginWork(.pageExtraction, ids: [ids[1]], at: monday)
        try store.quarantine(.pageExtraction, id: ids[1], reason: "quarantined: died three times", at: monday + minutes(3))
        #expect(try store.unfinishedWork(.pageExtraction).isEmpty)
        // A feed is set aside for a day; tried again then, it starts one attempt short of the limit.
        try store.quarantine(.feedFetch, id: wire, reason: "quarantined: died three times on this feed", at: monday + minutes(4),
                             until: monday + days(1))
        #expect(try store.isQuarantined(.feedFetch, id: wire, at: monday + hours(2)))
        #expect(try !store.isQuarantined(.feedFetch, id: wire, at: monday + days(1) + 1))
        #expect(store.quarantineAfter == FeedStore.quarantineAfter)
        #expect(try store.unfinishedWork(.feedFetch) == [wire: FeedStore.quarantineAfter - 1])
        let items = try store.quarantinedItems()
        #expect(items.count == 2)
        #expect(items[0].kind == .feedFetch && items[0].feedURL == northernWire.url)
        #expect(items[1].kind == .pageExtraction && items[1].feedURL == harbourGazette.url)
        #expect(items[1].link == ferryStrikeItems(seenAt: monday)[1].link)
        #expect(items[1].reason == "quarantined: died three times")
        // A good fetch ends the feed's quarantine.
        try store.recordFetch(updated(wire, at: monday + days(1) + 60), entries: [])
        #expect(try store.quarantinedItems().map(\.kind) == [.pageExtraction])
        #expect(try store.unfinishedWork(.feedFetch).isEmpty)
    }
}
