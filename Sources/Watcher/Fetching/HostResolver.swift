import CFeedwatchSystem

/// Turns a host name into the addresses a connection to it would use.
///
/// The address guard asks a resolver, not DNS directly, so that what it vets and what the
/// fetcher then connects to are the same answer (see `PinnedURL`), and so that a network of
/// names that do not exist here — an intranet host, a name that rebinds to 127.0.0.1 — can be
/// stood up in a test without touching the system's DNS. The guard bounds every lookup with a
/// timeout of its own, whatever the resolver does.
public protocol HostResolver: Sendable {
    /// Every address of `host`, as text (`93.184.216.34`, `2001:db8::1`); throws
    /// `FetchError.dnsFailure` when there is none.
    func addresses(of host: String) async throws(FetchError) -> [String]
}

/// The system's resolver (getaddrinfo: /etc/hosts, then DNS, as nsswitch.conf says).
///
/// getaddrinfo blocks, and waits as long as resolv.conf lets it for a dead DNS server, so it
/// runs on the DNS threads of `BlockingExecutor`, never on the cooperative pool, and the caller
/// stops waiting after `timeout`.
public struct SystemResolver: HostResolver {
    public var timeout: Duration

    public init(timeout: Duration = .seconds(10)) {
        self.timeout = timeout
    }

    public func addresses(of host: String) async throws(FetchError) -> [String] {
        let answer = await BlockingExecutor.dns.run(timeout: timeout) { Self.lookup(host) }
        guard let answer else { throw FetchError.dnsFailure(host: host, detail: "no answer within \(Self.seconds(timeout)) s (timed out)") }
        guard let addresses = answer, !addresses.isEmpty else { throw FetchError.dnsFailure(host: host) }
        return addresses
    }

    /// The blocking getaddrinfo call; nil when the name has no address.
    static func lookup(_ host: String) -> [String]? {
        var buffer = [CChar](repeating: 0, count: 2048)
        let count = fw_resolve_host(host, &buffer, buffer.count)
        guard count > 0 else { return nil }
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let addresses = text.split(separator: "\n").map(String.init)
        return addresses.isEmpty ? nil : addresses
    }

    /// `host` read as an address literal, in any spelling the system's own parser accepts
    /// (`127.1`, `0x7f.1`, `0177.0.0.1`, `2130706433`, `::ffff:7f00:1`), in canonical text; nil
    /// for a name. Pure parsing: no lookup, no network, so it may run anywhere.
    public static func numericAddress(_ host: String) -> String? {
        guard !host.isEmpty, host.utf8.count < 256, !host.utf8.contains(0) else { return nil }
        var buffer = [CChar](repeating: 0, count: 64)
        guard fw_numeric_host(host, &buffer, buffer.count) == 1 else { return nil }
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text.isEmpty ? nil : text
    }

    static func seconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds) + (duration.components.attoseconds >= 500_000_000_000_000_000 ? 1 : 0)
    }
}
