import GRDB

/// The words of a feed's HTML field, as the search index should see them.
///
/// Feed summaries and content are HTML; indexed as they are, every entry would match `href` or
/// `class`, and snippets would show markup. The index's triggers call this (as the SQL function
/// `feedwatch_search_text`, registered on every connection the store opens), so the index is kept
/// in the same transaction as the row it mirrors. It is not a renderer: tags become spaces, the
/// bodies of scripts, styles and comments are dropped, and common character references are
/// decoded. One pass over the bytes, whatever the input.
enum SearchText {
    /// The SQL name of `words(fromHTML:)`.
    static let functionName = "feedwatch_search_text"

    static let function = DatabaseFunction(functionName, argumentCount: 1, pure: true) { values in
        guard let html = String.fromDatabaseValue(values[0]) else { return nil }
        return words(fromHTML: html)
    }

    /// Text with tags replaced by spaces, script/style/comment bodies dropped, references decoded.
    static func words(fromHTML html: String) -> String {
        let bytes = Array(html.utf8)
        guard bytes.contains(UInt8(ascii: "<")) || bytes.contains(UInt8(ascii: "&")) else { return html }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b == UInt8(ascii: "<") {
                if let next = skipMarkup(bytes, at: i) {
                    out.append(UInt8(ascii: " "))
                    i = next
                    continue
                }
                out.append(b)
                i += 1
            } else if b == UInt8(ascii: "&"), let (decoded, next) = reference(bytes, at: i) {
                out.append(contentsOf: decoded)
                i = next
            } else {
                out.append(b)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The index just past the markup starting at `start` (a `<`), or nil when the `<` starts no
    /// markup (`a < b`). A script or style element is skipped up to its end tag, a comment to `-->`.
    static func skipMarkup(_ b: [UInt8], at start: Int) -> Int? {
        let n = b.count
        guard start + 1 < n else { return nil }
        let first = b[start + 1]
        if first == UInt8(ascii: "!") {
            if start + 3 < n, b[start + 2] == UInt8(ascii: "-"), b[start + 3] == UInt8(ascii: "-") {
                return find([UInt8]("-->".utf8), in: b, from: start + 4).map { $0 + 3 } ?? n
            }
            return (b[start...].firstIndex(of: UInt8(ascii: ">")) ?? (n - 1)) + 1
        }
        let isTag = isLetter(first) || (first == UInt8(ascii: "/") && start + 2 < n && isLetter(b[start + 2]))
        guard isTag else { return nil }
        // The tag ends at the first '>' outside quotes; an unclosed tag runs to the end.
        var i = start + 1
        var quote: UInt8?
        while i < n {
            let c = b[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                quote = c
            } else if c == UInt8(ascii: ">") {
                break
            }
            i += 1
        }
        let end = min(n, i + 1)
        if first != UInt8(ascii: "/"), let raw = rawTextElement(b, nameAt: start + 1) {
            let close = Array("</\(raw)".utf8)
            return findCaseless(close, in: b, from: end).map { (b[$0...].firstIndex(of: UInt8(ascii: ">")) ?? (n - 1)) + 1 } ?? n
        }
        return end
    }

    /// "script" or "style" when the tag name at `i` is one of them.
    static func rawTextElement(_ b: [UInt8], nameAt i: Int) -> String? {
        for name in ["script", "style"] {
            let bytes = Array(name.utf8)
            guard i + bytes.count <= b.count else { continue }
            var same = true
            for (k, c) in bytes.enumerated() where lower(b[i + k]) != c { same = false; break }
            if same, i + bytes.count == b.count || !isLetter(b[i + bytes.count]) { return name }
        }
        return nil
    }

    /// A character reference at `i` (a `&`): its UTF-8 and the index after its `;`.
    static func reference(_ b: [UInt8], at i: Int) -> ([UInt8], Int)? {
        var j = i + 1
        let limit = min(b.count, i + 12)
        while j < limit, b[j] != UInt8(ascii: ";") { j += 1 }
        guard j < limit, j > i + 1 else { return nil }
        let body = b[(i + 1)..<j]
        var scalar: Unicode.Scalar?
        if body.first == UInt8(ascii: "#") {
            let digits = body.dropFirst()
            var value: UInt32 = 0
            var radix: UInt32 = 10
            var rest = digits[...]
            if let x = rest.first, x == UInt8(ascii: "x") || x == UInt8(ascii: "X") { radix = 16; rest = rest.dropFirst() }
            guard !rest.isEmpty else { return nil }
            for c in rest {
                guard let d = digit(c, radix: radix), value < 0x11_0000 else { return nil }
                value = value * radix + d
            }
            scalar = Unicode.Scalar(value)
        } else {
            switch String(decoding: body, as: UTF8.self) {
            case "amp": scalar = "&"
            case "lt": scalar = "<"
            case "gt": scalar = ">"
            case "quot": scalar = "\""
            case "apos": scalar = "'"
            case "nbsp": scalar = " "
            case "ndash": scalar = "\u{2013}"
            case "mdash": scalar = "\u{2014}"
            case "rsquo", "lsquo": scalar = "'"
            case "hellip": scalar = "\u{2026}"
            default: scalar = nil
            }
        }
        guard let scalar, scalar.value >= 0x20 else { return nil }
        return (Array(String(scalar).utf8), j + 1)
    }

    static func digit(_ c: UInt8, radix: UInt32) -> UInt32? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: return UInt32(c - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F") where radix == 16: return UInt32(c - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z") }
    static func lower(_ c: UInt8) -> UInt8 { isLetter(c) ? c | 0x20 : c }

    /// First index of `needle` in `b` at or after `from` (the needles are a few bytes long).
    static func find(_ needle: [UInt8], in b: [UInt8], from: Int) -> Int? {
        guard let first = needle.first, from < b.count else { return nil }
        var i = from
        while i + needle.count <= b.count {
            guard let hit = b[i...].firstIndex(of: first) else { return nil }
            if hit + needle.count <= b.count, b[hit..<(hit + needle.count)].elementsEqual(needle) { return hit }
            i = hit + 1
        }
        return nil
    }

    static func findCaseless(_ needle: [UInt8], in b: [UInt8], from: Int) -> Int? {
        guard from < b.count else { return nil }
        var i = from
        while i + needle.count <= b.count {
            guard let hit = b[i...].firstIndex(of: needle[0]) else { return nil }
            if hit + needle.count <= b.count, zip(b[hit..<(hit + needle.count)], needle).allSatisfy({ lower($0) == $1 }) { return hit }
            i = hit + 1
        }
        return nil
    }
}
