/// Which non-public addresses (loopback, private, link-local, ...) a fetch may connect to.
///
/// Article links come from publishers and are refused anywhere private. A feed URL comes from
/// the operator, who may well point it at an intranet server or a loopback test server, so its
/// own host may be private; but a redirect the publisher sends may not lead anywhere else that
/// is private, and a chain that has been on a public address never comes back to a private one
/// (a public feed redirecting to 169.254.169.254 or 10.0.0.1 is refused).
public enum PrivateAddressPolicy: Sendable, Equatable {
    /// Anything goes (allow_private_networks = true).
    case allowed
    /// Only public addresses, on every hop (article pages).
    case refused
    /// The first hop's host may be private; later hops may reach a private address only when it
    /// is one of that host's and the chain has not left it (feeds).
    case onlyTheConfiguredHost

    /// The policy for a feed fetch.
    public static func feeds(allowPrivateNetworks: Bool) -> PrivateAddressPolicy {
        allowPrivateNetworks ? .allowed : .onlyTheConfiguredHost
    }

    /// The policy for an article page fetch.
    public static func pages(allowPrivateNetworks: Bool) -> PrivateAddressPolicy {
        allowPrivateNetworks ? .allowed : .refused
    }
}

/// A policy applied along one redirect chain, hop by hop, before each connection.
struct AddressChainGuard {
    let policy: PrivateAddressPolicy
    private var hops = 0
    private var configuredHostAddresses: Set<String> = []
    private var stillOnConfiguredHost = true

    init(_ policy: PrivateAddressPolicy) {
        self.policy = policy
    }

    /// Throws when this hop, to `host` at `addresses` (canonical text, every address the host
    /// has), may not be contacted; else records the hop.
    mutating func admit(host: String, addresses: [String]) throws(FetchError) {
        defer { hops += 1 }
        switch policy {
        case .allowed:
            return
        case .refused:
            if let blocked = addresses.first(where: { !AddressGuard.isPublic($0) }) {
                throw FetchError.blockedAddress(host: host, address: blocked)
            }
        case .onlyTheConfiguredHost:
            if hops == 0 {
                configuredHostAddresses = Set(addresses)
                return
            }
            let foreign = addresses.first { !AddressGuard.isPublic($0) && (!stillOnConfiguredHost || !configuredHostAddresses.contains($0)) }
            if let foreign { throw FetchError.blockedRedirect(host: host, address: foreign) }
            if !addresses.allSatisfy(configuredHostAddresses.contains) { stillOnConfiguredHost = false }
        }
    }
}
