import FeedwatchConfig
import FeedwatchTesting
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import ServiceLifecycle
import Storage
import Testing
@testable import Watcher

/// `metrics_listen`: `/metrics`, `/healthz` and `/readyz` as a monitoring system and an operator
/// see them, from a daemon polling loopback feeds, and the listener under requests nobody should send.
@Suite(.serialized) struct MetricsEndpointTests {
    // MARK: Fixtures

    /// An RSS feed of `n` items whose links point at article pages on `server`.
    static func feed(_ server: LoopbackHTTPServer, name: String, items n: Int) -> String {
        var s = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>\(name) News</title><link>\(server.url("/"))</link>"
        for i in 0..<n {
            s += "<item><title>\(name) council approves harbour plan, part \(i)</title>"
            s += "<link>\(server.url("/articles/\(name)-\(i)"))</link><guid>\(name)-\(i)</guid>"
            s += "<pubDate>Sat, 05 Dec 2026 0\(i):15:00 GMT</pubDate><description>Item \(i) from \(name).</description></item>"
        }
        return s + "</channel></rss>"
    }

    /// A plain news page with a headline and five paragraphs of body text.
    static func articlePage(_ slug: String) -> String {
        let paragraphs = [
            "The town council voted on Thursday evening to approve the long-debated plan for the harbour, ending a dispute that has run for three years.",
            "Under the plan, the old fish market will be rebuilt as a covered hall, and the northern quay will be strengthened against winter storms, officials said.",
            "Residents who spoke at the meeting were divided. Some welcomed the investment, while others worried about traffic on the narrow roads near the water.",
            "The work is expected to begin in the spring and to take about eighteen months, according to the council's own timetable, published after the vote.",
            "Local businesses said they hoped the new hall would bring more visitors in the quieter months, when many shops along the front close early.",
        ]
        let body = paragraphs.map { "<p>\($0)</p>" }.joined()
        return "<!DOCTYPE html><html><head><title>Harbour plan approved (\(slug))</title></head><body>"
            + "<header><nav><a href=\"/\">Home</a></nav></header><main><article><h1>Harbour plan approved</h1>"
            + "<p class=\"byline\">By A. Reporter</p>\(body)</article></main><footer>Contact us</footer></body></html>"
    }

    /// A clock the test moves: the heartbeat's "now" is the real time plus `offset`.
    final class MovableClock: Sendable {
        let offset = NIOLockedValueBox(Duration.zero)
        func advance(_ d: Duration) { offset.withLockedValue { $0 += d } }
        var now: @Sendable () -> ContinuousClock.Instant { { [offset] in ContinuousClock.now + offset.withLockedValue { $0 } } }
    }

    /// The scheduler and the listener of `feedwatch run`, in this process.
    struct Daemon {
        let state: DaemonState
        let listener: MetricsListener
        let group: ServiceGroup
        let task: Task<Void, any Error>
        let fetcher: HTTPFetcher
        let store: FeedStore
        let port: Int

        static func start(configText: String, in dir: TempDir, heartbeat: Heartbeat = Heartbeat()) async throws -> Daemon {
            let config = try ConfigLoader.parse(text: configText, file: dir.path + "/feedwatch.toml")
            try FileManager.default.createDirectory(atPath: config.stateDir, withIntermediateDirectories: true)
            let store = try FeedStore(path: config.databasePath)
            try store.syncConfiguredFeeds(config.feeds.map(\.configuredFeed), now: Date())
            let logger = Logger(label: "metrics-test", factory: { _ in SwiftLogNoOpLogHandler() })
            let fetcher = HTTPFetcher(userAgent: config.userAgent, maxDecompressedBytes: config.maxBodySize)
            let monitor = DaemonMonitor(store: store, databasePath: config.databasePath, heartbeat: heartbeat)
            let state = DaemonState(config: config, store: store, fetcher: fetcher, logger: logger, monitor: monitor)
            let address = try #require(config.metricsListen)
            let listener = MetricsListener(address: address, monitor: monitor, logger: logger)
            let scheduler = SchedulerService(state: state, notifier: SystemdNotifier(environment: [:]), logger: logger)
            let group = ServiceGroup(services: [scheduler, listener], logger: logger)
            let task = Task { try await group.run() }
            let port = try #require(await listener.boundPort())
            return Daemon(state: state, listener: listener, group: group, task: task, fetcher: fetcher, store: store, port: port)
        }

