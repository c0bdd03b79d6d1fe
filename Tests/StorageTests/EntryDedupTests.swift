import Foundation
import Testing
@testable import Storage

@Suite("Which feed items are new")
struct EntryDedupTests {
    @Test("re-polling the same feed items yields no new entries", arguments: StoreBackend.available)
    func repollIsNotNew(_ backend: StoreBackend) throws {
        let fixture = try storeWithFeeds(backend)
        let store = fixture.store
        let id = try feedID(store, harbourGazette)
        let first = try store.recordFetch(updated(id, at: monday), entries: ferryStrikeItems(seenAt: monday))
        #expect(first.map(\.title) == ["Ferry strike talks collapse as union rejects pay offer",
                                       "Council approves £4.2m harbour wall repairs"])
        #expect(first.allSatisfy { $0.feedName == "Harbour Gazette" && $0.feedTags == ["local", "uk"] })
        let again = try store.recordFetch(updated(id, at: monday + minutes(30)), entries: ferryStrikeItems(seenAt: monday + minutes(30)))
        #expect(again.isEmpty)
        #expect(try store.entryCount(feedURL: harbourGazette.url) == 2)
        // First-seen time is the first sighting, not the re-poll.
        let stored = try store.entries(firstSeenFrom: monday, to: monday + days(1))
        #expect(stored.map(\.firstSeen) == [monday, monday])
    }

    @Test("a GUID-less feed is deduplicated by link", arguments: StoreBackend.available)
    func guidlessByLink(_ backend: StoreBackend) throws {
        let fixture = try storeWithFeeds(backend)
        let store = fixture.store
        let id = try feedID(store, northernWire)
        func items(_ at: Date) -> [EntryInput] {
            [EntryInput(link: "https://northernwire.example/world/2026/11/23/floods-valencia",
                        canonicalURL: "https://northernwire.example/world/2026/11/23/floods-valencia",
                        title: "Floods close schools across Valencia region", firstSeen: at),
             EntryInput(link: "https://northernwire.example/world/2026/11/23/ceasefire-talks",
                        title: "Ceasefire talks resume in Doha", firstSeen: at)]
        }
        #expect(try store.recordFetch(updated(id, at: monday), entries: items(monday)).count == 2)
        // The next poll also edits a headline: still the same item, identified by its link.
        var edited = items(monday + hours(1))
        edited[0].title = "Floods close 300 schools across Valencia region"
        #expect(try store.recordFetch(updated(id, at: monday + hours(1)), entries: edited).isEmpty)
        let keys = try store.entries(firstSeenFrom: monday, to: monday + days(1)).map(\.guidKey)
        #expect(keys.allSatisfy { $0.hasPrefix("u:https://northernwire.example/world/") })
    }

    @Test("a feed that mints new GUIDs on every fetch does not duplicate its items", arguments: StoreBackend.available)
    func unstableGuids(_ backend: StoreBackend) throws {
        let fixture = try storeWithFeeds(backend)
        let store = fixture.store
        let id = try feedID(store, northernWire)
        func items(_ at: Date, session: Int) -> [EntryInput] {
            [EntryInput(guid: "nw-\(session)-0001", link: "https://northernwire.example/world/2026/11/23/election-result",
                        canonicalURL: "https://northernwire.example/world/2026/11/23/election-result",
                        title: "Incumbent concedes after tight election", firstSeen: at),
             EntryInput(guid: "nw-\(session)-0002", link: "https://northernwire.example/world/2026/11/23/wildfire",
                        canonicalURL: "https://northernwire.example/world/2026/11/23/wildfire",
                        title: "Wildfire forces evacuation of hill villages", firstSeen: at)]
        }
        #expect(try store.recordFetch(updated(id, at: monday), entries: items(monday, session: 81723)).count == 2)
        for poll in 1...3 {
            let at = monday + hours(Double(poll))
            #expect(try store.recordFetch(updated(id, at: at), entries: items(at, session: 81723 + poll)).isEmpty)
        }
        // A genuinely new story in that feed still comes through.
        let newStory = EntryInput(guid: "nw-99999-0003", link: "https://northernwire.example/world/2026/11/23/port-strike",
                                  canonicalURL: "https://northernwire.example/world/2026/11/23/port-strike",
                                  title: "Dockworkers walk out at three ports", firstSeen: monday + hours(4))
        let fresh = try store.recordFetch(updated(id, at: monday + hours(4)), entries: items(monday + hours(4), session: 5) + [newStory])
        #expect(fresh.map(\.title) == ["Dockworkers walk out at three ports"])
        #expect(try store.entryCount(feedURL: northernWire.url) == 3)
    }

    @Test("a feed that links every item to its home page keeps every item", arguments: StoreBackend.available)
    func homepageLinks(_ backend: StoreBackend) throws {
        let fixture = try storeWithFeeds(backend)
        let store = fixture.store
        let id = try feedID(store, harbourGazette)
        let home = "https://harbourgazette.example/"
        let morning = [
            EntryInput(link: home, canonicalURL: home, title: "Lifeboat called out twice in one night", firstSeen: monday),
            EntryInput(link: home, canonicalURL: home, title: "New bus timetable from December", firstSeen: monday),
        ]
        #expect(try store.recordFetch(updated(id, at: monday), entries: morning).count == 2)
        let evening = morning + [EntryInput(link: home, canonicalURL: home, title: "Christmas market returns to the quay",
                                            firstSeen: monday + hours(8))]
        let fresh = try store.recordFetch(updated(id, at: monday + hours(8)), entries: evening)
        #expect(fresh.map(\.title) == ["Christmas market returns to the quay"])
        // The watcher hands canonical keys without a scheme ("harbourgazette.example"): the same rule holds.
        let ledger = try feedID(store, ledgerBusiness)
        let keyed = ["Shares rise at harbour firm", "Chamber of commerce elects chair"].map {
            EntryInput(guid: "lb-\($0.count)", link: "https://www.ledger.example/", canonicalURL: "ledger.example", title: $0, firstSeen: monday)
        }
        #expect(try store.recordFetch(updated(ledger, at: monday), entries: [keyed[0]]).count == 1)
        #expect(try store.recordFetch(updated(ledger, at: monday + hours(1)), entries: keyed).map(\.title) == ["Chamber of commerce elects chair"])
        // A shared section page (not a site root) is recognised as shared within one fetch too.
        let section = "https://northernwire.example/live"
        let wid = try feedID(store, northernWire)
        let live = [EntryInput(guid: "live-1", link: section, title: "Markets open lower", firstSeen: monday),
                    EntryInput(guid: "live-2", link: section, title: "Oil steadies after OPEC call", firstSeen: monday)]
        #expect(try store.recordFetch(updated(wid, at: monday), entries: live).count == 2)
        let later = [EntryInput(guid: "live-3", link: section, title: "Sterling slips against the euro", firstSeen: monday + hours(1))]
        #expect(try store.recordFetch(updated(wid, at: monday + hours(1)), entries: later).count == 1)
        // ...and no two outlets are merged into one story through such a link.
        #expect(try store.entries(firstSeenFrom: monday, to: monday + days(1)).allSatisfy { $0.storyID == nil })
    }

    @Test("the same article in two feeds is stored for both and shares a story id", arguments: StoreBackend.available)
    func crossFeedStory(_ backend: StoreBackend) throws {
        let fixture = try storeWithFeeds(backend)
        let store = fixture.store
        let gazette = try feedID(store, harbourGazette)
        let wire = try feedID(store, northernWire)
        let original = try store.recordFetch(updated(gazette, at: monday), entries: ferryStrikeItems(seenAt: monday))
        #expect(original.allSatisfy { $0.storyID == nil })
        // The wire syndicates the gazette's story, with its own GUID and tracking parameters in the link.
        let syndicated = EntryInput(
            guid: "nw-syn-4471", link: "https://harbourgazette.example/news/2026/11/ferry-strike-talks-collapse?utm_medium=wire&fbclid=x1",
            canonicalURL: "https://harbourgazette.example/news/2026/11/ferry-strike-talks-collapse",
            title: "Island ferries to stop as strike talks fail", firstSeen: monday + hours(1))
        let fresh = try store.recordFetch(updated(wire, at: monday + hours(1)), entries: [syndicated])
        #expect(fresh.count == 1)
        let story = try #require(fresh.first?.storyID)
        let members = try store.entries(storyID: story)
        #expect(Set(members.map(\.feedURL)) == [harbourGazette.url, northernWire.url])
        // Both still go to the clusterer, whose decision then replaces the exact-match id.
        #expect(members.allSatisfy { $0.hasExactMatchStory })
        try store.assignStory(entryID: members[0].id, storyID: "1")
        #expect(try store.entry(id: members[0].id)?.hasExactMatchStory == false)
        // The unrelated harbour-wall story is untouched.
        let wall = try store.entries(firstSeenFrom: monday, to: monday + days(1)).first { $0.title?.contains("harbour wall") == true }
        #expect(wall?.storyID == nil)
    }

    @Test("an existing story id (from the clusterer) is reused, and URL-like GUIDs match across feeds", arguments: StoreBackend.available)
    func crossFeedByGlobalGuid(_ backend: StoreBackend) throws {
        let fixture = try storeWithFeeds(backend)
        let store = fixture.store
        let gazette = try feedID(store, harbourGazette)
        let ledger = try feedID(store, ledgerBusiness)
        let first = try store.recordFetch(updated(gazette, at: monday), entries: ferryStrikeItems(seenAt: monday))
        try store.assignStory(entryID: first[0].id, storyID: "story-ferry-strike")
        // The business desk's feed carries the same GUID (a URL) but no usable link.
        let copy = EntryInput(guid: "https://harbourgazette.example/news/2026/11/ferry-strike-talks-collapse",
                              title: "Ferry operator shares fall on strike news", firstSeen: monday + hours(2))
        let fresh = try store.recordFetch(updated(ledger, at: monday + hours(2)), entries: [copy])
        #expect(fresh.first?.storyID == "story-ferry-strike")
        // A short opaque GUID that happens to be equal in two feeds is not evidence of the same article.
        let a = EntryInput(guid: "1042", link: "https://ledger.example/business/1042", title: "Rates held", firstSeen: monday)
        let b = EntryInput(guid: "1042", link: "https://harbourgazette.example/news/1042", title: "Lifeboat appeal", firstSeen: monday)
        let fa = try store.recordFetch(updated(ledger, at: monday + hours(3)), entries: [a])
        let fb = try store.recordFetch(updated(gazette, at: monday + hours(3)), entries: [b])
        #expect(fa.first?.storyID == nil && fb.first?.storyID == nil)
    }

    @Test("purged entries leave tombstones: re-polled, they are not new", arguments: StoreBackend.available)
    func purgeAndTombstones(_ backend: StoreBackend) throws {
        let fixture = try storeWithFeeds(backend)
        let store = fixture.store
        let id = try feedID(store, harbourGazette)
        try store.recordFetch(updated(id, at: monday), entries: ferryStrikeItems(seenAt: monday))
        let later = monday + days(40)
        let recent = EntryInput(guid: "https://harbourgazette.example/news/2027/01/new-year-swim",
                                link: "https://harbourgazette.example/news/2027/01/new-year-swim",
                                title: "Hundreds brave the new year swim", firstSeen: later)
        try store.recordFetch(updated(id, at: later), entries: [recent])
        #expect(try store.purge(firstSeenBefore: later - days(30)) == 2)
        #expect(try store.entryCount(feedURL: harbourGazette.url) == 1)
        // The feed still lists the old items (long feeds do): nothing comes back.
        let repoll = try store.recordFetch(updated(id, at: later + hours(1)), entries: ferryStrikeItems(seenAt: later + hours(1)) + [recent])
        #expect(repoll.isEmpty)
        // Not even with a new GUID, nor through another feed.
        var reminted = ferryStrikeItems(seenAt: later + hours(2))
        reminted[0].guid = "gz-reissue-1"
        #expect(try store.recordFetch(updated(id, at: later + hours(2)), entries: reminted).isEmpty)
        let wire = try feedID(store, northernWire)
        #expect(try store.recordFetch(updated(wire, at: later + hours(2)), entries: ferryStrikeItems(seenAt: later + hours(2))).isEmpty)
        #expect(try store.purge(firstSeenBefore: later - days(30)) == 0)
        #expect(try store.tombstoneCount() == 2)
    }

    @Test("tombstones stay while the feed still lists the item, and are forgotten once it has long gone", arguments: StoreBackend.available)
    func tombstonesExpire(_ backend: StoreBackend) throws {
        let fixture = try storeWithFeeds(backend)
        let store = fixture.store
        let id = try feedID(store, harbourGazette)
        let items = ferryStrikeItems(seenAt: monday)
        try store.recordFetch(updated(id, at: monday), entries: items)
        // Daily purges with 30 days' retention; the feed keeps listing the ferry story (not the wall story) for 200 days.
        for day in stride(from: 31.0, through: 200, by: 1) {
            let now = monday + days(day)
            try store.recordFetch(updated(id, at: now), entries: [items[0]].map { var e = $0; e.firstSeen = now; return e })
            _ = try store.purge(firstSeenBefore: now - days(30), keepTombstonesFor: days(90))
        }
        #expect(try store.tombstoneCount() == 1)
        #expect(try store.recordFetch(updated(id, at: monday + days(201)), entries: [items[0]]).isEmpty)
        #expect(try store.entryCount(feedURL: harbourGazette.url) == 0)
    }

    @Test("duplicate items inside one fetch are stored once", arguments: StoreBackend.available)
    func duplicatesInOneFetch(_ backend: StoreBackend) throws {
        let fixture = try storeWithFeeds(backend)
        let store = fixture.store
        let id = try feedID(store, northernWire)
        let item = ferryStrikeItems(seenAt: monday)[1]
        var reissued = item
        reissued.guid = "other-guid-for-same-page"
        let fresh = try store.recordFetch(updated(id, at: monday), entries: [item, item, reissued])
        #expect(fresh.count == 1)
    }

    @Test("items with neither GUID nor link are told apart by title and date", arguments: StoreBackend.available)
    func titleAndDateFallback(_ backend: StoreBackend) throws {
        let fixture = try storeWithFeeds(backend)
        let store = fixture.store
        let id = try feedID(store, ledgerBusiness)
        func items(_ at: Date) -> [EntryInput] {
            [EntryInput(title: "FTSE 100 closes up 0.4%", published: monday - hours(1), firstSeen: at),
             EntryInput(title: "FTSE 100 closes up 0.4%", published: monday - days(1) - hours(1), firstSeen: at),
             EntryInput(summary: "Markets note: no title, no link, no date.", firstSeen: at)]
        }
        #expect(try store.recordFetch(updated(id, at: monday), entries: items(monday)).count == 3)
        #expect(try store.recordFetch(updated(id, at: monday + hours(1)), entries: items(monday + hours(1))).isEmpty)
    }

    @Test("hostile text is stored verbatim and never breaks the SQL", arguments: StoreBackend.available)
    func hostileText(_ backend: StoreBackend) throws {
        let fixture = try TestStore(backend)
        let store = fixture.store
        try store.syncConfiguredFeeds([northernWire], now: monday)
        let id = try feedID(store, northernWire)
        let nasty = EntryInput(guid: "'; DROP TABLE entry; --", link: "https://northernwire.example/a?b='c'&d=\"e\"",
                               title: "Robert'); DROP TABLE feed;-- \u{0} \u{202E}evil", summary: String(repeating: "ü", count: 100_000),
                               authors: ["O'Brien", "\"Quoted\""], firstSeen: monday)
        let fresh = try store.recordFetch(updated(id, at: monday), entries: [nasty])
        let first = try #require(fresh.first)
        let stored = try #require(try store.entry(id: first.id))
        // NUL characters survive neither SQLite's C strings nor PostgreSQL's text: they are dropped, the rest is kept.
        #expect(stored.title == "Robert'); DROP TABLE feed;--  \u{202E}evil")
        #expect(stored.guid == "'; DROP TABLE entry; --" && stored.link == nasty.link)
        #expect(stored.authors == ["O'Brien", "\"Quoted\""])
        #expect(stored.summary?.count == 100_000)
        #expect(try store.allFeeds().count == 1)
    }
}

