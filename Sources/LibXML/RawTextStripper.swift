#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Empties the `script` and `style` elements of a page before libxml2 reads it, keeping the
/// elements themselves and the scripts whose `type` names JSON.
///
/// Code and style sheets are often half of a news page's bytes, and libxml2's HTML parser
/// reads them one character at a time (and reports every `</` inside them as an error) only
/// for the extractor to throw them away. This pass finds them at memchr speed instead.
///
/// It follows libxml2's own tokenising (2.9, recovery mode) for everything that decides where
/// a script starts and ends: comments, start tags with quoted and unquoted attribute values,
/// bogus attributes, `<script/>`, and a script's end at the first `</script`, in any case.
/// Wherever the markup is unusual enough that the two could disagree (an unclosed comment or
/// quote, a NUL byte), it stops removing and leaves the rest of the page as it is: the result
/// is then only less trimmed, never different in what libxml2 makes of the markup.
enum RawTextStripper {
    /// Whether the page's bytes can be read this way: `<`, `/`, `>`, quotes and letters are
    /// themselves in the charset libxml2 will decode it with (UTF-8, the ISO-8859 and Windows
    /// families), or the page is plain ASCII that declares its own charset (not ISO-2022's
    /// escapes, not UTF-7).
    static func appliesTo(_ bytes: [UInt8], charset: String?) -> Bool {
        guard let charset else {
            guard ByteScan.firstNonASCII(in: bytes, from: 0) == bytes.count, !bytes.contains(0x1B) else { return false }
            let head = bytes.prefix(4096).map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }
            return ByteScan.indexAfter("utf-7", in: head, from: 0, end: head.count) == nil
        }
        let name = charset.lowercased()
        if ["utf-8", "utf8", "us-ascii", "ascii", "latin1", "l1"].contains(name) { return true }
        return ["iso-8859-", "iso8859-", "iso_8859-", "windows-125", "cp125"].contains { name.hasPrefix($0) }
    }

    /// The page with the contents of code scripts and style sheets removed, or nil when
    /// there is nothing to remove (or the page is not in an ASCII-compatible charset).
    static func strip(_ bytes: [UInt8]) -> [UInt8]? {
        bytes.withUnsafeBufferPointer { page -> [UInt8]? in
            guard let base = page.baseAddress, page.count > 0 else { return nil }
            if memchr(base, 0, page.count) != nil { return nil }
            var scanner = Scanner(page: page)
            return scanner.run()
        }
    }

    private struct Scanner {
        let page: UnsafeBufferPointer<UInt8>
        var output: [UInt8] = []
        /// Bytes before this index are decided (copied or dropped).
        var copied = 0
        var removedAny = false

        init(page: UnsafeBufferPointer<UInt8>) { self.page = page }

        mutating func run() -> [UInt8]? {
            let n = page.count
            var i = 0
            while let lt = find(UInt8(ascii: "<"), from: i) {
                i = lt + 1
                guard i < n else { break }
                let next = page[i]
                if next == UInt8(ascii: "!") {
                    if has("!--", at: i) {
                        // Comments whose end libxml2 might see elsewhere stop the pass.
                        if has("!-->", at: i) || has("!--->", at: i) { break }
                        guard let end = search("-->", from: i + 3) else { break }
                        if search("--!>", from: i + 3, before: end + 1) != nil { break }
                        i = end + 3
                    } else if lowercaseEquals(i + 1, "doctype") {
                        guard let gt = find(UInt8(ascii: ">"), from: i) else { break }
                        i = gt + 1
                    }
                    // Any other `<!` is text.
                } else if next == UInt8(ascii: "?") {
                    guard let gt = find(UInt8(ascii: ">"), from: i) else { break }
                    i = gt + 1
                } else if next == UInt8(ascii: "/") {
                    // An end tag runs to the next `>`, quotes or not; `</` before anything
                    // but a letter is text.
                    guard i + 1 < n, Self.isLetter(page[i + 1]) else { i += 1; continue }
                    guard let gt = find(UInt8(ascii: ">"), from: i) else { break }
                    i = gt + 1
                } else if Self.isLetter(next) {
                    guard let tag = startTag(at: i) else { break }
                    i = tag.end
                    guard tag.opensRawText else { continue }
                    // The content runs to the first `</name`, in any case, as libxml2 reads it;
                    // that end tag must close the element (`</scripts>` would not).
                    guard let close = closingTag(tag.name, from: i) else { break }
                    let after = close + 2 + (tag.name == .script ? 6 : 5)
                    if after < n && Self.isNameChar(page[after]) { break }
                    if close > i && !tag.keepsText {
                        output.reserveCapacity(n)
                        output.append(contentsOf: UnsafeBufferPointer(rebasing: page[copied..<i]))
                        copied = close
                        removedAny = true
                    }
                    i = close
                }
                // Anything else after `<` is text.
            }
            guard removedAny else { return nil }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: page[copied..<n]))
            return output
        }

        struct StartTag {
            var name: RawName
            var end: Int
            var opensRawText: Bool
            var keepsText: Bool
        }

        enum RawName { case script, style, other }

        /// A start tag from its name (at `i`, just after `<`) to just past its `>`; nil when
        /// it does not end (an unclosed quote, the end of the page).
        func startTag(at start: Int) -> StartTag? {
            let n = page.count
            var i = start
            while i < n && Self.isNameChar(page[i]) { i += 1 }
            let name = rawName(start, i)
            var jsonType = false
            while true {
                while i < n && Self.isBlank(page[i]) { i += 1 }
                guard i < n else { return nil }
                if page[i] == UInt8(ascii: ">") {
                    return StartTag(name: name, end: i + 1, opensRawText: name != .other, keepsText: jsonType)
                }
                if page[i] == UInt8(ascii: "/") && i + 1 < n && page[i + 1] == UInt8(ascii: ">") {
                    // `<script/>`: an empty element, and what follows is markup again.
                    return StartTag(name: name, end: i + 2, opensRawText: false, keepsText: false)
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
                while i < n && Self.isNameChar(page[i]) { i += 1 }
                let isType = i - attributeStart == 4 && lowercaseEquals(attributeStart, "type")
                while i < n && Self.isBlank(page[i]) { i += 1 }
                guard i < n, page[i] == UInt8(ascii: "=") else { continue }
                i += 1
                while i < n && Self.isBlank(page[i]) { i += 1 }
                guard i < n else { return nil }
                let valueStart: Int
                let valueEnd: Int
                if page[i] == UInt8(ascii: "\"") || page[i] == UInt8(ascii: "'") {
                    guard let close = find(page[i], from: i + 1) else { return nil }
                    valueStart = i + 1
                    valueEnd = close
                    i = close + 1
                } else {
                    valueStart = i
                    while i < n && !Self.isBlank(page[i]) && page[i] != UInt8(ascii: ">") { i += 1 }
                    valueEnd = i
                }
                // A value with a reference in it is kept whatever it decodes to.
                if isType && (containsJSON(valueStart, valueEnd) || find(UInt8(ascii: "&"), from: valueStart, before: valueEnd) != nil) {
                    jsonType = true
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
            guard at + length <= page.count else { return false }
            return memcmp(page.baseAddress! + at, word.utf8Start, length) == 0
        }

        /// The first `byte` in `from..<before` (the page's end by default).
        func find(_ byte: UInt8, from: Int, before: Int? = nil) -> Int? {
            let end = min(before ?? page.count, page.count)
            guard from < end else { return nil }
            guard let hit = memchr(page.baseAddress! + from, Int32(byte), end - from) else { return nil }
            return page.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self))
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
