import Foundation
import GRDB
import Testing
@testable import Storage

/// `feedwatch backup` and the WAL's bound, on real files while another connection writes.
@Suite struct BackupTests {
    /// A fetch of `count` items, each with a few kilobytes of text, as one transaction.
    static func batch(_ n: Int, count: Int, at: Date, textBytes: Int = 2_000) -> [EntryInput] {
        let paragraph = "Harbour engineers surveyed the breached wall again at low tide, and the council said repairs would start "
        let body = String(repeating: paragraph, count: max(1, textBytes / paragraph.utf8.count))
        return (0..<count).map { i in
            EntryInput(guid: "batch-\(n)-\(i)", link: "https://harbourgazette.example/news/\(n)/\(i)",
                       title: "Harbour update \(n).\(i)", summary: "<p>\(body)</p>", firstSeen: at)
        }
    }

    static let analysis = #"{"people":["Ines Varga"],"organizations":[],"places":["Port Sellen"]}"#

    @Test func aBackupTakenWhileAnotherConnectionWritesIsWholeAndConsistent() async throws {
        let dir = try TempDirectory()
        let daemon = try storeWithFeeds(dir)
        let feed = try feedID(daemon, harbourGazette)
        // The backup command is another process: another store on the same file.
        let command = try FeedStore(path: dir.databasePath)
        let perFetch = 40
        // The writer stops half-way until the first backup is taken, so that one backup is
        // certainly of a database in the middle of its writes; the others race the writer.
        let (halfway, resume) = AsyncStream<Void>.makeStream()
        let writer = Task.detached {
            for n in 0..<60 {
                if n == 30 { for await _ in halfway { break } }
                let stored = try daemon.recordFetch(updated(feed, at: monday + minutes(Double(n))),
                                                    entries: Self.batch(n, count: perFetch, at: monday + minutes(Double(n))))
                // Analysed, and so indexed, in a transaction of its own, as the pipeline does.
                try daemon.recordAnalyses(stored.map { (entryID: $0.id, json: Self.analysis) })
            }
        }
        // Generous: the suites run in parallel, and the PostgreSQL cases hold the cooperative
        // threads while they wait for the server, so the writer task can be slow to get one.
        let waitingSince = ContinuousClock.now
        while try command.entryCount(feedURL: harbourGazette.url) < 30 * perFetch, ContinuousClock.now - waitingSince < .seconds(120) {
            try await Task.sleep(for: .milliseconds(5))
        }
        var counts: [Int] = []
        for k in 0..<4 {
            if k == 1 { resume.yield(); resume.finish() }
            if k > 0 { try await Task.sleep(for: .milliseconds(30)) }
            let path = dir.path + "/backup-\(k).sqlite"
            try command.backup(to: path)
            let queue = try DatabaseQueue(path: path)
            let (integrity, foreignKeys, entries, analysed, indexed) = try queue.unsafeReentrantRead { db in
                (try String.fetchAll(db, sql: "PRAGMA integrity_check"), try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count,
                 try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM entry") ?? -1,
                 try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM entry WHERE analysis_json IS NOT NULL") ?? -1,
                 try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM story_search") ?? -1)
            }
            #expect(integrity == ["ok"])
            #expect(foreignKeys == 0)
            // The search index was copied in the same snapshot as the rows it mirrors.
            #expect(indexed == analysed)
            #expect(entries - analysed <= perFetch)
            counts.append(entries)
            try queue.unsafeReentrantWrite { db in
                try db.execute(sql: "INSERT INTO story_search(story_search) VALUES ('integrity-check')")
            }
            try queue.close()
        }
        try await writer.value
        // Each fetch is one transaction: a snapshot holds whole fetches only.
        for count in counts { #expect(count % perFetch == 0, "\(counts)") }
        // The first backup was taken half-way through the writes, and holds exactly that half.
        #expect(counts.first == 30 * perFetch, "\(counts)")
        // A backup opens as an ordinary feedwatch database.
        let restored = try FeedStore(path: dir.path + "/backup-3.sqlite")
        #expect(try restored.entryCount(feedURL: harbourGazette.url) == counts.last)
        #expect(try restored.journalMode() == "wal")
    }

    @Test func aBackupRefusesToWriteOverAFile() throws {
        let dir = try TempDirectory()
        let store = try storeWithFeeds(dir)
        let path = dir.path + "/existing.sqlite"
        try Data("precious".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: BackupError.self) { try store.backup(to: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("precious".utf8))
    }

    @Test func theWALIsCutBackToItsLimitAfterACheckpoint() throws {
        let dir = try TempDirectory()
        let limit = 1 << 20
        let store = try FeedStore(path: dir.databasePath, journalSizeLimit: limit)
        try store.syncConfiguredFeeds([harbourGazette], now: monday)
        let feed = try feedID(store, harbourGazette)
        // One burst far larger than the limit: a single transaction, so the WAL must hold it all.
        let first = try store.recordFetch(updated(feed, at: monday), entries: Self.batch(0, count: 300, at: monday, textBytes: 20_000))
        try store.recordAnalyses(first.map { (entryID: $0.id, json: Self.analysis) })
        let burst = store.fileSizes().wal
        #expect(burst > 4 * Int64(limit))
        for n in 1...20 {
            let stored = try store.recordFetch(updated(feed, at: monday + minutes(Double(n))),
                                               entries: Self.batch(n, count: 5, at: monday + minutes(Double(n))))
            try store.recordAnalyses(stored.map { (entryID: $0.id, json: Self.analysis) })
            let result = try store.checkpoint()
            #expect(!result.busy)
            #expect(result.checkpointedFrames == result.walFrames)
            #expect(store.fileSizes().wal <= Int64(limit) || n == 1, "after fetch \(n): \(store.fileSizes().wal) bytes")
        }
        #expect(store.fileSizes().wal <= Int64(limit))
        #expect(try store.searchIndexCount() == 300 + 20 * 5)
    }
}
