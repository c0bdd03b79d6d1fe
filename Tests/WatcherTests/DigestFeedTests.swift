import Digest
import FeedParser
import Foundation
import Logging
import Storage
import Testing
@testable import Watcher

/// A newsroom in a temporary directory that publishes one day's digest after another, as the
/// daemon does: one local outlet, one report a day (invented, written for these tests).
struct DigestDaysFixture {
    static let utc = TimeZone(identifier: "UTC")!
    static let herald = ConfiguredFeed(url: "https://saltmarshherald.example/rss", name: "Saltmarsh Herald")
    static let subjects = ["sea wall repairs", "the ferry timetable", "the harbour dredging", "the lifeboat appeal",
                           "the market hall roof", "school bus routes", "the bridge closure"]
    /// Noon of the first day, 2026-10-20.
    static let firstNoon = ISO8601DateFormatter().date(from: "2026-10-20T12:00:00Z")!

    let dir = TempDir()
    let store: FeedStore
    var config: WatcherConfig

    init(retentionDays: Int = 365, baseURL: String? = "https://news.example.org/digests/") throws {
        config = WatcherConfig(sourceFile: dir.path + "/feedwatch.toml", stateDir: dir.path, digestDir: dir.path + "/digests",
                               timeZone: Self.utc)
        config.digestRetentionDays = retentionDays
        config.digestBaseURL = baseURL
        store = try FeedStore(path: dir.path + "/feedwatch.sqlite")
        try store.syncConfiguredFeeds([Self.herald], now: Self.firstNoon.addingTimeInterval(-86_400))
    }

    var logger: Logger { Logger(label: "test") }
    var publisher: DigestPublisher { DigestPublisher(config: config, store: store, logger: logger) }
    var feeds: DigestFeedPublisher { DigestFeedPublisher(config: config, store: store, logger: logger) }
    var retention: DigestRetention { DigestRetention(config: config, store: store, logger: logger) }

    static func noon(_ day: Int) -> Date { firstNoon.addingTimeInterval(Double(day) * 86_400) }
    static func date(_ day: Int) -> DigestDate { DigestDate("2026-10-20")!.advanced(byDays: day)! }
    static func headline(_ day: Int, _ n: Int = 0) -> String {
        "Saltmarsh council votes on \(subjects[(day + n) % subjects.count]) (report \(day)-\(n))"
    }

    /// Stores report `n` of day `day`, first seen at noon plus `n` minutes.
    func report(day: Int, n: Int = 0) throws {
        let id = try #require(try store.feed(url: Self.herald.url)).id
        let seen = Self.noon(day).addingTimeInterval(Double(n) * 60)
        let link = "https://saltmarshherald.example/news/\(day)-\(n)"
        _ = try store.recordFetch(
            FetchRecord(feedID: id, at: seen, outcome: .updated, httpStatus: 200, nextPollAt: seen + 1800),
            entries: [EntryInput(guid: link, link: link, canonicalURL: link, title: Self.headline(day, n),
                                 summary: "Councillors met on Tuesday evening. " + Self.headline(day, n),
                                 published: seen, firstSeen: seen)])
    }

    /// One day as the daemon lives it: a report at noon, then the digest and the feeds an hour later.
    func live(day: Int) throws -> [String] {
        try report(day: day)
        let now = Self.noon(day).addingTimeInterval(3600)
        _ = publisher.publishCurrent(now: now)
        return feeds.publish(now: now)
    }

    func path(_ name: String) -> String { config.digestDir + "/" + name }
    func read(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }
    func modified(_ name: String) throws -> Date {
        try #require(try FileManager.default.attributesOfItem(atPath: path(name))[.modificationDate] as? Date)
    }
}

/// `xmllint`, when it is installed (CI installs libxml2-utils; see the Makefile's APT_PACKAGES).
enum Xmllint {
    static let path: String? = ["/usr/bin/xmllint", "/usr/local/bin/xmllint"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// xmllint's complaints about the file; empty when it is well-formed.
    static func problems(_ file: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(path))
        process.arguments = ["--noout", "--nonet", file]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let output = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: output, as: UTF8.self)
        return process.terminationStatus == 0 ? text : "exit \(process.terminationStatus): " + text
    }
}

/// The digest as feeds, from the files the publisher writes: read back with feedwatch's own
/// parser, checked by xmllint, 30 days at most and today's edition first, rewritten only when
/// something changed.
@Suite(.serialized) struct DigestFeedTests {
    static let base = "https://news.example.org/digests/"

