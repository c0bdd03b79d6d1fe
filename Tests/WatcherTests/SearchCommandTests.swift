import FeedwatchTesting
import Foundation
import Digest
import Storage
import Testing
@testable import Watcher

/// `feedwatch search` and `feedwatch backup` as a user runs them: the real binary over a local
/// feed, after `once` and while `run` holds the database.
@Suite(.serialized) struct SearchCommandTests {
    static let gazetteFeed = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>Harbour Gazette</title><link>https://harbourgazette.example/</link>
        <item><title>Storm surge breaches Port Sellen harbour wall</title>
          <link>https://harbourgazette.example/news/harbour-wall</link><guid>gz-harbour-wall</guid>
          <description>&lt;p&gt;Sea water flooded the fish market in Port Sellen overnight, and councillor Ines Varga said
          repairs to the wall would take months. The lifeboat crew moved its boats to the inner basin.&lt;/p&gt;</description></item>
        <item><title>Library extends its opening hours for the winter</title>
          <link>https://harbourgazette.example/news/library-hours</link><guid>gz-library</guid>
          <description>Readers will be able to borrow books until eight in the evening from next month.</description></item>
        <item><title>School choir wins regional contest</title>
          <link>https://harbourgazette.example/news/choir</link><guid>gz-choir</guid>
          <description>Forty pupils sang at the final in the county hall on Saturday.</description></item>
        </channel></rss>
        """

    /// A config over the gazette feed in a zone far from UTC, so the day shown is the zone's.
    static func setUp(_ dir: TempDir) -> (config: String, digests: String) {
        let feed = dir.file("feeds/gazette.xml", gazetteFeed)
        let config = dir.file("feedwatch.toml", """
            state_dir = "state"
            digest_dir = "digests"
            timezone = "Pacific/Kiritimati"
            full_text = false
            log_level = "warning"
            metrics_listen = ""

