/// What class names and ids say about a block: the word lists the Readability family of
/// extractors has refined over fifteen years of real pages (navigation, comments, sharing,
/// sponsors versus article, body, content, story). Matching is plain case-insensitive
/// substring search, which is what those patterns amount to and is much faster than regexes.
enum ClassPatterns {
    static let unlikely: WordSet = [
        "-ad-", "ai2html", "banner", "breadcrumbs", "combx", "comment", "community", "cover-wrap", "disqus",
        "extra", "footer", "gdpr", "header", "legends", "menu", "related", "remark", "replies", "rss",
        "shoutbox", "sidebar", "skyscraper", "social", "sponsor", "supplemental", "ad-break", "agegate",
        "pagination", "pager", "popup", "yom-remote",
    ]
    static let maybeCandidate: WordSet = ["and", "article", "body", "column", "content", "main", "mathjax", "shadow"]
    static let positive: WordSet = [
        "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "pagination", "post",
        "text", "blog", "story",
    ]
    static let negative: WordSet = [
        "-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "foot", "footer", "footnote",
        "gdpr", "masthead", "media", "meta", "outbrain", "promo", "related", "scroll", "share", "shoutbox",
        "sidebar", "skyscraper", "sponsor", "shopping", "tags", "widget",
    ]
    static let byline: WordSet = ["byline", "author", "dateline", "writtenby", "p-author"]
    static let unlikelyRoles: Set<String> = ["menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog"]

    static let videoHosts: WordSet = {
        let hosts = ["dailymotion.com", "youtube.com", "youtube-nocookie.com", "player.vimeo.com", "v.qq.com",
                     "archive.org", "upload.wikimedia.org", "player.twitch.tv"]
        return WordSet(hosts.flatMap { ["//" + $0, "//www." + $0] })
    }()
    static let hid: WordSet = ["hid"]
    static let styleHints: WordSet = ["none", "hidden"]
    static let hidingStyles: WordSet = ["display:none", "visibility:hidden"]

    /// Case-insensitive (ASCII) test: does `value` contain any of `words` (given in lower
    /// case)? Class names are matched many thousands of times per page, so the word lists are
    /// compiled once into `WordSet`s indexed by first byte, and the value is scanned once.
    static func containsAny(_ value: String, _ words: WordSet) -> Bool {
        words.isFound(in: value)
    }

    static func containsAny(_ value: String, _ words: [String]) -> Bool {
        WordSet(words).isFound(in: value)
    }

    static func isUnlikely(_ matchString: String) -> Bool {
        containsAny(matchString, unlikely) && !containsAny(matchString, maybeCandidate)
    }

    static func isPositive(_ value: String) -> Bool { containsAny(value, positive) }

    static func isNegative(_ value: String) -> Bool {
        if containsAny(value, negative) { return true }
        // "hid" as a whole space-separated token.
        guard containsAny(value, hid) else { return false }
        return value.lowercased().split(separator: " ", omittingEmptySubsequences: false).contains("hid")
    }

    static func isByline(_ matchString: String) -> Bool { containsAny(matchString, byline) }

    /// `share` or `sharedaddy` as a word (underscores count as separators).
    static func isShareBlock(_ matchString: String) -> Bool {
        let b = matchString.utf8.span
        var i = 0
        while i + 5 <= b.count {
            if ByteSearch.lower(b[i]) == UInt8(ascii: "s"), hasWord(share, in: b, at: i), isWordBoundary(b, i - 1) {
                if isWordBoundary(b, i + 5) { return true }
                if hasWord(daddy, in: b, at: i + 5) && isWordBoundary(b, i + 10) { return true }
            }
            i += 1
        }
        return false
    }

    private static let share = Array("share".utf8)
    private static let daddy = Array("daddy".utf8)

    /// Word characters are ASCII letters and digits; everything else (and either end) separates words.
    private static func isWordBoundary(_ b: Span<UInt8>, _ index: Int) -> Bool {
        guard index >= 0 && index < b.count else { return true }
        let c = ByteSearch.lower(b[index])
        return !((c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39))
    }

    /// `word` (lower case) at `index`, ASCII letters compared case-insensitively.
    private static func hasWord(_ word: [UInt8], in b: Span<UInt8>, at index: Int) -> Bool {
        guard index + word.count <= b.count else { return false }
        for k in 0..<word.count where ByteSearch.lower(b[index + k]) != word[k] { return false }
        return true
    }

    static func isAllowedVideo(_ value: String) -> Bool { containsAny(value, videoHosts) }

    /// A block whose whole text is an advertising label or a loading placeholder.
    static func isAdOrLoadingLabel(_ innerText: String) -> Bool {
        guard innerText.utf8.count <= 40 else { return false }
        let lower = innerText.lowercased()
        let adWords: Set<String> = ["ad", "advertising", "advertisement", "pub", "publicité", "werb", "werbung",
                                    "广告", "реклама", "anuncio"]
        if adWords.contains(lower) { return true }
        var stem = lower
        if stem.hasSuffix("…") { stem.removeLast() } else if stem.hasSuffix("...") { stem.removeLast(3) }
        return ["loading", "正在加载", "загрузка", "chargement", "cargando"].contains(stem)
    }
}

/// Byte helpers for the class and id matchers: ASCII letters compare case-insensitively.
enum ByteSearch {
    @inline(__always) static func lower(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte | 0x20 : byte }
}

/// A compiled list of lower-case words for `ClassPatterns.containsAny`.
///
/// The value is scanned once; a bitmap of the words' first two bytes rejects almost every
/// position with one load, and only a hit compares the words that start there.
struct WordSet: ExpressibleByArrayLiteral, Sendable {
    private var byFirstByte: [[[UInt8]]] = Array(repeating: [], count: 256)
    /// Bit `a << 8 | b` set when some word starts with bytes `a`, `b` (a one-byte word `a`
    /// sets every `a`, `*`).
    private var pairs = [UInt64](repeating: 0, count: 1024)
    /// Some word is one byte long (it can match at the value's last byte).
    private var hasSingleByteWord = false

    init(_ words: [String]) {
        for word in words {
            let bytes = Array(word.utf8)
            guard let first = bytes.first else { continue }
            byFirstByte[Int(first)].append(bytes)
            if bytes.count == 1 {
                hasSingleByteWord = true
                for second in 0..<256 { Self.set(&pairs, Int(first) << 8 | second) }
            } else {
                Self.set(&pairs, Int(first) << 8 | Int(bytes[1]))
            }
        }
    }

    private static func set(_ bits: inout [UInt64], _ index: Int) { bits[index >> 6] |= 1 << UInt64(index & 63) }

    init(arrayLiteral words: String...) { self.init(words) }

    func isFound(in value: String) -> Bool {
        let h = value.utf8.span
        let n = h.count
        guard n > 0 else { return false }
        let bits = pairs.span
        var i = 0
        while i < n - 1 {
            let pair = Int(ByteSearch.lower(h[i])) << 8 | Int(ByteSearch.lower(h[i + 1]))
            if bits[pair >> 6] & (1 << UInt64(pair & 63)) != 0 && matches(h, at: i) { return true }
            i += 1
        }
        return hasSingleByteWord && matches(h, at: n - 1)
    }

    private func matches(_ h: Span<UInt8>, at i: Int) -> Bool {
        let n = h.count
        for needle in byFirstByte[Int(ByteSearch.lower(h[i]))] where needle.count <= n - i {
            var j = 1
            while j < needle.count && ByteSearch.lower(h[i + j]) == needle[j] { j += 1 }
            if j == needle.count { return true }
        }
        return false
    }
}
