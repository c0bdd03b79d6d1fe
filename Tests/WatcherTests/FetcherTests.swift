import FeedwatchTesting
import Foundation
import Testing
@testable import Watcher
import AsyncHTTPClient

/// The fetcher against a real loopback server that behaves like the servers feedwatch meets.
@Suite(.serialized) struct FetcherTests {
    static let feed = """
    <?xml version="1.0"?><rss version="2.0"><channel><title>Loopback News</title><link>http://example.org/</link>
    <item><title>One</title><link>http://example.org/1</link><guid>1</guid></item></channel></rss>
    """

    func withServer(_ body: (LoopbackHTTPServer, HTTPFetcher) async throws -> Void) async throws {
        let server = try LoopbackHTTPServer()
        let fetcher = HTTPFetcher(userAgent: "feedwatch-test", connectTimeout: 2, readTimeout: 2, maxDecompressedBytes: 1 << 20)
        do { try await body(server, fetcher) } catch {
            await fetcher.shutdown(); await server.shutdown(); throw error
        }
        await fetcher.shutdown()
        await server.shutdown()
    }

    @Test func conditionalGETGets304AndSendsValidatorsAndUserAgent() async throws {
        try await withServer { server, fetcher in
            server.route("/feed") { request in
                if request.header("If-None-Match") == "\"v1\"" { return .respond(status: 304, headers: [("ETag", "\"v1\"")], body: []) }
                return .respond(status: 200, headers: [("ETag", "\"v1\""), ("Last-Modified", "Fri, 27 Nov 2026 08:00:00 GMT"),
                                                       ("Content-Type", "application/rss+xml")], body: Array(Self.feed.utf8))
            }
            let first = try await fetcher.fetch(FetchRequest(url: server.url("/feed")))
            #expect(first.status == 200)
            #expect(first.etag == "\"v1\"")
            #expect(first.lastModified == "Fri, 27 Nov 2026 08:00:00 GMT")
            let second = try await fetcher.fetch(FetchRequest(url: server.url("/feed"), etag: first.etag, lastModified: first.lastModified))
            #expect(second.status == 304)
            #expect(second.body.isEmpty)
            let sent = server.requests(to: "/feed")
            #expect(sent.count == 2)
            #expect(sent[1].header("If-Modified-Since") == "Fri, 27 Nov 2026 08:00:00 GMT")
            #expect(sent[0].header("User-Agent") == "feedwatch-test")
            #expect(sent[0].header("Accept-Encoding")?.contains("gzip") == true)
        }
    }

    @Test func redirectsTellPermanentFromTemporary() async throws {
        try await withServer { server, fetcher in
            server.serve("/new", headers: [("Content-Type", "application/rss+xml")], body: Self.feed)
            server.route("/moved") { _ in .respond(status: 301, headers: [("Location", "/new")], body: []) }
            server.route("/temp") { _ in .respond(status: 302, headers: [("Location", "/new")], body: []) }
            server.route("/mixed") { _ in .respond(status: 308, headers: [("Location", "/temp")], body: []) }
            let moved = try await fetcher.fetch(FetchRequest(url: server.url("/moved")))
            #expect(moved.status == 200)
            #expect(moved.permanentlyMovedTo == server.url("/new"))
            let temp = try await fetcher.fetch(FetchRequest(url: server.url("/temp")))
            #expect(temp.status == 200)
            #expect(temp.permanentlyMovedTo == nil)
            let mixed = try await fetcher.fetch(FetchRequest(url: server.url("/mixed")))
            #expect(mixed.redirects.count == 2)
            #expect(mixed.permanentlyMovedTo == nil)
        }
    }

