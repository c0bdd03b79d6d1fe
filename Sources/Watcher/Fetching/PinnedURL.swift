import Foundation

/// A plain-HTTP request sent to the address the guard vetted, with the name in the Host header.
///
/// Vetting a host and then letting the HTTP client resolve it again leaves a gap: a name can
/// answer with a public address to the first lookup and 127.0.0.1 to the second (DNS
/// rebinding). Connecting to the vetted address closes it. HTTPS keeps the name, because TLS
/// must check the certificate against it — and a rebound name cannot present a valid
/// certificate for itself from an internal service.
public struct PinnedURL: Equatable, Sendable {
    /// The URL to connect to (host replaced by the address).
    public var url: String
    /// The value for the Host header: the original host, and port when one was given.
    public var hostHeader: String

    /// Nil when the URL is not plain HTTP with a host name (an address literal needs no pinning).
    public init?(_ url: String, address: String) {
        guard var components = URLComponents(string: url), components.scheme?.lowercased() == "http",
              let host = components.host, !host.isEmpty, IPAddressRange.parse(host) == nil,
              !(host.hasPrefix("[") && host.hasSuffix("]")) else { return nil }
        let literal = address.contains(":") ? "[\(address)]" : address
        components.percentEncodedHost = literal
        guard let pinned = components.string else { return nil }
        self.url = pinned
        self.hostHeader = components.port.map { "\(host):\($0)" } ?? host
    }
}