        func stop() async throws {
            await group.triggerGracefulShutdown()
            try await task.value
            await fetcher.shutdown()
            try store.close()
        }
    }

    // MARK: A raw HTTP client (so that requests can be as malformed as a test needs)

    struct Answer {
        var status: Int?
        var body: String
        var raw: String
    }

    /// Sends `bytes` on a new connection and reads until the server closes it.
    static func exchange(port: Int, _ bytes: [UInt8]) async throws -> Answer {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let raw = try await channel.executeThenClose { inbound, outbound in
            try? await outbound.write(ByteBuffer(bytes: bytes))
            var received: [UInt8] = []
            do {
                for try await chunk in inbound { received += chunk.readableBytesView }
            } catch {
                // A reset after the answer: keep what came.
            }
            return String(decoding: received, as: UTF8.self)
        }
        let statusLine = raw.split(separator: "\r\n", maxSplits: 1).first ?? ""
        let parts = statusLine.split(separator: " ")
        let status = parts.count >= 2 && statusLine.hasPrefix("HTTP/1.1") ? Int(parts[1]) : nil
        let body = raw.range(of: "\r\n\r\n").map { String(raw[$0.upperBound...]) } ?? ""
        return Answer(status: status, body: body, raw: raw)
    }

    static func get(port: Int, _ path: String) async throws -> Answer {
        try await exchange(port: port, Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: test\r\n\r\n".utf8))
    }

    /// The value of one series (`name` or `name{labels}`) in a text exposition.
    static func sample(_ exposition: String, _ series: String) -> Double? {
        for line in exposition.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    /// The sum over every series of a family whose labels contain `matching`.
    static func total(_ exposition: String, _ family: String, matching: String = "") -> Double {
        exposition.split(separator: "\n").filter { $0.hasPrefix(family + "{") && (matching.isEmpty || $0.contains(matching)) }
            .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }.reduce(0, +)
    }

    static func waitUntil(timeout: Double = 30, _ condition: () async throws -> Bool) async rethrows -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    func loopbackConfig(_ server: LoopbackHTTPServer, feeds: [String], listen: String = "127.0.0.1:0") -> String {
        var text = """
            state_dir = "state"
            digest_dir = "digests"
            timezone = "UTC"
            per_host_spacing = "0s"
            per_host_concurrency = 8
            full_text = true
            allow_private_networks = true
            fetch_timeout = "5s"
            metrics_listen = "\(listen)"

            """
        for path in feeds { text += "[[feed]]\nurl = \"\(server.url(path))\"\n" }
        return text
    }

    // MARK: Tests

    @Test func aLoopbackCycleMovesTheCountersAndReadinessWaitsForIt() async throws {
        let dir = TempDir()
        defer { dir.remove() }
        let server = try LoopbackHTTPServer()
        let harbour = Self.feed(server, name: "harbour", items: 3)
        let ferries = Self.feed(server, name: "ferries", items: 4)
        // The first feed answers late, so the first cycle is still running when the test looks.
        server.route("/harbour.xml") { _ in
            Thread.sleep(forTimeInterval: 1.0)
            return .respond(status: 200, headers: [("Content-Type", "application/rss+xml")], body: Array(harbour.utf8))
        }
        server.serve("/ferries.xml", body: ferries)
        server.route("/broken.xml") { _ in .respond(status: 500, headers: [], body: Array("oops".utf8)) }
        for name in ["harbour-0", "harbour-1", "harbour-2", "ferries-0", "ferries-1", "ferries-2", "ferries-3"] {
            server.serve("/articles/\(name)", body: Self.articlePage(name))
        }
        let daemon = try await Daemon.start(
            configText: loopbackConfig(server, feeds: ["/harbour.xml", "/ferries.xml", "/broken.xml"]), in: dir)

        // During the first cycle: not ready, and nothing counted yet.
        let early = try await Self.get(port: daemon.port, "/readyz")
        #expect(early.status == 503)
        #expect(early.body.contains("first poll cycle"))
        let during = try await Self.get(port: daemon.port, "/metrics")
        #expect(during.status == 200)
        #expect(Self.sample(during.body, "feedwatch_cycles_total") ?? 0 == 0)
        #expect(Self.total(during.body, "feedwatch_feed_fetches_total") == 0)

        let ready = try await Self.waitUntil { try await Self.get(port: daemon.port, "/readyz").status == 200 }
        #expect(ready)
        let after = try await Self.get(port: daemon.port, "/metrics")
        #expect(after.status == 200)
        #expect(after.raw.contains("Content-Type: text/plain; version=0.0.4"))
        let m = after.body
        #expect(Self.sample(m, "feedwatch_cycles_total") == 1)
        #expect(Self.sample(m, #"feedwatch_feed_fetches_total{outcome="updated",status_class="2xx"}"#) == 2)
        #expect(Self.sample(m, #"feedwatch_feed_fetches_total{outcome="failed",status_class="5xx"}"#) == 1)
        #expect(Self.sample(m, "feedwatch_entries_new_total") == 7)
        #expect(Self.sample(m, "feedwatch_feed_fetch_duration_seconds_count") == 3)
        // The late feed took a second: its fetch is in the histogram's upper buckets.
        #expect(Self.sample(m, #"feedwatch_feed_fetch_duration_seconds_bucket{le="0.5"}"#) ?? 0 <= 2)
        #expect(Self.sample(m, "feedwatch_cycle_duration_seconds_count") == 1)
        #expect((Self.sample(m, "feedwatch_cycle_duration_seconds_sum") ?? 0) >= 1.0)
        #expect(Self.total(m, "feedwatch_articles_total") == 7, "every page extracted once, whatever its label")
        #expect((Self.sample(m, "feedwatch_digests_written_total") ?? 0) >= 1)
        #expect(Self.sample(m, "feedwatch_feeds_needing_attention") == 1)
        #expect(Self.sample(m, "feedwatch_feeds_due") == 0)
        #expect(Self.sample(m, "feedwatch_articles_pending") == 0)
        #expect(Self.sample(m, "feedwatch_entries_pending_analysis") == 0)
        #expect((Self.sample(m, "feedwatch_stories_open") ?? 0) >= 1)
        // The clusterer's window in memory: the 7 entries, in at least one story and at most 7.
        #expect(Self.sample(m, "feedwatch_story_window_items") == 7)
        #expect((1.0...7.0).contains(Self.sample(m, "feedwatch_story_window_stories") ?? 0))
        #expect((Self.sample(m, "process_resident_memory_bytes") ?? 0) > 1_000_000)
        #expect((Self.sample(m, #"feedwatch_database_bytes{file="database"}"#) ?? 0) > 0)
        #expect((Self.sample(m, #"feedwatch_database_bytes{file="wal"}"#) ?? -1) >= 0)
        try await daemon.stop()
        await server.shutdown()
    }

    @Test func countsAreCumulativeAndNeverCountTheSameWorkTwice() async throws {
        let dir = TempDir()
        defer { dir.remove() }
        let server = try LoopbackHTTPServer()
        server.serve("/harbour.xml", body: Self.feed(server, name: "harbour", items: 3))
        server.serve("/ferries.xml", body: Self.feed(server, name: "ferries", items: 4))
        for name in ["harbour-0", "harbour-1", "harbour-2", "ferries-0", "ferries-1", "ferries-2", "ferries-3"] {
            server.serve("/articles/\(name)", body: Self.articlePage(name))
        }
        let config = try ConfigLoader.parse(text: loopbackConfig(server, feeds: ["/harbour.xml", "/ferries.xml"]),
                                            file: dir.path + "/feedwatch.toml")
        try FileManager.default.createDirectory(atPath: config.stateDir, withIntermediateDirectories: true)
        let store = try FeedStore(path: config.databasePath)
        try store.syncConfiguredFeeds(config.feeds.map(\.configuredFeed), now: Date())
        let logger = Logger(label: "metrics-test", factory: { _ in SwiftLogNoOpLogHandler() })
        let fetcher = HTTPFetcher(userAgent: config.userAgent, maxDecompressedBytes: config.maxBodySize)
        let gate = HostGate(perHostLimit: config.perHostConcurrency, spacing: config.perHostSpacing)
        func cycle(_ monitor: DaemonMonitor) async {
            let started = await monitor.cycleStarting()
            _ = await PollCycle(config: config, store: store, fetcher: fetcher, gate: gate, logger: logger).run(everything: true)
            await monitor.cycleFinished(startedAt: started, digestsWritten: 0)
        }
        func scrape(_ monitor: DaemonMonitor) -> String { String(decoding: monitor.respond(to: "/metrics").body, as: UTF8.self) }

        let monitor = DaemonMonitor(store: store, databasePath: config.databasePath)
        await cycle(monitor)
        await cycle(monitor)
        let twice = scrape(monitor)
        #expect(Self.sample(twice, "feedwatch_cycles_total") == 2)
        #expect(Self.sample(twice, #"feedwatch_feed_fetches_total{outcome="updated",status_class="2xx"}"#) == 4)
        #expect(Self.sample(twice, "feedwatch_entries_new_total") == 7, "the second poll found nothing new")
        #expect(Self.total(twice, "feedwatch_articles_total") == 7, "each page is counted once, when it is extracted")
        #expect(Self.sample(twice, "feedwatch_feed_fetch_duration_seconds_count") == 4)

        // A restarted daemon starts from zero: the history already in the database is not its work.
        let restarted = DaemonMonitor(store: store, databasePath: config.databasePath)
        await cycle(restarted)
        let fresh = scrape(restarted)
        #expect(Self.sample(fresh, #"feedwatch_feed_fetches_total{outcome="updated",status_class="2xx"}"#) == 2)
        #expect(Self.sample(fresh, "feedwatch_entries_new_total") == 0)
        #expect(Self.total(fresh, "feedwatch_articles_total") == 0)

        // Reads of the counts spaced out (a shared database's workers cycle every 5 s): a cycle
        // inside the interval reads nothing, and the next read counts its work, once.
        let spaced = DaemonMonitor(store: store, databasePath: config.databasePath, minReadInterval: .seconds(3600))
        await cycle(spaced)
        #expect(Self.sample(scrape(spaced), #"feedwatch_feed_fetches_total{outcome="updated",status_class="2xx"}"#) == 2)
        await cycle(spaced)
        #expect(Self.sample(scrape(spaced), #"feedwatch_feed_fetches_total{outcome="updated",status_class="2xx"}"#) == 2,
                "inside the interval the store is not read")
        #expect(Self.sample(scrape(spaced), "feedwatch_cycles_total") == 2, "cycles are counted in memory, every one")

        // The totals (finished articles, open stories) are counted every `totalsInterval`, not
        // every cycle: a cycle inside it counts its fetches and new entries, and leaves the pages
        // it extracted for the next count of the totals.
        let slow = DaemonMonitor(store: store, databasePath: config.databasePath, totalsInterval: .seconds(3600))
        await cycle(slow)
        let openBefore = Self.sample(scrape(slow), "feedwatch_stories_open")
        server.serve("/harbour.xml", body: Self.feed(server, name: "harbour", items: 5))
        for name in ["harbour-3", "harbour-4"] { server.serve("/articles/\(name)", body: Self.articlePage(name)) }
        await cycle(slow)
        let later = scrape(slow)
        #expect(Self.sample(later, "feedwatch_entries_new_total") == 2)
        #expect(Self.total(later, "feedwatch_articles_total") == 0, "the two pages wait for the next count of the totals")
        #expect(Self.sample(later, "feedwatch_stories_open") == openBefore)
        let counted = try store.metricsSnapshot(at: Date(), windowStart: Date().addingTimeInterval(-86_400), historyAfter: 0,
                                                maxFetches: 0, totals: false)
        #expect(!counted.hasTotals && counted.openStories == 0 && counted.articlesByLabel.isEmpty)
        #expect(try store.metricsSnapshot(at: Date(), windowStart: Date().addingTimeInterval(-86_400), historyAfter: 0).openStories > 0)
        await fetcher.shutdown()
        try store.close()
        await server.shutdown()
    }

