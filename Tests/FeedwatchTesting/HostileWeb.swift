import Foundation
import NIOPosix

/// A loopback web that misbehaves in every way we could think of, for battery tests of the real
/// daemon: one feed URL per misbehaviour, each with what feedwatch must make of it, beside three
/// honest feeds whose stories must still reach the digest.
///
/// Everything listens on 127.0.0.0/8 only. Addresses that a feed must never make feedwatch
/// contact are played by canary servers on other loopback addresses (127.0.0.2, and a port on
/// 127.0.0.1 reached only as 0.0.0.0): redirects and links point at them in every spelling, and
/// a canary that counts no connection proves the request was refused before it was made. No
/// redirect or link points at an address outside loopback.
public final class HostileWeb: @unchecked Sendable {
    /// What feedwatch must make of a feed.
    public enum Expectation: Sendable, Equatable {
        /// An honest feed: these titles must reach the digest.
        case sound(titles: [String])
        /// The poll must fail and `status` must name why: its last error contains one of
        /// these words (compared without case); empty means any non-empty error will do.
        case fails(naming: [String])
        /// Odd but usable (or not): success, or a failure with a non-empty last error.
        case survives
    }

    public struct Feed: Sendable {
        public var name: String
        public var url: String
        public var expectation: Expectation
        /// Fetch the pages the items link to (`full_text = true` for this feed).
        public var fullText: Bool
    }

    public private(set) var feeds: [Feed] = []
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
    /// The honest feeds (a real HTTP server).
    public let honest: LoopbackHTTPServer
    /// Most misbehaviours share this host, so per-host politeness applies as in the wild.
    public let hostile: RawHTTPServer
    /// A host per Retry-After answer: a 429 holds back every feed of its host.
    var waitHosts: [RawHTTPServer] = []
    /// Servers that must never see a connection.
    public let canary: RawHTTPServer
    public let anyAddressCanary: RawHTTPServer
    public private(set) var ipv6Canary: RawHTTPServer?

    public var canaries: [RawHTTPServer] { [canary, anyAddressCanary] + (ipv6Canary.map { [$0] } ?? []) }

    /// Connections the canaries accepted (must be zero).
    public var canaryConnections: Int { canaries.reduce(0) { $0 + $1.connections } }

    static let timeouts = ["timed out", "timeout", "time limit"]
    static let refusals = ["private", "loopback", "refused", "blocked", "not allowed", "forbidden", "link-local", "reserved"]
    static let malformed: [String] = []

    /// Starts every server and builds the catalogue.
    public init() throws {
        honest = try LoopbackHTTPServer(host: "127.0.0.1")
        hostile = try RawHTTPServer(host: "127.0.0.3", group: group)
        canary = try RawHTTPServer(host: "127.0.0.2", group: group)
        anyAddressCanary = try RawHTTPServer(host: "127.0.0.1", group: group)
        ipv6Canary = try? RawHTTPServer(host: "::1", group: group)
        addHonestFeeds()
        try addWaitHosts()
        addHeaderLies()
        addBodyLies()
        addRedirects()
        addPrivateRedirects()
        addHTTPOddities()
        addHostileDocuments()
    }

    public func shutdown() async {
        await honest.shutdown()
        for server in [hostile] + waitHosts + canaries { await server.shutdown() }
        try? await group.shutdownGracefully()
    }

    public func feed(named name: String) -> Feed? { feeds.first { $0.name == name } }

    func add(_ name: String, on server: RawHTTPServer, _ expectation: Expectation, fullText: Bool = false, steps: [RawHTTPServer.Step]) {
        let path = "/h/\(name)"
        server.serve(path, steps)
        feeds.append(Feed(name: name, url: server.url(path), expectation: expectation, fullText: fullText))
    }

    /// A valid little RSS feed whose items are named after the endpoint.
    static func validRSS(_ name: String) -> [UInt8] {
        Array(("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Endpoint \(name)</title>"
            + "<item><title>Item one of \(name)</title><guid>\(name)-1</guid><description>First item.</description></item>"
            + "<item><title>Item two of \(name)</title><guid>\(name)-2</guid><description>Second item.</description></item>"
            + "</channel></rss>\n").utf8)
    }

