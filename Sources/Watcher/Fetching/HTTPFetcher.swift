import AsyncHTTPClient
import Foundation
import NIOCore

/// Fetches feeds and pages over HTTP(S) and from file:// — politely and within hard limits.
///
/// Redirects are followed here, hop by hop, rather than inside the HTTP client: each hop is
/// checked against the address guard, loops are caught, and the caller learns whether the move
/// was permanent (so a feed's stored URL can follow a 301/308). Bodies are streamed and cut at
/// `maxBytes`; compressed bodies are limited after decompression too (gzip bombs).
public final class HTTPFetcher: Sendable {
    let client: HTTPClient
    let userAgent: String
    let resolver: any HostResolver
    public static let maxRedirects = 8

    /// - Parameter resolver: what the address guard asks for a host's addresses (the system's
    ///   resolver, unless a test stands in a network of its own).
    public init(userAgent: String, connectTimeout: TimeInterval = 10, readTimeout: TimeInterval = 20,
                maxDecompressedBytes: Int = 15 << 20, resolver: any HostResolver = SystemResolver()) {
        self.resolver = resolver
        var config = HTTPClient.Configuration()
        config.redirectConfiguration = .disallow
        config.decompression = .enabled(limit: .size(maxDecompressedBytes))
        config.timeout = .init(connect: .milliseconds(Int64(connectTimeout * 1000)), read: .milliseconds(Int64(readTimeout * 1000)))
        config.connectionPool = .init(idleTimeout: .seconds(30))
        config.httpVersion = .automatic
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
        while true {
            guard let parsed = URL(string: url), let host = parsed.host, !host.isEmpty else { throw FetchError.invalidURL(url) }
            var pinned: PinnedURL?
            if request.refusePrivateAddresses {
                switch try AddressGuard.vet(host: host, resolver: resolver) {
                case .blocked(let address):
                    throw FetchError.blockedAddress(host: host, address: address)
                case .allowed(let address):
                    pinned = address.flatMap { PinnedURL(url, address: $0) }
                }
            }
            var http = HTTPClientRequest(url: pinned?.url ?? url)
            if let pinned { http.headers.add(name: "Host", value: pinned.hostHeader) }
            http.headers.add(name: "User-Agent", value: userAgent)
            http.headers.add(name: "Accept", value: request.accept)
            http.headers.add(name: "Accept-Encoding", value: "gzip, deflate")
            // Validators belong to the URL they came from; send them on the first hop only.
            if redirects.isEmpty {
                if let etag = request.etag { http.headers.add(name: "If-None-Match", value: etag) }
                if let lm = request.lastModified { http.headers.add(name: "If-Modified-Since", value: lm) }
            }
            let response = try await client.execute(http, deadline: deadline)
            let status = Int(response.status.code)
            if [301, 302, 303, 307, 308].contains(status), let location = response.headers.first(name: "Location") {
                guard let next = URL(string: location.trimmingCharacters(in: .whitespaces), relativeTo: parsed)?.absoluteURL.absoluteString,
                      next.lowercased().hasPrefix("http://") || next.lowercased().hasPrefix("https://") else {
                    throw FetchError.invalidURL(location)
                }
                redirects.append(Redirect(from: url, to: next, status: status))
                if visited.contains(next) { throw FetchError.redirectLoop(next) }
                if redirects.count > Self.maxRedirects { throw FetchError.tooManyRedirects(Self.maxRedirects) }
                visited.insert(next)
                url = next
                continue
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
            return FetchResponse(
                status: status, finalURL: url, body: body,
                contentType: response.headers.first(name: "Content-Type"),
                etag: response.headers.first(name: "ETag"),
                lastModified: response.headers.first(name: "Last-Modified"),
                maxAge: HTTPHeaderValues.maxAge(cacheControl: response.headers[canonicalForm: "Cache-Control"].joined(separator: ",")),
                retryAfter: HTTPHeaderValues.retryAfter(response.headers.first(name: "Retry-After"), now: now),
                redirects: redirects)
        }
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
