/// Resolves relative references against a base URI exactly as RFC 3986 §5.2 says, including
/// dot-segment removal; feeds' `xml:base` chains and `--base-url` go through here.
/// (Foundation's URL differs from the RFC on several of its §5.4 examples.)
public enum URLResolver {
    struct Parts {
        var scheme: Substring?
        var authority: Substring?
        var path: Substring
        var query: Substring?
        var fragment: Substring?
    }

    /// `reference` made absolute against `base`; the reference unchanged when there is no usable base.
    public static func resolve(_ reference: String, against base: String?) -> String {
        let ref = reference.trimmingASCIIWhitespace()
        guard let base, !base.isEmpty else { return ref }
        if isPlainAbsolute(ref) { return ref }
        let r = split(Substring(ref))
        if r.scheme != nil { return recompose(Parts(scheme: r.scheme, authority: r.authority, path: Substring(removeDotSegments(String(r.path))), query: r.query, fragment: r.fragment)) }
        let b = split(Substring(base.trimmingASCIIWhitespace()))
        guard b.scheme != nil else { return ref }
        var t = Parts(scheme: b.scheme, authority: nil, path: "", query: nil, fragment: r.fragment)
        if r.authority != nil {
            t.authority = r.authority
            t.path = Substring(removeDotSegments(String(r.path)))
            t.query = r.query
        } else {
            t.authority = b.authority
            if r.path.isEmpty {
                t.path = b.path
                t.query = r.query ?? b.query
            } else {
                if r.path.hasPrefix("/") {
                    t.path = Substring(removeDotSegments(String(r.path)))
                } else {
                    t.path = Substring(removeDotSegments(merge(base: b, path: r.path)))
                }
                t.query = r.query
            }
        }
        return recompose(t)
    }

    /// The common case, decided on bytes: an http(s) URL with no dot segments resolves to itself.
    static func isPlainAbsolute(_ ref: String) -> Bool {
        let u = ref.utf8
        guard u.starts(with: "http://".utf8) || u.starts(with: "https://".utf8) else { return false }
        var previous: UInt8 = 0
        var dots = 0
        for byte in u {
            if byte == 0x2E { // '.'
                dots = previous == 0x2F || dots > 0 ? dots + 1 : 0
            } else {
                if (byte == 0x2F || byte == 0x3F || byte == 0x23), dots > 0 { return false } // "/./" or "/../"
                dots = 0
            }
            if byte == 0x3F || byte == 0x23 { return true } // query or fragment: dots there do not matter
            previous = byte
        }
        return dots == 0
    }

    /// RFC 3986 appendix B, by hand.
    static func split(_ s: Substring) -> Parts {
        var rest = s
        var parts = Parts(scheme: nil, authority: nil, path: "", query: nil, fragment: nil)
        if let hash = rest.utf8.firstIndex(of: 0x23) {
            parts.fragment = rest[rest.index(after: hash)...]
            rest = rest[..<hash]
        }
        if let colon = rest.utf8.firstIndex(of: 0x3A) {
            let candidate = rest[..<colon]
            if let first = candidate.utf8.first, first.isASCIILetter,
               candidate.utf8.allSatisfy({ $0.isASCIILetter || $0.isDigit || $0 == 0x2B || $0 == 0x2D || $0 == 0x2E }) {
                parts.scheme = candidate
                rest = rest[rest.index(after: colon)...]
            }
        }
        if let q = rest.utf8.firstIndex(of: 0x3F) {
            parts.query = rest[rest.index(after: q)...]
            rest = rest[..<q]
        }
        if rest.hasPrefix("//") {
            let afterSlashes = rest.dropFirst(2)
            let end = afterSlashes.utf8.firstIndex(of: 0x2F) ?? afterSlashes.endIndex
            parts.authority = afterSlashes[..<end]
            rest = afterSlashes[end...]
        }
        parts.path = rest
        return parts
    }

    static func merge(base: Parts, path: Substring) -> String {
        if base.authority != nil, base.path.isEmpty { return "/" + path }
        guard let slash = base.path.utf8.lastIndex(of: 0x2F) else { return String(path) }
        return String(base.path[...slash]) + path
    }

    static func removeDotSegments(_ path: String) -> String {
        guard path.utf8.contains(0x2E) else { return path }
        var input = Substring(path)
        var result = ""
        while !input.isEmpty {
            if input.hasPrefix("../") { input = input.dropFirst(3) }
            else if input.hasPrefix("./") { input = input.dropFirst(2) }
            else if input.hasPrefix("/./") { input = input.dropFirst(2) }
            else if input == "/." { input = "/" }
            else if input.hasPrefix("/../") {
                input = input.dropFirst(3)
                if let last = result.lastIndex(of: "/") { result = String(result[..<last]) } else { result = "" }
            } else if input == "/.." {
                input = "/"
                if let last = result.lastIndex(of: "/") { result = String(result[..<last]) } else { result = "" }
            } else if input == "." || input == ".." {
                input = ""
            } else {
                var segmentEnd = input.index(after: input.startIndex)
                if input.first == "/" {
                    segmentEnd = input[segmentEnd...].firstIndex(of: "/") ?? input.endIndex
                } else {
                    segmentEnd = input.firstIndex(of: "/") ?? input.endIndex
                }
                result += input[..<segmentEnd]
                input = input[segmentEnd...]
            }
        }
        return result
    }

    static func recompose(_ p: Parts) -> String {
        var s = ""
        if let scheme = p.scheme { s += scheme + ":" }
        if let authority = p.authority { s += "//" + authority }
        s += p.path
        if let query = p.query { s += "?" + query }
        if let fragment = p.fragment { s += "#" + fragment }
        return s
    }
}
