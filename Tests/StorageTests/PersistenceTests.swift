import Foundation
import GRDB
import Synchronization
import Testing
@testable import Storage

@Suite("The database file: persistence, WAL, migrations, concurrent readers")
struct PersistenceTests {
    @Test("everything persists across close and reopen, and reopening migrates nothing twice", arguments: StoreBackend.available)
    func reopen(_ backend: StoreBackend) throws {
        let fixture = try storeWithFeeds(backend)
        var gazetteID: Int64 = 0
        do {
            let store = fixture.store
            gazetteID = try feedID(store, harbourGazette)
            let fresh = try store.recordFetch(updated(gazetteID, at: monday, etag: "\"e1\""), entries: ferryStrikeItems(seenAt: monday))
            try store.assignStory(entryID: fresh[0].id, storyID: "s-ferry")
            try store.setValue("9f2c", forKey: "digest.2026-11-23.hash")
            try store.saveClustererState(Data([0, 1, 2, 250, 255]))
            try store.close()
        }
        for reopening in 1...2 {
            let store = try fixture.reopen()
            #expect(try store.feed(url: harbourGazette.url)?.etag == "\"e1\"")
            #expect(try store.feed(url: harbourGazette.url)?.id == gazetteID)
            #expect(try store.entries(firstSeenFrom: monday, to: monday + days(1)).map(\.storyID) == ["s-ferry", nil])
            #expect(try store.value(forKey: "digest.2026-11-23.hash") == "9f2c")
            #expect(try store.loadClustererState() == Data([0, 1, 2, 250, 255]))
            #expect(try store.fetchHistory(feedID: gazetteID).count == reopening)
            // The re-poll after a restart finds nothing new.
            let at = monday + hours(Double(reopening))
            #expect(try store.recordFetch(updated(gazetteID, at: at, etag: "\"e1\""), entries: ferryStrikeItems(seenAt: at)).isEmpty)
            try store.close()
        }
    }