    @Test func healthTurnsUnavailableWhenTheSchedulerStopsBeating() async throws {
        let dir = TempDir()
        defer { dir.remove() }
        let server = try LoopbackHTTPServer()
        server.serve("/ferries.xml", body: Self.feed(server, name: "ferries", items: 2))
        let clock = MovableClock()
        let heartbeat = Heartbeat(staleAfter: .seconds(120), now: clock.now)
        let daemon = try await Daemon.start(configText: loopbackConfig(server, feeds: ["/ferries.xml"]), in: dir,
                                            heartbeat: heartbeat)
        #expect(try await Self.waitUntil { try await Self.get(port: daemon.port, "/readyz").status == 200 })
        let fresh = try await Self.get(port: daemon.port, "/healthz")
        #expect(fresh.status == 200)
        #expect(fresh.body == "ok\n")

        // Ten minutes without a beat, as if the scheduler were wedged. (The scheduler beats once
        // more as it goes to sleep after the cycle, maybe after the clock moved; the next beat is
        // 15 s away, so a second move of the clock finds it silent.)
        var stale = try await Self.get(port: daemon.port, "/healthz")
        for _ in 0..<2 where stale.status != 503 {
            clock.advance(.seconds(600))
            stale = try await Self.get(port: daemon.port, "/healthz")
            try await Task.sleep(for: .milliseconds(stale.status == 503 ? 0 : 500))
        }
        #expect(stale.status == 503)
        #expect(stale.body.contains("has not beaten for"))
        // Readiness is about start-up, not liveness: still ready.
        #expect(try await Self.get(port: daemon.port, "/readyz").status == 200)

        // The scheduler beats again: healthy again.
        await daemon.state.beat()
        #expect(try await Self.get(port: daemon.port, "/healthz").status == 200)
        try await daemon.stop()
        await server.shutdown()
    }

