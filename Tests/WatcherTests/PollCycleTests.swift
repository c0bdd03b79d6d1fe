import FeedwatchTesting
import Foundation
import Logging
import Storage
import Testing
@testable import Watcher

/// Whole cycles against a loopback server and a real SQLite file.
@Suite(.serialized) struct PollCycleTests {
    static func rss(_ items: [(guid: String, title: String, link: String, summary: String)], ttl: Int? = nil) -> String {
        var s = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Loopback Times</title><link>http://example.org/</link>"
        if let ttl { s += "<ttl>\(ttl)</ttl>" }
        for i in items {
            s += "<item><title>\(i.title)</title><link>\(i.link)</link><guid>\(i.guid)</guid><description>\(i.summary)</description>"
            s += "<pubDate>Fri, 27 Nov 2026 08:0\(items.firstIndex { $0.guid == i.guid }! % 10):00 GMT</pubDate></item>"
        }
        return s + "</channel></rss>"
    }

    final class Fixture: @unchecked Sendable {
        let dir = TempDir()
        let server: LoopbackHTTPServer
        var config: WatcherConfig
        let store: FeedStore
        /// intranet.test and rebind.test exist only in this resolver: inside addresses behind names.
        let fetcher = HTTPFetcher(userAgent: "feedwatch-test", connectTimeout: 1, readTimeout: 2,
                                  resolver: TestResolver(table: ["intranet.test": ["10.20.30.40"], "rebind.test": ["127.0.0.1"]]))
        var now = Fixture.clearOfMidnight(Date(), in: TimeZone(identifier: "Europe/London")!)

