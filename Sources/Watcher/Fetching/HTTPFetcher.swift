import AsyncHTTPClient
import Foundation
import NIOCore

/// Fetches feeds and pages over HTTP(S) and from file:// — politely and within hard limits.
///
/// Redirects are followed here, hop by hop, rather than inside the HTTP client: each hop's host
/// is resolved once (off the cooperative threads), judged by the request's private-address
/// policy and connected to at exactly the vetted address (`PinnedURL`); loops are caught, and
/// the caller learns whether the move was permanent (so a feed's stored URL can follow a
/// 301/308). Bodies are streamed and cut at `maxBytes`; compressed bodies are limited after
/// decompression too (gzip bombs).
public final class HTTPFetcher: Sendable {
    let client: HTTPClient
    /// The shared client's settings, for the one-off clients that pin HTTPS to an address.
    let configuration: HTTPClient.Configuration
    let userAgent: String
    let resolver: any HostResolver
    /// The longest a hop's DNS lookup may take (less when the request has less time left).
    let dnsTimeout: Duration
    public static let maxRedirects = 8

    /// - Parameters:
    ///   - resolver: where each hop's host name is looked up (the system's resolver, unless a
    ///     test stands in a network of its own); every connection goes to its answer.
    ///   - dnsTimeout: seconds a lookup may take before the fetch fails with `dnsFailure`.
    public init(userAgent: String, connectTimeout: TimeInterval = 10, readTimeout: TimeInterval = 20,
                maxDecompressedBytes: Int = 15 << 20, resolver: any HostResolver = SystemResolver(),
                dnsTimeout: TimeInterval = 10) {
        self.resolver = resolver
        self.dnsTimeout = .milliseconds(Int64(min(max(dnsTimeout, 0.001), 3600) * 1000))
        var config = HTTPClient.Configuration()
        config.redirectConfiguration = .disallow
        config.decompression = .enabled(limit: .size(maxDecompressedBytes))
        config.timeout = .init(connect: .milliseconds(Int64(connectTimeout * 1000)), read: .milliseconds(Int64(readTimeout * 1000)))
        config.connectionPool = .init(idleTimeout: .seconds(30))
        config.httpVersion = .automatic
        self.configuration = config
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
        self.userAgent = userAgent
    }

    /// Stops the client; call once at shutdown.
    public func shutdown() async {
        try? await client.shutdown()
    }

    /// Fetches `request.url`, following redirects. Any HTTP status is a response, not an error;
    /// errors are for when no complete answer could be had.
    public func fetch(_ request: FetchRequest) async throws(FetchError) -> FetchResponse {
        let lower = request.url.lowercased()
        if lower.hasPrefix("file://") { return try FileFetcher.fetch(request) }
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { throw .unsupportedScheme(request.url) }
        let deadline = NIODeadline.now() + .milliseconds(Int64(request.timeout * 1000))
        do {
            return try await withDeadline(seconds: request.timeout) {
                try await self.follow(request, deadline: deadline)
            }
        } catch let error as FetchError {
            throw error
        } catch {
            throw Self.classify(error, timeout: request.timeout)
        }
    }

    private func follow(_ request: FetchRequest, deadline: NIODeadline) async throws -> FetchResponse {
        var url = request.url
        var visited: Set<String> = [url]
        var redirects: [Redirect] = []
        var chain = AddressChainGuard(request.privateAddresses)
        while true {
            guard let parsed = URL(string: url), let host = parsed.host.map(PinnedURL.clientHost), !host.isEmpty else {
                throw FetchError.invalidURL(url)
            }
            // One lookup per hop; the connection goes to exactly what was vetted.
            let addresses = try await AddressGuard.addresses(of: host, resolver: resolver, timeout: lookupTimeout(until: deadline))
            try chain.admit(host: host, addresses: addresses)
            let hop = try await exchange(request, url: url, base: parsed, addresses: addresses, redirects: redirects, deadline: deadline)
            switch hop {
            case .answer(let response):
                return response
            case .redirect(let next, let status):
                redirects.append(Redirect(from: url, to: next, status: status))
                if visited.contains(next) { throw FetchError.redirectLoop(next) }
                if redirects.count > Self.maxRedirects { throw FetchError.tooManyRedirects(Self.maxRedirects) }
                visited.insert(next)
                url = next
            }
        }
    }

    /// Sends one hop to the host's vetted addresses in the resolver's order, moving to the next
    /// one only when a connection cannot be made (an IPv6 address on a host without IPv6, one
    /// server of several down): what the HTTP client's own lookup would otherwise have done.
    private func exchange(_ request: FetchRequest, url: String, base: URL, addresses: [String], redirects: [Redirect],
                          deadline: NIODeadline) async throws -> Hop {
        let candidates = addresses.prefix(Self.maxAddressesPerHop)
        for (index, address) in candidates.enumerated() {
            let pinned = try PinnedURL(url, address: address)
            var http = HTTPClientRequest(url: pinned.url)
            if let hostHeader = pinned.hostHeader { http.headers.add(name: "Host", value: hostHeader) }
            http.headers.add(name: "User-Agent", value: userAgent)
            http.headers.add(name: "Accept", value: request.accept)
            http.headers.add(name: "Accept-Encoding", value: "gzip, deflate")
            // Validators belong to the URL they came from; send them on the first hop only.
            if redirects.isEmpty {
                if let etag = request.etag { http.headers.add(name: "If-None-Match", value: etag) }
                if let lm = request.lastModified { http.headers.add(name: "If-Modified-Since", value: lm) }
            }
            do {
                return try await withClient(connectingTo: pinned) { client in
                    try await Self.send(http, on: client, url: url, base: base, request: request, redirects: redirects, deadline: deadline)
                }
            } catch where index + 1 < candidates.count && Self.couldNotConnect(error) && NIODeadline.now() < deadline {
                continue
            }
        }
        throw FetchError.dnsFailure(host: base.host ?? url)
    }