    @Test func healthAndReadinessBeforeAnythingHasRun() throws {
        let store = try FeedStore.inMemory()
        let monitor = DaemonMonitor(store: store, databasePath: nil, heartbeat: Heartbeat(staleAfter: .seconds(120)))
        let health = monitor.respond(to: "/healthz")
        #expect(health.status == 503)
        #expect(String(decoding: health.body, as: UTF8.self).contains("has not started"))
        #expect(monitor.respond(to: "/readyz").status == 503)
        monitor.heartbeat.beat()
        #expect(monitor.respond(to: "/healthz").status == 200)
        #expect(monitor.respond(to: "/healthz?verbose=1").status == 200)
        #expect(monitor.respond(to: "/").status == 404)
        #expect(monitor.respond(to: "/metrics/../healthz").status == 404)
    }

    @Test func hostileRequestsGetA4xxAndTheListenerKeepsServing() async throws {
        let store = try FeedStore.inMemory()
        let monitor = DaemonMonitor(store: store, databasePath: nil)
        monitor.heartbeat.beat()
        var limits = MetricsListener.Limits()
        limits.lifetime = .milliseconds(1500)
        limits.connections = 4
        let logger = Logger(label: "metrics-test", factory: { _ in SwiftLogNoOpLogHandler() })
        let listener = MetricsListener(address: ListenAddress(host: "127.0.0.1", port: 0), monitor: monitor,
                                       logger: logger, limits: limits)
        let group = ServiceGroup(services: [listener], logger: logger)
        let task = Task { try await group.run() }
        let port = try #require(await listener.boundPort())

        func send(_ text: String) async throws -> Answer { try await Self.exchange(port: port, Array(text.utf8)) }
        let huge = try await send("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Filler: \(String(repeating: "a", count: 40_000))\r\n\r\n")
        #expect(huge.status == 431)
        let post = try await send("POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello=world")
        #expect(post.status == 405)
        #expect(post.raw.contains("Allow: GET"))
        let getWithBody = try await send("GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
        #expect(getWithBody.status == 413)
        let chunked = try await send("GET /metrics HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
        #expect(chunked.status == 413)
        let unknown = try await send("GET /admin HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(unknown.status == 404)
        let garbage = try await send("\u{16}\u{03}\u{01}\u{02}\u{00} not http at all\r\n\r\n")
        #expect(garbage.status == 400)
        let nulls = try await Self.exchange(port: port, [UInt8](repeating: 0, count: 3000))
        #expect(nulls.status == 400 || nulls.status == 431)

        // A client that never finishes its request is cut off at the connection's lifetime.
        let started = ContinuousClock.now
        let slow = try await send("GET /metrics HTTP/1.1\r\nHost: x\r\n")
        #expect(slow.raw.isEmpty)
        #expect(ContinuousClock.now - started < .seconds(6))

        // Connections past the limit are closed at once; the listener serves again when they go.
        var idle: [any Channel] = []
        for _ in 0..<4 {
            idle.append(try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.0.1", port: port).get())
        }
        try await Task.sleep(for: .milliseconds(100))
        let refused = try await send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(refused.status == nil)
        for channel in idle { try? await channel.close() }
        #expect(try await Self.waitUntil(timeout: 5) { try await send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").status == 200 })

        let metrics = try await send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(metrics.status == 200)
        #expect(metrics.body.contains("process_resident_memory_bytes"))
        await group.triggerGracefulShutdown()
        try await task.value
        try store.close()
    }

    @Test func theListenAddressIsCheckedWithFileAndLine() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let file = dir.path + "/f.toml"
        #expect(try ConfigLoader.parse(text: "", file: file).metricsListen == ListenAddress(host: "127.0.0.1", port: 9464))
        #expect(try ConfigLoader.parse(text: "metrics_listen = \"\"\n", file: file).metricsListen == nil)
        #expect(try ConfigLoader.parse(text: "metrics_listen = \"[::1]:9100\"\n", file: file).metricsListen
                    == ListenAddress(host: "::1", port: 9100))
        #expect(try ConfigLoader.parse(text: "metrics_listen = \"localhost:0\"\n", file: file).metricsListen
                    == ListenAddress(host: "localhost", port: 0))
        #expect(try ConfigLoader.parse(text: "metrics_listen = \"0.0.0.0:9464\"\n", file: file).metricsListen?.isLoopback == false)

        for bad in ["127.0.0.1:99999", "127.0.0.1:http", "127.0.0.1", "127.0.0.1:-1", "127.0.0.1: 80", "monitor.example:9464",
                    "1.2.3:80", "256.1.1.1:80", "[::1:80", "::1:80", "[1::2::3]:80", "127.0.0.1:000000009464"] {
            do {
                _ = try ConfigLoader.parse(text: "state_dir = \"/x\"\nmetrics_listen = \"\(bad)\"\n", file: file)
                Issue.record("'\(bad)' was accepted")
            } catch {
                #expect(error.location.line == 2, "\(bad)")
                #expect(error.description.hasPrefix(file + ":2: metrics_listen"), "\(bad): \(error)")
            }
        }
        do {
            _ = try ConfigLoader.parse(text: "metrics_listen = 9464\n", file: file)
            Issue.record("a number was accepted")
        } catch {
            #expect(error.location.line == 1)
        }
    }

    @Test func residentMemoryIsReadWithoutTrusting() {
        #expect(ProcessStats.residentBytes(statm: "1000 250 30 10 0 90 0\n", pageSize: 4096) == 1_024_000)
        #expect(ProcessStats.residentBytes(statm: "1000 x 30", pageSize: 4096) == nil)
        #expect(ProcessStats.residentBytes(statm: "1000 -5 30", pageSize: 4096) == nil)
        #expect(ProcessStats.residentBytes(statm: "1 99999999999999999999999 3", pageSize: 4096) == nil)
        #expect(ProcessStats.residentBytes(statm: "1 9000000000000000 3", pageSize: 4096) == nil)
        #expect(ProcessStats.residentBytes(statm: "", pageSize: 4096) == nil)
        #expect((ProcessStats.residentBytes() ?? 0) > 0)
    }

    // MARK: The real binary

    /// TCP sockets in LISTEN state that process `pid` holds open.
    static func listeningSockets(pid: Int32) -> Set<String> {
        var listening: Set<String> = []
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            // procfs files report no size: read to the end, not one page.
            let data = (try? FileHandle(forReadingAtPath: table)?.readToEnd()) ?? nil
            let text = data.map { String(decoding: $0, as: UTF8.self) } ?? ""
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ")
                if fields.count > 9, fields[3] == "0A" { listening.insert(String(fields[9])) }
            }
        }
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
        var held: Set<String> = []
        for fd in fds {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(fd)"),
                  target.hasPrefix("socket:[") else { continue }
            held.insert(String(target.dropFirst(8).dropLast()))
        }
        return listening.intersection(held)
    }

    @Test func feedwatchRunServesMetricsAndAnEmptyValueBindsNothing() async throws {
        try #require(FileManager.default.fileExists(atPath: ChildProcess.feedwatchBinary))
        let dir = TempDir()
        defer { dir.remove() }
        let server = try LoopbackHTTPServer()
        server.serve("/ferries.xml", body: Self.feed(server, name: "ferries", items: 3))

        let on = dir.file("on/feedwatch.toml", loopbackConfig(server, feeds: ["/ferries.xml"]).replacingOccurrences(
            of: "full_text = true", with: "full_text = false"))
        let daemon = try ChildProcess(["run", "--config", on])
        defer { daemon.signal(SIGKILL) }
        #expect(await daemon.waitFor("cycle done"))
        let line = try #require(daemon.log.split(separator: "\n").first { $0.contains("serving /metrics") })
        let port = try #require(line.split(separator: ":").last.flatMap { Int($0) })
        let metrics = try await Self.get(port: port, "/metrics")
        #expect(Self.sample(metrics.body, "feedwatch_entries_new_total") == 3)
        #expect(try await Self.get(port: port, "/readyz").status == 200)
        #expect(Self.listeningSockets(pid: daemon.process.processIdentifier).count == 1)
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit() == 0)
        #expect(daemon.log.contains("metrics listener stopped") || daemon.log.contains("feedwatch stopped"))

        let off = dir.file("off/feedwatch.toml", loopbackConfig(server, feeds: ["/ferries.xml"], listen: "").replacingOccurrences(
            of: "full_text = true", with: "full_text = false"))
        let quiet = try ChildProcess(["run", "--config", off])
        defer { quiet.signal(SIGKILL) }
        #expect(await quiet.waitFor("cycle done"))
        #expect(!quiet.log.contains("serving /metrics"))
        #expect(Self.listeningSockets(pid: quiet.process.processIdentifier).isEmpty)
        quiet.signal(SIGTERM)
        #expect(await quiet.waitForExit() == 0)
        await server.shutdown()
    }
}