    // MARK: - Honest feeds

    public static let honestStories: [(feed: String, stories: [HostileFeedBodies.Story])] = [
        ("Harbour Gazette", [
            .init(title: "Harbour bridge reopens after six months of repairs",
                  summary: "The harbour bridge reopened to traffic on Tuesday morning after six months of repairs to its deck, the city council said.",
                  path: "/gazette/bridge"),
            .init(title: "City council votes to extend night bus routes",
                  summary: "Night buses will run to the northern estates from March after councillors approved the extension by 31 votes to 12.",
                  path: "/gazette/buses"),
            .init(title: "Central library wins national design award",
                  summary: "The central library, rebuilt after the 2021 fire, has won the national award for public buildings.",
                  path: "/gazette/library"),
        ]),
        ("Valley Courier", [
            .init(title: "Valley farmers report record apple harvest",
                  summary: "Orchards across the valley picked 14,000 tonnes of apples this autumn, the largest harvest on record.",
                  path: "/courier/apples"),
            .init(title: "New cycle path links the two river towns",
                  summary: "A six-mile cycle path along the old railway line now links the two river towns, opening on Saturday.",
                  path: "/courier/cycle-path"),
            .init(title: "Harbour bridge open to traffic again after repairs",
                  summary: "Drivers crossed the harbour bridge again on Tuesday as six months of deck repairs ended ahead of schedule.",
                  path: "/courier/bridge"),
        ]),
        ("Moorside Post", [
            .init(title: "Moorside school choir to sing at the spring festival",
                  summary: "The Moorside primary school choir has been invited to open the spring festival in the cathedral.",
                  path: "/post/choir"),
            .init(title: "Water company fixes burst main on the high street",
                  summary: "Engineers repaired a burst water main on the high street overnight; supplies were back by six in the morning.",
                  path: "/post/water"),
            .init(title: "Harbour bridge reopens as deck repairs finish early",
                  summary: "The harbour bridge reopened on Tuesday after deck repairs finished two weeks early, the council said.",
                  path: "/post/bridge"),
        ]),
    ]

    func addHonestFeeds() {
        let base = "http://127.0.0.1:\(honest.port)"
        let (gazette, courier, post) = (Self.honestStories[0], Self.honestStories[1], Self.honestStories[2])
        honest.serve("/honest/rss", headers: [("Content-Type", "application/rss+xml; charset=utf-8")],
                     body: HostileFeedBodies.rss(title: gazette.feed, base: base, stories: gazette.stories))
        honest.serve("/honest/atom", headers: [("Content-Type", "application/atom+xml")],
                     body: HostileFeedBodies.atom(title: courier.feed, base: base, stories: courier.stories))
        honest.serve("/honest/json", headers: [("Content-Type", "application/feed+json")],
                     body: HostileFeedBodies.jsonFeed(title: post.feed, base: base, stories: post.stories))
        for (path, source) in [("/honest/rss", gazette), ("/honest/atom", courier), ("/honest/json", post)] {
            feeds.append(Feed(name: path.replacingOccurrences(of: "/honest/", with: "honest-"), url: honest.url(path),
                              expectation: .sound(titles: source.stories.map(\.title)), fullText: false))
        }
    }

    // MARK: - Retry-After, each on its own host

    func addWaitHosts() throws {
        let values = [
            ("retry-after-1e20", "1e20"), ("retry-after-inf", "inf"), ("retry-after-negative", "-5"), ("retry-after-nan", "nan"),
            ("retry-after-20-digits", "99999999999999999999"), ("retry-after-int64-max", "9223372036854775807"),
            ("retry-after-year-9999", "Fri, 31 Dec 9999 23:59:59 GMT"), ("retry-after-year-1900", "Mon, 01 Jan 1900 00:00:00 GMT"),
            ("retry-after-garbage", "soon, maybe \u{85}<2>\(HostileFeedBodies.forgeryMarker)"), ("retry-after-empty", ""),
            ("retry-after-fraction", "0.000000000000000000001"), ("retry-after-1e308", "1e308"),
        ]
        for (i, (name, value)) in values.enumerated() {
            let server = try RawHTTPServer(host: "127.0.0.\(20 + i)", group: group)
            waitHosts.append(server)
            add(name, on: server, .fails(naming: ["429", "retry-after", "wait", "deferred"]),
                steps: RawHTTPServer.plain("429 Too Many Requests", contentType: "text/plain", extraHeaders: [("Retry-After", value)],
                                           body: Array("slow down".utf8)))
        }
        let server = try RawHTTPServer(host: "127.0.0.\(20 + values.count)", group: group)
        waitHosts.append(server)
        add("unavailable-retry-after-inf", on: server, .fails(naming: ["503", "retry-after", "wait", "deferred", "unavailable"]),
            steps: RawHTTPServer.plain("503 Service Unavailable", contentType: "text/plain", extraHeaders: [("Retry-After", "inf")],
                                       body: Array("down".utf8)))
    }

