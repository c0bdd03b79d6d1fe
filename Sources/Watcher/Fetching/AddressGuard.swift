/// Keeps article fetches away from loopback, link-local and private networks (SSRF).
///
/// A feed item can link anywhere, including `http://127.0.0.1:8080/admin` or the cloud metadata
/// address 169.254.169.254. The check runs after DNS resolution, on every redirect hop, and a
/// host is refused when ANY of its addresses is non-public. Plain-HTTP requests then go to the
/// address that was vetted (`PinnedURL`), so a second lookup cannot rebind the name.
public enum AddressGuard {
    /// Nil when `host` is safe to contact; else the offending address.
    public static func blockedAddress(forHost host: String, resolver: any HostResolver = SystemResolver()) throws(FetchError) -> String? {
        switch try vet(host: host, resolver: resolver) {
        case .blocked(let address): return address
        case .allowed: return nil
        }
    }

    /// What vetting a host decided: refused because of this address, or allowed, with the
    /// address to connect to when the host was a name (nil for an address literal).
    public enum Verdict: Equatable, Sendable {
        case blocked(address: String)
        case allowed(connectTo: String?)
    }

    /// Resolves `host` (unless it is an address literal) and checks every address it has.
    public static func vet(host: String, resolver: any HostResolver = SystemResolver()) throws(FetchError) -> Verdict {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if let literal = IPAddressRange.parse(bare) {
            return IPAddressRange.isPublic(literal) ? .allowed(connectTo: nil) : .blocked(address: bare)
        }
        let addresses = try resolver.addresses(of: bare)
        for address in addresses {
            guard let parsed = IPAddressRange.parse(address), IPAddressRange.isPublic(parsed) else { return .blocked(address: address) }
        }
        return .allowed(connectTo: addresses.first)
    }
}

/// IPv4/IPv6 address text → bytes, and the special-purpose ranges that are not the public internet.
public enum IPAddressRange {
    /// 4 or 16 bytes, or nil when `text` is not an address literal.
    public static func parse(_ text: String) -> [UInt8]? {
        if text.contains(":") { return parseIPv6(text) }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for p in parts {
            guard !p.isEmpty, p.count <= 3, p.allSatisfy(\.isASCII), let n = UInt8(p) else { return nil }
            bytes.append(n)
        }
        return bytes
    }

    static func parseIPv6(_ text: String) -> [UInt8]? {
        var s = Substring(text)
        if let pct = s.firstIndex(of: "%") { s = s[..<pct] }  // zone id
        let halves = s.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            var out: [UInt16] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (i, piece) in pieces.enumerated() {
                if i == pieces.count - 1, piece.contains("."), let v4 = parse(String(piece)) {
                    out.append(UInt16(v4[0]) << 8 | UInt16(v4[1]))
                    out.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
                } else {
                    guard piece.count >= 1, piece.count <= 4, let v = UInt16(piece, radix: 16) else { return nil }
                    out.append(v)
                }
            }
            return out
        }
        guard let head = groups(halves[0]) else { return nil }
        var all = head
        if halves.count == 2 {
            guard let tail = groups(halves[1]), head.count + tail.count < 8 else { return nil }
            all += Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard all.count == 8 else { return nil }
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }

    /// False for loopback, private (RFC 1918, ULA), link-local, CGNAT, unspecified, multicast,
    /// broadcast, documentation and benchmarking ranges, and IPv4-mapped forms of those.
    public static func isPublic(_ a: [UInt8]) -> Bool {
        if a.count == 16 {
            if a[0..<10].allSatisfy({ $0 == 0 }) && a[10] == 0xFF && a[11] == 0xFF { return isPublic(Array(a[12..<16])) } // ::ffff:v4
            if a[0..<12].allSatisfy({ $0 == 0 }) { return false }            // ::, ::1, v4-compatible
            if a[0] & 0xFE == 0xFC { return false }                          // fc00::/7 unique local
            if a[0] == 0xFE && a[1] & 0xC0 == 0x80 { return false }          // fe80::/10 link-local
            if a[0] == 0xFE && a[1] & 0xC0 == 0xC0 { return false }          // fec0::/10 site-local (deprecated)
            if a[0] == 0xFF { return false }                                 // multicast
            if a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0D && a[3] == 0xB8 { return false } // 2001:db8::/32 documentation
            if a[0] == 0x00 && a[1] == 0x64 && a[2] == 0xFF && a[3] == 0x9B { return isPublic(Array(a[12..<16])) } // NAT64
            return true
        }
        guard a.count == 4 else { return false }
        switch (a[0], a[1]) {
        case (0, _), (10, _), (127, _): return false
        case (100, let b) where b & 0xC0 == 64: return false                // 100.64.0.0/10 CGNAT
        case (169, 254), (192, 168): return false
        case (172, let b) where b & 0xF0 == 16: return false                // 172.16.0.0/12
        case (192, 0) where a[2] == 0 || a[2] == 2: return false            // IETF, TEST-NET-1
        case (198, let b) where b == 18 || b == 19: return false            // benchmarking
        case (198, 51) where a[2] == 100, (203, 0) where a[2] == 113: return false
        default: break
        }
        return a[0] < 224                                                   // multicast, reserved, broadcast
    }
}
