#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Rewrites a page's bytes before libxml2 reads it, at memchr speed: start tags keep at most
/// a fixed number of attributes, a run of one end tag repeated past any depth libxml2's stack
/// can reach is shortened, and (when asked) the `script` and `style` elements are emptied,
/// keeping the elements themselves and the scripts whose `type` names JSON.
///
/// The attribute cap exists because libxml2's HTML parser checks each attribute of a tag
/// against all earlier ones: a tag with 400 000 attributes costs it 80 billion comparisons.
/// Code and style sheets are often half of a news page's bytes, and libxml2 reads them one
/// character at a time only for the extractor to throw them away. An end tag that closes
/// nothing costs libxml2 a search of its open elements and a formatted error message; the
/// extractor keeps that stack within the depth budget, so in a run of the same end tag, back
/// to back, only the first few hundred can close anything. The rest are dropped: the parse is
/// the same, without millions of errors (`</p>`, `</br>`, `</html>`, `</body>` and `</head>`,
/// which libxml2 treats specially, are never touched).
///
/// Emptying follows libxml2's own tokenising (2.9, recovery mode) for everything that decides
/// where a script starts and ends: comments, start tags with quoted and unquoted attribute
/// values, bogus attributes, `<script/>`, and a script's end at the first `</script`, in any
/// case. Wherever the markup is unusual enough that the two could disagree (an unclosed
/// comment or quote, a NUL byte), emptying stops for the rest of the page: the result is
/// then only less trimmed, never different in what libxml2 makes of the markup. Capping
/// carries on past such places, reading every `<` and a letter as a possible start tag, so
/// no markup libxml2 might read as a tag escapes it.
enum HTMLPrepass {
    /// What the pass did.
    struct Output {
        /// The rewritten page; nil when nothing needed changing.
        var bytes: [UInt8]?
        /// Attributes dropped from tags that had more than the cap.
        var droppedAttributes = 0
    }

