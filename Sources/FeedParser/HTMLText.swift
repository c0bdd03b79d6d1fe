import LibXML

/// Small, allocation-light helpers for the HTML that feeds put in text fields: deciding whether
/// a string is HTML, turning HTML into plain text for titles, and escaping text as HTML.
public enum HTMLText {
    /// feedparser's rule: a string is HTML when it has an end tag or a character reference.
    public static func looksLikeHTML(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.contains(UInt8(ascii: "<")) || b.contains(UInt8(ascii: "&")) else { return false }
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "<"), i + 2 < b.count, b[i + 1] == UInt8(ascii: "/"), b[i + 2].isASCIILetter {
                var j = i + 2
                while j < b.count, b[j].isASCIILetter || b[j].isDigit { j += 1 }
                if j < b.count, b[j] == UInt8(ascii: ">"),
                   htmlElements.contains(String(decoding: b[(i + 2)..<j], as: UTF8.self).lowercased()) { return true }
            } else if b[i] == UInt8(ascii: "&") {
                var j = i + 1
                if j < b.count, b[j] == UInt8(ascii: "#") { j += 1 }
                let start = j
                while j < b.count, b[j].isASCIILetter || b[j].isDigit || b[j] == UInt8(ascii: "_") { j += 1 }
                if j > start, j < b.count, b[j] == UInt8(ascii: ";") { return true }
            }
            i += 1
        }
        return false
    }

    /// Visible text of an HTML fragment: tags removed (script/style bodies too), references
    /// decoded, whitespace runs folded to one space, ends trimmed.
    public static func plainText(fromHTML html: String) -> String {
        var out = ""
        var i = html.startIndex
        let end = html.endIndex
        var skipUntil: String?
        while i < end {
            let c = html[i]
            if c == "<" {
                guard let close = tagEnd(html, from: i) else {
                    out += html[i...]
                    break
                }
                let tag = html[html.index(after: i)..<close].lowercased()
                let name = tag.prefix { $0.isLetter || $0.isNumber || $0 == "/" || $0 == "!" }
                if let skip = skipUntil {
                    if name == "/" + skip { skipUntil = nil }
                } else if name == "script" || name == "style" {
                    skipUntil = String(name)
                } else if ["br", "p", "/p", "div", "/div", "li", "/li", "tr", "td", "h1", "h2", "h3", "/h1", "/h2", "/h3"].contains(String(name)) {
                    out.append(" ")
                }
                i = html.index(after: close)
                continue
            }
            if skipUntil == nil { out.append(c) }
            i = html.index(after: i)
        }
        return foldWhitespace(decodeReferences(out))
    }

    /// The index of the `>` closing the tag that starts at `start`, minding quoted attribute values.
    static func tagEnd(_ html: String, from start: String.Index) -> String.Index? {
        var quote: Character?
        var i = html.index(after: start)
        while i < html.endIndex {
            let c = html[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                // Quotes only delimit values after '='.
                if html[html.index(before: i)] == "=" { quote = c }
            } else if c == ">" {
                return i
            }
            i = html.index(after: i)
        }
        return nil
    }

    /// HTML element names, for deciding whether `</x>` is an HTML end tag.
    static let htmlElements: Set<String> = [
        "a", "abbr", "acronym", "address", "area", "article", "aside", "audio", "b", "big", "blockquote", "br",
        "button", "canvas", "caption", "center", "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn",
        "dir", "div", "dl", "dt", "em", "fieldset", "figcaption", "figure", "font", "footer", "form", "h1", "h2",
        "h3", "h4", "h5", "h6", "header", "hr", "i", "iframe", "img", "input", "ins", "kbd", "label", "legend", "li",
        "main", "map", "mark", "menu", "nav", "ol", "optgroup", "option", "p", "pre", "q", "s", "samp", "section",
        "select", "small", "span", "strike", "strong", "sub", "summary", "sup", "table", "tbody", "td", "textarea",
        "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul", "var", "video", "html", "body", "head", "title",
        "script", "style", "noscript", "object", "embed", "blink", "marquee", "nobr",
    ]

    /// Decodes named (HTML 4) and numeric character references; unknown ones stay as written.
    static func decodeReferences(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = ""
        var rest = Substring(s)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            if let semi = after.prefix(12).firstIndex(of: ";") {
                let name = after[..<semi]
                var decoded: UInt32?
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    decoded = UInt32(name.dropFirst(2), radix: 16)
                } else if name.hasPrefix("#") {
                    decoded = UInt32(name.dropFirst())
                } else {
                    decoded = HTMLEntities.codepoints[String(name)]
                }
                if var value = decoded {
                    if (0x80...0x9F).contains(value) { value = UInt32(SingleByteCharsets.windows1252[Int(value) - 0x80]) }
                    out.unicodeScalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
                    rest = after[after.index(after: semi)...]
                    continue
                }
            }
            out.append("&")
            rest = after
        }
        out += rest
        return out
    }

    static func foldWhitespace(_ s: String) -> String {
        var needsWork = false
        var previousSpace = true
        for byte in s.utf8 {
            if byte.isASCIIWhitespace {
                if previousSpace || byte != 0x20 { needsWork = true; break }
                previousSpace = true
            } else {
                previousSpace = false
            }
        }
        if !needsWork, !previousSpace { return s }
        var out = [UInt8]()
        out.reserveCapacity(s.utf8.count)
        var pendingSpace = false
        for byte in s.utf8 {
            if byte.isASCIIWhitespace {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(0x20); pendingSpace = false }
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func escape(_ s: String, quotes: Bool = false) -> String {
        guard ByteScan.needsHTMLEscape(s, quotes: quotes) else { return s }
        var out = [UInt8]()
        out.reserveCapacity(s.utf8.count + 16)
        for byte in s.utf8 {
            switch byte {
            case 0x26: out.append(contentsOf: "&amp;".utf8)
            case 0x3C: out.append(contentsOf: "&lt;".utf8)
            case 0x3E: out.append(contentsOf: "&gt;".utf8)
            case 0x22 where quotes: out.append(contentsOf: "&quot;".utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension UInt8 {
    var isASCIILetter: Bool { (self >= 0x41 && self <= 0x5A) || (self >= 0x61 && self <= 0x7A) }
}