    // MARK: - Lying headers on a good body

    func addHeaderLies() {
        for (name, value) in [("max-age-1e308", "max-age=1e308"), ("max-age-negative", "max-age=-1"),
                              ("max-age-20-digits", "max-age=99999999999999999999"), ("max-age-nan", "max-age=nan, s-maxage=inf"),
                              ("max-age-empty", "max-age=, max-age=\"\", no-cache=\u{85}")] {
            add("cache-control-" + name, on: hostile, .survives,
                steps: RawHTTPServer.plain(extraHeaders: [("Cache-Control", value), ("Expires", "Fri, 31 Dec 99999 23:59:59 GMT")],
                                           body: Self.validRSS(name)))
        }
        add("charset-says-utf16", on: hostile, .survives,
            steps: RawHTTPServer.plain(contentType: "application/rss+xml; charset=UTF-16", body: Self.validRSS("utf16-lie")))
        add("charset-unknown", on: hostile, .survives,
            steps: RawHTTPServer.plain(contentType: "application/rss+xml; charset=x-klingon-\u{202E}\(HostileFeedBodies.forgeryMarker)",
                                       body: Self.validRSS("klingon")))
        add("content-type-forged", on: hostile, .fails(naming: ["not a feed", "web page", "html"]),
            steps: RawHTTPServer.plain(contentType: "text/html\u{85}<2>\(HostileFeedBodies.forgeryMarker)\u{202E}\u{2028}",
                                       body: Array("<!doctype html><html><head><title>Home</title></head><body><p>Welcome</p></body></html>".utf8)))
        add("etag-and-validators-absurd", on: hostile, .survives,
            steps: RawHTTPServer.plain(extraHeaders: [("ETag", String(repeating: "\u{85}e", count: 4000)),
                                                      ("Last-Modified", "Sun, 04 Dec 292277026596 15:30:07 GMT")],
                                       body: Self.validRSS("validators")))
    }

    // MARK: - Lying lengths and encodings