    /// Whether code can be emptied from the page's bytes: `<`, `/`, `>`, quotes and letters
    /// are themselves in the charset libxml2 will decode it with (UTF-8, the ISO-8859 and
    /// Windows families), or the page is plain ASCII that declares its own charset (not
    /// ISO-2022's escapes, not UTF-7).
    static func canStripCode(_ bytes: [UInt8], charset: String?) -> Bool {
        guard let charset else {
            guard ByteScan.firstNonASCII(in: bytes, from: 0) == bytes.count, !bytes.contains(0x1B) else { return false }
            let head = bytes.prefix(4096).map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }
            return ByteScan.indexAfter("utf-7", in: head, from: 0, end: head.count) == nil
        }
        let name = charset.lowercased()
        if ["utf-8", "utf8", "us-ascii", "ascii", "latin1", "l1"].contains(name) { return true }
        return ["iso-8859-", "iso8859-", "iso_8859-", "windows-125", "cp125"].contains { name.hasPrefix($0) }
    }

    /// The page with start tags cut to `maxAttributes` attributes and, when `stripCode`, the
    /// contents of code scripts and style sheets removed. The bytes must be in a charset where
    /// ASCII is ASCII (not UTF-16 or UTF-32); `stripCode` must only be set when
    /// `canStripCode` says so.
    static func rewrite(_ bytes: [UInt8], stripCode: Bool, maxAttributes: Int, maxDepth: Int = 256) -> Output {
        bytes.withUnsafeBufferPointer { page -> Output in
            guard let base = page.baseAddress, page.count > 0 else { return Output() }
            let exact = stripCode && memchr(base, 0, page.count) == nil
            var scanner = Scanner(page: page, stripping: exact, maxAttributes: max(1, maxAttributes),
                                  maxEndTagRun: 2 * max(1, maxDepth) + 64)
            scanner.run()
            return scanner.result()
        }
    }

    private struct Scanner {
        let page: UnsafeBufferPointer<UInt8>
        /// True while emptying code is still exact; false from the first place where libxml2
        /// might read the markup differently.
        var stripping: Bool
        let maxAttributes: Int
        var output: [UInt8] = []
        /// Back-to-back repeats of one end tag kept: more than libxml2's stack can hold.
        let maxEndTagRun: Int
        /// Bytes before this index are decided (copied or dropped).
        var copied = 0
        var changed = false
        var droppedAttributes = 0

        init(page: UnsafeBufferPointer<UInt8>, stripping: Bool, maxAttributes: Int, maxEndTagRun: Int) {
            self.page = page
            self.stripping = stripping
            self.maxAttributes = maxAttributes
            self.maxEndTagRun = maxEndTagRun
        }

        func result() -> Output {
            guard changed else { return Output() }
            var bytes = output
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: page[copied..<page.count]))
            return Output(bytes: bytes, droppedAttributes: droppedAttributes)
        }

        /// Copies the undecided bytes up to `end`, then drops those up to `resume`.
        mutating func drop(from end: Int, to resume: Int) {
            if !changed { output.reserveCapacity(page.count) }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: page[copied..<end]))
            copied = resume
            changed = true
        }

        /// Where scanning goes on after a construct at `lt` whose end is uncertain: emptying
        /// stops, and the next `<` may start a tag.
        mutating func unsure(_ lt: Int) -> Int {
            stripping = false
            return lt + 1
        }

        mutating func run() {
            let n = page.count
            var i = 0
            while let lt = find(UInt8(ascii: "<"), from: i) {
                i = lt + 1
                guard i < n else { break }
                let next = page[i]
                if next == UInt8(ascii: "!") {
                    if has("!--", at: i) {
                        // Comments whose end libxml2 might see elsewhere stop the emptying;
                        // capping goes on from the earliest end libxml2 could see.
                        if has("!-->", at: i) || has("!--->", at: i) { i = unsure(lt); continue }
                        guard let end = search("-->", from: i + 3) else { i = unsure(lt); continue }
                        if let odd = search("--!>", from: i + 3, before: end + 1) {
                            stripping = false
                            i = odd + 4
                            continue
                        }
                        i = end + 3
                    } else if lowercaseEquals(i + 1, "doctype") {
                        guard let gt = find(UInt8(ascii: ">"), from: i) else { i = unsure(lt); continue }
                        i = gt + 1
                    }
                    // Any other `<!` is text.
                } else if next == UInt8(ascii: "?") {
                    guard let gt = find(UInt8(ascii: ">"), from: i) else { i = unsure(lt); continue }
                    i = gt + 1
                } else if next == UInt8(ascii: "/") {
                    // An end tag runs to the next `>`, quotes or not; `</` before anything
                    // but a letter is text.
                    guard i + 1 < n, Self.isLetter(page[i + 1]) else { i += 1; continue }
                    guard let gt = find(UInt8(ascii: ">"), from: i) else { i = unsure(lt); continue }
                    i = endTagRun(at: lt, gt: gt)
                } else if Self.isLetter(next) {
                    let tag = startTag(at: i)
                    if let cut = tag.cut {
                        // Past the cap: the tag ends right after its last kept attribute.
                        drop(from: cut, to: tag.end)
                        output.append(contentsOf: tag.selfClosing ? [UInt8(ascii: "/"), UInt8(ascii: ">")] : [UInt8(ascii: ">")])
                        droppedAttributes += tag.dropped
                    }
                    guard tag.terminated else {
                        // The tag runs to the end of the page (an unclosed quote): nothing after it is markup.
                        if tag.cut != nil { break }
                        i = unsure(lt); continue
                    }
                    i = tag.end
                    guard tag.opensRawText, stripping else { continue }
                    // The content runs to the first `</name`, in any case, as libxml2 reads it;
                    // that end tag must close the element (`</scripts>` would not).
                    guard let close = closingTag(tag.name, from: i) else { stripping = false; continue }
                    let after = close + 2 + (tag.name == .script ? 6 : 5)
                    if after < n && Self.isNameChar(page[after]) { stripping = false; continue }
                    if close > i && !tag.keepsText { drop(from: i, to: close) }
                    i = close
                }
                // Anything else after `<` is text.
            }
        }

        /// Past the end tag at `lt` (its `>` at `gt`) and any identical copies right after it;
        /// copies past `maxEndTagRun` are dropped.
        mutating func endTagRun(at lt: Int, gt: Int) -> Int {
            let length = gt + 1 - lt
            guard length <= 64, let base = page.baseAddress else { return gt + 1 }
            var end = gt + 1
            var count = 1
            while end + length <= page.count, memcmp(base + end, base + lt, length) == 0 {
                end += length
                count += 1
            }
            guard count > maxEndTagRun else { return end }
            var nameEnd = lt + 2
            while nameEnd < gt && Self.isNameChar(page[nameEnd]) { nameEnd += 1 }
            let nameLength = nameEnd - lt - 2
            let special: Bool
            switch nameLength {
            case 1: special = lowercaseEquals(lt + 2, "p")
            case 2: special = lowercaseEquals(lt + 2, "br")
            case 4: special = lowercaseEquals(lt + 2, "html") || lowercaseEquals(lt + 2, "body") || lowercaseEquals(lt + 2, "head")
            default: special = false
            }
            guard !special else { return end }
            drop(from: lt + maxEndTagRun * length, to: end)
            return end
        }

        struct StartTag {
            var name: RawName
            /// Just past the tag's `>`, or the end of the page when it has none.
            var end: Int
            var terminated: Bool
            var selfClosing: Bool
            var opensRawText: Bool
            var keepsText: Bool
            /// Where the first attribute past the cap starts, when the tag has too many.
            var cut: Int?
            var dropped: Int
        }

        enum RawName { case script, style, other }

        /// A start tag from its name (at `start`, just after `<`) to just past its `>`, or to
        /// the end of the page when it does not end (an unclosed quote).
        func startTag(at start: Int) -> StartTag {
            let n = page.count
            var i = start
            while i < n && Self.isNameChar(page[i]) { i += 1 }
            let name = rawName(start, i)
            var tag = StartTag(name: name, end: n, terminated: false, selfClosing: false, opensRawText: false,
                               keepsText: false, cut: nil, dropped: 0)
            var attributes = 0
            while true {
                while i < n && Self.isBlank(page[i]) { i += 1 }
                guard i < n else { return tag }
                if page[i] == UInt8(ascii: ">") {
                    tag.end = i + 1
                    tag.terminated = true
                    tag.opensRawText = name != .other
                    return tag
                }
                if page[i] == UInt8(ascii: "/") && i + 1 < n && page[i + 1] == UInt8(ascii: ">") {
                    // `<script/>`: an empty element, and what follows is markup again.
                    tag.end = i + 2
                    tag.terminated = true
                    tag.selfClosing = true
                    return tag
                }
                guard Self.isNameStart(page[i]) else {
                    // A bogus attribute: skipped to the next blank or the end of the tag.
                    while i < n && !Self.isBlank(page[i]) && page[i] != UInt8(ascii: ">")
                            && !(page[i] == UInt8(ascii: "/") && i + 1 < n && page[i + 1] == UInt8(ascii: ">")) {
                        i += 1
                    }
                    continue
                }
                let attributeStart = i
                attributes += 1
                if attributes > maxAttributes {
                    if tag.cut == nil { tag.cut = attributeStart }
                    tag.dropped += 1
                }
                while i < n && Self.isNameChar(page[i]) { i += 1 }
                let isType = i - attributeStart == 4 && lowercaseEquals(attributeStart, "type")
                while i < n && Self.isBlank(page[i]) { i += 1 }
                guard i < n, page[i] == UInt8(ascii: "=") else { continue }
                i += 1
                while i < n && Self.isBlank(page[i]) { i += 1 }
                guard i < n else { return tag }
                let valueStart: Int
                let valueEnd: Int
                if page[i] == UInt8(ascii: "\"") || page[i] == UInt8(ascii: "'") {
                    guard let close = find(page[i], from: i + 1) else { return tag }
                    valueStart = i + 1
                    valueEnd = close
                    i = close + 1
                } else {
                    valueStart = i
                    while i < n && !Self.isBlank(page[i]) && page[i] != UInt8(ascii: ">") { i += 1 }
                    valueEnd = i
                }
                // A value with a reference in it is kept whatever it decodes to.
                if isType && tag.cut == nil
                    && (containsJSON(valueStart, valueEnd) || find(UInt8(ascii: "&"), from: valueStart, before: valueEnd) != nil) {
                    tag.keepsText = true
                }
            }
        }

        func rawName(_ start: Int, _ end: Int) -> RawName {
            if end - start == 6 && lowercaseEquals(start, "script") { return .script }
            if end - start == 5 && lowercaseEquals(start, "style") { return .style }
            return .other
        }

        /// Index of the `<` of the first `</script` (or `</style`) at or after `from`.
        func closingTag(_ name: RawName, from: Int) -> Int? {
            let word: StaticString = name == .script ? "script" : "style"
            var i = from
            while let lt = find(UInt8(ascii: "<"), from: i) {
                if lt + 1 < page.count && page[lt + 1] == UInt8(ascii: "/") && lowercaseEquals(lt + 2, word) { return lt }
                i = lt + 1
            }
            return nil
        }

        func containsJSON(_ start: Int, _ end: Int) -> Bool {
            var i = start
            while i + 4 <= end {
                if lowercaseEquals(i, "json") { return true }
                i += 1
            }
            return false
        }

        func lowercaseEquals(_ at: Int, _ word: StaticString) -> Bool {
            let length = word.utf8CodeUnitCount
            guard at + length <= page.count else { return false }
            for k in 0..<length {
                var c = page[at + k]
                if c >= 0x41 && c <= 0x5A { c |= 0x20 }
                if c != word.utf8Start[k] { return false }
            }
            return true
        }

        func has(_ word: StaticString, at: Int) -> Bool {
            let length = word.utf8CodeUnitCount
            guard at + length <= page.count, let base = page.baseAddress else { return false }
            return memcmp(base + at, word.utf8Start, length) == 0
        }

        /// The first `byte` in `from..<before` (the page's end by default).
        func find(_ byte: UInt8, from: Int, before: Int? = nil) -> Int? {
            let end = min(before ?? page.count, page.count)
            guard from < end, let base = page.baseAddress else { return nil }
            guard let hit = memchr(base + from, Int32(byte), end - from) else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }

        /// The first `word` starting in `from..<before` (anywhere after `from` by default).
        func search(_ word: StaticString, from: Int, before: Int? = nil) -> Int? {
            var i = from
            while let hit = find(word.utf8Start[0], from: i, before: before) {
                if has(word, at: hit) { return hit }
                i = hit + 1
            }
            return nil
        }

        /// Only a letter after `<` starts a tag for libxml2; `<_x`, `<3`, `< b` are text.
        static func isLetter(_ c: UInt8) -> Bool { (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) }

        /// libxml2's HTML names: a letter, `_`, `:` or `.`, then also digits and `-`.
        static func isNameStart(_ c: UInt8) -> Bool {
            (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || c == UInt8(ascii: "_") || c == UInt8(ascii: ":")
                || c == UInt8(ascii: ".")
        }

        static func isNameChar(_ c: UInt8) -> Bool {
            isNameStart(c) || (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: "-")
        }

        static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
    }
}
