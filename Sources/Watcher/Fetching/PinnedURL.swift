import Foundation
import NIOCore

/// A request sent to the address the guard vetted, whatever the URL's host says.
///
/// Vetting a host and then letting the HTTP client resolve it again leaves a gap: a name can
/// answer with a public address to the first lookup and 127.0.0.1 to the second (DNS
/// rebinding), and a literal the client reads differently from the guard (`0x7f.1`) could slip
/// past it. So every request goes to the vetted address:
///
/// - HTTPS to a name: the URL is kept, so TLS sends the name (SNI) and checks the certificate
///   against it, while the connection goes to the address (`connectTo`, the HTTP client's
///   `dnsOverride` for that one name);
/// - plain HTTP, and HTTPS to an address in some other spelling (`0x5db8d822`): the URL's host
///   is replaced by the address in canonical form, and the original host goes in the Host
///   header, so a virtual host still sees its own name;
/// - a URL whose host is already the address in canonical form is sent as it is.
///
/// What cannot be expressed one of these ways is refused (`FetchError.unpinnable`), never sent
/// for the client to resolve on its own.
public struct PinnedURL: Equatable, Sendable {
    /// The URL to give the HTTP client.
    public var url: String
    /// Plain HTTP sent to an address: the Host header (the original host, and its port when it
    /// is not the default one); nil when the client's own Host header is right.
    public var hostHeader: String?
    /// HTTPS to a name: the name as the HTTP client reads it from `url`, mapped to the address
    /// the connection must go to; empty otherwise.
    public var connectTo: [String: String]
    /// The address the connection goes to (canonical text).
    public var address: String

    /// - Parameter address: a vetted address, in canonical text (`AddressGuard.addresses`).
    public init(_ url: String, address: String) throws(FetchError) {
        guard SystemResolver.numericAddress(address) == address else { throw FetchError.unpinnable(url) }
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = parsed.host.map(Self.clientHost), !host.isEmpty else { throw FetchError.invalidURL(url) }
        self.address = address
        if host == address {
            self.url = url
            self.hostHeader = nil
            self.connectTo = [:]
        } else if scheme == "https" && AddressGuard.literalAddress(host) == nil {
            self.url = url
            self.hostHeader = nil
            self.connectTo = [Self.connectionTargetHost(host): address]
        } else {
            guard var components = URLComponents(string: url) else { throw FetchError.unpinnable(url) }
            components.percentEncodedHost = address.contains(":") ? "[\(address)]" : address
            guard let pinned = components.string, let check = URL(string: pinned),
                  check.host.map(Self.clientHost) == address, check.port == parsed.port,
                  check.scheme?.lowercased() == scheme else { throw FetchError.unpinnable(url) }
            self.url = pinned
            let name = host.contains(":") ? "[\(host)]" : host
            let defaultPort = scheme == "https" ? 443 : 80
            self.hostHeader = parsed.port.map { $0 == defaultPort ? name : "\(name):\($0)" } ?? name
            self.connectTo = [:]
        }
    }

    /// The host the HTTP client connects to for a URL: Foundation's `URL.host`, brackets trimmed.
    static func clientHost(_ host: String) -> String {
        host.hasPrefix("[") && host.hasSuffix("]") && host.count >= 2 ? String(host.dropFirst().dropLast()) : host
    }

    /// The key the HTTP client looks its `dnsOverride` up by: the host, with brackets again when
    /// it is an IPv6 literal the client takes as an address (AsyncHTTPClient's connection target).
    static func connectionTargetHost(_ host: String) -> String {
        if case .v6? = try? SocketAddress(ipAddress: host, port: 443) { return "[\(host)]" }
        return host
    }
}
