import Digest
import FeedParser
import FeedwatchTesting
import Foundation
import Glibc
import Logging
import Storage
import Testing
@testable import Watcher

/// Housekeeping of the digest directory: day files past `digest_retention_days` go and the index
/// stops listing them, nothing else is touched; temporary files an interrupted write left behind
/// are removed at start, fresh ones and other people's files are kept.
@Suite(.serialized) struct DigestRetentionTests {
    static func listedDays(_ index: String) -> [String] {
        DigestFeedTests.hrefs(index).filter { $0.hasSuffix(".html") }.map { String($0.dropLast(5)) }
    }

    static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    /// Files that look a little like digests, or sit beside them, and are not a day's digest.
    static let foreign = ["notes.txt", "2026-13-45.md", "2026-10-20.md.bak", "2026-10-20.txt", "20261020.md",
                          "feed.xml", "index.html", "2026-10-2.json", "README.md"]

    @Test func pruningDeletesOldDayFilesAndTheIndexNoLongerListsThem() throws {
        let room = try DigestDaysFixture(retentionDays: 10)
        defer { room.dir.remove() }
        for day in 0..<15 { _ = try room.live(day: day) }
        let allDays = (0..<15).map { DigestDaysFixture.date($0).description }
        #expect(Self.listedDays(try room.read("index.html")) == allDays.reversed())
        for name in Self.foreign where name != "feed.xml" && name != "index.html" {
            try "kept".write(toFile: room.path(name), atomically: false, encoding: .utf8)
        }
        // A directory and a symbolic link with a day's name: neither is a digest file.
        try FileManager.default.removeItem(atPath: room.path("2026-10-21.json"))
        try FileManager.default.createDirectory(atPath: room.path("2026-10-21.json"), withIntermediateDirectories: false)
        let outside = room.dir.file("outside.md", "not in the digest directory")
        try? FileManager.default.removeItem(atPath: room.path("2026-10-22.md"))
        try FileManager.default.createSymbolicLink(atPath: room.path("2026-10-22.md"), withDestinationPath: outside)

        // Day 14 is today: days before day 4 are more than ten days old.
        let removed = try room.retention.prune(today: DigestDaysFixture.date(14))
        let gone = (0..<4).map { DigestDaysFixture.date($0).description }
        let expected = gone.flatMap { day in ["md", "html", "json"].map { room.path("\(day).\($0)") } }
            .filter { !$0.hasSuffix("2026-10-21.json") && !$0.hasSuffix("2026-10-22.md") }
        #expect(Set(removed) == Set(expected))
        for path in expected { #expect(!Self.exists(path), "\(path)") }
        for day in allDays.dropFirst(4) {
            for ext in ["md", "html", "json"] { #expect(Self.exists(room.path("\(day).\(ext)")), "\(day).\(ext)") }
        }
        for name in Self.foreign { #expect(Self.exists(room.path(name)), "\(name)") }
        #expect(Self.exists(room.path("2026-10-21.json")) && Self.exists(room.path("2026-10-22.md")))
        #expect(FileManager.default.fileExists(atPath: outside))

        // The index lists exactly the days that are left, and stays so when the next day is published.
        #expect(Self.listedDays(try room.read("index.html")) == Array(allDays.dropFirst(4).reversed()))
        _ = try room.live(day: 15)
        #expect(Self.listedDays(try room.read("index.html")) == Array((allDays.dropFirst(4) + [DigestDaysFixture.date(15).description]).reversed()))
    }

    @Test func pruningRunsAtMostOnceADay() throws {
        let room = try DigestDaysFixture(retentionDays: 2)
        defer { room.dir.remove() }
        for day in 0..<4 { _ = try room.live(day: day) }
        let now = DigestDaysFixture.noon(3)
        #expect(room.retention.pruneIfDue(now: now).count == 3)
        #expect(!Self.exists(room.path("\(DigestDaysFixture.date(0)).md")))
        // An old file that turns up later the same day waits for tomorrow.
        try "old".write(toFile: room.path("2026-01-05.md"), atomically: false, encoding: .utf8)
        #expect(room.retention.pruneIfDue(now: now.addingTimeInterval(3600)).isEmpty)
        #expect(Self.exists(room.path("2026-01-05.md")))
        #expect(room.retention.pruneIfDue(now: now.addingTimeInterval(86_400)).contains(room.path("2026-01-05.md")))
    }

    @Test func zeroKeepsEveryDigestForever() throws {
        let room = try DigestDaysFixture(retentionDays: 0)
        defer { room.dir.remove() }
        for day in 0..<3 { _ = try room.live(day: day) }
        try "old".write(toFile: room.path("1999-01-01.md"), atomically: false, encoding: .utf8)
        #expect(room.retention.pruneIfDue(now: DigestDaysFixture.noon(3000)).isEmpty)
        #expect(try room.retention.prune(today: DigestDaysFixture.date(3000)).isEmpty)
        #expect(Self.exists(room.path("1999-01-01.md")))
        #expect(Self.listedDays(try room.read("index.html")).count == 3)
    }

    @Test func theRetentionKeyHasARangeAndADefault() throws {
        #expect(try DigestFeedTests.load("").digestRetentionDays == 365)
        #expect(try DigestFeedTests.load("digest_retention_days = 0").digestRetentionDays == 0)
        #expect(try DigestFeedTests.load("digest_retention_days = 36500").digestRetentionDays == 36_500)
        for bad in ["-1", "36501", "\"30\"", "1.5", "9223372036854775807"] {
            do {
                _ = try DigestFeedTests.load("digest_retention_days = \(bad)")
                Issue.record("accepted \(bad)")
            } catch {
                #expect(error.description == "/etc/feedwatch/feedwatch.toml:3: digest_retention_days must be a whole number from 0 to 36500")
            }
        }
    }

    // MARK: - Stale temporary files

    static func make(_ path: String, age: TimeInterval, now: Date) throws {
        try "partial".write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: now.addingTimeInterval(-age)], ofItemAtPath: path)
    }

    @Test func staleTemporariesGoFreshOnesAndOtherFilesStay() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let digests = dir.path + "/digests"
        try FileManager.default.createDirectory(atPath: digests, withIntermediateDirectories: true)
        let now = Date()
        // Named as AtomicFile names them: "." + the file's name + pid + random number + ".tmp".
        let stale = [digests + "/.2026-12-05.html.\(getpid()).\(UInt32.max).tmp", digests + "/.feed.xml.41.7.tmp",
                     dir.path + "/.feeds.toml.123456.0.tmp"]
        for path in stale { try Self.make(path, age: 300, now: now) }
        let kept = [digests + "/.index.html.99.42.tmp",                      // a write in progress
                    digests + "/notes.tmp", digests + "/.x.tmp", digests + "/a.1.2.tmp", digests + "/.feed.xml.tmp",
                    digests + "/.feed.xml.12.ab.tmp", digests + "/..1.2.tmp", digests + "/.feed.xml.1.2.tmp.bak",
                    dir.path + "/feedwatch.sqlite-wal"]
        try Self.make(kept[0], age: 5, now: now)
        for path in kept.dropFirst() { try Self.make(path, age: 3600, now: now) }
        try FileManager.default.createDirectory(atPath: digests + "/.dir.1.2.tmp", withIntermediateDirectories: false)
        try FileManager.default.setAttributes([.modificationDate: now.addingTimeInterval(-3600)], ofItemAtPath: digests + "/.dir.1.2.tmp")

        let removed = StaleTemporaryFiles.remove(in: [digests, dir.path, digests, dir.path + "/missing"], now: now,
                                                 logger: Logger(label: "test"))
        #expect(Set(removed) == Set(stale))
        for path in stale { #expect(!Self.exists(path), "\(path)") }
        for path in kept + [digests + "/.dir.1.2.tmp"] { #expect(Self.exists(path), "\(path)") }
    }

    @Test func theDaemonClearsStaleTemporariesAtStartAndPublishesTheFeedsAfterItsDigest() async throws {
        try #require(FileManager.default.fileExists(atPath: ChildProcess.feedwatchBinary))
        let dir = TempDir()
        defer { dir.remove() }
        _ = dir.file("news.xml", """
            <?xml version="1.0"?><rss version="2.0"><channel><title>Saltmarsh Herald</title><link>https://saltmarshherald.example/</link>
            <item><title>Harbour master warns of fog on the estuary</title><link>https://saltmarshherald.example/news/fog</link>
            <guid>fog-1</guid><description>Pilots expect delays.</description></item>
            </channel></rss>
            """)
        let config = dir.file("feedwatch.toml", """
            state_dir = "state"
            digest_dir = "digests"
            timezone = "UTC"
            full_text = false
            metrics_listen = ""
            [[feed]]
            url = "news.xml"
            """)
        let digests = dir.path + "/digests"
        try FileManager.default.createDirectory(atPath: digests, withIntermediateDirectories: true)
        let stale = digests + "/.feed.xml.5151.3.tmp"
        try Self.make(stale, age: 120, now: Date())
        let daemon = try ChildProcess(["run", "--config", config])
        #expect(await daemon.waitFor("digest feeds written", timeout: 60), "\(daemon.log)")
        daemon.signal(SIGTERM)
        #expect(await daemon.finish(within: 30) == .exited(0))
        #expect(!Self.exists(stale))
        #expect(daemon.log.contains("removed a temporary file an interrupted write left behind"))
        let atom = try Feed.parse(Array(Data(contentsOf: URL(fileURLWithPath: digests + "/feed.xml"))))
        #expect(atom.entries.first?.content?.contains("Harbour master warns of fog on the estuary") == true)
        #expect(atom.entries.first?.id?.hasPrefix(URL(fileURLWithPath: digests, isDirectory: true).absoluteString) == true)
    }

    @Test func onceClearsStaleTemporariesAndWritesTheFeeds() async throws {
        try #require(FileManager.default.fileExists(atPath: ChildProcess.feedwatchBinary))
        let dir = TempDir()
        defer { dir.remove() }
        _ = dir.file("news.xml", """
            <?xml version="1.0"?><rss version="2.0"><channel><title>Saltmarsh Herald</title><link>https://saltmarshherald.example/</link>
            <item><title>Lifeboat crew rescues two walkers cut off by the tide</title><link>https://saltmarshherald.example/news/lifeboat</link>
            <guid>lifeboat-1</guid><description>The crew launched at dawn.</description></item>
            </channel></rss>
            """)
        let config = dir.file("feedwatch.toml", """
            state_dir = "state"
            digest_dir = "digests"
            timezone = "UTC"
            full_text = false
            digest_base_url = "https://news.example.org/digests/"
            [[feed]]
            url = "news.xml"
            """)
        let digests = dir.path + "/digests", state = dir.path + "/state"
        for path in [digests, state] { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        let now = Date()
        let stale = [digests + "/.index.html.4242.17.tmp", state + "/.feedwatch.toml.4242.18.tmp"]
        let fresh = digests + "/.feed.json.4243.19.tmp"
        let foreign = digests + "/draft.tmp"
        for path in stale { try Self.make(path, age: 600, now: now) }
        try Self.make(fresh, age: 1, now: now)
        try Self.make(foreign, age: 600, now: now)

        let run = try ChildProcess(["once", "--all", "--config", config, "--verbose"])
        #expect(await run.finish(within: 120) == .exited(0))
        for path in stale { #expect(!Self.exists(path), "\(path)") }
        #expect(Self.exists(fresh) && Self.exists(foreign))
        #expect(run.log.contains("removed a temporary file an interrupted write left behind"))
        #expect(run.log.contains(".index.html.4242.17.tmp"))

        let atom = try Feed.parse(Array(Data(contentsOf: URL(fileURLWithPath: digests + "/feed.xml"))))
        #expect(atom.entries.count == 1)
        #expect(atom.entries.first?.title?.hasSuffix("today's edition, updated through the day") == true)
        #expect(atom.entries.first?.content?.contains("Lifeboat crew rescues two walkers cut off by the tide") == true)
        #expect(atom.entries.first?.id?.hasPrefix("https://news.example.org/digests/") == true)
        let json = try Feed.parse(Array(Data(contentsOf: URL(fileURLWithPath: digests + "/feed.json"))))
        #expect(json.entries.map(\.id) == atom.entries.map(\.id))
        if Xmllint.path != nil { #expect(try Xmllint.problems(digests + "/feed.xml") == "") }
    }
}
