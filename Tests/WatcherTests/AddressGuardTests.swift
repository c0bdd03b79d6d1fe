import FeedwatchTesting
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing
@testable import AsyncHTTPClient
@testable import Watcher

/// The address guard judged by what a fetch actually dials: every spelling of an address, a
/// feed's redirects, HTTPS, a name that rebinds, a resolver that hangs. Only loopback listeners
/// (127.0.0.1 and 127.0.0.2) are ever connected to; every other address must be refused before
/// any connection, which is the point.
@Suite(.serialized) struct DialledAddressTests {
    static let feed = """
    <?xml version="1.0"?><rss version="2.0"><channel><title>Intranet News</title><link>http://intranet.test/</link>
    <item><title>One</title><link>http://intranet.test/1</link><guid>1</guid></item></channel></rss>
    """
    /// A request's whole time limit here. Refusals happen before any connection and successes are
    /// on loopback, so this is never waited out; it is long so that a machine busy with parallel
    /// suites (CI on 2 cores) cannot turn a refusal into a timeout before the guard has run.
    static let patience: TimeInterval = 20

    // MARK: Spellings

    @Test func everySpellingOfAPrivateAddressIsRefusedForPagesBeforeAnyConnection() async throws {
        let listener = try RawListener(host: "127.0.0.1")
        let p = listener.port
        let resolver = TestResolver(table: ["loopback.test": ["127.0.0.1"], "metadata.test": ["169.254.169.254"]])
        let fetcher = HTTPFetcher(userAgent: "t", connectTimeout: 1, readTimeout: 1, resolver: resolver)
        let cases: [(url: String, address: String)] = [
            ("http://2130706433:\(p)/page", "127.0.0.1"),
            ("http://0x7f.1:\(p)/page", "127.0.0.1"),
            ("http://0X7F.0.0.1:\(p)/page", "127.0.0.1"),
            ("http://0177.0.0.1:\(p)/page", "127.0.0.1"),
            ("http://127.1:\(p)/page", "127.0.0.1"),
            ("http://127.0.0.1.:\(p)/page", "127.0.0.1"),
            ("http://%31%32%37.0.0.1:\(p)/page", "127.0.0.1"),
            ("http://[::ffff:127.0.0.1]:\(p)/page", "::ffff:127.0.0.1"),
            ("http://[::FFFF:7F00:1]:\(p)/page", "::ffff:127.0.0.1"),
            ("http://[::127.0.0.1]:\(p)/page", "::127.0.0.1"),
            ("http://[::1]:\(p)/page", "::1"),
            ("http://0.0.0.0:\(p)/page", "0.0.0.0"),
            ("http://0:\(p)/page", "0.0.0.0"),
            ("http://[::]:\(p)/page", "::"),
            ("http://[0:0:0:0:0:ffff:a9fe:a9fe]:\(p)/latest/meta-data/", "::ffff:169.254.169.254"),
            ("http://[64:ff9b::a9fe:a9fe]:\(p)/latest/meta-data/", "64:ff9b::a9fe:a9fe"),
            ("http://[2002:7f00:1::]:\(p)/page", "2002:7f00:1::"),
            ("http://[fe80::1%25lo]:\(p)/page", "fe80::1"),
            ("http://[fd00::1]:\(p)/page", "fd00::1"),
            ("http://100.64.0.1:\(p)/page", "100.64.0.1"),
            ("http://224.0.0.1:\(p)/page", "224.0.0.1"),
            ("http://[ff02::1]:\(p)/page", "ff02::1"),
            ("http://240.0.0.1:\(p)/page", "240.0.0.1"),
            ("http://192.88.99.1:\(p)/page", "192.88.99.1"),
            ("http://LOOPBACK.TEST.:\(p)/page", "127.0.0.1"),
            ("http://Metadata.Test/latest/meta-data/", "169.254.169.254"),
            ("https://0x7f.1:\(p)/page", "127.0.0.1"),
            ("https://loopback.test:\(p)/page", "127.0.0.1"),
        ]
        for (url, address) in cases {
            do throws(FetchError) {
                let response = try await fetcher.fetch(FetchRequest(url: url, accept: FetchRequest.pageAccept, timeout: Self.patience, privateAddresses: .refused))
                Issue.record("\(url) was fetched (HTTP \(response.status)) instead of refused")
            } catch {
                guard case .blockedAddress(_, let refused) = error else {
                    Issue.record("\(url): expected a refusal of \(address), got: \(error)")
                    continue
                }
                #expect(refused == address, "\(url)")
                #expect(error.description.contains(address))
            }
        }
        #expect(listener.connections == 0)
        await fetcher.shutdown()
        await listener.shutdown()
    }