    func addBodyLies() {
        let body = Self.validRSS("lengths")
        // `Connection: close` throughout: these answers end in a close, and a client that pooled
        // the connection would otherwise fail the next feed on this host by no fault of that feed.
        let head = { (headers: [(String, String)]) in
            RawHTTPServer.response(headers: [("Content-Type", "application/rss+xml"), ("Connection", "close")] + headers)
        }
        add("length-longer-then-close", on: hostile, .fails(naming: Self.malformed),
            steps: [.send(head([("Content-Length", "5000")]) + body), .close])
        add("length-longer-then-silence", on: hostile, .fails(naming: Self.timeouts),
            steps: [.send(head([("Content-Length", "5000")]) + body), .hang])
        add("length-shorter", on: hostile, .survives,
            steps: [.send(head([("Content-Length", "60")]) + body), .close])
        add("length-negative", on: hostile, .fails(naming: Self.malformed),
            steps: [.send(head([("Content-Length", "-1")]) + body), .close])
        add("length-two-values", on: hostile, .fails(naming: Self.malformed),
            steps: [.send(head([("Content-Length", "10"), ("Content-Length", String(body.count))]) + body), .close])
        add("length-huge-number", on: hostile, .fails(naming: Self.malformed),
            steps: [.send(head([("Content-Length", "99999999999999999999999999999")]) + body), .close])
        add("length-over-limit", on: hostile, .fails(naming: ["larger", "limit", "too large", "size"]),
            steps: [.send(head([("Content-Length", "1073741824")]) + body), .close])
        add("body-over-limit", on: hostile, .fails(naming: ["larger", "limit", "too large", "size"]),
            steps: [.send(head([])), .send([UInt8](repeating: UInt8(ascii: " "), count: 12 << 20)), .close])
        add("chunk-size-huge", on: hostile, .fails(naming: Self.malformed),
            steps: [.send(head([("Transfer-Encoding", "chunked")]) + Array("ffffffffffffffffffffff\r\nabc\r\n".utf8)), .close])
        add("chunked-and-length", on: hostile, .survives,
            steps: [.send(head([("Transfer-Encoding", "chunked"), ("Content-Length", "3")])
                          + Array(String(body.count, radix: 16).utf8) + [13, 10] + body + Array("\r\n0\r\n\r\n".utf8)), .close])
        add("gzip-bomb", on: hostile, .fails(naming: ["decompress", "bomb", "expands", "larger", "limit", "too large"]),
            steps: [.send(head([("Content-Encoding", "gzip")]) + CompressedBodies.gzipBomb(expandedSize: 256 << 20)), .close])
        add("gzip-that-is-not", on: hostile, .fails(naming: ["compress", "gzip", "encoding", "corrupt", "invalid"]),
            steps: [.send(head([("Content-Encoding", "gzip"), ("Content-Length", String(body.count))]) + body), .close])
        let truncated = CompressedBodies.truncatedZlib(body, keeping: body.count / 2)
        add("deflate-truncated", on: hostile, .survives,
            steps: [.send(head([("Content-Encoding", "deflate"), ("Content-Length", String(truncated.count))]) + truncated), .close])
        add("encoding-unknown", on: hostile, .survives,
            steps: [.send(head([("Content-Encoding", "x-evil\u{85}<2>\(HostileFeedBodies.forgeryMarker)"), ("Content-Length", String(body.count))]) + body), .close])
    }

    // MARK: - Redirects

    func redirect(_ name: String, to location: String, status: String = "302 Found", _ expectation: Expectation) {
        add(name, on: hostile, expectation,
            steps: RawHTTPServer.plain(status, contentType: "text/plain", extraHeaders: [("Location", location)], body: Array("moved".utf8)))
    }

    func addRedirects() {
        let here = "http://127.0.0.3:\(hostile.port)"
        let schemes = ["scheme", "unsupported", "invalid", "redirect", "refused"]
        redirect("redirect-file", to: "file:///etc/passwd", .fails(naming: schemes))
        redirect("redirect-javascript", to: "javascript:alert(document.cookie)", .fails(naming: schemes))
        redirect("redirect-ftp", to: "ftp://127.0.0.2:\(canary.port)/feed.xml", .fails(naming: schemes + Self.refusals))
        redirect("redirect-data", to: "data:application/rss+xml;base64,PHJzcz48L3Jzcz4=", .fails(naming: schemes))
        redirect("redirect-gopher", to: "gopher://127.0.0.2:\(canary.port)/1", .fails(naming: schemes + Self.refusals))
        redirect("redirect-empty-location", to: "", .fails(naming: Self.malformed))
        redirect("redirect-location-escapes", to: "\(here)/h/next\u{1B}[2J\u{1B}]0;\(HostileFeedBodies.forgeryMarker)\u{7}",
                 .fails(naming: Self.malformed))
        redirect("redirect-location-line-break", to: "\(here)/h/next\n<2>\(HostileFeedBodies.forgeryMarker) critical", .fails(naming: Self.malformed))
        redirect("redirect-location-c1-and-bidi", to: "\(here)/h/next\u{85}<2>\(HostileFeedBodies.forgeryMarker)\u{202E}\u{2028}",
                 .fails(naming: Self.malformed))
        redirect("redirect-location-spaces", to: " \(here)/h/a b c ", .fails(naming: Self.malformed))
        redirect("redirect-location-encoded-newline", to: "\(here)/h/next%0A%3C2%3E\(HostileFeedBodies.forgeryMarker)", .fails(naming: Self.malformed))
        redirect("redirect-to-itself", to: "\(here)/h/redirect-to-itself", .fails(naming: ["redirect", "loop"]))
        add("redirect-without-location", on: hostile, .fails(naming: ["301"]),
            steps: RawHTTPServer.plain("301 Moved Permanently", contentType: "text/plain", body: Array("moved".utf8)))
        // A loop of two, and a chain of twenty hops.
        hostile.serve("/h/loop-b", RawHTTPServer.plain("302 Found", contentType: "text/plain", extraHeaders: [("Location", "/h/redirect-loop")], body: []))
        redirect("redirect-loop", to: "/h/loop-b", .fails(naming: ["redirect", "loop"]))
        for hop in 1..<20 {
            let next = hop == 19 ? "/h/chain-end" : "/h/chain-\(hop + 1)"
            hostile.serve("/h/chain-\(hop)", RawHTTPServer.plain("301 Moved Permanently", contentType: "text/plain", extraHeaders: [("Location", next)], body: []))
        }
        hostile.serve("/h/chain-end", RawHTTPServer.plain(body: Self.validRSS("chain-end")))
        redirect("redirect-chain-20", to: "/h/chain-1", status: "301 Moved Permanently", .fails(naming: ["redirect"]))
    }

