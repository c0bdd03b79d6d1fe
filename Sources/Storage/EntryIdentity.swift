import Foundation

/// How the store decides that two feed items are the same item. Pure: computed from the inputs
/// of one fetch, before any SQL.
///
/// The rules, in order:
/// 1. **Per-feed key (`guidKey`).** `g:<guid>` when the item has a non-blank GUID; otherwise
///    `u:<url>` where url is the canonical URL (else the link), when that URL identifies the item;
///    otherwise `t:<hash>` of url, title, published date (and summary when all else is blank).
///    An item whose key already exists in the feed, or was purged from it (tombstone), is not new.
/// 2. **Unstable GUIDs.** Some feeds mint a new GUID on every fetch for the same story. So an item
///    whose identifying URL already exists in the same feed is not new, whatever its GUID.
/// 3. **When a URL identifies an item.** Many feeds link every item to their home page. A URL is
///    *not* an item identity when it is a site root (no path, or "/", and no query), when two
///    items of the same fetch with different titles share it, or when the feed already showed
///    it to be shared. Such URLs are kept for display but never used for dedup.
/// 4. **Across feeds.** A new item whose identifying URL, or whose globally unique GUID (an
///    http(s) URL, a `tag:` or `urn:` URI, or a UUID), matches an entry of another feed is stored
///    (that outlet did cover it) and joins that entry's story at once. A purged URL or global
///    GUID coming back in any feed is old news and is not new.
public struct EntryIdentity: Sendable, Equatable {
    /// Unique per feed (rule 1).
    public var guidKey: String
    /// canonicalURL ?? link, trimmed; stored even when it does not identify the item.
    public var urlKey: String?
    /// Whether `urlKey` identifies the item (rule 3).
    public var urlIsIdentity: Bool
    /// The GUID, when it is globally unique (rule 4).
    public var globalID: String?

    /// The identities of one fetch's items. `knownSharedURLs` are URLs the feed already showed
    /// to be shared by several items (from earlier fetches).
    public static func identities(of entries: [EntryInput], knownSharedURLs: Set<String> = []) -> [EntryIdentity] {
        let urls = entries.map { urlCandidate(of: $0) }
        let titles = entries.map { normalizedTitle($0.title) }
        var titlesByURL: [String: Set<String>] = [:]
        for (url, title) in zip(urls, titles) {
            guard let url else { continue }
            titlesByURL[url, default: []].insert(title)
        }
        return entries.indices.map { i in
            let entry = entries[i], url = urls[i]
            var isIdentity = false
            if let url {
                isIdentity = !isSiteRoot(url) && (titlesByURL[url]?.count ?? 0) <= 1 && !knownSharedURLs.contains(url)
            }
            let guid = trimmed(entry.guid)
            let key: String
            if let guid {
                key = "g:" + guid
            } else if let url, isIdentity {
                key = "u:" + url
            } else {
                var parts = [url ?? "", titles[i], entry.published.map { String($0.timeIntervalSince1970) } ?? ""]
                if parts.allSatisfy(\.isEmpty) { parts.append(trimmed(entry.summary) ?? trimmed(entry.content) ?? "") }
                key = "t:" + stableHash(parts.joined(separator: "\u{1F}"))
            }
            return EntryIdentity(guidKey: key, urlKey: url, urlIsIdentity: isIdentity,
                                 globalID: guid.flatMap { isGloballyUnique($0) ? $0 : nil })
        }
    }

    /// The URL that may identify an entry: its canonical URL, else its link.
    static func urlCandidate(of entry: EntryInput) -> String? {
        trimmed(entry.canonicalURL) ?? trimmed(entry.link)
    }

    /// True for a site's home page: `https://example.com`, `https://example.com/`, and the
    /// scheme-less canonical keys `example.com` / `example.com/` (a feed linking every item to
    /// its home page). A query (`example.com/?p=123`) or a `#/` route makes it an item page.
    static func isSiteRoot(_ url: String) -> Bool {
        var rest = Substring(url)
        if let fragment = rest.firstIndex(of: "#") {
            // "#/story/1", "#!/story/1": a single-page site's route names an item.
            if let route = rest[rest.index(after: fragment)...].first, route == "/" || route == "!" { return false }
            rest = rest[..<fragment]
        }
        if let colon = rest.firstIndex(of: ":"), rest[colon...].hasPrefix("://") {
            rest = rest[rest.index(colon, offsetBy: 3)...]
        } else if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
        }
        guard let hostEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return !rest.isEmpty }
        if rest[..<hostEnd].isEmpty { return false }
        let tail = rest[hostEnd...]
        return tail.allSatisfy { $0 == "/" || $0 == "?" }
    }

    /// GUIDs that cannot collide between unrelated feeds: URLs, tag:/urn: URIs, UUIDs.
    static func isGloballyUnique(_ guid: String) -> Bool {
        let lower = guid.prefix(8).lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
            return !isSiteRoot(guid)
        }
        if lower.hasPrefix("tag:") || lower.hasPrefix("urn:") { return guid.utf8.count > 8 }
        return guid.utf8.count == 36 && UUID(uuidString: guid) != nil
    }

    static func normalizedTitle(_ title: String?) -> String {
        guard let title, !title.isEmpty else { return "" }
        var out = ""
        out.reserveCapacity(title.utf8.count)
        var pendingSpace = false
        for scalar in title.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.unicodeScalars.append(" ") }
                pendingSpace = false
                out.unicodeScalars.append(scalar)
            }
        }
        return out.lowercased()
    }

    static func trimmed(_ s: String?) -> String? {
        guard let s, let first = s.unicodeScalars.first, let last = s.unicodeScalars.last else { return nil }
        if !first.properties.isWhitespace, !last.properties.isWhitespace { return s }
        let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
        return t.isEmpty ? nil : t
    }

    /// 64-bit FNV-1a over UTF-8, as 16 hex digits: stable across runs and machines (unlike `Hasher`).
    static func stableHash(_ s: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in s.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01b3
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// A story id for entries found to be the same article by exact match (URL or global GUID):
    /// derived from the shared key, so it is the same whichever feed came first.
    public static func exactStoryID(forKey key: String) -> String {
        exactStoryPrefix + stableHash(key)
    }

    static let exactStoryPrefix = "exact-"

    /// Whether a story id was given by the store's exact cross-feed match (rule 4) rather than by
    /// the story clusterer: such entries have not been seen by the clusterer yet.
    public static func isExactMatchStoryID(_ storyID: String) -> Bool {
        storyID.hasPrefix(exactStoryPrefix) && storyID.utf8.count == exactStoryPrefix.utf8.count + 16
    }
}