    @Test func anAddressIsReadTheWayTheSystemReadsIt() async throws {
        let resolver = TestResolver(table: [:])
        let spellings: [(String, String)] = [
            ("2130706433", "127.0.0.1"), ("0x7f.1", "127.0.0.1"), ("0177.0.0.1", "127.0.0.1"), ("127.1", "127.0.0.1"),
            ("0x5db8d822", "93.184.216.34"), ("93.184.216.34.", "93.184.216.34"), ("[::ffff:5db8:d822]", "::ffff:93.184.216.34"),
            ("[2606:2800:220:1:248:1893:25C8:1946]", "2606:2800:220:1:248:1893:25c8:1946"),
        ]
        for (host, address) in spellings {
            #expect(try await AddressGuard.addresses(of: host, resolver: resolver, timeout: .seconds(1)) == [address], "\(host)")
        }
        // Public in any spelling: allowed, with the address to connect to.
        #expect(try await AddressGuard.vet(host: "0x5db8d822", resolver: resolver) == .allowed(addresses: ["93.184.216.34"]))
        // Not an address and not a name: refused as a URL, never looked up.
        await #expect(throws: FetchError.self) { try await AddressGuard.addresses(of: "[1::2::3]", resolver: resolver, timeout: .seconds(1)) }
        #expect(resolver.lookups.count("[1::2::3]") == 0)
    }

    @Test func theSpecialPurposeRangesAreNotPublic() {
        let special = [
            "0.1.2.3", "10.0.0.1", "100.64.0.0", "100.127.255.255", "127.255.255.254", "169.254.0.1", "172.16.0.0", "172.31.255.255",
            "192.0.0.8", "192.0.2.1", "192.88.99.255", "192.168.255.255", "198.18.0.1", "198.19.255.255", "198.51.100.7",
            "203.0.113.9", "224.0.0.251", "239.255.255.250", "240.0.0.1", "255.255.255.255",
            "::", "::1", "::ffff:10.1.2.3", "::10.1.2.3", "64:ff9b::7f00:1", "64:ff9b:1::8.8.8.8", "100::1", "2001::1",
            "2001:10::1", "2001:1ff:ffff::1", "2001:db8::1", "2002:c0a8:101::", "3fff::1", "fc00::1", "fdff::1",
            "fe80::1", "febf::1", "fec0::1", "ff02::1", "4000::1",
        ]
        for text in special {
            let bytes = IPAddressRange.parse(text)
            #expect(bytes != nil, "\(text) should parse")
            #expect(bytes.map(IPAddressRange.isPublic) == false, "\(text) is not public")
        }
        // Their neighbours are public: the ranges are no wider than the registries say.
        let neighbours = [
            "1.0.0.1", "9.255.255.255", "11.0.0.0", "100.63.255.255", "100.128.0.0", "126.255.255.255", "128.0.0.0",
            "169.253.255.255", "169.255.0.0", "172.15.255.255", "172.32.0.0", "192.0.1.0", "192.0.3.0", "192.88.98.255",
            "192.88.100.0", "192.167.255.255", "192.169.0.0", "198.17.255.255", "198.20.0.0", "198.51.99.255",
            "203.0.112.255", "223.255.255.255",
            "::ffff:8.8.8.8", "64:ff9b::808:808", "2001:200::1", "2001:db9::1", "2002:808:808::", "2a00:1450:4009:81f::200e",
            "3ffe:ffff::1", "3fff:1000::1",
        ]
        for text in neighbours {
            #expect(IPAddressRange.parse(text).map(IPAddressRange.isPublic) == true, "\(text) is public")
        }
    }

    // MARK: Feeds and their redirects

