import Foundation
import GRDB
import Testing
@testable import Storage

/// Why each entry is in its story, and which earlier story a development continues: stored with
/// the story, read back with the entry, and added to databases written before they existed.
@Suite struct StoryReasonTests {
    static let reason = #"{"nearDuplicate":{"containment":0.91,"excerpt":false,"itemID":"12"}}"#

    @Test(arguments: StoreBackend.available)
    func reasonsAndDevelopingLinksAreStoredWithTheStory(_ backend: StoreBackend) throws {
        let fixture = try storeWithFeeds(backend)
        var store = fixture.store
        let gazette = try feedID(store, harbourGazette)
        let ids = try store.recordFetch(updated(gazette, at: monday), entries: ferryStrikeItems(seenAt: monday)).map(\.id)
        try store.commitStories([
            StoryAssignment(entryID: ids[0], storyID: "story-strike", reasonJSON: Self.reason),
            StoryAssignment(entryID: ids[1], storyID: "story-wall", reasonJSON: #"{"developing":{}}"#, developingFrom: "story-old"),
        ], clustererState: Data("state".utf8))
        try store.close()
        store = try fixture.reopen()
        let first = try #require(try store.entry(id: ids[0]))
        #expect(first.storyID == "story-strike" && first.storyReasonJSON == Self.reason && first.developingFrom == nil)
        let second = try #require(try store.entries(storyID: "story-wall").first)
        #expect(second.developingFrom == "story-old")
        #expect(try store.entries(firstSeenFrom: monday, to: monday + hours(1)).compactMap(\.storyReasonJSON).count == 2)
        #expect(try store.developingLinks(storyIDs: ["story-wall", "story-strike", "story-none"]) == ["story-wall": "story-old"])
        // A later decision without a reason (a solo story, or a manual assignment) clears the old one.
        try store.commitStories([StoryAssignment(entryID: ids[0], storyID: "story-other")], clustererState: nil)
        #expect(try store.entry(id: ids[0])?.storyReasonJSON == nil)
        try store.assignStory(entryID: ids[1], storyID: "story-manual")
        #expect(try store.entry(id: ids[1])?.developingFrom == nil)
    }

    /// A database as feedwatch wrote it before reasons were kept (schema v3) opens, keeps every
    /// entry and its story, and takes reasons from then on.
    @Test func aVersion3DatabaseMigratesAndKeepsItsStories() throws {
        let dir = try TempDirectory()
        do {
            let queue = try DatabaseQueue(path: dir.databasePath)
            try Schema.migrator.migrate(queue, upTo: "v3 work attempts and quarantine")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO feed(configured_url, fetch_url, name, next_poll_at, created_at)
                    VALUES ('https://harbourgazette.example/rss', 'https://harbourgazette.example/rss', 'Harbour Gazette', 0, 0);
                    INSERT INTO entry(feed_id, guid_key, link, title, first_seen, story_id, analysis_json)
                    VALUES (1, 'g:ferry-strike', 'https://harbourgazette.example/ferry-strike', 'Ferry strike talks collapse',
                            1795000000, 'story-ferry', '{}');
                    INSERT INTO work_attempt(kind, item_id, attempts, started_at) VALUES ('analysis', 1, 1, 1795000000);
                    """)
                let columns = try db.columns(in: "entry").map(\.name)
                #expect(!columns.contains("story_reason"))
            }
            try queue.close()
        }
        let store = try FeedStore(path: dir.databasePath)
        let old = try #require(try store.entry(id: 1))
        #expect(old.storyID == "story-ferry" && old.title == "Ferry strike talks collapse")
        #expect(old.storyReasonJSON == nil && old.developingFrom == nil)
        #expect(try store.unfinishedWork(.analysis) == [1: 1])
        try store.commitStories([StoryAssignment(entryID: 1, storyID: "story-ferry", reasonJSON: Self.reason)], clustererState: nil)
        #expect(try store.entry(id: 1)?.storyReasonJSON == Self.reason)
        try store.close()
        // Opening again runs nothing twice.
        let again = try FeedStore(path: dir.databasePath)
        #expect(try again.entry(id: 1)?.storyReasonJSON == Self.reason)
        #expect(try DatabaseQueue(path: dir.databasePath).read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
        } == Schema.migrator.migrations)
    }
}
