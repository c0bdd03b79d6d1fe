import CFeedwatchSystem

/// Turns a host name into the addresses a connection to it would use.
///
/// The address guard asks a resolver, not DNS directly, so that what it vets and what the
/// fetcher then connects to are the same answer (see `PinnedURL`), and so that a network of
/// names that do not exist here — an intranet host, a name that rebinds to 127.0.0.1 — can be
/// stood up in a test without touching the system's DNS.
public protocol HostResolver: Sendable {
    /// Every address of `host`, as text (`93.184.216.34`, `2001:db8::1`); throws
    /// `FetchError.dnsFailure` when there is none.
    func addresses(of host: String) throws(FetchError) -> [String]
}

/// The system's resolver (getaddrinfo: /etc/hosts, then DNS, as nsswitch.conf says).
public struct SystemResolver: HostResolver {
    public init() {}

    public func addresses(of host: String) throws(FetchError) -> [String] {
        var buffer = [CChar](repeating: 0, count: 2048)
        let count = fw_resolve_host(host, &buffer, buffer.count)
        guard count > 0 else { throw FetchError.dnsFailure(host: host) }
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let addresses = text.split(separator: "\n").map(String.init)
        guard !addresses.isEmpty else { throw FetchError.dnsFailure(host: host) }
        return addresses
    }
}