    /// Redirects to addresses feedwatch must refuse before connecting, every one a canary.
    func addPrivateRedirects() {
        let c = canary.port
        var targets = [
            ("loopback-other", "http://127.0.0.2:\(c)/feed"),
            ("hex", "http://0x7f.0.0.2:\(c)/feed"),
            ("decimal", "http://2130706434:\(c)/feed"),
            ("short", "http://127.2:\(c)/feed"),
            ("octal", "http://0177.0.0.02:\(c)/feed"),
            ("v4-mapped", "http://[::ffff:127.0.0.2]:\(c)/feed"),
            ("v4-mapped-hex", "http://[::ffff:7f00:2]:\(c)/feed"),
            ("userinfo", "http://feeds.example.com@127.0.0.2:\(c)/feed"),
            ("scheme-relative", "//127.0.0.2:\(c)/feed"),
            ("https", "https://127.0.0.2:\(c)/feed"),
            ("trailing-dot", "http://127.0.0.2.:\(c)/feed"),
            ("any-address", "http://0.0.0.0:\(anyAddressCanary.port)/feed"),
            ("any-address-short", "http://0:\(anyAddressCanary.port)/feed"),
        ]
        if let v6 = ipv6Canary { targets.append(("ipv6-loopback", "http://[::1]:\(v6.port)/feed")) }
        for (name, location) in targets {
            redirect("private-" + name, to: location, .fails(naming: Self.refusals))
        }
        redirect("private-permanent", to: "http://127.0.0.2:\(c)/moved", status: "308 Permanent Redirect", .fails(naming: Self.refusals))
        // Items whose pages are on canaries: the feed is fine, its pages must not be fetched.
        let items = targets.map { name, location in
            "<item><title>Page on \(name)</title><guid>page-\(name)</guid>"
                + "<link>\(location.hasPrefix("//") ? "http:" + location : location)</link><description>Short.</description></item>"
        }.joined()
        add("article-links-private", on: hostile, .survives, fullText: true,
            steps: RawHTTPServer.plain(body: Array(("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Links inward</title>" + items + "</channel></rss>").utf8)))
    }

    // MARK: - HTTP oddities