    @Test func aLoopbackFeedIsFetchedButNotRedirectedToAnotherPrivateAddress() async throws {
        let server = try LoopbackHTTPServer()
        let canary = try RawListener(host: "127.0.0.2", reply: Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".utf8))
        let c = canary.port
        server.serve("/feed", headers: [("Content-Type", "application/rss+xml")], body: Self.feed)
        server.route("/moved") { _ in .respond(status: 301, headers: [("Location", "/feed")], body: []) }
        let hostile = [
            ("/to-metadata", "http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
            ("/to-canary-hex", "http://0x7f.0.0.2:\(c)/", "127.0.0.2"),
            ("/to-ten", "http://10.1.2.3/feed", "10.1.2.3"),
            ("/to-canary", "http://127.0.0.2:\(c)/", "127.0.0.2"),
            ("/to-canary-name", "http://canary.test:\(c)/", "127.0.0.2"),
            ("/to-mapped-metadata", "http://[::ffff:169.254.169.254]/", "::ffff:169.254.169.254"),
        ]
        for (path, location, _) in hostile {
            server.route(path) { _ in .respond(status: 302, headers: [("Location", location)], body: []) }
        }
        let resolver = TestResolver(table: ["canary.test": ["127.0.0.2"]])
        let fetcher = HTTPFetcher(userAgent: "t", connectTimeout: 1, readTimeout: 2, resolver: resolver)
        let feedPolicy = PrivateAddressPolicy.feeds(allowPrivateNetworks: false)

        // The operator chose 127.0.0.1: fetched, and a redirect within that host is followed.
        let direct = try await fetcher.fetch(FetchRequest(url: server.url("/feed"), privateAddresses: feedPolicy))
        #expect(direct.status == 200)
        let moved = try await fetcher.fetch(FetchRequest(url: server.url("/moved"), privateAddresses: feedPolicy))
        #expect(moved.status == 200)
        #expect(moved.permanentlyMovedTo == server.url("/feed"))

        for (path, location, address) in hostile {
            do throws(FetchError) {
                _ = try await fetcher.fetch(FetchRequest(url: server.url(path), timeout: Self.patience, privateAddresses: feedPolicy))
                Issue.record("the redirect to \(location) was followed")
            } catch {
                guard case .blockedRedirect(_, let refused) = error else {
                    Issue.record("\(location): expected a refused redirect, got: \(error)")
                    continue
                }
                #expect(refused == address)
                #expect(error.description.contains("redirect") && error.description.contains("allow_private_networks"))
            }
        }
        #expect(canary.connections == 0)

        // allow_private_networks = true: the same redirect reaches the canary.
        let allowed = try await fetcher.fetch(FetchRequest(url: server.url("/to-canary"), timeout: Self.patience,
                                                           privateAddresses: .feeds(allowPrivateNetworks: true)))
        #expect(allowed.body == Array("ok".utf8))
        #expect(canary.connections == 1)
        // A feed the operator put on 127.0.0.2 itself is fetched.
        let configured = try await fetcher.fetch(FetchRequest(url: "http://127.0.0.2:\(c)/", timeout: Self.patience, privateAddresses: feedPolicy))
        #expect(configured.status == 200)
        #expect(canary.connections == 2)

        await fetcher.shutdown()
        await canary.shutdown()
        await server.shutdown()
    }

    @Test func aChainThatLeftTheConfiguredHostNeverComesBackToAPrivateAddress() throws {
        // A public feed redirecting to loopback or to the metadata address.
        var publicFeed = AddressChainGuard(.feeds(allowPrivateNetworks: false))
        try publicFeed.admit(host: "news.example", addresses: ["93.184.216.34"])
        #expect(throws: FetchError.blockedRedirect(host: "localhost", address: "127.0.0.1")) {
            try publicFeed.admit(host: "localhost", addresses: ["127.0.0.1"])
        }
        // An intranet feed may move within its host, and out to the public internet, but not back.
        var intranet = AddressChainGuard(.onlyTheConfiguredHost)
        try intranet.admit(host: "intranet.test", addresses: ["10.20.30.40"])
        try intranet.admit(host: "10.20.30.40", addresses: ["10.20.30.40"])
        #expect(throws: FetchError.self) { var copy = intranet; try copy.admit(host: "other.test", addresses: ["10.20.30.41"]) }
        try intranet.admit(host: "cdn.example", addresses: ["93.184.216.34"])
        #expect(throws: FetchError.blockedRedirect(host: "intranet.test", address: "10.20.30.40")) {
            try intranet.admit(host: "intranet.test", addresses: ["10.20.30.40"])
        }
        // A name with one private address among public ones is private.
        var mixed = AddressChainGuard(.onlyTheConfiguredHost)
        try mixed.admit(host: "news.example", addresses: ["93.184.216.34"])
        #expect(throws: FetchError.blockedRedirect(host: "mixed.test", address: "192.168.0.10")) {
            try mixed.admit(host: "mixed.test", addresses: ["93.184.216.35", "192.168.0.10"])
        }
        // Pages: nothing private, not even the first hop; allow_private_networks: anything.
        var page = AddressChainGuard(.pages(allowPrivateNetworks: false))
        #expect(throws: FetchError.blockedAddress(host: "intranet.test", address: "10.20.30.40")) {
            try page.admit(host: "intranet.test", addresses: ["10.20.30.40"])
        }
        var open = AddressChainGuard(.pages(allowPrivateNetworks: true))
        try open.admit(host: "news.example", addresses: ["93.184.216.34"])
        try open.admit(host: "metadata", addresses: ["169.254.169.254"])
    }

    // MARK: Rebinding and HTTPS

    @Test func aNameIsLookedUpOnceAndTheConnectionGoesToTheAnswerThatWasVetted() async throws {
        // Same port on another loopback address: where a second lookup would send the request.
        let (server, canary) = try await Self.withCanary({ try LoopbackHTTPServer() }, port: \.port, shutdown: { await $0.shutdown() })
        server.serve("/feed", headers: [("Content-Type", "application/rss+xml")], body: Self.feed)
        let resolver = TestResolver(table: [:], sequences: ["rebind.test": [["127.0.0.1"], ["127.0.0.2"]]])
        let fetcher = HTTPFetcher(userAgent: "t", connectTimeout: 1, readTimeout: 2, resolver: resolver)
        let response = try await fetcher.fetch(FetchRequest(url: "http://rebind.test:\(server.port)/feed", privateAddresses: .allowed))
        #expect(response.status == 200)
        #expect(response.finalURL == "http://rebind.test:\(server.port)/feed")
        #expect(server.requests(to: "/feed").first?.header("Host") == "rebind.test:\(server.port)")
        #expect(resolver.lookups.count("rebind.test") == 1)
        #expect(canary.connections == 0)
        await fetcher.shutdown()
        await canary.shutdown()
        await server.shutdown()
    }

    /// A listener on 127.0.0.1 and a canary on 127.0.0.2 at the same port. The kernel picks a
    /// port that is free on 127.0.0.1 only; a socket of another test may hold it on 127.0.0.2,
    /// so a taken port is given up and another one tried.
    static func withCanary<Listener>(_ make: () throws -> Listener, port: (Listener) -> Int,
                                     shutdown: (Listener) async -> Void) async throws -> (Listener, RawListener) {
        var attempt = 1
        while true {
            let listener = try make()
            do {
                return (listener, try RawListener(host: "127.0.0.2", port: port(listener)))
            } catch let error as IOError where error.errnoCode == EADDRINUSE && attempt < 20 {
                await shutdown(listener)
                attempt += 1
            }
        }
    }

    @Test func aPublicAnswerThatRebindsToLoopbackIsStillTheOneConnectedTo() async throws {
        // Nothing may be sent to a public address here, so this is the request as it is built.
        let resolver = TestResolver(table: [:], sequences: ["rebind.test": [["93.184.216.34"], ["127.0.0.1"]]])
        guard case .allowed(let addresses) = try await AddressGuard.vet(host: "rebind.test", resolver: resolver) else {
            Issue.record("a public answer was refused")
            return
        }
        let address = try #require(addresses.first)
        let plain = try PinnedURL("http://rebind.test/feed", address: address)
        #expect(plain.url == "http://93.184.216.34/feed")
        #expect(plain.hostHeader == "rebind.test")
        let secure = try PinnedURL("https://rebind.test/feed", address: address)
        #expect(secure.url == "https://rebind.test/feed")
        #expect(secure.connectTo == ["rebind.test": "93.184.216.34"])
        #expect(resolver.lookups.count("rebind.test") == 1)
    }

    @Test func httpsToANameConnectsToTheVettedAddressAndStillSpeaksTLSToTheName() async throws {
        let (tls, canary) = try await Self.withCanary({ try RawListener(host: "127.0.0.1") }, port: \.port, shutdown: { await $0.shutdown() })
        let resolver = TestResolver(table: ["refused.test": ["127.0.0.1"]],
                                    sequences: ["secure.test": [["127.0.0.1"], ["127.0.0.2"]]])
        let fetcher = HTTPFetcher(userAgent: "t", connectTimeout: 1, readTimeout: 1, resolver: resolver)

        // allow_private_networks = false: refused before connecting.
        await #expect(throws: FetchError.blockedAddress(host: "refused.test", address: "127.0.0.1")) {
            try await fetcher.fetch(FetchRequest(url: "https://refused.test:\(tls.port)/article", timeout: Self.patience, privateAddresses: .refused))
        }
        #expect(tls.connections == 0)

        // Allowed: the connection goes to the vetted 127.0.0.1 (the system cannot resolve
        // secure.test at all), and the TLS ClientHello names secure.test (SNI) for the
        // certificate check. The listener speaks no TLS, so the fetch itself fails.
        await #expect(throws: FetchError.self) {
            try await fetcher.fetch(FetchRequest(url: "https://secure.test:\(tls.port)/feed", timeout: Self.patience, privateAddresses: .allowed))
        }
        let hello = try #require(tls.received.first)
        #expect(hello.first == 0x16)                                       // a TLS handshake record
        #expect(hello.count > 5 && hello[1] == 0x03)
        #expect(Self.contains(hello, Array("secure.test".utf8)))
        #expect(canary.connections == 0)
        #expect(resolver.lookups.count("secure.test") == 1)
        await fetcher.shutdown()
        await canary.shutdown()
        await tls.shutdown()
    }

    @Test func httpsIsPinnedTheWayTheHTTPClientReadsTheURL() throws {
        // The client's own view of the request: where it connects, and the name TLS verifies.
        let cases: [(url: String, address: String, sent: String, target: String, sni: String?)] = [
            ("https://news.example/feed", "93.184.216.34", "https://news.example/feed", "93.184.216.34", "news.example"),
            ("https://News.Example.:8443/feed", "93.184.216.34", "https://News.Example.:8443/feed", "93.184.216.34", "News.Example."),
            ("https://news.example/feed", "2606:2800:220:1:248:1893:25c8:1946", "https://news.example/feed",
             "[2606:2800:220:1:248:1893:25c8:1946]", "news.example"),
            // An address in another spelling: the client is given the address (no SNI for an address).
            ("https://0x5db8d822/feed", "93.184.216.34", "https://93.184.216.34/feed", "93.184.216.34", nil),
            ("https://[0:0:0:0:0:ffff:5db8:d822]/feed", "::ffff:93.184.216.34", "https://[::ffff:93.184.216.34]/feed",
             "[::ffff:93.184.216.34]", nil),
            ("https://93.184.216.34/feed", "93.184.216.34", "https://93.184.216.34/feed", "93.184.216.34", nil),
        ]
        for (url, address, sent, target, sni) in cases {
            let pinned = try PinnedURL(url, address: address)
            #expect(pinned.url == sent)
            let key = ConnectionPool.Key(url: try DeconstructedURL(url: pinned.url), tlsConfiguration: nil, dnsOverride: pinned.connectTo)
            guard case .ipAddress(let serialization, _) = key.connectionTarget else {
                Issue.record("\(url): the client would resolve \(key.connectionTarget) itself")
                continue
            }
            #expect(serialization == target, "\(url)")
            #expect(key.serverNameIndicatorOverride == sni, "\(url)")
        }
        // Plain HTTP to a name or a strange spelling: the client is given the address.
        for url in ["http://news.example:8080/feed", "http://0x5db8d822:8080/feed", "http://[::ffff:5db8:d822]:8080/feed"] {
            let address = url.contains("[") ? "::ffff:93.184.216.34" : "93.184.216.34"
            let pinned = try PinnedURL(url, address: address)
            let key = ConnectionPool.Key(url: try DeconstructedURL(url: pinned.url), tlsConfiguration: nil, dnsOverride: pinned.connectTo)
            guard case .ipAddress(_, let socket) = key.connectionTarget else {
                Issue.record("\(url): the client would resolve \(key.connectionTarget) itself")
                continue
            }
            #expect(socket.ipAddress == address && socket.port == 8080, "\(url)")
        }
    }

    // MARK: DNS that hangs

    @Test func aResolverThatHangsFailsTheFetchInTimeWithoutStarvingOtherTasks() async throws {
        let names = ["stuck-1.test", "stuck-2.test", "stuck-3.test"]
        let resolver = TestResolver(table: [:], stuck: Dictionary(uniqueKeysWithValues: names.map { ($0, Duration.seconds(30)) }))
        let fetcher = HTTPFetcher(userAgent: "t", connectTimeout: 1, readTimeout: 1, resolver: resolver, dnsTimeout: 1)
        let ticks = NIOLockedValueBox(0)
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(10))
                ticks.withLockedValue { $0 += 1 }
            }
        }
        let start = ContinuousClock.now
        // More hung lookups than the cooperative pool has threads.
        let errors = await withTaskGroup(of: FetchError?.self) { group in
            for name in names {
                group.addTask {
                    do throws(FetchError) {
                        _ = try await fetcher.fetch(FetchRequest(url: "http://\(name)/feed", timeout: 20))
                        return nil
                    } catch {
                        return error
                    }
                }
            }
            return await group.reduce(into: [FetchError?]()) { $0.append($1) }
        }
        let elapsed = ContinuousClock.now - start
        ticker.cancel()
        #expect(elapsed < .seconds(4))
        #expect(errors.count == 3)
        for error in errors {
            guard case .dnsFailure(_, let detail)? = error else {
                Issue.record("expected a DNS failure, got \(String(describing: error))")
                continue
            }
            #expect(detail?.contains("timed out") == true)
            #expect(error?.isNetworkLevel == true)
        }
        // About 100 ticks in a second on an idle machine, 20-odd when other suites load both
        // cores and as few as 6 beside a training run; a starved pool would show none until the end.
        #expect(ticks.withLockedValue { $0 } >= 3)
        await fetcher.shutdown()
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start..<start + needle.count].elementsEqual(needle) {
            return true
        }
        return false
    }
}

