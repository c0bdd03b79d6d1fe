import Foundation
import GRDB
import Testing
@testable import Storage

/// `feedwatch search` at the store: a week of a coastal newsroom's stories in each backend, found
/// by their words, their names and their days, one hit per story, the query never read as syntax.
@Suite struct SearchTests {
    /// Monday: the harbour wall story (two outlets). Tuesday: the ferry story, which names the
    /// wall only in its article text. Wednesday: the trust story, known by name from its analysis.
    struct Newsroom {
        let fixture: TestStore
        var store: any FeedStorage { fixture.store }
        var ids: [String: Int64] = [:]

        init(_ backend: StoreBackend) throws {
            fixture = try storeWithFeeds(backend)
            let store = fixture.store
            let gazette = try feedID(store, harbourGazette)
            let wire = try feedID(store, northernWire)
            func stored(_ feed: Int64, at: Date, _ items: [EntryInput]) throws -> [Int64] {
                try store.recordFetch(updated(feed, at: at), entries: items).map(\.id)
            }
            let wall = try stored(gazette, at: monday, [
                EntryInput(guid: "gz-wall", link: "https://harbourgazette.example/news/harbour-wall",
                           title: "Storm surge breaches Port Sellen harbour wall",
                           summary: "<p>Sea water flooded the <b>fish market</b> &amp; the lifeboat station overnight. "
                               + "<a href=\"https://harbourgazette.example/live\" class=\"inline-link\">Live updates</a></p>",
                           published: monday - hours(1), firstSeen: monday),
            ])
            let wireWall = try stored(wire, at: monday + hours(2), [
                EntryInput(guid: "nw-wall", link: "https://northernwire.example/uk/storm-harbour",
                           title: "Coastal town evacuates homes after sea defences fail",
                           summary: "Dozens of homes by the quay were cleared as the tide rose.",
                           published: monday + hours(1), firstSeen: monday + hours(2)),
            ])
            let ferry = try stored(gazette, at: monday + days(1), [
                EntryInput(guid: "gz-ferry", link: "https://harbourgazette.example/news/ferry-cancelled",
                           title: "Island ferry crossings cancelled until further notice",
                           summary: "The operator says boats cannot berth safely.",
                           published: monday + days(1) - hours(1), firstSeen: monday + days(1)),
            ])
            let trust = try stored(wire, at: monday + days(2), [
                EntryInput(guid: "nw-trust", link: "https://northernwire.example/uk/trust-appeal",
                           title: "Appeal launched to rebuild the quay",
                           summary: "The charity hopes to raise money before winter.",
                           published: monday + days(2) - hours(3), firstSeen: monday + days(2)),
            ])
            ids = ["wall": wall[0], "wireWall": wireWall[0], "ferry": ferry[0], "trust": trust[0]]
            try store.recordArticle(entryID: ferry[0], result: .extracted(text: """
                Ferries to the islands will not sail this week. The operator said its boats could not berth at \
                Port Sellen while the harbour wall is being surveyed.

                Engineers expect the survey of the harbour wall to take several days.
                """, metadataJSON: nil, label: "full"))
            try store.recordAnalyses([
                (entryID: wall[0], json: #"{"people":["Ines Varga"],"organizations":[],"places":["Port Sellen"]}"#),
                (entryID: wireWall[0], json: Self.noNames),
                (entryID: ferry[0], json: Self.noNames),
                (entryID: trust[0], json: #"{"people":[],"organizations":["Sellen Harbour Trust"],"places":[]}"#),
            ])
            try store.commitStories([
                StoryAssignment(entryID: wall[0], storyID: "story-wall"),
                StoryAssignment(entryID: wireWall[0], storyID: "story-wall"),
                StoryAssignment(entryID: ferry[0], storyID: "story-ferry"),
                StoryAssignment(entryID: trust[0], storyID: "story-trust"),
            ], clustererState: nil)
        }

        static let noNames = #"{"people":[],"organizations":[],"places":[]}"#

        func find(_ text: String, from: Date? = nil, to: Date? = nil) throws -> [SearchHit] {
            try store.search(SearchQuery(text), firstSeenFrom: from, to: to)
        }
    }

    @Test(arguments: StoreBackend.available)
    func findsAStoryByTheWordsOfItsArticleText(_ backend: StoreBackend) throws {
        let room = try Newsroom(backend)
        let hits = try room.find("survey")
        #expect(hits.map(\.storyID) == ["story-ferry"])
        #expect(hits[0].snippet.contains("\u{2}survey"))
    }

    @Test(arguments: StoreBackend.available)
    func findsAStoryByANameOnlyItsAnalysisHolds(_ backend: StoreBackend) throws {
        let room = try Newsroom(backend)
        #expect(try room.find("Harbour Trust").map(\.storyID) == ["story-trust"])
        #expect(try room.find("Ines Varga").map(\.storyID) == ["story-wall"])
    }

    @Test(arguments: StoreBackend.available)
    func aStoryIsOneHitHoweverManyOfItsEntriesMatch(_ backend: StoreBackend) throws {
        let room = try Newsroom(backend)
        let hits = try room.find("storm")
        #expect(hits.map(\.storyID) == ["story-wall"])
        // "Port Sellen" is in the gazette's headline, the wire's copy has "sea" — both entries of
        // the story match "sea", and the story is still listed once.
        let sea = try room.find("sea")
        #expect(sea.filter { $0.storyID == "story-wall" }.count == 1)
        #expect(sea.first { $0.storyID == "story-wall" }?.matchingEntries == 2)
    }

    @Test(arguments: StoreBackend.available)
    func aHeadlineMatchRanksAboveMatchesInTheText(_ backend: StoreBackend) throws {
        let room = try Newsroom(backend)
        // The ferry article says "harbour wall" twice in its text; the wall story says it once, in its headline.
        let hits = try room.find("harbour wall")
        #expect(hits.map(\.storyID) == ["story-wall", "story-ferry"])
        #expect(try room.find("Port Sellen").first?.storyID == "story-wall")
    }

    @Test(arguments: StoreBackend.available)
    func sinceAndUntilKeepToTheirDays(_ backend: StoreBackend) throws {
        let room = try Newsroom(backend)
        #expect(try room.find("harbour wall", from: monday + days(1)).map(\.storyID) == ["story-ferry"])
        #expect(try room.find("harbour wall", to: monday + days(1)).map(\.storyID) == ["story-wall"])
        #expect(try room.find("harbour", from: monday + days(2), to: monday + days(3)).map(\.storyID) == ["story-trust"])
        #expect(try room.find("harbour", from: monday + days(3)).isEmpty)
    }

    @Test(arguments: StoreBackend.available)
    func markupIsNotIndexedButTheTextInsideItIs(_ backend: StoreBackend) throws {
        let room = try Newsroom(backend)
        #expect(try room.find("fish market").map(\.storyID) == ["story-wall"])
        #expect(try room.find("Live updates").map(\.storyID) == ["story-wall"])
        #expect(try room.find("href").isEmpty)
        #expect(try room.find("inline-link").isEmpty)
        #expect(try room.find("amp").isEmpty)
    }

    @Test(arguments: StoreBackend.available, [
        "\"", "\"\"", "NEAR(", "NEAR(storm wall)", "*", "-", "^", ":", "()", "storm OR ferry", "headline:ferry",
        "names:Varga", "{headline summary}:storm", "storm AND", "NOT storm", "\u{0}", "'); DROP TABLE entry; --",
    ])
    func hostileQueriesAreWordsNeverSyntax(_ backend: StoreBackend, query: String) throws {
        let room = try Newsroom(backend)
        let hits = try room.find(query)
        // "storm OR ferry" read as syntax would find both stories; as words, no entry has "or".
        #expect(hits.isEmpty, "\(query)")
        #expect(try room.store.entryCounts().values.reduce(0, +) == 4)
    }

    @Test(arguments: StoreBackend.available)
    func operatorsInsideWordsStayLiteral(_ backend: StoreBackend) throws {
        let room = try Newsroom(backend)
        // Prefix and column syntax would widen these; as words they find exactly the ferry story.
        #expect(try room.find("ferry*").map(\.storyID) == ["story-ferry"])
        #expect(try room.find("\"harbour wall\" survey").map(\.storyID) == ["story-ferry"])
        #expect(SearchQuery("say \"hello").matchExpression == #""say" "hello""#)
        #expect(SearchQuery("a\"b").terms == ["a", "b"])
    }

    @Test(arguments: StoreBackend.available)
    func aHugeQueryIsCutNotRefused(_ backend: StoreBackend) throws {
        let room = try Newsroom(backend)
        let huge = String(repeating: "storm ", count: 2000) + String(repeating: "x", count: 10_000)
        #expect(huge.utf8.count > 10_000)
        let query = SearchQuery(huge)
        #expect(query.terms.count <= SearchQuery.maxTerms)
        #expect(try room.find(huge).map(\.storyID) == ["story-wall"])
        #expect(try room.find(String(repeating: "\"", count: 10_000)).isEmpty)
        #expect(SearchQuery("   ").isEmpty)
    }

    @Test(arguments: StoreBackend.available)
    func theIndexFollowsNewTextNamesAndPurges(_ backend: StoreBackend) throws {
        let room = try Newsroom(backend)
        #expect(try room.find("lighthouse").isEmpty)
        try room.store.recordArticle(entryID: room.ids["trust"]!, result: .extracted(
            text: "Volunteers will also restore the old lighthouse on the point.", metadataJSON: nil, label: "full"))
        #expect(try room.find("lighthouse").map(\.storyID) == ["story-trust"])
        try room.store.recordAnalysis(entryID: room.ids["ferry"]!, json: #"{"people":["Tomas Rehn"],"organizations":[],"places":[]}"#)
        #expect(try room.find("Rehn").map(\.storyID) == ["story-ferry"])
        #expect(try room.store.searchIndexCount() == 4)
        _ = try room.store.purge(firstSeenBefore: monday + days(1))
        #expect(try room.store.searchIndexCount() == 2)
        #expect(try room.find("storm").isEmpty)
        #expect(try room.find("ferry").map(\.storyID) == ["story-ferry"])
    }

    @Test(arguments: StoreBackend.available)
    func anEntryWithoutAStoryIsItsOwnHit(_ backend: StoreBackend) throws {
        let fixture = try storeWithFeeds(backend)
        let store = fixture.store
        let id = try store.recordFetch(updated(try feedID(store, ledgerBusiness), at: monday), entries: [
            EntryInput(guid: "ledger-1", link: "https://ledger.example/business/fishing-quota",
                       title: "Fishing quota cut hits Port Sellen boats", firstSeen: monday),
        ])[0].id
        try store.recordAnalysis(entryID: id, json: Newsroom.noNames)
        #expect(try store.search(SearchQuery("quota")).map(\.storyID) == ["entry-\(id)"])
    }

    /// An entry is indexed once, when its analysis is stored (the moment it can reach a digest),
    /// not on insert and again when its analysis adds names; from then on the index follows its
    /// article and its names.
    @Test(arguments: StoreBackend.available)
    func anEntryIsFoundFromTheMomentItsAnalysisIsStored(_ backend: StoreBackend) throws {
        let fixture = try storeWithFeeds(backend)
        let store = fixture.store
        let feed = try feedID(store, ledgerBusiness)
        let id = try store.recordFetch(updated(feed, at: monday), entries: [
            EntryInput(guid: "ledger-2", link: "https://ledger.example/business/cannery",
                       title: "Cannery on the east quay to close", summary: "<p>Sixty jobs are at risk.</p>", firstSeen: monday),
        ])[0].id
        try store.recordArticle(entryID: id, result: .extracted(
            text: "The owners blamed the price of tinplate.", metadataJSON: nil, label: "full"))
        #expect(try store.search(SearchQuery("cannery")).isEmpty)
        #expect(try store.searchIndexCount() == 0)

        try store.recordAnalysis(entryID: id, json: #"{"people":["Mara Quist"],"organizations":[],"places":[]}"#)
        #expect(try store.search(SearchQuery("cannery")).map(\.entryID) == [id])
        #expect(try store.search(SearchQuery("tinplate")).map(\.entryID) == [id])
        #expect(try store.search(SearchQuery("Quist")).map(\.entryID) == [id])

        // A new version of its article page: the index follows it.
        try store.recordArticle(entryID: id, result: .extracted(
            text: "A salmon smokery bought the site.", metadataJSON: nil, label: "full"))
        #expect(try store.search(SearchQuery("smokery")).map(\.entryID) == [id])
        #expect(try store.search(SearchQuery("tinplate")).isEmpty)
        #expect(try store.searchIndexCount() == 1)
    }

    @Test func feedHTMLBecomesItsWords() {
        #expect(SearchText.words(fromHTML: "<p>Boats&nbsp;return to the <b>quay</b> &amp; the basin&#8217;s edge</p>")
            .split(separator: " ") == ["Boats", "return", "to", "the", "quay", "&", "the", "basin\u{2019}s", "edge"])
        #expect(SearchText.words(fromHTML: "tide < 2 m, a<b and c>d") == "tide < 2 m, a d")
        #expect(SearchText.words(fromHTML: "<script>var tracker = 1;</script>Harbour<STYLE>p{}</style><!-- ad slot -->news")
            .split(separator: " ") == ["Harbour", "news"])
        #expect(SearchText.words(fromHTML: "Pay &bogus; and &#0; and &#xZZ; stay") == "Pay &bogus; and &#0; and &#xZZ; stay")
        #expect(SearchText.words(fromHTML: "plain words, no markup") == "plain words, no markup")
    }

    @Test func hostileHTMLShapesAreReadInOnePass() {
        let size = 1 << 20
        let shapes = [
            String(repeating: "<", count: size), String(repeating: "<!--", count: size / 4),
            String(repeating: "<a ", count: size / 3), String(repeating: "&#1", count: size / 3),
            "<script>" + String(repeating: "<scrip", count: size / 6), String(repeating: "<!x", count: size / 3),
            String(repeating: "a<b\"", count: size / 4),
        ]
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for shape in shapes { _ = SearchText.words(fromHTML: shape) }
        }
        // Each shape is a megabyte; anything quadratic would take hours.
        #expect(elapsed < .seconds(5), "\(elapsed)")
    }

