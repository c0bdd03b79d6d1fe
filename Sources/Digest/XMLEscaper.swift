/// Escapes text for XML element content and double-quoted attribute values (the Atom feed).
///
/// Besides the five markup characters, XML 1.0 forbids most control characters outright: a
/// single one makes the whole document ill-formed for every reader. Those (and the C1 controls
/// and non-characters a reader may refuse) become U+FFFD, so no text can break the feed.
enum XMLEscaper {
    /// `HTMLEscaper.escape` (the same five references) of the text with the characters XML
    /// cannot carry replaced.
    static func escape(_ text: String) -> String {
        HTMLEscaper.escape(replacingIllegal(text))
    }

    /// The text with every character XML cannot carry replaced by U+FFFD (for the JSON feed,
    /// whose readers hand `content_html` to the same HTML code).
    static func replacingIllegal(_ text: String) -> String {
        guard !isAllAllowed(text) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars { result.unicodeScalars.append(isAllowed(scalar) ? scalar : "\u{FFFD}") }
        return result
    }

    /// Whether every character is allowed, read on the UTF-8 bytes: a control is a byte under
    /// 0x20 or 0x7F, a C1 control is C2 80…9F, U+FFFE/U+FFFF are EF BF BE/BF.
    static func isAllAllowed(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var i = 0
            let n = bytes.count
            while i < n {
                let b = bytes[i]
                if b < 0x20 {
                    if b != 0x09 && b != 0x0A && b != 0x0D { return false }
                } else if b == 0x7F {
                    return false
                } else if b == 0xC2, i + 1 < n, bytes[i + 1] >= 0x80, bytes[i + 1] <= 0x9F {
                    return false
                } else if b == 0xEF, i + 2 < n, bytes[i + 1] == 0xBF, bytes[i + 2] == 0xBE || bytes[i + 2] == 0xBF {
                    return false
                }
                i += 1
            }
            return true
        }
    }

    /// Tab, line feed, carriage return and printable text; not C0/C1 controls, DEL or the
    /// non-characters U+FFFE and U+FFFF.
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return true
        case 0..<0x20, 0x7F...0x9F, 0xFFFE, 0xFFFF: return false
        default: return true
        }
    }
}