@Suite("Identity rules on their own")
struct EntryIdentityTests {
    @Test("home pages are recognised with or without a scheme; article pages and ?p= permalinks are not")
    func siteRoots() {
        for root in ["https://example.com", "https://example.com/", "http://Example.com//", "example.com", "example.com/",
                     "//example.com/#top", "example.com/?"] {
            #expect(EntryIdentity.isSiteRoot(root), "\(root)")
        }
        for page in ["https://example.com/world/2026/11/23/story", "example.com/?p=4312", "example.com/news",
                     "https://example.com/#/story/1", "", "/relative/path"] {
            #expect(!EntryIdentity.isSiteRoot(page), "\(page)")
        }
    }

    @Test("only GUIDs that name their publisher count as global")
    func globalGuids() {
        for guid in ["https://harbourgazette.example/news/2026/11/ferry", "tag:ledger.example,2026:article-8812",
                     "urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427", "1B4E28BA-2FA1-11D2-883F-0016D3CCA427"] {
            #expect(EntryIdentity.isGloballyUnique(guid), "\(guid)")
        }
        for guid in ["1042", "article-8812", "https://harbourgazette.example/", "urn:x", "post 17"] {
            #expect(!EntryIdentity.isGloballyUnique(guid), "\(guid)")
        }
    }

    @Test("the fallback hash is stable across runs (a restart must find the same keys)")
    func stableKeys() {
        let item = EntryInput(title: "FTSE 100 closes up 0.4%", published: monday, firstSeen: monday)
        let key = EntryIdentity.identities(of: [item])[0].guidKey
        #expect(key == "t:" + EntryIdentity.stableHash("\u{1F}ftse 100 closes up 0.4%\u{1F}\(monday.timeIntervalSince1970)"))
        #expect(EntryIdentity.stableHash("") == "cbf29ce484222325")
        #expect(EntryIdentity.stableHash("a") == "af63dc4c8601ec8c")
    }
}
