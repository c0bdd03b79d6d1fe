import Foundation
import Testing
@testable import Storage

@Suite("Article pages: queue, retry, give up")
struct ArticleQueueTests {
    @Test("new entries of full-text feeds queue their page; feeds with full_text = false do not", arguments: StoreBackend.available)
    func queueing(_ backend: StoreBackend) throws {
        let fixture = try storeWithFeeds(backend)
        let store = fixture.store
        let gazette = try feedID(store, harbourGazette)
        let ledger = try feedID(store, ledgerBusiness)
        let fresh = try store.recordFetch(updated(gazette, at: monday), entries: ferryStrikeItems(seenAt: monday) + [
            EntryInput(guid: "mailto-item", link: "mailto:newsdesk@harbourgazette.example", title: "Send us your news", firstSeen: monday),
        ])
        try store.recordFetch(updated(ledger, at: monday), entries: [
            EntryInput(guid: "ledger-1", link: "https://ledger.example/business/rates-held", title: "Rates held at 3.5%", firstSeen: monday),
        ])
        #expect(fresh.map(\.articleState) == ["pending", "pending", nil])
        let pending = try store.pendingArticles(at: monday, limit: 10)
        #expect(pending.map(\.entryID) == [fresh[0].id, fresh[1].id])
        #expect(pending[0].url == "https://harbourgazette.example/news/2026/11/ferry-strike-talks-collapse?utm_source=rss")
        #expect(pending.allSatisfy { $0.feedURL == harbourGazette.url && $0.attempts == 0 })
        #expect(try store.pendingArticles(at: monday - 1, limit: 10).isEmpty)
        #expect(try store.pendingArticles(at: monday, limit: 1).count == 1)
    }

    @Test("a page that fails is retried when due, then given up after the last attempt", arguments: StoreBackend.available)
    func retryThenGiveUp(_ backend: StoreBackend) throws {
        let fixture = try TestStore(backend, maxArticleAttempts: 3)
        let store = fixture.store
        try store.syncConfiguredFeeds([harbourGazette], now: monday)
        let id = try feedID(store, harbourGazette)
        let entry = try #require(try store.recordFetch(updated(id, at: monday), entries: ferryStrikeItems(seenAt: monday)).first)
        try store.recordArticle(entryID: entry.id, result: .failed(error: "HTTP 503", retryAt: monday + minutes(10)))
        #expect(try store.pendingArticles(at: monday + minutes(5), limit: 10).map(\.entryID) == [entry.id + 1])
        let due = try store.pendingArticles(at: monday + minutes(10), limit: 10)
        #expect(due.first { $0.entryID == entry.id }?.attempts == 1)
        try store.recordArticle(entryID: entry.id, result: .failed(error: "timeout after 20 s", retryAt: monday + hours(1)))
        try store.recordArticle(entryID: entry.id, result: .failed(error: "timeout after 20 s", retryAt: monday + hours(4)))
        let status = try #require(try store.articleStatus(entryID: entry.id))
        #expect(status.state == "failed" && status.attempts == 3 && status.lastError == "timeout after 20 s" && status.nextAttemptAt == nil)
        #expect(try store.pendingArticles(at: monday + days(30), limit: 10).allSatisfy { $0.entryID != entry.id })
        // A nil retry time gives up at once.
        try store.recordArticle(entryID: entry.id + 1, result: .failed(error: "HTTP 404", retryAt: nil))
        #expect(try store.articleStatus(entryID: entry.id + 1)?.state == "failed")
        #expect(try store.pendingArticles(at: monday + days(30), limit: 10).isEmpty)
    }

    @Test("an extracted page, its analysis and its story appear with the entry in the day's list", arguments: StoreBackend.available)
    func extractedAndAnalysed(_ backend: StoreBackend) throws {
        let fixture = try storeWithFeeds(backend)
        let store = fixture.store
        let id = try feedID(store, harbourGazette)
        let entry = try #require(try store.recordFetch(updated(id, at: monday), entries: ferryStrikeItems(seenAt: monday)).first)
        let text = "Ferry crossings to the islands will stop from Thursday.\n\n\"We had no choice,\" said union organiser Ann Ross."
        try store.recordArticle(entryID: entry.id, result: .extracted(text: text, metadataJSON: #"{"byline":"Moira Kerr"}"#, label: "article"))
        try store.recordAnalysis(entryID: entry.id, json: #"{"quotes":[{"text":"We had no choice","speaker":"Ann Ross"}]}"#)
        try store.assignStory(entryID: entry.id, storyID: "s-ferry")
        let day = try store.entries(firstSeenFrom: monday, to: monday + days(1))
        let stored = try #require(day.first { $0.id == entry.id })
        #expect(stored.articleText == text && stored.articleLabel == "article")
        #expect(stored.articleMetadataJSON == #"{"byline":"Moira Kerr"}"#)
        #expect(stored.analysisJSON?.contains("Ann Ross") == true && stored.storyID == "s-ferry")
        #expect(try store.articleStatus(entryID: entry.id)?.state == "done" && stored.articleState == "done")
        #expect(day.first { $0.id == entry.id + 1 }?.articleState == "pending")
        #expect(try store.pendingArticles(at: monday + days(1), limit: 10).map(\.entryID) == [entry.id + 1])
        // The pipeline's work list leaves out what is finished (analysed and in a story).
        let unfinished = try store.entries(firstSeenFrom: monday, to: monday + days(1), unfinishedOnly: true)
        #expect(unfinished.map(\.id) == [entry.id + 1])
        try store.assignStory(entryID: entry.id + 1, storyID: "s-wall")
        #expect(try store.entries(firstSeenFrom: monday, to: monday + days(1), unfinishedOnly: true).count == 1)
        try store.recordAnalysis(entryID: entry.id + 1, json: "{}")
        #expect(try store.entries(firstSeenFrom: monday, to: monday + days(1), unfinishedOnly: true).isEmpty)
        // Entries of the next day are not in this day's list.
        #expect(try store.entries(firstSeenFrom: monday + days(1), to: monday + days(2)).isEmpty)
    }

    @Test("writing to an entry that does not exist is an error, not a silent no-op", arguments: StoreBackend.available)
    func unknownEntry(_ backend: StoreBackend) throws {
        let fixture = try TestStore(backend)
        let store = fixture.store
        #expect(throws: StoreError.unknownEntry(id: 42)) { try store.assignStory(entryID: 42, storyID: "s") }
        #expect(throws: StoreError.unknownEntry(id: 42)) { try store.recordAnalysis(entryID: 42, json: "{}") }
        #expect(throws: StoreError.unknownEntry(id: 42)) {
            try store.recordArticle(entryID: 42, result: .extracted(text: "t", metadataJSON: nil, label: nil))
        }
    }
}
