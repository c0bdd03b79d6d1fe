import FeedwatchTesting
import Foundation
import Testing

/// Three `feedwatch run` processes on one PostgreSQL database, as a newsroom scales out: the real
/// binary, a loopback newsroom of 500 feeds with their article pages on 20 hosts, the throwaway
/// server `make test` starts, and kill -9 mid-cycle.
@Suite(.serialized, .enabled(if: TestPostgres.isAvailable)) struct ScaleOutTests {
    static let hostCount = 20
    static let feedsPerHost = 25
    static let itemsPerFeed = 2
    static let eventCount = 100
    static var feedCount: Int { hostCount * feedsPerHost }
    static let perHostConcurrency = 2
    /// Spacing and latency are chosen so both limits bind: an answer takes longer than the
    /// spacing (so a careless client would have several requests in flight on one host), and the
    /// spacing allows fewer requests a second (6.7) than two slots would (8).
    static let spacing = 0.15
    static let latency = 0.25

    /// A made-up but pronounceable name, distinct for every event (so each event is its own story).
    static func name(_ n: Int, _ salt: Int) -> String {
        let syllables = ["ka", "lo", "mi", "ren", "tor", "vel", "sa", "dun", "pri", "gos", "hal", "bre"]
        let a = syllables[(n + salt) % syllables.count], b = syllables[(n / syllables.count + 3 * salt) % syllables.count]
        let c = syllables[(n * 7 + salt) % syllables.count]
        return (a + b + c).prefix(1).uppercased() + (a + b + c).dropFirst()
    }

    /// A made-up word, different for every (event, position): events share no vocabulary beyond
    /// the few words of English glue, as different news events share little.
    static func word(_ e: Int, _ i: Int) -> String {
        let syllables = ["ka", "lo", "mi", "ren", "tor", "vel", "sa", "dun", "pri", "gos", "hal", "bre", "nu", "fen", "qua", "zor"]
        var x = UInt64(e * 7919 + i * 104_729 + 1) &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        var w = ""
        for _ in 0..<3 {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            w += syllables[Int((x >> 33) % UInt64(syllables.count))]
        }
        return w
    }

    /// Event `e` as a wire agency wrote it: every outlet that runs it carries this text.
    static func wireCopy(_ e: Int) -> (headline: String, paragraphs: [String]) {
        let town = name(e, 1) + "holm", speaker = name(e, 5) + " " + name(e, 7)
        let figure = 120 + e * 37
        func sentence(_ n: Int) -> String { (0..<14).map { word(e, n * 14 + $0) }.joined(separator: " ") }
        return ("\(town) \(word(e, 900)) \(word(e, 901)) \(figure) \(word(e, 902)) \(word(e, 903))",
                ["In \(town), \(sentence(0)) \(figure) \(sentence(1)).",
                 "\"\(sentence(2).prefix(1).uppercased() + sentence(2).dropFirst()),\" said \(speaker) of \(town).",
                 "\(sentence(3).prefix(1).uppercased() + sentence(3).dropFirst()) \(figure / 4) \(sentence(4)).",
                 "\(sentence(5).prefix(1).uppercased() + sentence(5).dropFirst()) \(town) \(sentence(6))."])
    }

    /// Feed `f`'s items: the events it ran, each linking to a page on its own host.
    static func events(ofFeed f: Int) -> [Int] { [f % eventCount, (f * 7 + 3) % eventCount] }

    struct Newsroom {
        var servers: [LoopbackHTTPServer]
        /// Each feed's server and path.
        var feeds: [(server: LoopbackHTTPServer, path: String)]
    }

    static func newsroom() throws -> Newsroom {
        var servers: [LoopbackHTTPServer] = []
        var feeds: [(LoopbackHTTPServer, String)] = []
        for h in 0..<hostCount {
            let server = try LoopbackHTTPServer(host: "127.0.0.\(h + 2)")
            servers.append(server)
            for k in 0..<feedsPerHost {
                let f = h * feedsPerHost + k
                let path = "/feeds/outlet\(f).xml"
                var xml = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Outlet \(f)</title><link>\(server.url("/"))</link>"
                for (i, e) in events(ofFeed: f).enumerated() {
                    let copy = wireCopy(e)
                    let page = "/news/outlet\(f)/story\(i).html"
                    xml += "<item><title>\(copy.headline)</title><link>\(server.url(page))</link><guid>outlet\(f)-\(i)</guid>"
                    xml += "<description>\(copy.paragraphs[0])</description></item>"
                    let html = "<!doctype html><html><head><title>\(copy.headline) | Outlet \(f)</title></head><body>"
                        + "<nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav><article><h1>\(copy.headline)</h1>"
                        + copy.paragraphs.map { "<p>\($0)</p>" }.joined() + "</article><footer>© Outlet \(f)</footer></body></html>"
                    let pageBytes = Array(html.utf8)
                    server.route(page) { _ in
                        .after(seconds: latency, .respond(status: 200, headers: [("Content-Type", "text/html; charset=utf-8")], body: pageBytes))
                    }
                }
                let feedBytes = Array((xml + "</channel></rss>").utf8)
                server.route(path) { _ in
                    .after(seconds: latency, .respond(status: 200, headers: [("Content-Type", "application/rss+xml")], body: feedBytes))
                }
                feeds.append((server, path))
            }
        }
        return Newsroom(servers: servers, feeds: feeds)
    }

    static func config(_ dir: TempDir, name: String, database: String?, newsroom: Newsroom) -> String {
        var text = """
            state_dir = "\(name)-state"
            digest_dir = "\(name)-digests"
            timezone = "UTC"
            poll_interval = "1h"
            per_host_spacing = "\(Int(spacing * 1000))ms"
            per_host_concurrency = \(perHostConcurrency)
            full_text = true
            allow_private_networks = true
            fetch_timeout = "5s"
            worker_lease = "10s"
            metrics_listen = ""
            formats = ["json", "md"]
            # The test reads the digest as soon as the stories are in, not at the next refresh.
            digest_refresh = "0s"

            """
        if let database { text += "database = \"\(database)\"\n" }
        for feed in newsroom.feeds { text += "[[feed]]\nurl = \"\(feed.server.url(feed.path))\"\n" }
        return dir.file("\(name).toml", text)
    }

    /// The day's digest as its stories: each the sorted URLs of its sources.
    static func stories(inDigestDir dir: String) -> Set<[String]>? {
        guard let name = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
            .filter({ $0.hasSuffix(".json") && $0.first?.isNumber == true }).sorted().last,
            let data = FileManager.default.contents(atPath: dir + "/" + name),
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let stories = json["stories"] as? [[String: Any]] else { return nil }
        return Set(stories.map { story in
            ((story["sources"] as? [[String: Any]]) ?? []).compactMap { $0["url"] as? String }.sorted()
        })
    }

    static func eventually(timeout: Double, _ condition: () -> Bool) async -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return condition()
    }

    static func psqlValue(_ url: String, _ sql: String) -> String {
        ((try? TestPostgres.psql(url, sql)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func threeWorkersShareFiveHundredFeedsPolitelyAndSurviveKillNineOfAWorkerAndOfTheClusterer() async throws {
        try #require(FileManager.default.fileExists(atPath: ChildProcess.feedwatchBinary))
        let database = try TestPostgres.freshDatabase()
        defer { database.drop() }
        let dir = TempDir()
        defer { dir.remove() }
        let newsroom = try Self.newsroom()
        let entryCount = Self.feedCount * Self.itemsPerFeed

        // The reference: one process on SQLite over the same newsroom.
        let single = try ChildProcess(["once", "--config", Self.config(dir, name: "single", database: nil, newsroom: newsroom), "--all"])
        #expect(await single.waitForExit(timeout: 180) == 0, "\(single.diagnostics)")
        let reference = try #require(Self.stories(inDigestDir: dir.path + "/single-digests"))
        #expect(reference.count == Self.eventCount, "one story per event in the single-process digest")

        // Three workers on PostgreSQL.
        let workersStarted = Date()
        let url = database.url + (database.url.contains("?") ? "&" : "?") + "sslmode=disable"
        var workers: [ChildProcess] = []
        for name in ["w1", "w2", "w3"] {
            workers.append(try ChildProcess(["run", "--config", Self.config(dir, name: name, database: url, newsroom: newsroom)]))
        }
        defer { for worker in workers { worker.signal(SIGKILL) } }
        func feedRequests() -> Int {
            newsroom.servers.reduce(0) { sum, server in
                sum + server.requests.filter { $0.path.hasPrefix("/feeds/") && $0.receivedAt >= workersStarted }.count
            }
        }
        func holdsRole(_ worker: ChildProcess) -> Bool { worker.log.contains("clusterer role taken") }

        // kill -9 an ordinary worker a third of the way through the feeds…
        #expect(await Self.eventually(timeout: 90) { feedRequests() >= Self.feedCount / 3 })
        let ordinary = try #require(workers.first { !holdsRole($0) })
        ordinary.signal(SIGKILL)
        _ = await ordinary.waitForExit(timeout: 10)
        // …then the clusterer, once one has the role.
        let survivors = workers.filter { $0 !== ordinary }
        #expect(await Self.eventually(timeout: 90) { survivors.contains(where: holdsRole) },
                "no worker took the clusterer role: \(survivors.map(\.diagnostics))")
        let clusterer = try #require(survivors.first(where: holdsRole))
        clusterer.signal(SIGKILL)
        _ = await clusterer.waitForExit(timeout: 10)
        let last = try #require(survivors.first { $0 !== clusterer })

        // The last worker finishes: every feed and page fetched, every entry stored once, with a
        // story, and its digest holds the same stories as the single process's.
        let complete = await Self.eventually(timeout: 150) {
            Self.psqlValue(database.url, "SELECT COUNT(*) FROM entry WHERE story_id IS NOT NULL AND analysis_json IS NOT NULL") == "\(entryCount)"
                && Self.stories(inDigestDir: dir.path + "/\(last === workers[0] ? "w1" : last === workers[1] ? "w2" : "w3")-digests") == reference
        }
        #expect(complete, """
            the last worker did not finish: \(last.diagnostics)
            pending pages: \(Self.psqlValue(database.url, "SELECT status, lease_holder, lease_until, next_attempt_at FROM article WHERE status <> 'done' LIMIT 3"))
            roles: \(workers.map { $0.log.split(separator: "\n").filter { $0.contains("role") }.joined(separator: " / ") })
            """)
        #expect(last.isRunning && last.log.contains("clusterer role taken"))
        #expect(Self.psqlValue(database.url, "SELECT COUNT(*), COUNT(DISTINCT (feed_id, guid_key)) FROM entry") == "\(entryCount)|\(entryCount)")
        #expect(Self.psqlValue(database.url, "SELECT COUNT(*) FROM article WHERE status <> 'done'") == "0")
        #expect(Self.psqlValue(database.url, "SELECT COUNT(*) FROM quarantine") == "0")

        // Each feed fetched once in its period; only a fetch cut short by a kill is repeated.
        var repeated = 0
        for feed in newsroom.feeds {
            let count = feed.server.requests.filter { $0.path == feed.path && $0.receivedAt >= workersStarted }.count
            #expect((1...2).contains(count), "\(feed.path) fetched \(count) times")
            if count == 2 { repeated += 1 }
        }
        #expect(repeated <= 2 * 16, "\(repeated) feeds fetched twice: more than the two killed workers had in flight")

        // Politeness, from the servers' own logs: per host never more than per_host_concurrency
        // requests in flight, and never more starts in any 1.5 s than the spacing allows (plus one
        // for the jitter between a reserved start and the request's arrival), for the three
        // workers together. Without the shared limits three workers would make 2 × 3 requests at
        // once and about 20 a second.
        let window = 1.5
        let allowed = Int(window / Self.spacing) + 2
        for server in newsroom.servers {
            #expect(server.inFlight.most <= Self.perHostConcurrency, "\(server.host): \(server.inFlight.most) requests at once")
            let starts = server.requests.filter { $0.receivedAt >= workersStarted }.map(\.receivedAt).sorted()
            var first = 0
            var most = 0
            for (i, start) in starts.enumerated() {
                while start.timeIntervalSince(starts[first]) >= window { first += 1 }
                most = max(most, i - first + 1)
            }
            #expect(most <= allowed, "\(server.host): \(most) requests within \(window) s (at most \(allowed))")
        }
        last.signal(SIGTERM)
        #expect(await last.waitForExit(timeout: 25) == 0)
        for server in newsroom.servers { await server.shutdown() }
    }
}
