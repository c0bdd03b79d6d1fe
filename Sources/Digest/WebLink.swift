/// The one rule for links in a digest: an absolute http or https URL, or no link at all.
///
/// Anything else (javascript:, data:, vbscript:, file:, relative or protocol-relative links,
/// URLs hiding control characters) is refused, so no renderer can be tricked into a live link.
/// Characters that could break out of an HTML attribute or a Markdown link destination are
/// percent-encoded.
enum WebLink {
    /// The URL made safe to link, or nil.
    static func safe(_ raw: String?) -> String? {
        guard let raw else { return nil }
        let trimmed = raw.trimmingSpaces()
        var scalars = trimmed.unicodeScalars[...]
        // Scheme: "http" or "https", case-insensitive, then "://" and a host.
        let lower = String(trimmed.prefix(8)).lowercased()
        let schemeLength: Int
        if lower.hasPrefix("https://") { schemeLength = 8 } else if lower.hasPrefix("http://") { schemeLength = 7 } else { return nil }
        scalars = scalars.dropFirst(schemeLength)
        guard let first = scalars.first, first != "/", first != "\\", first != "?", first != "#" else { return nil }
        var result = String(trimmed.unicodeScalars.prefix(schemeLength)).lowercased()
        for scalar in scalars {
            let value = scalar.value
            // (Below 0x80 the only whitespace not refused already is the space itself.)
            if value < 0x20 || (0x7F...0x9F).contains(value) || value >= 0x80 && scalar.properties.isWhitespace {
                return nil
            }
            if value >= 0x80, isInvisible(value) { return nil }
            switch scalar {
            case " ", "\"", "'", "<", ">", "`", "\\", "^", "{", "}", "|", "(", ")":
                result += "%" + hex(UInt8(value))
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func isInvisible(_ value: UInt32) -> Bool {
        (0x200B...0x200F).contains(value) || (0x202A...0x202E).contains(value)
            || (0x2060...0x206F).contains(value) || value == 0xFEFF
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }
}

extension String {
    /// Without leading and trailing whitespace and control characters.
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar.value <= 0x20 || scalar.properties.isWhitespace }
        guard let start = scalars.firstIndex(where: { !isSpace($0) }),
              let end = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[start...end])
    }
}