            [[feed]]
            url = "\(feed)"
            name = "Harbour Gazette"
            """)
        return (config, dir.path + "/digests")
    }

    static func today() -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Pacific/Kiritimati")!
        let p = calendar.dateComponents([.year, .month, .day], from: Date())
        return String(format: "%04d-%02d-%02d", p.year!, p.month!, p.day!)
    }

    static func run(_ arguments: [String]) async throws -> (status: Int32?, output: String, log: String) {
        let child = try ChildProcess(arguments)
        let status = await child.waitForExit(timeout: 120)
        return (status, child.output, child.log)
    }

    static func results(_ json: String) throws -> [[String: Any]] {
        try #require((try JSONSerialization.jsonObject(with: Data(json.utf8))) as? [[String: Any]])
    }

    @Test func findsTheStoryAndLinksToItsAnchorInThatDaysDigest() async throws {
        try #require(FileManager.default.fileExists(atPath: ChildProcess.feedwatchBinary))
        let dir = TempDir()
        defer { dir.remove() }
        let (config, digests) = Self.setUp(dir)
        let once = try await Self.run(["once", "--config", config, "--all"])
        #expect(once.status == 0, "\(once.log)")

        let found = try await Self.run(["search", "Port Sellen", "--json", "--config", config])
        #expect(found.status == 0, "\(found.log)")
        let results = try Self.results(found.output)
        #expect(results.count == 1, "\(found.output)")
        let first = try #require(results.first)
        #expect(first["headline"] as? String == "Storm surge breaches Port Sellen harbour wall")
        #expect(first["outlets"] as? [String] == ["Harbour Gazette"])
        #expect(first["day"] as? String == Self.today())
        #expect((first["matches"] as? [String])?.contains { $0.lowercased().contains("sellen") } == true)
        let link = try #require(first["link"] as? String)
        let parts = link.split(separator: "#", maxSplits: 1).map(String.init)
        #expect(parts.count == 2)
        #expect(parts.first == "\(digests)/\(Self.today()).html")
        let html = try String(contentsOfFile: parts[0], encoding: .utf8)
        #expect(html.contains("id=\"\(parts.last ?? "")\""), "the anchor \(link) is in the digest")

        // A name from the text, words from a summary, and the day filters.
        let varga = try await Self.run(["search", "Ines Varga", "--json", "--config", config])
        #expect(try Self.results(varga.output).first?["headline"] as? String == "Storm surge breaches Port Sellen harbour wall")
        let books = try await Self.run(["search", "borrow books", "--config", config])
        #expect(books.status == 0)
        #expect(books.output.contains("Library extends its opening hours for the winter"), "\(books.output)")
        #expect(books.output.contains("[borrow books]"), "\(books.output)")
        let later = try await Self.run(["search", "Port Sellen", "--since", "2999-01-01", "--config", config])
        #expect(later.status == 0)
        #expect(later.output == "no stories match\n", "\(later.output)")
        let earlier = try await Self.run(["search", "Port Sellen", "--until", "2000-01-01", "--json", "--config", config])
        #expect(try Self.results(earlier.output).isEmpty)
        let window = try await Self.run(["search", "choir", "--since", Self.today(), "--until", Self.today(), "--json", "--config", config])
        #expect(try Self.results(window.output).count == 1)

        // Usage errors: nothing to look for, a day that is not a day, a silly limit.
        for bad in [["   "], ["harbour", "--since", "2026-13-01"], ["harbour", "--limit", "0"]] {
            let refused = try await Self.run(["search"] + bad + ["--config", config])
            #expect(refused.status == 64, "\(bad): \(refused.log)")
        }
        // Query syntax typed by a user is read as words: no error, no widening.
        let hostile = try await Self.run(["search", "choir OR library", "--json", "--config", config])
        #expect(hostile.status == 0, "\(hostile.log)")
        #expect(try Self.results(hostile.output).isEmpty)
    }

    /// Two outlets' reports of one story, seen at 11:30 UTC on 18 November 2026 — already the
    /// 19th in Kiritimati (UTC+14), whose digest lists them.
    @Test func aHitIsPlacedOnItsDayInTheConfiguredZoneWithThatDaysHeadline() throws {
        let store = try FeedStore.inMemory()
        let gazette = ConfiguredFeed(url: "https://harbourgazette.example/rss", name: "Harbour Gazette")
        let wire = ConfiguredFeed(url: "https://northernwire.example/uk.xml", name: "Northern Wire")
        let seen = Date(timeIntervalSince1970: 1_795_000_000 + 1_400)
        try store.syncConfiguredFeeds([gazette, wire], now: seen)
        var ids: [Int64] = []
        for (feed, title, offset) in [(gazette, "Storm surge breaches Port Sellen harbour wall", 0.0),
                                      (wire, "Coastal town evacuates homes after harbour wall fails", 600.0)] {
            let id = try #require(try store.feed(url: feed.url)).id
            ids += try store.recordFetch(FetchRecord(feedID: id, at: seen + offset, outcome: .updated, httpStatus: 200, nextPollAt: seen + 3600),
                                         entries: [EntryInput(guid: title, link: "\(feed.url)/\(ids.count)", title: title,
                                                              published: seen + offset, firstSeen: seen + offset)]).map(\.id)
        }
        try store.recordAnalyses(ids.map { (entryID: $0, json: #"{"people":[],"organizations":[],"places":["Port Sellen"]}"#) })
        try store.commitStories(ids.map { StoryAssignment(entryID: $0, storyID: "story-wall") }, clustererState: nil)
        let config = WatcherConfig(sourceFile: "/etc/feedwatch/feedwatch.toml", stateDir: "/var/lib/feedwatch",
                                   digestDir: "/var/lib/feedwatch/digests", timeZone: TimeZone(identifier: "Pacific/Kiritimati")!)
        let search = StorySearch(config: config, store: store)
        let results = try search.run("harbour wall")
        #expect(results.count == 1)
        #expect(results.first?.day == "2026-11-19")
        #expect(results.first?.link == "/var/lib/feedwatch/digests/2026-11-19.html#s-story-wall")
        #expect(results.first?.outlets == ["Harbour Gazette", "Northern Wire"])
        #expect(results.first?.headline == "Storm surge breaches Port Sellen harbour wall")
        #expect(results.first?.matches == ["harbour wall"])
        #expect(try search.run("harbour wall", since: DigestDate("2026-11-19"), until: DigestDate("2026-11-19")).count == 1)
        #expect(try search.run("harbour wall", until: DigestDate("2026-11-18")).isEmpty)
        #expect(try search.run("harbour wall", since: DigestDate("2026-11-20")).isEmpty)
        #expect(throws: StorySearch.UsageError.self) { try search.run(" \n\t ") }
    }

    @Test func searchAndBackupWorkWhileTheDaemonRuns() async throws {
        try #require(FileManager.default.fileExists(atPath: ChildProcess.feedwatchBinary))
        let dir = TempDir()
        defer { dir.remove() }
        let (config, _) = Self.setUp(dir)
        _ = dir.file("feedwatch.toml", (try String(contentsOfFile: config, encoding: .utf8))
            .replacingOccurrences(of: "log_level = \"warning\"", with: "log_level = \"info\""))
        let daemon = try ChildProcess(["run", "--config", config])
        defer { daemon.signal(SIGKILL) }
        #expect(await daemon.waitFor("cycle done", timeout: 120), "\(daemon.log)")

        let found = try await Self.run(["search", "harbour wall", "--json", "--config", config])
        #expect(found.status == 0, "\(found.log)")
        #expect(try Self.results(found.output).count == 1)

        let backup = dir.path + "/backups/feedwatch-copy.sqlite"
        try FileManager.default.createDirectory(atPath: dir.path + "/backups", withIntermediateDirectories: true)
        let made = try await Self.run(["backup", backup, "--config", config])
        #expect(made.status == 0, "\(made.log)")
        #expect(made.output.hasPrefix("backup written: \(backup) ("), "\(made.output)")
        #expect(!FileManager.default.fileExists(atPath: backup + ".tmp"))
        let check = try DatabaseCheck.problems(at: backup)
        #expect(check.integrity == ["ok"] && check.foreignKeys == 0)
        let copy = try FeedStore(path: backup)
        #expect(try copy.search(SearchQuery("borrow books")).count == 1)
        try copy.close()

        // An existing file is kept unless --force says otherwise.
        let before = try Data(contentsOf: URL(fileURLWithPath: backup))
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: backup))
        let refused = try await Self.run(["backup", backup, "--config", config])
        #expect(refused.status == 1 && refused.log.contains("--force"), "\(refused.log)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: backup)) == Data("not a database".utf8))
        let forced = try await Self.run(["backup", backup, "--force", "--config", config])
        #expect(forced.status == 0, "\(forced.log)")
        #expect(try DatabaseCheck.problems(at: backup).integrity == ["ok"])
        #expect(before.count > 0)

        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(timeout: 30) == 0)
    }
}