    /// Addresses of one host tried before a hop gives up.
    static let maxAddressesPerHop = 4

    /// The connection itself failed (refused, unreachable, no answer to the handshake).
    static func couldNotConnect(_ error: any Error) -> Bool {
        if let e = error as? HTTPClientError, e == .connectTimeout { return true }
        if case .connectionFailed = classify(error, timeout: 0) { return true }
        return false
    }

    /// How one hop ended: a redirect to follow, or the answer.
    private enum Hop {
        case redirect(to: String, status: Int)
        case answer(FetchResponse)
    }

    /// Sends one hop's request and reads its answer (a redirect's target, or the whole capped body).
    private static func send(_ http: HTTPClientRequest, on client: HTTPClient, url: String, base: URL, request: FetchRequest,
                             redirects: [Redirect], deadline: NIODeadline) async throws -> Hop {
        let response = try await client.execute(http, deadline: deadline)
        let status = Int(response.status.code)
        if [301, 302, 303, 307, 308].contains(status), let location = response.headers.first(name: "Location") {
            guard let next = URL(string: location.trimmingCharacters(in: .whitespaces), relativeTo: base)?.absoluteURL.absoluteString,
                  next.lowercased().hasPrefix("http://") || next.lowercased().hasPrefix("https://") else {
                throw FetchError.invalidURL(location)
            }
            return .redirect(to: next, status: status)
        }
        if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > request.maxBytes {
            throw FetchError.tooLarge(limit: request.maxBytes)
        }
        var body: [UInt8] = []
        if status != 304 && status != 204 {
            for try await chunk in response.body {
                if body.count + chunk.readableBytes > request.maxBytes { throw FetchError.tooLarge(limit: request.maxBytes) }
                body.append(contentsOf: chunk.readableBytesView)
            }
        }
        let now = Date()
        return .answer(FetchResponse(
            status: status, finalURL: url, body: body,
            contentType: response.headers.first(name: "Content-Type"),
            etag: response.headers.first(name: "ETag"),
            lastModified: response.headers.first(name: "Last-Modified"),
            maxAge: HTTPHeaderValues.maxAge(cacheControl: response.headers[canonicalForm: "Cache-Control"].joined(separator: ",")),
            retryAfter: HTTPHeaderValues.retryAfter(response.headers.first(name: "Retry-After"), now: now),
            redirects: redirects))
    }

    /// Runs one exchange on a client that connects where `pinned` says. Plain HTTP and address
    /// URLs need nothing special (the shared client, its connection pool); HTTPS to a name gets a
    /// client of its own whose only DNS entry is that name → the vetted address, so TLS still
    /// speaks to and verifies the name while the socket goes to the address. It lives for this
    /// one exchange, body included.
    private func withClient<T>(connectingTo pinned: PinnedURL, _ body: (HTTPClient) async throws -> T) async throws -> T {
        guard !pinned.connectTo.isEmpty else { return try await body(client) }
        var configuration = self.configuration
        configuration.dnsOverride = pinned.connectTo
        let pinnedClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let value = try await body(pinnedClient)
            try? await pinnedClient.shutdown()
            return value
        } catch {
            try? await pinnedClient.shutdown()
            throw error
        }
    }

    /// The time a lookup may take: `dnsTimeout`, or what is left of the request's time if less.
    func lookupTimeout(until deadline: NIODeadline) throws(FetchError) -> Duration {
        let left = (deadline - NIODeadline.now()).nanoseconds
        guard left > 0 else { throw FetchError.timedOut(seconds: 0) }
        return min(dnsTimeout, .nanoseconds(left))
    }

    /// Races `body` against a timer: the total time limit, whatever the server does (a server
    /// that trickles one byte a second never trips a read timeout).
    private func withDeadline<T: Sendable>(seconds: TimeInterval, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw FetchError.timedOut(seconds: Int(seconds.rounded()))
            }
            return value
        }
    }

    static func classify(_ error: any Error, timeout: TimeInterval) -> FetchError {
        if let e = error as? HTTPClientError {
            switch e {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .tlsHandshakeTimeout, .getConnectionFromPoolTimeout:
                return .timedOut(seconds: Int(timeout.rounded()))
            case .remoteConnectionClosed:
                return .connectionFailed("the server closed the connection")
            case .invalidURL, .emptyHost, .emptyScheme:
                return .invalidURL("\(e)")
            default:
                return .other("HTTP error: \(e)")
            }
        }
        if error is CancellationError { return .timedOut(seconds: Int(timeout.rounded())) }
        let text = String(describing: error)
        let typeName = String(describing: type(of: error))
        if typeName.contains("DecompressionError") { return .decompressionBomb(limit: 0) }
        if typeName.contains("NIOConnectionError") || typeName.contains("IOError") || typeName.contains("ChannelError") {
            if text.contains("dns") || text.contains("DNS") || text.contains("resolve") {
                return .dnsFailure(host: "")
            }
            return .connectionFailed(Self.shortConnectionReason(text))
        }
        if typeName.contains("SSL") || typeName.contains("TLS") || typeName.contains("NIOSSL") { return .connectionFailed("TLS: \(text)") }
        return .other(text)
    }

    static func shortConnectionReason(_ text: String) -> String {
        if text.contains("refused") || text.contains("111") { return "connection refused" }
        if text.contains("unreachable") { return "network unreachable" }
        if text.contains("reset") { return "connection reset" }
        return text.count > 160 ? String(text.prefix(160)) + "…" : text
    }
}
