/// Where a listening socket binds: `metrics_listen = "127.0.0.1:9464"`.
///
/// Exists so that a listen address from the config is checked once, by rules a user can read in
/// the error, and reaches the socket code as a numeric host and a port in range: no name lookup at
/// bind time, no trapping conversion of the port.
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    /// A numeric IPv4 or IPv6 address (no brackets), or `localhost`.
    public var host: String
    /// 0 asks the system for a free port (tests use it).
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// The metrics and health listener's default: loopback only.
    public static let defaultMetrics = ListenAddress(host: "127.0.0.1", port: 9464)

    /// The host is on the loopback interface: only local processes can connect.
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// `host:port`, with IPv6 hosts in brackets.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Parses `host:port` (`[v6]:port` for IPv6). Returns why not, in words, when it is not one.
    public static func parse(_ text: String) -> Result<ListenAddress, ListenAddressError> {
        let hostPart: Substring
        let portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return .failure(.malformed) }
            hostPart = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.first == ":" else { return .failure(.missingPort) }
            portPart = rest.dropFirst()
            guard isIPv6(hostPart) else { return .failure(.badHost(String(hostPart))) }
        } else {
            guard let colon = text.lastIndex(of: ":") else { return .failure(.missingPort) }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
            if hostPart.contains(":") { return .failure(.malformed) }
            guard hostPart == "localhost" || isIPv4(hostPart) else { return .failure(.badHost(String(hostPart))) }
        }
        guard let port = decimal(portPart, max: 65_535) else { return .failure(.badPort(String(portPart))) }
        return .success(ListenAddress(host: String(hostPart), port: port))
    }

    /// Digits only, at most five of them, no sign, no spaces; nil past `max`.
    static func decimal(_ s: Substring, max: Int) -> Int? {
        guard !s.isEmpty, s.utf8.count <= 5 else { return nil }
        var value = 0
        for byte in s.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value <= max ? value : nil
    }

    /// Four dotted decimal parts of 0…255 each.
    static func isIPv4(_ s: Substring) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        return parts.allSatisfy { $0.utf8.count <= 3 && decimal($0, max: 255) != nil }
    }

    /// Hex groups and colons (with at most one `::`), or a trailing dotted IPv4 part.
    static func isIPv6(_ s: Substring) -> Bool {
        guard s.utf8.count >= 2, s.utf8.count <= 45 else { return false }
        let groups = s.split(separator: ":", omittingEmptySubsequences: false)
        guard groups.count >= 3, groups.count <= 9 else { return false }
        var empty = 0
        for (i, group) in groups.enumerated() {
            if group.isEmpty { empty += 1; continue }
            if i == groups.count - 1, group.contains(".") { if !isIPv4(group) { return false }; continue }
            guard group.utf8.count <= 4, group.utf8.allSatisfy({ $0.isHexDigit }) else { return false }
        }
        // At most one "::" (two empty groups, three for a bare "::"); without one, all eight groups.
        let bytes = Array(s.utf8)
        let doubleColons = zip(bytes, bytes.dropFirst()).filter { $0 == UInt8(ascii: ":") && $1 == UInt8(ascii: ":") }.count
        guard doubleColons <= 1, !bytes.starts(with: [58]) || bytes.starts(with: [58, 58]),
              bytes.last != 58 || bytes.suffix(2).elementsEqual([58, 58]) else { return false }
        return doubleColons == 1 ? empty <= 3 : empty == 0 && (groups.count == 8 || (groups.count == 7 && groups.last?.contains(".") == true))
    }
}

/// Why a listen address was refused.
public enum ListenAddressError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed
    case missingPort
    case badHost(String)
    case badPort(String)

    public var description: String {
        switch self {
        case .malformed: "is not host:port (write an IPv6 host in brackets, like \"[::1]:9464\")"
        case .missingPort: "has no port (like \"127.0.0.1:9464\")"
        case .badHost(let h): "has host '\(h)', which is not a numeric IP address or localhost"
        case .badPort(let p): "has port '\(p)', which is not a number from 0 to 65535"
        }
    }
}

private extension UInt8 {
    var isHexDigit: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(self)
    }
}
