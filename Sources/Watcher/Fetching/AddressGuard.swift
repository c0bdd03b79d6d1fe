import Synchronization

/// Keeps fetches away from loopback, link-local and private networks (SSRF).
///
/// A feed item can link anywhere, including `http://127.0.0.1:8080/admin` or the cloud metadata
/// address 169.254.169.254, and a feed can redirect there. What is judged is the address the
/// connection will actually use: a host that is an address in any spelling (`2130706433`,
/// `0x7f.1`, `[::ffff:7f00:1]`) is read the way the system reads it, a name is resolved — once
/// per hop, off the cooperative threads, within a timeout — and the fetcher then connects to
/// exactly the address vetted here (`PinnedURL`), so a second lookup cannot rebind the name.
public enum AddressGuard {
    /// Nil when `host` is safe to contact; else the offending address.
    public static func blockedAddress(forHost host: String, resolver: any HostResolver = SystemResolver(),
                                      timeout: Duration = .seconds(10)) async throws(FetchError) -> String? {
        switch try await vet(host: host, resolver: resolver, timeout: timeout) {
        case .blocked(let address): return address
        case .allowed: return nil
        }
    }

    /// What vetting a host decided: refused because of this address, or allowed, with the
    /// addresses a connection may use (canonical text, in the resolver's order of preference).
    public enum Verdict: Equatable, Sendable {
        case blocked(address: String)
        case allowed(addresses: [String])
    }

    /// Finds every address of `host` and refuses the host when ANY of them is not public.
    public static func vet(host: String, resolver: any HostResolver = SystemResolver(),
                           timeout: Duration = .seconds(10)) async throws(FetchError) -> Verdict {
        let addresses = try await addresses(of: host, resolver: resolver, timeout: timeout)
        if let blocked = addresses.first(where: { !isPublic($0) }) { return .blocked(address: blocked) }
        return .allowed(addresses: addresses)
    }

    /// The addresses a connection to `host` (a URL's host, brackets or not) would use, in
    /// canonical text: the host itself when it is an address literal in any spelling, else the
    /// resolver's answer. A resolver that has not answered within `timeout` is a `dnsFailure`.
    public static func addresses(of host: String, resolver: any HostResolver, timeout: Duration) async throws(FetchError) -> [String] {
        var bare = Substring(host)
        if bare.hasPrefix("[") && bare.hasSuffix("]") && bare.count >= 2 { bare = bare.dropFirst().dropLast() }
        guard !bare.isEmpty else { throw FetchError.invalidURL(host) }
        if let address = literalAddress(String(bare)) { return [address] }
        guard !bare.contains(":") else { throw FetchError.invalidURL(host) }
        let answer = try await lookup(String(bare), resolver: resolver, timeout: timeout)
        let addresses = answer.compactMap(SystemResolver.numericAddress)
        guard !addresses.isEmpty else { throw FetchError.dnsFailure(host: String(bare)) }
        return addresses
    }

    /// The address `host` (brackets trimmed) means when it is an address literal in any spelling
    /// the system accepts, in canonical text; nil for a name. A zone id (`fe80::1%eth0`) and a
    /// trailing dot (`127.0.0.1.`) do not hide the address.
    public static func literalAddress(_ host: String) -> String? {
        var bare = Substring(host)
        if bare.contains(":"), let zone = bare.firstIndex(of: "%") { bare = bare[..<zone] }
        if bare.hasSuffix(".") { bare = bare.dropLast() }
        return SystemResolver.numericAddress(String(bare))
    }

    /// True when `address` (canonical text) lies on the public internet.
    public static func isPublic(_ address: String) -> Bool {
        IPAddressRange.parse(address).map(IPAddressRange.isPublic) ?? false
    }

    /// Asks `resolver`, but stops waiting after `timeout` or when the caller is cancelled: a
    /// resolver that hangs costs this fetch its DNS time, never the caller's thread or deadline.
    static func lookup(_ host: String, resolver: any HostResolver, timeout: Duration) async throws(FetchError) -> [String] {
        let answer = FirstAnswer<Result<[String], FetchError>?>()
        let query = Task {
            do throws(FetchError) {
                answer.give(.success(try await resolver.addresses(of: host)))
            } catch {
                answer.give(.failure(error))
            }
        }
        let timer = Task {
            try? await Task.sleep(for: timeout)
            answer.give(nil)
        }
        let result = await withTaskCancellationHandler { await answer.value() } onCancel: { answer.give(nil) }
        query.cancel()
        timer.cancel()
        guard let result else {
            throw FetchError.dnsFailure(host: host, detail: "no answer within \(SystemResolver.seconds(timeout)) s (timed out)")
        }
        return try result.get()
    }
}

