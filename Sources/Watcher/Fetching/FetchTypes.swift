import Foundation

/// What to fetch and under which limits.
public struct FetchRequest: Sendable {
    public var url: String
    /// Validators from the last successful fetch, for a conditional GET.
    public var etag: String?
    public var lastModified: String?
    public var accept: String
    public var maxBytes: Int
    /// The whole request, headers and body, must finish within this.
    public var timeout: TimeInterval
    /// Which loopback, link-local and private addresses may be contacted (judged on the address
    /// each hop connects to, before connecting).
    public var privateAddresses: PrivateAddressPolicy
    /// For file:// URLs: the directory a page must lie under (nil: file:// is refused).
    public var fileRoot: String?

    public static let feedAccept = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
    public static let pageAccept = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"

    public init(url: String, etag: String? = nil, lastModified: String? = nil, accept: String = FetchRequest.feedAccept,
                maxBytes: Int = 15 << 20, timeout: TimeInterval = 30, privateAddresses: PrivateAddressPolicy = .onlyTheConfiguredHost,
                fileRoot: String? = "/") {
        self.url = url
        self.etag = etag
        self.lastModified = lastModified
        self.accept = accept
        self.maxBytes = maxBytes
        self.timeout = timeout
        self.privateAddresses = privateAddresses
        self.fileRoot = fileRoot
    }
}

/// One hop of a redirect chain.
public struct Redirect: Sendable, Equatable {
    public var from: String
    public var to: String
    public var status: Int
    /// 301 and 308: the resource has moved for good.
    public var isPermanent: Bool { status == 301 || status == 308 }
}

/// A completed HTTP exchange (any status), or a file read.
public struct FetchResponse: Sendable {
    public var status: Int
    public var finalURL: String
    public var body: [UInt8]
    public var contentType: String?
    public var etag: String?
    public var lastModified: String?
    /// From Cache-Control max-age (or s-maxage), seconds.
    public var maxAge: TimeInterval?
    /// From Retry-After (seconds or an HTTP date), relative to the response time.
    public var retryAfter: TimeInterval?
    public var redirects: [Redirect]

    /// The charset parameter of Content-Type, if any.
    public var charset: String? {
        guard let type = contentType else { return nil }
        for part in type.split(separator: ";").dropFirst() {
            let kv = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if kv.count == 2, kv[0].lowercased() == "charset" { return kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"'")) }
        }
        return nil
    }

    /// Every hop was permanent: the feed's address has moved for good (to `finalURL`).
    public var permanentlyMovedTo: String? {
        guard !redirects.isEmpty, redirects.allSatisfy(\.isPermanent) else { return nil }
        return finalURL
    }
}

/// Why a fetch failed, in words a user can act on.
public enum FetchError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidURL(String)
    case unsupportedScheme(String)
    case timedOut(seconds: Int)
    case tooLarge(limit: Int)
    case decompressionBomb(limit: Int)
    case redirectLoop(String)
    case tooManyRedirects(Int)
    case blockedAddress(host: String, address: String)
    /// A redirect led to a private address other than the configured host's.
    case blockedRedirect(host: String, address: String)
    /// HTTPS that could not be sent to the vetted address (sending it unpinned would let DNS rebind it).
    case unpinnable(String)
    case dnsFailure(host: String, detail: String? = nil)
    case connectionFailed(String)
    case file(String)
    case other(String)

    public var description: String {
        switch self {
        case .invalidURL(let u): return "invalid URL '\(u)'"
        case .unsupportedScheme(let u): return "unsupported URL scheme in '\(u)'"
        case .timedOut(let s): return "no complete answer within \(s) s (timed out)"
        case .tooLarge(let limit): return "the response is larger than the \(limit / 1_048_576) MiB limit (max_body_size); cut off"
        case .decompressionBomb(let limit): return "the compressed response expands past \(limit / 1_048_576) MiB (a decompression bomb?); cut off"
        case .redirectLoop(let u): return "redirect loop at \(u)"
        case .tooManyRedirects(let n): return "more than \(n) redirects"
        case .blockedAddress(let host, let address):
            return "\(host) resolves to \(address), a private/loopback address; refused (allow_private_networks = false)"
        case .blockedRedirect(let host, let address):
            return "a redirect led to \(host) at \(address), a private/loopback address that is not the configured host's; refused (allow_private_networks = false)"
        case .unpinnable(let url):
            return "cannot connect \(url) to the address that was checked; refused rather than sent unchecked"
        case .dnsFailure(let host, let detail):
            return "cannot resolve host \(host) (DNS)" + (detail.map { ": \($0)" } ?? "")
        case .connectionFailed(let why): return "connection failed: \(why)"
        case .file(let why): return why
        case .other(let why): return why
        }
    }

    /// Failures that say more about our network than about the feed: when every feed fails this
    /// way at once, feedwatch concludes the network is down.
    public var isNetworkLevel: Bool {
        switch self {
        case .timedOut, .dnsFailure, .connectionFailed: return true
        default: return false
        }
    }
}