        /// The fixture's clock starts at the real time, moved on past midnight when the digest
        /// day (London's) has under three hours left: the tests move the clock on by up to an
        /// hour and compare what one day's digest holds, which a day ending mid-test would cut.
        static func clearOfMidnight(_ date: Date, in zone: TimeZone) -> Date {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            guard let tomorrow = calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: date)),
                  tomorrow.timeIntervalSince(date) < 3 * 3600 else { return date }
            return tomorrow.addingTimeInterval(3 * 3600)
        }

        init(feeds: [String], allowPrivate: Bool = true, fullText: FullTextMode = .never) throws {
            let server = try LoopbackHTTPServer()
            self.server = server
            config = WatcherConfig(sourceFile: dir.path + "/feedwatch.toml", stateDir: dir.path + "/state", digestDir: dir.path + "/digests",
                                   timeZone: TimeZone(identifier: "Europe/London")!, perHostSpacing: 0, fetchTimeout: 3,
                                   fullText: fullText, allowPrivateNetworks: allowPrivate)
            config.feeds = feeds.map { FeedConfig(url: $0.hasPrefix("http") ? $0 : server.url($0), tags: ["world"], location: ConfigLocation(file: "t", line: 1)) }
            try FileManager.default.createDirectory(atPath: config.stateDir, withIntermediateDirectories: true)
            store = try FeedStore(path: config.databasePath)
            try store.syncConfiguredFeeds(config.feeds.map(\.configuredFeed), now: now)
        }

        func cycle(everything: Bool = true, clustererCache: ClustererCache? = nil) async -> CycleReport {
            let clock = now
            let cycle = PollCycle(config: config, store: store, fetcher: fetcher, gate: HostGate(perHostLimit: 2, spacing: 0),
                                  logger: Logger(label: "test"), clock: { clock }, clustererCache: clustererCache)
            return await cycle.run(everything: everything)
        }

        func feed(_ path: String) throws -> FeedState { try #require(try store.feed(url: path.hasPrefix("http") ? path : server.url(path))) }

        func close() async {
            await fetcher.shutdown()
            await server.shutdown()
            try? store.close()
            dir.remove()
        }
    }

    @Test func repollingStoresEachEntryOnceAndPicksUpNewOnes() async throws {
        let f = try Fixture(feeds: ["/world"])
        var items = [("a1", "Port strike begins", "http://example.org/strike", "Dockers walk out."),
                     ("a2", "Budget day", "http://example.org/budget", "The minister speaks.")]
        let body = NIOLockedText(Self.rss(items.map { ($0.0, $0.1, $0.2, $0.3) }))
        f.server.route("/world") { _ in .respond(status: 200, headers: [("Content-Type", "application/rss+xml")], body: Array(body.value.utf8)) }
        var report = await f.cycle()
        #expect(report.newEntries == 2)
        #expect(report.updated == 1)
        report = await f.cycle()
        #expect(report.newEntries == 0)
        items.append(("a3", "Storm warning", "http://example.org/storm", "Winds of 90 mph."))
        body.value = Self.rss(items.map { ($0.0, $0.1, $0.2, $0.3) })
        report = await f.cycle()
        #expect(report.newEntries == 1)
        #expect(try f.store.entryCount(feedURL: f.server.url("/world")) == 3)
        await f.close()
    }

    /// `story_window_items` reaches the clusterer the daemon keeps between cycles: a day of more
    /// items than it allows leaves the window at the bound, and every entry still has a story.
    @Test func theStoryWindowBoundFromTheConfigHoldsForTheDaemonsClusterer() async throws {
        let f = try Fixture(feeds: ["/a", "/b"])
        f.config.storyWindowItems = 1_000
        for (path, offset) in [("/a", 0), ("/b", 700)] {
            let items = (0..<700).map { n -> (String, String, String, String) in
                let k = (offset + n) * 7919
                return ("g\(offset + n)", "Council \(k) approves plan number \(k * 31)", "http://example.org/\(offset + n)",
                        "Members of council \(k) approved plan \(k * 31) on the quay.")
            }
            let body = Array(Self.rss(items).utf8)
            f.server.route(path) { _ in .respond(status: 200, headers: [("Content-Type", "application/rss+xml")], body: body) }
        }
        let cache = ClustererCache()
        let report = await f.cycle(clustererCache: cache)
        #expect(report.newEntries == 1_400)
        let kept = try #require(cache.clusterer(atHead: try f.store.storyStateHead()))
        #expect(kept.clusterer.maxWindowItems == 1_000)
        #expect(kept.clusterer.windowItemCount == 1_000)
        #expect(try f.store.entries(firstSeenFrom: f.now.addingTimeInterval(-86_400), to: f.now.addingTimeInterval(60))
            .allSatisfy { $0.storyID != nil })
        await f.close()
    }

    @Test func notModifiedKeepsValidatorsAndCountsAsSuccess() async throws {
        let f = try Fixture(feeds: ["/feed"])
        let xml = Self.rss([("x", "Headline", "http://example.org/x", "Text.")], ttl: 120)
        f.server.route("/feed") { r in
            r.header("If-None-Match") == "\"e1\"" ? .respond(status: 304, headers: [], body: [])
                : .respond(status: 200, headers: [("ETag", "\"e1\"")], body: Array(xml.utf8))
        }
        _ = await f.cycle()
        // <ttl>120</ttl> minutes: the next poll is about two hours away, not the 30-minute default.
        #expect(try f.feed("/feed").nextPollAt.timeIntervalSince(f.now) > 100 * 60)
        let report = await f.cycle()
        #expect(report.notModified == 1)
        let state = try f.feed("/feed")
        #expect(state.etag == "\"e1\"")
        #expect(state.consecutiveFailures == 0)
        #expect(f.server.requests(to: "/feed").last?.header("If-None-Match") == "\"e1\"")
        await f.close()
    }

    @Test func retryAfterDefersWithoutCountingAsAFailure() async throws {
        let f = try Fixture(feeds: ["/busy"])
        f.server.route("/busy") { _ in .respond(status: 429, headers: [("Retry-After", "3600")], body: []) }
        let report = await f.cycle()
        #expect(report.deferred == 1)
        #expect(report.failed == 0)
        let state = try f.feed("/busy")
        #expect(state.consecutiveFailures == 0)
        #expect(state.nextPollAt.timeIntervalSince(f.now) >= 3599)
        #expect(state.lastError == nil)
        await f.close()
    }

    @Test func serverErrorsBackOffAndAreReportedInPlainWords() async throws {
        let f = try Fixture(feeds: ["/broken"])
        f.server.route("/broken") { _ in .respond(status: 500, headers: [], body: Array("oops".utf8)) }
        _ = await f.cycle()
        let first = try f.feed("/broken")
        #expect(first.consecutiveFailures == 1)
        #expect(first.lastError?.contains("HTTP 500") == true)
        f.now = first.nextPollAt
        _ = await f.cycle()
        let second = try f.feed("/broken")
        #expect(second.consecutiveFailures == 2)
        #expect(second.nextPollAt.timeIntervalSince(f.now) > first.nextPollAt.timeIntervalSince(first.lastAttemptAt!) * 1.3)
        #expect(second.failingSince == first.failingSince)
        await f.close()
    }

    @Test func aWebPageInsteadOfAFeedSaysSo() async throws {
        let f = try Fixture(feeds: ["/page"])
        f.server.serve("/page", headers: [("Content-Type", "text/html; charset=utf-8")],
                       body: "<!doctype html><html><head><title>Home</title></head><body><p>Welcome</p></body></html>")
        _ = await f.cycle()
        let state = try f.feed("/page")
        #expect(state.lastError?.contains("not a feed") == true)
        #expect(state.lastError?.contains("web page") == true)
        await f.close()
    }

    @Test func aPermanentRedirectSeenThreeTimesMovesTheFeed() async throws {
        let f = try Fixture(feeds: ["/old"])
        f.server.route("/old") { _ in .respond(status: 301, headers: [("Location", "/new")], body: []) }
        f.server.serve("/new", body: Self.rss([("n", "Moved", "http://example.org/n", "x")]))
        for _ in 0..<3 { _ = await f.cycle() }
        let state = try f.feed("/old")
        #expect(state.fetchURL == f.server.url("/new"))
        #expect(state.configuredURL == f.server.url("/old"))
        await f.close()
    }

    @Test func whenEveryFeedFailsAtTheNetworkLevelItIsTheNetwork() async throws {
        // Two hosts with nothing listening: 127.0.0.1 and localhost resolve, but refuse.
        let refusing = try RefusingPort()
        defer { withExtendedLifetime(refusing) {} }
        let port = refusing.port
        let f = try Fixture(feeds: ["http://127.0.0.1:\(port)/a", "http://localhost:\(port)/b"])
        let report = await f.cycle()
        #expect(report.networkDown)
        #expect(report.deferred == 2)
        for url in ["http://127.0.0.1:\(port)/a", "http://localhost:\(port)/b"] {
            #expect(try f.feed(url).consecutiveFailures == 0)
        }
        await f.close()
    }

    @Test func articlePagesAreExtractedAndPrivateAddressesRefusedByDefault() async throws {
        let page = """
        <html><head><title>Dock strike ends</title></head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
        <article><h1>Dock strike ends with pay deal</h1>
        <p>Dock workers at Port Sellen voted on Friday to accept a 6.5% pay rise, ending a strike that had left 38 ships waiting offshore.</p>
        <p>"This is a fair deal for everyone who keeps this port running," said union leader Maria Okafor after the vote.</p>
        <p>The port authority said it expected normal operations to resume by Sunday, with the backlog cleared within a week.</p>
        </article><footer>© Loopback Times</footer></body></html>
        """
        for allow in [false, true] {
            let f = try Fixture(feeds: ["/short"], allowPrivate: allow, fullText: .auto)
            f.server.serve("/story", headers: [("Content-Type", "text/html; charset=utf-8")], body: page)
            f.server.serve("/short", body: Self.rss([("s1", "Dock strike ends", f.server.url("/story"), "Deal agreed.")]))
            let report = await f.cycle()
            #expect(report.newEntries == 1)
            let entries = try f.store.entries(firstSeenFrom: f.now.addingTimeInterval(-60), to: f.now.addingTimeInterval(60))
            #expect(entries.count == 1)
            if allow {
                #expect(report.articlesFetched == 1)
                #expect(entries[0].articleText?.contains("said union leader Maria Okafor") == true)
                #expect(entries[0].articleText?.contains("Home") == false)
                #expect(f.server.requests(to: "/story").count == 1)
            } else {
                #expect(report.articlesFetched == 0)
                #expect(entries[0].articleText == nil)
                #expect(f.server.requests(to: "/story").isEmpty)
            }
            await f.close()
        }
    }

    @Test func entryLinksToInternalAddressesAreNeverFetched() async throws {
        let f = try Fixture(feeds: ["/ssrf"], allowPrivate: false, fullText: .always)
        let port = f.server.port
        f.server.serve("/admin", body: "<html><body><p>secret admin page</p></body></html>")
        let links = ["http://127.0.0.1:\(port)/admin", "http://localhost:\(port)/admin", "http://[::1]:\(port)/admin",
                     "http://169.254.169.254/latest/meta-data/", "http://10.0.0.7/intranet", "http://0x7f000001:\(port)/admin",
                     "http://intranet.test/wiki/payroll", "http://rebind.test:\(port)/admin"]
        let items = links.enumerated().map { ("s\($0.offset)", "Story \($0.offset)", $0.element, "Short.") }
        f.server.serve("/ssrf", body: Self.rss(items))
        let report = await f.cycle()
        #expect(report.newEntries == links.count)
        #expect(report.articlesFetched == 0)
        #expect(f.server.requests(to: "/admin").isEmpty)
        let entries = try f.store.entries(firstSeenFrom: f.now.addingTimeInterval(-60), to: f.now.addingTimeInterval(60))
        for entry in entries {
            #expect(entry.articleText == nil)
            let status = try f.store.articleStatus(entryID: entry.id)
            #expect(status?.state == "failed", "\(entry.link ?? "")")
        }
        // Names are refused for what they resolve to, and the log says which address.
        let named = try #require(entries.first { $0.link?.contains("intranet.test") ?? false })
        #expect(try f.store.articleStatus(entryID: named.id)?.lastError?.contains("10.20.30.40") ?? false)
        await f.close()
    }

    @Test func theDigestIsWrittenAndOnlyRewrittenWhenTheDayChanges() async throws {
        let f = try Fixture(feeds: ["/a", "/b"])
        f.server.serve("/a", body: Self.rss([("1", "Central bank cuts rates to 3%", "http://news.example/rates?utm_source=rss", "The bank cut rates.")]))
        f.server.serve("/b", body: Self.rss([("z", "Rates cut to 3% by central bank", "https://www.news.example/rates", "A cut.")]))
        _ = await f.cycle()
        let publisher = DigestPublisher(config: f.config, store: f.store, logger: Logger(label: "test"))
        let day = publisher.day(of: f.now)
        let written = try publisher.publish(day, now: f.now, force: false)
        #expect(written.count == 3)
        let json = try String(contentsOfFile: f.config.digestDir + "/\(day).json", encoding: .utf8)
        // The same article from two feeds (tracking parameters and www. aside) is one story with two sources.
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        let stories = parsed["stories"] as! [[String: Any]]
        #expect(stories.count == 1)
        #expect((stories.first?["sources"] as? [Any])?.count == 2)
        #expect(FileManager.default.fileExists(atPath: f.config.digestDir + "/index.html"))
        let again = try publisher.publish(day, now: f.now.addingTimeInterval(60), force: false)
        #expect(again.isEmpty)
        await f.close()
    }
}

/// A mutable string shared with a server route.
final class NIOLockedText: @unchecked Sendable {
    private let lock = NSLock()
    private var text: String
    init(_ text: String) { self.text = text }
    var value: String {
        get { lock.lock(); defer { lock.unlock() }; return text }
        set { lock.lock(); text = newValue; lock.unlock() }
    }
}