/// A value that the first of several racers gives (an answer, a timer, a cancellation); the
/// later ones are ignored. The waiter may come before or after the first answer.
final class FirstAnswer<T: Sendable>: Sendable {
    private enum State {
        case empty
        case waiting(CheckedContinuation<T, Never>)
        case given(T)
        case taken
    }

    private let state = Mutex<State>(.empty)

    func give(_ value: T) {
        let waiter = state.withLock { state -> CheckedContinuation<T, Never>? in
            switch state {
            case .empty:
                state = .given(value)
                return nil
            case .waiting(let continuation):
                state = .taken
                return continuation
            case .given, .taken:
                return nil
            }
        }
        waiter?.resume(returning: value)
    }

    /// The first value given; call once.
    func value() async -> T {
        await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
            let ready = state.withLock { state -> T? in
                switch state {
                case .given(let value):
                    state = .taken
                    return value
                case .empty, .waiting, .taken:
                    state = .waiting(continuation)
                    return nil
                }
            }
            if let ready { continuation.resume(returning: ready) }
        }
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

    /// False for everything the IANA special-purpose registries set apart from the public
    /// internet: loopback, private (RFC 1918, ULA), link-local, CGNAT, unspecified, multicast,
    /// broadcast, reserved, documentation, benchmarking, IETF protocol assignments, discard-only,
    /// and anything outside IPv6 global unicast (2000::/3). Addresses that carry an IPv4 address
    /// (IPv4-mapped, NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by that IPv4 address.
    public static func isPublic(_ a: [UInt8]) -> Bool {
        if a.count == 16 {
            if a[0..<10].allSatisfy({ $0 == 0 }) && a[10] == 0xFF && a[11] == 0xFF { return isPublic(Array(a[12..<16])) } // ::ffff:v4
            if a[0..<4].elementsEqual([0x00, 0x64, 0xFF, 0x9B]) {
                if a[4..<12].allSatisfy({ $0 == 0 }) { return isPublic(Array(a[12..<16])) } // 64:ff9b::/96 NAT64
                return false                                                                // 64:ff9b:1::/48 local NAT64
            }
            if a[0] == 0x20 && a[1] == 0x02 { return isPublic(Array(a[2..<6])) }           // 2002::/16 6to4
            guard a[0] & 0xE0 == 0x20 else { return false }     // outside 2000::/3: ::, ::1, ::/96, 100::/64, fc00::/7, fe80::/10, ff00::/8...
            if a[0] == 0x20 && a[1] == 0x01 && a[2] & 0xFE == 0x00 { return false }        // 2001::/23 IETF (Teredo, ORCHID, 2001:10::/28)
            if a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0D && a[3] == 0xB8 { return false } // 2001:db8::/32 documentation
            if a[0] == 0x3F && a[1] == 0xFF && a[2] & 0xF0 == 0x00 { return false }        // 3fff::/20 documentation
            return true
        }
        guard a.count == 4 else { return false }
        switch (a[0], a[1]) {
        case (0, _), (10, _), (127, _): return false
        case (100, let b) where b & 0xC0 == 64: return false                // 100.64.0.0/10 CGNAT
        case (169, 254), (192, 168): return false
        case (172, let b) where b & 0xF0 == 16: return false                // 172.16.0.0/12
        case (192, 0) where a[2] == 0 || a[2] == 2: return false            // IETF, TEST-NET-1
        case (192, 88) where a[2] == 99: return false                       // 6to4 relay anycast
        case (198, let b) where b == 18 || b == 19: return false            // benchmarking
        case (198, 51) where a[2] == 100, (203, 0) where a[2] == 113: return false
        default: break
        }
        return a[0] < 224                                                   // multicast, reserved, broadcast
    }
}