    func addHTTPOddities() {
        let body = Self.validRSS("oddities")
        let ok = { (status: String) in
            RawHTTPServer.response(status, headers: [("Content-Type", "application/rss+xml"), ("Content-Length", String(body.count)),
                                                     ("Connection", "close")], body: body)
        }
        add("trickling-body", on: hostile, .fails(naming: Self.timeouts),
            steps: [.send(RawHTTPServer.response(headers: [("Content-Type", "application/rss+xml"), ("Connection", "close")]) + Array("<rss".utf8)),
                    .trickleForever(UInt8(ascii: " "), milliseconds: 1000)])
        add("trickling-headers", on: hostile, .fails(naming: Self.timeouts),
            steps: [.trickle(Array("HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nX-Slow: ".utf8), milliseconds: 50),
                    .trickleForever(UInt8(ascii: "a"), milliseconds: 1000)])
        add("never-answers", on: hostile, .fails(naming: Self.timeouts), steps: [.hang])
        add("closes-at-once", on: hostile, .fails(naming: Self.malformed), steps: [.close])
        add("headers-then-close", on: hostile, .fails(naming: Self.malformed),
            steps: [.send(RawHTTPServer.response(headers: [("Content-Type", "application/rss+xml"), ("Content-Length", "500"), ("Connection", "close")])), .close])
        add("headers-then-silence", on: hostile, .fails(naming: Self.timeouts),
            steps: [.send(RawHTTPServer.response(headers: [("Content-Type", "application/rss+xml"), ("Content-Length", "500")])), .hang])
        add("headers-no-body", on: hostile, .fails(naming: ["not a feed", "empty", "no feed", "parse"]),
            steps: [.send(RawHTTPServer.response(headers: [("Content-Type", "application/rss+xml"), ("Connection", "close")])), .close])
        add("header-line-1mb", on: hostile, .fails(naming: Self.malformed),
            steps: [.send(RawHTTPServer.response(headers: [("Content-Type", "application/rss+xml"),
                                                           ("X-Junk", String(repeating: "a", count: 1 << 20))], body: body)), .close])
        add("headers-100000", on: hostile, .fails(naming: Self.malformed),
            steps: [.send(RawHTTPServer.response(headers: (0..<100_000).map { ("X-H\($0)", "v") }, body: body)), .close])
        add("status-999", on: hostile, .fails(naming: ["999"]), steps: [.send(ok("HTTP/1.1 999 Whatever")), .close])
        add("status-not-a-number", on: hostile, .fails(naming: Self.malformed), steps: [.send(ok("HTTP/1.1 2x0 OK")), .close])
        add("status-line-forged", on: hostile, .fails(naming: Self.malformed),
            steps: [.send(ok("\u{1B}[2J\n<2>\(HostileFeedBodies.forgeryMarker) HTTP/1.1 200 OK")), .close])
        add("reason-phrase-forged", on: hostile, .fails(naming: ["500"]),
            steps: [.send(ok("HTTP/1.1 500 \u{85}<2>\(HostileFeedBodies.forgeryMarker)\u{202E}")), .close])
        add("http-0.9", on: hostile, .survives, steps: [.send(body), .close])
        add("http-version-9", on: hostile, .survives, steps: [.send(ok("HTTP/9.9 200 OK")), .close])
        add("continue-flood", on: hostile, .survives,
            steps: [.send(Array(String(repeating: "HTTP/1.1 100 Continue\r\n\r\n", count: 2000).utf8) + ok("HTTP/1.1 200 OK")), .close])
        add("not-modified-unasked", on: hostile, .survives,
            steps: [.send(RawHTTPServer.response("HTTP/1.1 304 Not Modified", headers: [("Connection", "close")])), .close])
        add("no-content-with-body", on: hostile, .survives, steps: [.send(ok("HTTP/1.1 204 No Content")), .close])
        add("header-nul", on: hostile, .survives,
            steps: [.send(RawHTTPServer.response(headers: [("Content-Type", "application/rss+xml"), ("X-Evil", "a\u{0}b\u{1B}[31m"),
                                                           ("Content-Length", String(body.count)), ("Connection", "close")], body: body)), .close])
        add("binary-garbage", on: hostile, .fails(naming: ["not a feed", "parse", "xml", "json"]),
            steps: RawHTTPServer.plain(body: (0..<65_536).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13) }))
    }

    // MARK: - Hostile documents

    func addHostileDocuments() {
        let canaryBase = "http://127.0.0.2:\(canary.port)"
        let doc = { (name: String, text: String, contentType: String, fullText: Bool) in
            self.add(name, on: self.hostile, .survives, fullText: fullText,
                     steps: RawHTTPServer.plain(contentType: contentType, body: Array(text.utf8)))
        }
        let rss = "application/rss+xml; charset=utf-8"
        doc("items-100000", HostileFeedBodies.manyItems(100_000), rss, false)
        doc("nesting-xml-10000", HostileFeedBodies.deepXML(10_000), rss, false)
        doc("nesting-html-summary-10000", HostileFeedBodies.deepHTMLSummary(10_000), rss, false)
        doc("nesting-json-10000", HostileFeedBodies.deepJSON(10_000), "application/feed+json", false)
        doc("dates-rss", HostileFeedBodies.rssWithDates(HostileFeedBodies.extremeRSSDates), rss, false)
        doc("dates-atom", HostileFeedBodies.atomWithDates(HostileFeedBodies.extremeISODates), "application/atom+xml", false)
        doc("dates-json", HostileFeedBodies.jsonWithDates(HostileFeedBodies.extremeISODates + HostileFeedBodies.extremeRSSDates), "application/feed+json", false)
        for (name, hints) in [
            ("ttl-1e30", "<ttl>1e30</ttl>"), ("ttl-negative", "<ttl>-1</ttl>"), ("ttl-20-digits", "<ttl>99999999999999999999</ttl>"),
            ("ttl-int64-max", "<ttl>9223372036854775807</ttl>"),
            ("update-frequency-zero", "<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>0</sy:updateFrequency>"),
            ("update-frequency-negative", "<sy:updatePeriod>daily</sy:updatePeriod><sy:updateFrequency>-5</sy:updateFrequency>"),
            ("update-frequency-huge", "<sy:updatePeriod>yearly</sy:updatePeriod><sy:updateFrequency>99999999999999999999</sy:updateFrequency>"),
            ("update-period-weird", "<sy:updatePeriod>fortnightly\u{202E}</sy:updatePeriod><sy:updateFrequency>1e30</sy:updateFrequency><sy:updateBase>0001-01-01T00:00</sy:updateBase>"),
            ("skip-hours-all", "<skipHours>" + (0..<24).map { "<hour>\($0)</hour>" }.joined() + "<hour>99999999999999999999</hour></skipHours>"),
        ] {
            doc("hints-" + name, HostileFeedBodies.rssWithRefreshHints(hints, name: name), rss, false)
        }
        doc("entity-bomb", HostileFeedBodies.entityBomb, rss, false)
        doc("external-entities", HostileFeedBodies.externalEntities(canaryURL: canaryBase + "/xxe"), rss, false)
        doc("controls-rss-raw", HostileFeedBodies.rssWithText(HostileFeedBodies.controlText, linkBase: canaryBase), rss, true)
        doc("controls-rss-legal", HostileFeedBodies.rssWithText(HostileFeedBodies.xmlLegalControlText, linkBase: canaryBase), rss, true)
        doc("controls-atom", HostileFeedBodies.atomWithText(HostileFeedBodies.xmlLegalControlText, linkBase: canaryBase), "application/atom+xml", true)
        doc("controls-json", HostileFeedBodies.jsonWithText(HostileFeedBodies.controlText, linkBase: canaryBase), "application/feed+json", true)
        doc("json-wrong-types", HostileFeedBodies.jsonWrongTypes, "application/feed+json", false)
        doc("title-2mb", "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Long</title><item><title>"
            + String(repeating: "word ", count: 400_000) + "</title><guid>long-title</guid></item></channel></rss>", rss, false)
    }

    // MARK: - Config

    /// A feedwatch config for the whole web: state and digests under `directory`, short fetch
    /// timeouts so that trickling and silent servers end, private networks refused.
    public func config(fetchTimeout: String = "3s") -> String {
        var text = """
        # The hostile-web battery (written by the test).
        state_dir = "state"
        digest_dir = "digests"
        timezone = "UTC"
        formats = ["md", "html", "json"]
        fetch_timeout = "\(fetchTimeout)"
        per_host_spacing = "0s"
        per_host_concurrency = 8
        max_concurrent_fetches = 16
        max_body_size = "8MiB"
        full_text = false
        allow_private_networks = false

        """
        for feed in feeds {
            text += "\n[[feed]]\nurl = \"\(feed.url)\"\nname = \"\(feed.name)\"\n"
            if feed.fullText { text += "full_text = true\n" }
        }
        return text
    }
}
