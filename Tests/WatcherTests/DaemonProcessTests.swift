import FeedwatchTesting
import Foundation
import Storage
import Testing
@testable import Watcher

/// The real `feedwatch` binary as systemd runs it: signals, sd_notify, kill -9.
@Suite(.serialized) struct DaemonProcessTests {
    static var binary: String { ChildProcess.feedwatchBinary }

    static func feedXML(_ n: Int, prefix: String) -> String {
        var s = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>\(prefix)</title><link>http://example.org/</link>"
        for i in 0..<n {
            s += "<item><title>\(prefix) story \(i) about harbour works</title><link>http://example.org/\(prefix)/\(i)</link>"
            s += "<guid>\(prefix)-\(i)</guid><description>Item \(i) of \(prefix).</description></item>"
        }
        return s + "</channel></rss>"
    }

    /// Serves `count` feeds of `items` entries at /PREFIX0, /PREFIX1…, each answer `delay` seconds
    /// late; returns their paths.
    static func serveSlowFeeds(_ server: LoopbackHTTPServer, count: Int, items: Int, prefix: String,
                               delay: TimeInterval) -> [String] {
        let paths = (0..<count).map { "/\(prefix)\($0)" }
        for (i, p) in paths.enumerated() {
            let xml = feedXML(items, prefix: "\(prefix)\(i)")
            server.route(p) { _ in
                Thread.sleep(forTimeInterval: delay)
                return .respond(status: 200, headers: [], body: Array(xml.utf8))
            }
        }
        return paths
    }

    func writeConfig(_ dir: TempDir, server: LoopbackHTTPServer, paths: [String], extra: String = "") -> String {
        var text = "state_dir = \"state\"\ndigest_dir = \"digests\"\ntimezone = \"UTC\"\nper_host_spacing = \"0s\"\nper_host_concurrency = 8\nfull_text = false\nfetch_timeout = \"5s\"\n\(extra)\n"
        for p in paths { text += "[[feed]]\nurl = \"\(server.url(p))\"\n" }
        return dir.file("feedwatch.toml", text)
    }

    /// Where in the cycle the kill lands.
    enum KillPoint: String, CaseIterable, Sendable {
        /// While feeds are still being fetched and stored.
        case fetching
        /// After every feed is stored, while the 1,500 entries are analysed and clustered.
        case analysing
    }

    @Test(arguments: KillPoint.allCases)
    func killNineMidCycleLosesAndDuplicatesNothing(_ point: KillPoint) async throws {
        try #require(FileManager.default.fileExists(atPath: Self.binary))
        let dir = TempDir()
        defer { dir.remove() }
        let server = try LoopbackHTTPServer()
        // Slow answers, so the kill lands while fetches and writes are in flight.
        let paths = Self.serveSlowFeeds(server, count: 60, items: 25, prefix: "feed", delay: 0.02)
        let config = writeConfig(dir, server: server, paths: paths)
        let first = try ChildProcess(["once", "--config", config, "--verbose"])
        switch point {
        case .fetching:
            #expect(await first.waitFor("feed polled"))
            try await Task.sleep(for: .milliseconds(150))
        case .analysing:
            let stored = await Self.eventually(timeout: 30) { first.log.components(separatedBy: "feed polled").count > paths.count }
            #expect(stored)
            try await Task.sleep(for: .milliseconds(300))
        }
        first.signal(SIGKILL)
        _ = await first.waitForExit()
        // The restart finishes the cut-short work quickly: the entries the kill caught are tried
        // alone, then go back into ordinary chunks (not 800 chunks of one, each saving the
        // clusterer's whole state: 45 s and more).
        let restarted = Date()
        let second = try ChildProcess(["once", "--config", config, "--all", "--verbose"])
        let status = await second.waitForExit(timeout: 60)
        #expect(status == 0, "\(second.diagnostics)")
        #expect(Date().timeIntervalSince(restarted) < 20, "the restart took \(Int(Date().timeIntervalSince(restarted))) s")
        second.signal(SIGKILL)
        let store = try FeedStore(path: dir.path + "/state/feedwatch.sqlite")
        for p in paths {
            #expect(try store.entryCount(feedURL: server.url(p)) == 25, "feed \(p)")
        }
        let all = try store.entries(firstSeenFrom: .distantPast, to: .distantFuture)
        #expect(all.count == 60 * 25)
        #expect(Set(all.map { "\($0.feedID)/\($0.guidKey)" }).count == all.count)
        // Every entry was analysed and has a story; nothing was quarantined for the kill.
        #expect(all.allSatisfy { $0.analysisJSON != nil && $0.storyID != nil })
        #expect(try store.quarantinedItems().isEmpty)
        try store.close()
        await server.shutdown()
    }

