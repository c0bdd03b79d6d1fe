/// Makes feed text inert in Markdown (CommonMark and GitHub's dialect).
///
/// Feed text must read as text: no raw HTML, no links, images, emphasis, headings, lists,
/// tables or autolinks of its own. Characters that can start any of those are
/// backslash-escaped; ordinary punctuation (periods, commas, apostrophes) is left alone so the
/// file stays pleasant in a plain editor.
enum MarkdownEscaper {
    /// Escaped inline text (one line; the model's text has no newlines in it).
    static func inline(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "#", "@":
                result += "\\" + String(scalar)
            case "&":
                // Only where it would start an entity reference such as &lt; or &#60;.
                result += startsEntity(scalars, at: index) ? "\\&" : "&"
            case "\n", "\r":
                result += " "
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Escaped text that starts a line: also no list markers, block quotes, headings or rules.
    static func lineStart(_ text: String) -> String {
        var escaped = inline(text)
        guard let first = escaped.unicodeScalars.first else { return escaped }
        switch first {
        case "-", "+", "=":
            escaped = "\\" + escaped
        case "0"..."9":
            // "1. " or "1) " would start an ordered list.
            let digits = escaped.prefix { $0.isASCII && $0.isNumber }
            let rest = escaped.dropFirst(digits.count)
            if rest.hasPrefix(".") { escaped = digits + "\\" + rest }
        default:
            break
        }
        return escaped
    }

    private static func startsEntity(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        var cursor = index + 1
        var length = 0
        while cursor < scalars.count, length <= 32 {
            let scalar = scalars[cursor]
            if scalar == ";" { return length > 0 }
            guard scalar == "#" || (scalar.isASCII && scalar.properties.isAlphabetic)
                || ("0"..."9").contains(scalar) else { return false }
            cursor += 1
            length += 1
        }
        return false
    }
}
