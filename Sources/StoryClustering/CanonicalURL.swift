/// The canonical form of an article URL, so that re-polls of one article compare equal.
///
/// Feeds hand out the same article under many spellings: http and https, `www.`/`m.`/`amp.`
/// hosts, AMP paths, trailing slashes, fragments, and tracking parameters (`utm_*`, `fbclid`,
/// `ref=rss`, ...). The canonical form drops all of them and sorts what is left of the query.
public enum CanonicalURL {
    /// Query parameters that only track where a click came from.
    static let trackingParameters: Set<String> = [
        "fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid", "ref", "ref_src",
        "ref_url", "referrer", "cmpid", "cmp", "mod", "ito", "itq", "guccounter", "guce_referrer",
        "guce_referrer_sig", "ocid", "ncid", "src", "source", "smid", "taid", "partner", "feed",
        "feedtype", "rss", "output", "_ga", "_gl", "soc_src", "soc_trk", "sr_share", "s_cid",
        "icid", "intcmp", "campaign", "spm", "share", "amp", "outputtype", "ns_mchannel",
        "ns_source", "ns_campaign", "ns_linkname", "ns_fee", "at_medium", "at_campaign",
        "at_custom1", "at_custom2", "at_custom3", "at_custom4", "cid", "sh", "wt.mc_id", "xtor",
        "yptr", "ir", "tracking", "trk", "trkid", "hss_channel", "__twitter_impression",
    ]

    static let hostPrefixes = ["www.", "m.", "mobile.", "amp.", "www2.", "edition."]

    /// The canonical key of `url`, or nil when it is not an http(s) URL with a host.
    public static func key(_ url: String) -> String? {
        var s = Substring(url.trimmingWhitespace())
        if let hash = s.utf8.firstIndex(of: 0x23) { s = s[..<hash] }
        let lower = s.prefix(8).lowercased()
        if lower.hasPrefix("https://") { s = s.dropFirst(8) }
        else if lower.hasPrefix("http://") { s = s.dropFirst(7) }
        else if lower.hasPrefix("//") { s = s.dropFirst(2) }
        else { return nil }
        var query: Substring = ""
        if let q = s.utf8.firstIndex(of: 0x3F) { query = s[s.utf8.index(after: q)...]; s = s[..<q] }
        var host: Substring
        var path: Substring
        if let slash = s.utf8.firstIndex(of: 0x2F) { host = s[..<slash]; path = s[slash...] } else { host = s; path = "/" }
        if let at = host.utf8.lastIndex(of: 0x40) { host = host[host.utf8.index(after: at)...] }
        var hostString = host.lowercased()
        if hostString.hasSuffix(":80") || hostString.hasSuffix(":443") {
            hostString = String(hostString[..<hostString.lastIndex(of: ":")!])
        }
        if hostString.hasSuffix(".") { hostString.removeLast() }
        for prefix in hostPrefixes where hostString.hasPrefix(prefix) && hostString.utf8.count > prefix.utf8.count + 3 {
            hostString = String(hostString.utf8.dropFirst(prefix.utf8.count))!
            break
        }
        guard !hostString.isEmpty else { return nil }
        // Compared and cut as bytes: the markers are ASCII, and lower-casing non-ASCII text can
        // change its length, so counts taken from a lower-cased copy must never cut the original
        // (a path of just "/amp/" once lost its suffix and then its prefix, and trapped).
        var pathBytes = Array(path.utf8)
        func asciiLower(_ bytes: ArraySlice<UInt8>) -> [UInt8] { bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 } }
        let ampPrefix = pathBytes.count >= 5 && asciiLower(pathBytes[..<5]) == Array("/amp/".utf8)
        for suffix in ["/amp/", "/amp", ".amp", "/amp.html", "/index.html", "/index.htm", "/index.php"]
        where pathBytes.count >= suffix.utf8.count && asciiLower(pathBytes.suffix(suffix.utf8.count)) == Array(suffix.utf8) {
            pathBytes.removeLast(suffix.utf8.count)
            break
        }
        if ampPrefix, pathBytes.count >= 4 { pathBytes.removeFirst(4) }
        var pathString = String(decoding: pathBytes, as: UTF8.self)
        while pathString.hasSuffix("/") { pathString.removeLast() }
        var kept: [String] = []
        for pairBytes in query.utf8.split(separator: 0x26) where !pairBytes.isEmpty {
            let pair = Substring(pairBytes)
            let name = String(pair.utf8.prefix { $0 != 0x3D })!.lowercased()
            if name.hasPrefix("utm_") || name.hasPrefix("ga_") || name.hasPrefix("pk_")
                || name.hasPrefix("mtm_") || trackingParameters.contains(name) { continue }
            kept.append(String(pair))
        }
        kept.sort()
        return hostString + pathString + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
    }

    /// The host without `www.`-like prefixes: one outlet, however it is spelled.
    public static func host(_ url: String) -> String? {
        guard let k = key(url) else { return nil }
        return String(k.prefix { $0 != "/" && $0 != "?" })
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let trimmed = self[...].trimmingCharacters()
        return trimmed.startIndex == startIndex && trimmed.endIndex == endIndex ? self : String(trimmed)
    }
}