    @Test func sighupReloadsAGoodConfigKeepsTheOldOnABadOneAndSigtermStopsCleanly() async throws {
        try #require(FileManager.default.fileExists(atPath: Self.binary))
        let dir = TempDir()
        defer { dir.remove() }
        let server = try LoopbackHTTPServer()
        server.serve("/one", body: Self.feedXML(3, prefix: "one"))
        server.serve("/two", body: Self.feedXML(4, prefix: "two"))
        let socket = dir.path + "/notify.sock"
        let listener = try NotifyListener(path: socket)
        defer { listener.stop() }
        let config = writeConfig(dir, server: server, paths: ["/one"])
        let daemon = try ChildProcess(["run", "--config", config], environment: ["NOTIFY_SOCKET": socket])
        defer { daemon.signal(SIGKILL) }
        #expect(await daemon.waitFor("cycle done"))
        #expect(server.requests(to: "/two").isEmpty)

        _ = writeConfig(dir, server: server, paths: ["/one", "/two"])
        daemon.signal(SIGHUP)
        #expect(await daemon.waitFor("config reloaded: 2 feeds"))
        // The reload wakes the scheduler: the new feed is polled at once.
        #expect(await Self.eventually { !server.requests(to: "/two").isEmpty })

        _ = dir.file("feedwatch.toml", "state_dir = \"state\"\npoll_interval = \"often\"\n")
        daemon.signal(SIGHUP)
        #expect(await daemon.waitFor("config reload failed"))
        #expect(daemon.log.contains("feedwatch.toml:2"))
        #expect(daemon.isRunning)

        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(timeout: 25) == 0)
        #expect(daemon.log.contains("feedwatch stopped"))