    @Test("a fetch that fails half-way through its entries leaves no trace: not the entries, not the feed state, not the history",
          arguments: StoreBackend.available)
    func fetchIsOneTransaction(_ backend: StoreBackend) throws {
        let fixture = try storeWithFeeds(backend)
        let store = fixture.store
        let id = try feedID(store, harbourGazette)
        try store.recordFetch(updated(id, at: monday, etag: "\"before\""), entries: [])
        // Stand-in for a disk-full or I/O error on the second insert.
        try fixture.execute(sqlite: """
            CREATE TRIGGER simulated_io_error BEFORE INSERT ON entry WHEN NEW.title LIKE 'Council%'
            BEGIN SELECT RAISE(ABORT, 'simulated I/O error'); END
            """, postgres: """
            CREATE FUNCTION simulated_io_error() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'simulated I/O error'; END $$;
            CREATE TRIGGER simulated_io_error BEFORE INSERT ON entry FOR EACH ROW WHEN (NEW.title LIKE 'Council%')
            EXECUTE FUNCTION simulated_io_error()
            """)
        #expect(throws: (any Error).self) {
            try store.recordFetch(updated(id, at: monday + hours(1), etag: "\"after\""), entries: ferryStrikeItems(seenAt: monday + hours(1)))
        }
        #expect(try store.entryCount(feedURL: harbourGazette.url) == 0)
        #expect(try store.feed(url: harbourGazette.url)?.etag == "\"before\"")
        #expect(try store.fetchHistory(feedID: id).count == 1)
        #expect(try store.pendingArticles(at: monday + days(1), limit: 10).isEmpty)
        // Once the fault is gone the same fetch goes through whole.
        try fixture.execute(sqlite: "DROP TRIGGER simulated_io_error", postgres: "DROP TRIGGER simulated_io_error ON entry")
        #expect(try store.recordFetch(updated(id, at: monday + hours(2)), entries: ferryStrikeItems(seenAt: monday + hours(2))).count == 2)
        #expect(try store.entryCounts() == [id: 2])
    }

    @Test("a database written by schema v1 is upgraded in place, its tombstones kept")
    func upgradeFromV1() throws {
        let dir = try TempDirectory()
        do {
            let pool = try DatabasePool(path: dir.databasePath)
            try Schema.migrator.migrate(pool, upTo: "v1")
            try pool.write { db in
                try db.execute(sql: """
                    INSERT INTO feed(configured_url, fetch_url, next_poll_at, created_at) VALUES (?, ?, 0, 0);
                    INSERT INTO tombstone(feed_id, guid_key, url_key, first_seen) VALUES (1, 'g:old-1', 'harbourgazette.example/old-1', 100);
                    """, arguments: [harbourGazette.url, harbourGazette.url])
            }
            try pool.close()
        }
        let store = try FeedStore(path: dir.databasePath)
        #expect(try store.writer.read { db in try Schema.migrator.appliedIdentifiers(db) } == Set(Schema.migrator.migrations))
        let id = try feedID(store, harbourGazette)
        let old = EntryInput(guid: "old-1", link: "https://harbourgazette.example/old-1", title: "Old", firstSeen: monday)
        #expect(try store.recordFetch(updated(id, at: monday), entries: [old]).isEmpty)
        #expect(try store.writer.read { db in try Double.fetchOne(db, sql: "SELECT last_seen FROM tombstone") } == monday.timeIntervalSince1970)
    }

    @Test("the file is in WAL mode with foreign keys on")
    func walMode() throws {
        let dir = try TempDirectory()
        let store = try FeedStore(path: dir.databasePath)
        #expect(try store.journalMode() == "wal")
        #expect(try store.writer.read { db in try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") } == true)
        try store.syncConfiguredFeeds([harbourGazette], now: monday)
        #expect(FileManager.default.fileExists(atPath: dir.databasePath + "-wal"))
    }

    @Test("settings can be replaced and removed; clusterer state is replaced whole", arguments: StoreBackend.available)
    func keyValues(_ backend: StoreBackend) throws {
        let fixture = try TestStore(backend)
        let store = fixture.store
        #expect(try store.value(forKey: "network.down") == nil)
        try store.setValue("since 2026-11-23T08:00:00Z", forKey: "network.down")
        try store.setValue("since 2026-11-23T09:00:00Z", forKey: "network.down")
        #expect(try store.value(forKey: "network.down") == "since 2026-11-23T09:00:00Z")
        try store.setValue(nil, forKey: "network.down")
        #expect(try store.value(forKey: "network.down") == nil)
        #expect(try store.loadClustererState() == nil)
        try store.saveClustererState(Data(repeating: 7, count: 1 << 20))
        try store.saveClustererState(Data("{}".utf8))
        #expect(try store.loadClustererState() == Data("{}".utf8))
    }

    @Test("a reader in another connection (feedwatch status) sees whole fetches while the daemon writes",
          arguments: StoreBackend.available)
    func concurrentReaders(_ backend: StoreBackend) throws {
        let fixture = try storeWithFeeds(backend)
        let daemon = fixture.store
        let statusCommand = try fixture.reopen()
        let id = try feedID(daemon, northernWire)
        let polls = 150
        let done = DispatchSemaphore(value: 0)
        let failure = Mutex<String?>(nil)
        let thread = Thread {
            defer { done.signal() }
            do {
                for n in 0..<polls {
                    let at = monday + minutes(Double(n))
                    // Two items per poll: a reader must never see one without the other.
                    let items = (0..<2).map { k in
                        EntryInput(guid: "wire-\(n)-\(k)", link: "https://northernwire.example/world/\(n)/\(k)",
                                   title: "Bulletin \(n).\(k)", firstSeen: at)
                    }
                    try daemon.recordFetch(updated(id, at: at), entries: items)
                }
            } catch {
                failure.withLock { $0 = "\(error)" }
            }
        }
        thread.start()
        var seen: [Int] = []
        while seen.last != 2 * polls {
            let count = try statusCommand.entryCount(feedURL: northernWire.url)
            seen.append(count)
            if failure.withLock({ $0 }) != nil { break }
        }
        done.wait()
        #expect(failure.withLock { $0 } == nil)
        #expect(seen.allSatisfy { $0 % 2 == 0 })
        #expect(seen == seen.sorted())
        #expect(try statusCommand.fetchHistory(feedID: id, limit: 100).count == 50)
    }

    @Test("a database path in a missing directory fails with one line naming the file")
    func badPath() throws {
        let path = "/nonexistent-feedwatch-dir/state/feedwatch.sqlite"
        do {
            _ = try FeedStore(path: path)
            Issue.record("opening \(path) should fail")
        } catch let error as StoreError {
            #expect(error.description.hasPrefix(path + ": cannot open"))
            #expect(!error.description.contains("\n"))
        }
    }

    @Test("a file that is not a database is refused, not overwritten")
    func notADatabase() throws {
        let dir = try TempDirectory()
        let text = "state_dir = \"/var/lib/feedwatch\"\n" + String(repeating: "# a config file, not a database\n", count: 200)
        try text.write(toFile: dir.databasePath, atomically: true, encoding: .utf8)
        #expect(throws: StoreError.self) { _ = try FeedStore(path: dir.databasePath) }
        #expect(try String(contentsOfFile: dir.databasePath, encoding: .utf8) == text)
    }
}

@Suite("String lists in one column")
struct JSONTextTests {
    @Test("author and tag lists with quotes, backslashes, control characters and emoji survive the round trip")
    func roundTrip() throws {
        let lists: [[String]] = [[], ["world"], ["Zoë O'Brien", "\"Ed\" \\ Desk", "line\nbreak\tand\u{1}bell", "🇬🇧 UK", ""]]
        for list in lists {
            let text = JSONText.encode(list)
            #expect(JSONText.decodeStrings(text) == list)
            #expect(try JSONDecoder().decode([String].self, from: Data(text.utf8)) == list)
        }
        // Lists written by other JSON writers (escaped unicode, spacing) still read.
        #expect(JSONText.decodeStrings(#"[ "caf\u00e9", "a\/b" ]"#) == ["café", "a/b"])
        #expect(JSONText.decodeStrings("not json") == [])
        #expect(JSONText.decodeStrings(nil) == [])
    }
}