    @Test func aDatabaseFromBeforeTheIndexIsIndexedWhenOpened() throws {
        let dir = try TempDirectory()
        do {
            let queue = try DatabaseQueue(path: dir.databasePath)
            try Schema.migrator.migrate(queue, upTo: "v4 story reasons")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO feed(configured_url, fetch_url, name, next_poll_at, created_at)
                    VALUES ('https://harbourgazette.example/rss', 'https://harbourgazette.example/rss', 'Harbour Gazette', 0, 0);
                    INSERT INTO entry(feed_id, guid_key, link, title, summary, first_seen, story_id, analysis_json)
                    VALUES (1, 'g:quay', 'https://harbourgazette.example/quay', 'Quay reopens after repairs',
                            '<p>Fishing boats are back.</p>', 1795000000, 'story-quay', 'not json');
                    INSERT INTO article(entry_id, url, status, text) VALUES (1, 'https://harbourgazette.example/quay', 'done',
                            'The harbour master thanked the divers who worked through the night.');
                    """)
            }
            try queue.close()
        }
        let store = try FeedStore(path: dir.databasePath)
        #expect(try store.search(SearchQuery("divers")).map(\.storyID) == ["story-quay"])
        #expect(try store.search(SearchQuery("fishing boats")).map(\.storyID) == ["story-quay"])
    }
}