        let messages = listener.messages
        let ready = messages.firstIndex { $0.contains("READY=1") }
        let reloading = messages.firstIndex { $0.contains("RELOADING=1") }
        let stopping = messages.firstIndex { $0.contains("STOPPING=1") }
        #expect(ready != nil && reloading != nil && stopping != nil)
        if let ready, let reloading, let stopping {
            #expect(ready < reloading && reloading < stopping)
            #expect(messages[reloading].contains("MONOTONIC_USEC="))
            #expect(messages[(reloading + 1)...].contains { $0.contains("READY=1") })
        }
        #expect(messages.contains { $0.hasPrefix("STATUS=") || $0.contains("\nSTATUS=") })
        await server.shutdown()
    }

    /// Today's files are rewritten every `digest_refresh`, not after every cycle; a clean stop
    /// writes what the cycles since the last refresh changed.
    @Test func todaysDigestWaitsForItsRefreshAndACleanStopWritesWhatIsPending() async throws {
        try #require(FileManager.default.fileExists(atPath: Self.binary))
        let dir = TempDir()
        defer { dir.remove() }
        let server = try LoopbackHTTPServer()
        server.serve("/one", body: Self.feedXML(3, prefix: "one"))
        let config = writeConfig(dir, server: server, paths: ["/one"],
                                 extra: "poll_interval = \"10s\"\nmin_interval = \"10s\"\ndigest_refresh = \"1h\"")
        let daemon = try ChildProcess(["run", "--config", config])
        defer { daemon.signal(SIGKILL) }
        let day = Date().formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!).year().month().day())
        let digest = "\(dir.path)/digests/\(day).json"
        func written() -> String { (try? String(contentsOfFile: digest, encoding: .utf8)) ?? "" }
        // The first cycle publishes at once.
        #expect(await Self.eventually(timeout: 30) { written().contains("http://example.org/one/2") })

        // The feed gains two items; a later cycle stores them, and the digest is not due yet.
        // (Waited for by what the cycle logs: on a loaded machine the change can miss the next poll.)
        server.serve("/one", body: Self.feedXML(5, prefix: "one"))
        #expect(await Self.eventually(timeout: 50) { daemon.log.contains("; 2 new entries") })
        #expect(!written().contains("http://example.org/one/4"))

        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit(timeout: 25) == 0)
        #expect(written().contains("http://example.org/one/4"))
        await server.shutdown()
    }

    @Test func sigtermMidCycleDrainsInFlightFetchesAndExitsCleanly() async throws {
        try #require(FileManager.default.fileExists(atPath: Self.binary))
        let dir = TempDir()
        defer { dir.remove() }
        let server = try LoopbackHTTPServer()
        let paths = Self.serveSlowFeeds(server, count: 40, items: 5, prefix: "slow", delay: 0.15)
        let config = writeConfig(dir, server: server, paths: paths)
        let daemon = try ChildProcess(["run", "--config", config])
        defer { daemon.signal(SIGKILL) }
        #expect(await daemon.waitFor("feed polled"))
        daemon.signal(SIGTERM)
        let start = Date()
        #expect(await daemon.waitForExit(timeout: 25) == 0)
        #expect(Date().timeIntervalSince(start) < 22)
        #expect(daemon.log.contains("feedwatch stopped"))
        // It stopped mid-cycle: some feeds were polled, not all, and each polled feed is whole.
        let store = try FeedStore(path: dir.path + "/state/feedwatch.sqlite")
        let counts = try paths.map { try store.entryCount(feedURL: server.url($0)) }
        #expect(counts.allSatisfy { $0 == 0 || $0 == 5 })
        #expect(counts.contains(5))
        #expect(counts.contains(0))
        try store.close()
        await server.shutdown()
    }

    @Test func abstractNotifySocketsWork() async throws {
        try #require(FileManager.default.fileExists(atPath: Self.binary))
        let name = "@feedwatch-test-\(UUID().uuidString.prefix(8))"
        let listener = try NotifyListener(path: name)
        defer { listener.stop() }
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": name])
        notifier.ready(status: "testing")
        #expect(await Self.eventually { listener.messages.contains { $0.contains("READY=1") && $0.contains("STATUS=testing") } })
    }

    @Test func onceFailsWhenEveryFeedFails() async throws {
        try #require(FileManager.default.fileExists(atPath: Self.binary))
        let dir = TempDir()
        defer { dir.remove() }
        let server = try LoopbackHTTPServer()
        server.serve("/gone", status: 404, body: "no")
        let config = writeConfig(dir, server: server, paths: ["/gone"])
        let child = try ChildProcess(["once", "--config", config])
        #expect(await child.waitForExit() == 2)
        #expect(child.log.contains("1 failed"))
        await server.shutdown()
    }

    static func eventually(timeout: Double = 15, _ condition: () -> Bool) async -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }
}

/// A datagram socket that records sd_notify messages, played by a tiny Python listener (the
/// socket API needs pointers, which this project keeps out of Swift test code too).
final class NotifyListener: @unchecked Sendable {
    let process = Process()
    let out: String

    init(path: String) throws {
        out = NSTemporaryDirectory() + "notify-\(UUID().uuidString).log"
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        let script = """
        import socket, sys
        path, out = sys.argv[1], sys.argv[2]
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        s.bind("\\0" + path[1:] if path.startswith("@") else path)
        with open(out, "a") as f:
            print("LISTENING", file=f, flush=True)
            while True:
                data = s.recv(4096).decode()
                print(data.replace("\\n", "\\\\n"), file=f, flush=True)
        """
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path, out]
        // Its own stdio: an inherited stdout would keep the test runner's pipe open after we exit.
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let end = Date().addingTimeInterval(10)
        while Date() < end, !((try? String(contentsOfFile: out, encoding: .utf8))?.contains("LISTENING") ?? false) {
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    /// Each datagram, with its fields separated by newlines.
    var messages: [String] {
        let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").dropFirst().map { $0.replacingOccurrences(of: "\\n", with: "\n") }
    }

    func stop() {
        // SIGKILL: the test process may block SIGTERM in its threads, and children inherit the mask.
        if process.isRunning, process.processIdentifier > 1 { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(atPath: out)
    }
}