    @Test func aRedirectLoopIsAnErrorNotAHang() async throws {
        try await withServer { server, fetcher in
            server.route("/a") { _ in .respond(status: 302, headers: [("Location", "/b")], body: []) }
            server.route("/b") { _ in .respond(status: 302, headers: [("Location", "/a")], body: []) }
            await #expect(throws: FetchError.redirectLoop(server.url("/a"))) {
                try await fetcher.fetch(FetchRequest(url: server.url("/a")))
            }
        }
    }

    @Test func aServerThatNeverAnswersTimesOut() async throws {
        try await withServer { server, fetcher in
            server.route("/hang") { _ in .hang }
            let start = ContinuousClock.now
            await #expect(throws: FetchError.self) {
                try await fetcher.fetch(FetchRequest(url: server.url("/hang"), timeout: 1.5))
            }
            #expect(ContinuousClock.now - start < .seconds(5))
        }
    }

    @Test func aGigabyteBodyIsCutAtTheCapWithoutBufferingIt() async throws {
        try await withServer { server, fetcher in
            server.route("/huge") { _ in .stream(status: 200, headers: [], total: 1 << 30) }
            let before = ResidentMemory.peakMiB()
            await #expect(throws: FetchError.tooLarge(limit: 4 << 20)) {
                try await fetcher.fetch(FetchRequest(url: server.url("/huge"), maxBytes: 4 << 20, timeout: 20))
            }
            // The cap is 4 MiB; a buffered gigabyte would show up as a jump of ~1 GiB.
            #expect(ResidentMemory.peakMiB() - before < 200)
        }
    }

    @Test func aDeclaredLengthOverTheCapIsRefusedAtOnce() async throws {
        try await withServer { server, fetcher in
            server.route("/big") { _ in .respond(status: 200, headers: [("Content-Length", "99999999")], body: []) }
            await #expect(throws: FetchError.tooLarge(limit: 1000)) {
                try await fetcher.fetch(FetchRequest(url: server.url("/big"), maxBytes: 1000, timeout: 5))
            }
        }
    }

    @Test func aGzipBombIsStoppedAfterDecompression() async throws {
        let bomb = try Self.gzip(megabytesOfZeros: 64)
        #expect(bomb.count < 1 << 20)
        try await withServer { server, fetcher in
            server.route("/bomb") { _ in .respond(status: 200, headers: [("Content-Encoding", "gzip"), ("Content-Type", "application/rss+xml")], body: bomb) }
            await #expect(throws: FetchError.self) {
                try await fetcher.fetch(FetchRequest(url: server.url("/bomb"), maxBytes: 64 << 20, timeout: 20))
            }
        }
    }

    @Test func fileURLsAreReadAndGive304WhenUnchanged() async throws {
        let dir = TempDir()
        defer { dir.remove() }
        let path = dir.file("feed.xml", Self.feed)
        let fetcher = HTTPFetcher(userAgent: "t")
        let url = URL(fileURLWithPath: path).absoluteString
        let first = try await fetcher.fetch(FetchRequest(url: url))
        #expect(first.status == 200)
        #expect(first.body == Array(Self.feed.utf8))
        let again = try await fetcher.fetch(FetchRequest(url: url, lastModified: first.lastModified))
        #expect(again.status == 304)
        await #expect(throws: FetchError.self) { try await fetcher.fetch(FetchRequest(url: url + ".missing")) }
        // A page outside the allowed root is refused.
        await #expect(throws: FetchError.self) { try await fetcher.fetch(FetchRequest(url: "file:///etc/hostname", fileRoot: dir.path)) }
        await #expect(throws: FetchError.self) { try await fetcher.fetch(FetchRequest(url: url, fileRoot: nil)) }
        await fetcher.shutdown()
    }

    @Test func privateAddressesAreRefusedForPagesWhenAsked() async throws {
        try await withServer { server, fetcher in
            server.serve("/page", body: "<html><body><p>internal</p></body></html>")
            await #expect(throws: FetchError.blockedAddress(host: "127.0.0.1", address: "127.0.0.1")) {
                try await fetcher.fetch(FetchRequest(url: server.url("/page"), privateAddresses: .refused))
            }
            #expect(server.requests.isEmpty)
            let allowed = try await fetcher.fetch(FetchRequest(url: server.url("/page"), privateAddresses: .allowed))
            #expect(allowed.status == 200)
        }
    }

    @Test func namesThatResolveToPrivateAddressesAreRefusedBeforeAnyRequest() async throws {
        let server = try LoopbackHTTPServer()
        server.serve("/page", body: "<html><body><p>internal</p></body></html>")
        let resolver = TestResolver(table: ["intranet.test": ["10.20.30.40"], "rebind.test": ["127.0.0.1"],
                                            "mixed.test": ["93.184.216.34", "192.168.0.10"], "v6.test": ["fd00::5"]])
        let fetcher = HTTPFetcher(userAgent: "t", connectTimeout: 1, readTimeout: 1, resolver: resolver)
        let port = server.port
        let cases = [("intranet.test", "10.20.30.40"), ("rebind.test", "127.0.0.1"), ("mixed.test", "192.168.0.10"), ("v6.test", "fd00::5")]
        for (host, address) in cases {
            await #expect(throws: FetchError.blockedAddress(host: host, address: address)) {
                try await fetcher.fetch(FetchRequest(url: "http://\(host):\(port)/page", privateAddresses: .refused))
            }
        }
        #expect(server.requests.isEmpty)
        #expect(FetchError.blockedAddress(host: "rebind.test", address: "127.0.0.1").description.contains("127.0.0.1"))
        await fetcher.shutdown()
        await server.shutdown()
    }

    @Test func vettedPlainHTTPGoesToTheVettedAddressWithTheNameInTheHostHeader() async throws {
        let pinned = try PinnedURL("http://News.Test:8080/a/b?c=1#top", address: "93.184.216.34")
        #expect(pinned.url == "http://93.184.216.34:8080/a/b?c=1#top")
        #expect(pinned.hostHeader == "News.Test:8080")
        #expect(pinned.connectTo.isEmpty)
        #expect(try PinnedURL("http://news.test/x", address: "2001:db8::1").url == "http://[2001:db8::1]/x")
        #expect(try PinnedURL("http://news.test/x", address: "2001:db8::1").hostHeader == "news.test")
        #expect(try PinnedURL("http://news.test:80/x", address: "2001:db8::1").hostHeader == "news.test")
        // An address in another spelling goes to the address it means; the Host header keeps the spelling.
        let octal = try PinnedURL("http://0177.0.0.1:8080/x", address: "127.0.0.1")
        #expect(octal.url == "http://127.0.0.1:8080/x")
        #expect(octal.hostHeader == "0177.0.0.1:8080")
        // Already the address: sent as it is.
        let literal = try PinnedURL("http://93.184.216.34/x", address: "93.184.216.34")
        #expect(literal.url == "http://93.184.216.34/x" && literal.hostHeader == nil && literal.connectTo.isEmpty)
        // Not an address: refused rather than handed to the client to resolve.
        #expect(throws: FetchError.self) { try PinnedURL("http://news.test/x", address: "news.test") }
        // The HTTP client sends the Host header it is given rather than one from the URL: the
        // virtual host still sees its own name when the connection goes to an address.
        let server = try LoopbackHTTPServer()
        server.serve("/x", body: "ok")
        let client = HTTPFetcher(userAgent: "t")
        var request = HTTPClientRequest(url: server.url("/x"))
        request.headers.add(name: "Host", value: "news.test:8080")
        _ = try await client.client.execute(request, timeout: .seconds(5))
        #expect(server.requests(to: "/x").first?.header("Host") == "news.test:8080")
        await client.shutdown()
        await server.shutdown()
    }

    static func gzip(megabytesOfZeros: Int) throws -> [UInt8] {
        let out = NSTemporaryDirectory() + "bomb-\(UUID().uuidString).gz"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "head -c \(megabytesOfZeros)M /dev/zero | gzip -9 -c > '\(out)'"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        while process.isRunning { Thread.sleep(forTimeInterval: 0.01) }
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: out)))
    }
}

/// Peak resident memory of this process (VmHWM), for the "memory stays low" checks.
enum ResidentMemory {
    static func peakMiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
        }
        return 0
    }
}