/// A TCP listener on a loopback address that records every connection and the bytes it
/// received: a canary that must stay silent, or a stand-in HTTPS server that shows what a TLS
/// client sent (the server name travels in clear in the ClientHello). With `reply`, it answers
/// each connection's first request with those bytes and closes; without, it closes after the
/// first bytes arrive.
final class RawListener: Sendable {
    let group: MultiThreadedEventLoopGroup
    let channel: Channel
    private let log: NIOLockedValueBox<[[UInt8]]>

    var port: Int { channel.localAddress?.port ?? 0 }
    var connections: Int { log.withLockedValue { $0.count } }
    var received: [[UInt8]] { log.withLockedValue { $0 } }

    init(host: String, port: Int = 0, reply: [UInt8]? = nil) throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let log = NIOLockedValueBox<[[UInt8]]>([])
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Handler(log: log, reply: reply))
                }
            }
        do {
            self.channel = try bootstrap.bind(host: host, port: port).wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw error
        }
        self.group = group
        self.log = log
    }

    func shutdown() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let log: NIOLockedValueBox<[[UInt8]]>
        let reply: [UInt8]?
        var index = 0
        var answered = false

        init(log: NIOLockedValueBox<[[UInt8]]>, reply: [UInt8]?) {
            self.log = log
            self.reply = reply
        }

        func channelActive(context: ChannelHandlerContext) {
            index = log.withLockedValue { $0.append([]); return $0.count - 1 }
            context.fireChannelActive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let bytes = Array(unwrapInboundIn(data).readableBytesView)
            let seen = log.withLockedValue { log -> [UInt8] in
                if log[index].count < 1 << 16 { log[index].append(contentsOf: bytes) }
                return log[index]
            }
            guard !answered else { return }
            guard let reply else {
                answered = true
                context.close(promise: nil)
                return
            }
            if DialledAddressTests.contains(seen, Array("\r\n\r\n".utf8)) {
                answered = true
                var buffer = context.channel.allocator.buffer(capacity: reply.count)
                buffer.writeBytes(reply)
                // The reply says Connection: close; the client hangs up.
                context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
            }
        }
    }
}
