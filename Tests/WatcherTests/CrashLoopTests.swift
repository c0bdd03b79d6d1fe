import FeedwatchTesting
import Foundation
import Storage
import Testing
@testable import Watcher

/// The real binary under the two things that used to stop a daemon for good: an input it dies
/// on (a crash loop under Restart=on-failure), and CPU work that starves the cooperative pool.
@Suite(.serialized) struct CrashLoopTests {
    static func rss(_ title: String, items: [(String, String)]) -> String {
        var s = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>\(title)</title><link>http://example.org/</link>"
        for (i, item) in items.enumerated() {
            s += "<item><title>\(item.0)</title><link>\(item.1)</link><guid>\(title)-\(i)</guid>"
            s += "<description>\(item.0): what happened, in brief.</description></item>"
        }
        return s + "</channel></rss>"
    }

    @Test func aFeedTheDaemonKeepsDyingOnIsQuarantinedAndTheOthersStillArrive() async throws {
        try #require(FileManager.default.fileExists(atPath: ChildProcess.feedwatchBinary))
        let dir = TempDir()
        defer { dir.remove() }
        let server = try LoopbackHTTPServer()
        // Stands for any input the process dies on: it never answers, and each run is killed -9
        // while it waits, as the OOM killer or a crash would end it.
        server.route("/wedged") { _ in .hang }
        server.serve("/harbour", body: Self.rss("Harbour", items: [("Harbour wall repairs approved", "http://example.org/h1")]))
        server.serve("/ferries", body: Self.rss("Ferries", items: [("Ferry strike called off", "http://example.org/f1")]))
        var text = "state_dir = \"state\"\ndigest_dir = \"digests\"\ntimezone = \"UTC\"\nper_host_spacing = \"0s\"\n"
        text += "full_text = false\nfetch_timeout = \"60s\"\nmax_concurrent_fetches = 1\n"
        for p in ["/wedged", "/harbour", "/ferries"] { text += "[[feed]]\nurl = \"\(server.url(p))\"\n" }
        let config = dir.file("feedwatch.toml", text)
        let database = dir.path + "/state/feedwatch.sqlite"

        for death in 1...FeedStore.quarantineAfter {
            let before = server.requests(to: "/wedged").count
            let run = try ChildProcess(["once", "--all", "--config", config, "--verbose"])
            // Wait until the wedged feed's request is in flight, then kill.
            let end = Date().addingTimeInterval(30)
            while server.requests(to: "/wedged").count == before, Date() < end { try await Task.sleep(for: .milliseconds(20)) }
            #expect(server.requests(to: "/wedged").count == before + 1, "run \(death)")
            run.signal(SIGKILL)
            _ = await run.waitForExit()
            let store = try FeedStore(path: database)
            let attempts = try store.unfinishedWork(.feedFetch)
            let wedged = try #require(try store.feed(url: server.url("/wedged")))
            #expect(attempts[wedged.id] == death, "after run \(death): \(attempts)")
            try store.close()
        }

        // The next run sets it aside without touching it, and everything else is fetched.
        let before = server.requests(to: "/wedged").count
        let last = try ChildProcess(["once", "--all", "--config", config, "--verbose"])
        #expect(await last.finish(within: 60) == .exited(0))
        #expect(server.requests(to: "/wedged").count == before)
        #expect(last.log.contains("feed quarantined: quarantined: feedwatch stopped 3 times while fetching and parsing this feed"))
        let status = try ChildProcess(["status", "--json", "--config", config])
        #expect(await status.finish(within: 30) == .exited(0))
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let rows = try decoder.decode([StatusReport.Row].self, from: Data(status.output.utf8))
        #expect(rows.first { $0.url.hasSuffix("/wedged") }?.state == "quarantined")
        #expect(rows.first { $0.url.hasSuffix("/harbour") }?.entries == 1)
        #expect(rows.first { $0.url.hasSuffix("/ferries") }?.entries == 1)
        let digest = try String(contentsOfFile: try #require(
            try FileManager.default.contentsOfDirectory(atPath: dir.path + "/digests").first { $0.hasSuffix(".md") && $0 != "index.md" }
                .map { dir.path + "/digests/" + $0 }), encoding: .utf8)
        #expect(digest.contains("quarantined"))
        #expect(digest.contains("Ferry strike called off"))
        await server.shutdown()
    }

    /// A page of 8 MB of short paragraphs: seconds of honest CPU work for the extractor.
    static func heavyPage(_ n: Int) -> [UInt8] {
        var html = "<html><head><title>Page \(n)</title></head><body><article>"
        let paragraph = "<p>The harbour authority said the east wall would be rebuilt in stages, keeping one berth open.</p>\n"
        html.reserveCapacity(8 << 20)
        while html.utf8.count < 8 << 20 { html += paragraph }
        return Array((html + "</article></body></html>").utf8)
    }

    @Test func signalsAndTheWatchdogAreAnsweredWithinASecondWhileHeavyPagesGrind() async throws {
        try #require(FileManager.default.fileExists(atPath: ChildProcess.feedwatchBinary))
        let dir = TempDir()
        defer { dir.remove() }
        let server = try LoopbackHTTPServer()
        let pages = 12
        for n in 0..<pages {
            let body = Self.heavyPage(n)
            server.route("/page\(n)") { _ in .respond(status: 200, headers: [("Content-Type", "text/html; charset=utf-8")], body: body) }
        }
        server.serve("/heavy", body: Self.rss("Heavy", items: (0..<pages).map { ("Long read \($0)", server.url("/page\($0)")) }))
        var text = "state_dir = \"state\"\ndigest_dir = \"digests\"\ntimezone = \"UTC\"\nper_host_spacing = \"0s\"\n"
        text += "per_host_concurrency = 16\nfull_text = true\nallow_private_networks = true\nfetch_timeout = \"60s\"\n"
        text += "[[feed]]\nurl = \"\(server.url("/heavy"))\"\n"
        let config = dir.file("feedwatch.toml", text)
        let socket = dir.path + "/notify.sock"
        let listener = try NotifyListener(path: socket)
        defer { listener.stop() }
        // A 3 s watchdog: pinged every second while the scheduler's heartbeat is fresh.
        let daemon = try ChildProcess(["run", "--config", config],
                                      environment: ["NOTIFY_SOCKET": socket, "WATCHDOG_USEC": "3000000"])
        defer { daemon.signal(SIGKILL) }
        #expect(await daemon.waitFor("feed polled"))
        // The article stage has begun: twelve pages to extract on two cores.
        try await Task.sleep(for: .milliseconds(400))

        func seconds(until message: String, after count: Int) async -> Double? {
            let start = ContinuousClock.now
            while ContinuousClock.now - start < .seconds(10) {
                if listener.messages.dropFirst(count).contains(where: { $0.contains(message) }) {
                    let elapsed = ContinuousClock.now - start
                    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                }
                try? await Task.sleep(for: .milliseconds(20))
            }
            return nil
        }
        let pingsBefore = listener.messages.filter { $0 == "WATCHDOG=1" }.count
        var seen = listener.messages.count
        daemon.signal(SIGHUP)
        let reload = await seconds(until: "RELOADING=1", after: seen)
        #expect(reload != nil && reload! < 1, "RELOADING=1 after \(reload ?? -1) s")
        try await Task.sleep(for: .milliseconds(1500))
        let pingsDuring = listener.messages.filter { $0 == "WATCHDOG=1" }.count - pingsBefore
        #expect(pingsDuring >= 1, "watchdog pings while grinding: \(pingsDuring)")
        #expect(!daemon.log.contains("cycle done"), "the pages were extracted before the signals: the test proves nothing")
        seen = listener.messages.count
        daemon.signal(SIGTERM)
        let stop = await seconds(until: "STOPPING=1", after: seen)
        #expect(stop != nil && stop! < 1, "STOPPING=1 after \(stop ?? -1) s")
        #expect(await daemon.finish(within: 25) == .exited(0))
        await server.shutdown()
    }
}