    static func hrefs(_ html: String) -> [String] {
        var found: [String] = []
        var rest = Substring(html)
        while let open = rest.range(of: "href=\"") {
            let value = rest[open.upperBound...].prefix { $0 != "\"" }
            found.append(String(value))
            rest = rest[open.upperBound...].dropFirst(value.count)
        }
        return found
    }

    @Test func aRunOverFiveWeeksFeedsTheLastThirtyDaysWithTodaysEditionFirst() throws {
        let room = try DigestDaysFixture()
        defer { room.dir.remove() }
        for day in 0..<35 { _ = try room.live(day: day) }

        let atom = try Feed.parse(Array(Data(contentsOf: URL(fileURLWithPath: room.path("feed.xml")))))
        #expect(atom.format == .atom)
        #expect(atom.title == "feedwatch digest")
        #expect(atom.feedLink == Self.base + "feed.xml")
        #expect(atom.link == Self.base + "index.html")
        #expect(atom.entries.count == DigestFeedPublisher.windowDays)
        let days = (5..<35).reversed().map(DigestDaysFixture.date)
        #expect(atom.entries.map(\.id) == days.map { Self.base + "\($0).html" })
        #expect(atom.entries.map(\.link) == atom.entries.map(\.id))
        #expect(atom.entries.first?.title == DigestDaysFixture.date(34).longName + " · today's edition, updated through the day")
        for (entry, day) in zip(atom.entries.dropFirst(), (5..<34).reversed()) {
            #expect(entry.title == DigestDaysFixture.date(day).longName + " · final edition")
            #expect(entry.content?.contains(DigestDaysFixture.headline(day)) == true, "day \(day)")
        }
        for (entry, day) in zip(atom.entries, (5..<35).reversed()) {
            let content = try #require(entry.content)
            #expect(content.hasPrefix("<div class=\"page\">") && !content.contains("<head>") && !content.contains("<style"))
            let links = Self.hrefs(content)
            // The outlet's report, the index and the day's own stories: all absolute.
            #expect(links.contains("https://saltmarshherald.example/news/\(day)-0"))
            #expect(links.contains(Self.base + "index.html"))
            for link in links { #expect(link.hasPrefix("https://"), "\(link)") }
            #expect(entry.summary?.hasPrefix("1 story from 1 outlet. Top story: Saltmarsh council votes on ") == true)
        }
        // The day that fell out of the window is in no entry.
        #expect(!atom.entries.contains { $0.content?.contains(DigestDaysFixture.headline(4)) == true })

        let json = try Feed.parse(Array(Data(contentsOf: URL(fileURLWithPath: room.path("feed.json")))))
        #expect(json.format == .json)
        #expect(json.version == "1.1")
        #expect(json.title == "feedwatch digest")
        #expect(json.feedLink == Self.base + "feed.json")
        #expect(json.entries.map(\.id) == atom.entries.map(\.id))
        #expect(json.entries.map(\.title) == atom.entries.map(\.title))
        #expect(json.entries.map(\.content) == atom.entries.map(\.content))
        // JSON Feed 1.1's required fields, as written.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: room.path("feed.json")))) as? [String: Any])
        #expect(object["version"] as? String == "https://jsonfeed.org/version/1.1")
        #expect(object["title"] is String)
        let items = try #require(object["items"] as? [[String: Any]])
        #expect(items.count == 30)
        for item in items {
            #expect(item["id"] is String && item["content_html"] is String && item["url"] is String)
            #expect((item["date_modified"] as? String).flatMap { DigestTime(rfc3339: $0) } != nil)
        }
    }

    @Test(.enabled(if: Xmllint.path != nil, "xmllint is not installed (apt-get install libxml2-utils); skipped"))
    func xmllintFindsTheFeedWellFormed() throws {
        let room = try DigestDaysFixture()
        defer { room.dir.remove() }
        for day in 0..<3 { _ = try room.live(day: day) }
        // A report whose text is markup, entities and a control character: still well-formed.
        let id = try #require(try room.store.feed(url: DigestDaysFixture.herald.url)).id
        let seen = DigestDaysFixture.noon(2).addingTimeInterval(600)
        _ = try room.store.recordFetch(
            FetchRecord(feedID: id, at: seen, outcome: .updated, httpStatus: 200, nextPollAt: seen + 1800),
            entries: [EntryInput(guid: "x", link: "https://saltmarshherald.example/x?a=1&b=2",
                                 title: "<script>alert(1)</script> & ]]> \u{1}\u{FFFE} Tom & Jerry's \"show\"",
                                 summary: "<![CDATA[ x ]]> &nbsp; &#0; </content></entry>", published: seen, firstSeen: seen)])
        _ = room.publisher.publishCurrent(now: seen.addingTimeInterval(60))
        #expect(room.feeds.publish(now: seen.addingTimeInterval(60)).count == 2)
        #expect(try Xmllint.problems(room.path("feed.xml")) == "")
        let atom = try Feed.parse(Array(Data(contentsOf: URL(fileURLWithPath: room.path("feed.xml")))))
        #expect(atom.entries.count == 3)
        #expect(atom.entries[0].content?.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; ]]&gt;") == true)
    }

    @Test func theFeedsAreRewrittenOnlyWhenSomethingChangedAndUpdatedMovesWithTheContent() throws {
        let room = try DigestDaysFixture()
        defer { room.dir.remove() }
        for day in 0..<2 { _ = try room.live(day: day) }
        let now = DigestDaysFixture.noon(2).addingTimeInterval(3600)
        #expect(try room.live(day: 2).count == 2)
        let firstWrite = try room.modified("feed.xml")
        // Nothing new: nothing written.
        #expect(room.feeds.publish(now: now).isEmpty)
        #expect(room.feeds.publish(now: now.addingTimeInterval(600)).isEmpty)
        #expect(try room.modified("feed.xml") == firstWrite)
        // A feed file that went missing is written again, though no day changed.
        try FileManager.default.removeItem(atPath: room.path("feed.json"))
        #expect(room.feeds.publish(now: now.addingTimeInterval(900)) == [room.path("feed.json")])
        func modifiedDates() throws -> [String] {
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: room.path("feed.json"))))
            return try #require((object as? [String: Any])?["items"] as? [[String: Any]]).compactMap { $0["date_modified"] as? String }
        }
        let before = try modifiedDates()
        #expect(before.count == 3)

        // `once` rewrites today's files with a new generation time but the same stories: the
        // entry's date stays, as its content did.
        try room.publisher.publish(DigestDaysFixture.date(2), now: now.addingTimeInterval(1200), force: true)
        _ = room.feeds.publish(now: now.addingTimeInterval(1200))
        #expect(try modifiedDates() == before)

        // A new report today: today's entry moves, the earlier days' stay.
        try room.report(day: 2, n: 90)
        let later = now.addingTimeInterval(3 * 3600)
        #expect(!room.publisher.publishCurrent(now: later).isEmpty)
        #expect(room.feeds.publish(now: later).count == 2)
        let after = try modifiedDates()
        #expect(after[0] == DigestTime(later, in: DigestDaysFixture.utc).rfc3339)
        #expect(Array(after.dropFirst()) == Array(before.dropFirst()))
        let atom = try room.read("feed.xml")
        #expect(atom.contains(DigestDaysFixture.headline(2, 90)))
        // The feed's own date is its newest entry's.
        #expect(atom.contains("<updated>\(after[0])</updated>\n<author>"))
    }

    @Test func aDayFileThatDoesNotReadIsLeftOutAndTheRestStillPublish() throws {
        let room = try DigestDaysFixture()
        defer { room.dir.remove() }
        for day in 0..<3 { _ = try room.live(day: day) }
        try "{\"schemaVersion\": 1, \"date\": \"<script>\"".write(toFile: room.path("\(DigestDaysFixture.date(1)).json"), atomically: true, encoding: .utf8)
        // Another day's digest saved under this day's name is not this day's.
        try FileManager.default.removeItem(atPath: room.path("\(DigestDaysFixture.date(0)).json"))
        try FileManager.default.copyItem(atPath: room.path("\(DigestDaysFixture.date(2)).json"),
                                         toPath: room.path("\(DigestDaysFixture.date(0)).json"))
        _ = room.feeds.publish(now: DigestDaysFixture.noon(2).addingTimeInterval(7200))
        let atom = try Feed.parse(Array(Data(contentsOf: URL(fileURLWithPath: room.path("feed.xml")))))
        #expect(atom.entries.map(\.id) == [Self.base + "\(DigestDaysFixture.date(2)).html"])
    }

    @Test func withoutABaseURLTheLinksAreTheDigestDirectorysFileURLs() throws {
        let room = try DigestDaysFixture(baseURL: nil)
        defer { room.dir.remove() }
        _ = try room.live(day: 0)
        let atom = try Feed.parse(Array(Data(contentsOf: URL(fileURLWithPath: room.path("feed.xml")))))
        let base = URL(fileURLWithPath: room.config.digestDir, isDirectory: true).absoluteString
        #expect(base.hasPrefix("file:///") && base.hasSuffix("/"))
        #expect(atom.entries.first?.id == base + "\(DigestDaysFixture.date(0)).html")
        let content = atom.entries.first?.content ?? ""
        #expect(Self.hrefs(content).contains(base + "index.html"))
    }

    @Test func withoutTheJSONFormatThereIsNoFeed() throws {
        var room = try DigestDaysFixture()
        defer { room.dir.remove() }
        room.config.formats = [.md, .html]
        _ = try room.live(day: 0)
        #expect(!FileManager.default.fileExists(atPath: room.path("feed.xml")))
    }

    // MARK: - digest_base_url in the config

    static func load(_ line: String) throws(ConfigError) -> WatcherConfig {
        try ConfigLoader.parse(text: "state_dir = \"/var/lib/fw\"\ntimezone = \"UTC\"\n\(line)\n", file: "/etc/feedwatch/feedwatch.toml")
    }

    @Test func digestBaseURLIsNormalisedOrRefusedWithItsLine() throws {
        #expect(try Self.load("").digestBaseURL == nil)
        #expect(try Self.load("digest_base_url = \"https://news.example.org/digests\"").digestBaseURL == "https://news.example.org/digests/")
        #expect(try Self.load("digest_base_url = \"http://intranet.example:8080/d/\"").digestBaseURL == "http://intranet.example:8080/d/")
        #expect(try Self.load("digest_base_url = \"file:///srv/www/digests\"").digestBaseURL == "file:///srv/www/digests/")
        for bad in ["ftp://news.example.org/digests/", "javascript:alert(1)", "news.example.org/digests",
                    "https:///digests/", "https://news.example.org/d?x=1", "https://news.example.org/d#top",
                    "https://news.example.org/a b/", "https://news.example.org/\\\"><script>/", "", "data:text/html,x"] {
            do {
                _ = try Self.load("digest_base_url = \"\(bad)\"")
                Issue.record("accepted \(bad)")
            } catch {
                #expect(error.location.description == "/etc/feedwatch/feedwatch.toml:3", "\(bad)")
                #expect(error.message.contains("digest_base_url must be an http, https or file URL"))
            }
        }
        #expect(throws: ConfigError.self) { try Self.load("digest_base_url = 42") }
        #expect(throws: ConfigError.self) { try Self.load("digest_base_url_x = \"https://a.example/\"") }
    }

    /// The daemon keeps past days' entries between cycles: the feeds it writes are those of a
    /// publisher that reads every day again, and a past day whose file changes is read again.
    @Test func pastDaysKeptBetweenCyclesGiveTheSameFeedsAndAChangedDayIsReadAgain() throws {
        let room = try DigestDaysFixture()
        defer { room.dir.remove() }
        for day in 0..<4 { _ = try room.live(day: day) }
        let cache = DigestFeedEntryCache()
        let cached = DigestFeedPublisher(config: room.config, store: room.store, logger: room.logger, entryCache: cache)
        let fresh = room.feeds
        func both(at now: Date) throws -> (String, String) {
            // Each publisher writes the same files; compare what each one would write.
            try? FileManager.default.removeItem(atPath: room.path("feed.xml"))
            _ = cached.publish(now: now)
            let a = try room.read("feed.xml")
            try? FileManager.default.removeItem(atPath: room.path("feed.xml"))
            try room.store.setValue("", forKey: DigestFeedPublisher.sourceKey)
            _ = fresh.publish(now: now)
            return (a, try room.read("feed.xml"))
        }
        let now = DigestDaysFixture.noon(3).addingTimeInterval(3600)
        let (first, firstFresh) = try both(at: now)
        #expect(first == firstFresh)
        // Today gains a report: the three past days come from the cache.
        try room.report(day: 3, n: 30)
        _ = room.publisher.publishCurrent(now: now.addingTimeInterval(1800))
        let (second, secondFresh) = try both(at: now.addingTimeInterval(1800))
        #expect(second == secondFresh)
        #expect(second.contains(DigestDaysFixture.headline(3, 30)))
        #expect(cache.reusedCount >= 3)
        // A past day's digest is rewritten (a late report): its entry is read again, not reused.
        try room.report(day: 1, n: 45)
        try room.publisher.publish(DigestDaysFixture.date(1), now: now.addingTimeInterval(3600), force: true)
        let (third, thirdFresh) = try both(at: now.addingTimeInterval(3600))
        #expect(third == thirdFresh)
        #expect(third.contains(DigestDaysFixture.headline(1, 45)))
    }
}
