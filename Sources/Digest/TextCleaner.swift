/// Cleans feed text before it enters the digest model: no control characters, no invisible
/// bidi or zero-width characters (they can reorder or hide text), whitespace collapsed.
///
/// Escaping for a format is the renderers' job; this only makes the text honest plain text.
enum TextCleaner {
    /// One line: every run of whitespace (newlines included) becomes one space; trimmed.
    static func line(_ text: String) -> String {
        if isCleanASCIILine(text) { return text }
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isInvisible(scalar) { continue }
            if scalar.properties.isWhitespace || isControl(scalar) {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace {
                result.append(" ")
                pendingSpace = false
            }
            result.append(scalar)
        }
        return String(result)
    }

    /// Nil for nil or text that is empty once cleaned.
    static func optionalLine(_ text: String?) -> String? {
        guard let text else { return nil }
        let cleaned = line(text)
        return cleaned.isEmpty ? nil : cleaned
    }

    /// Paragraphs (split at blank lines), each cleaned as a line, joined by one blank line.
    static func paragraphs(_ text: String?) -> String? {
        guard let text else { return nil }
        var paragraphs: [String] = []
        var current: [Substring] = []
        let lines = text.replacingCRLF().split(separator: "\n", omittingEmptySubsequences: false)
        for rawLine in lines {
            if line(String(rawLine)).isEmpty {
                if !current.isEmpty { paragraphs.append(line(current.joined(separator: " "))) }
                current = []
            } else {
                current.append(rawLine)
            }
        }
        if !current.isEmpty { paragraphs.append(line(current.joined(separator: " "))) }
        let joined = paragraphs.filter { !$0.isEmpty }.joined(separator: "\n\n")
        return joined.isEmpty ? nil : joined
    }

    /// Distinct cleaned names (case-insensitively), in first-seen order.
    static func names(_ names: [String]) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for name in names {
            let cleaned = line(name)
            if cleaned.isEmpty || !seen.insert(cleaned.lowercased()).inserted { continue }
            result.append(cleaned)
        }
        return result
    }

    /// Printable ASCII with single spaces between words and none at either end: what `line`
    /// gives back unchanged (most feed text), told without looking up any Unicode property.
    static func isCleanASCIILine(_ text: String) -> Bool {
        var previous: UInt8 = 0x20
        for byte in text.utf8 {
            guard byte >= 0x20, byte < 0x7F, !(byte == 0x20 && previous == 0x20) else { return false }
            previous = byte
        }
        return previous != 0x20 || text.utf8.isEmpty
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// Format characters that change how text is ordered or shown without being seen.
    private static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00AD, 0x061C, 0x180E, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x206F, 0xFEFF,
             0xFFF9...0xFFFB, 0xE0000...0xE007F:
            return true
        default:
            return false
        }
    }
}

extension String {
    fileprivate func replacingCRLF() -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(unicodeScalars.count)
        var previousWasCR = false
        for scalar in unicodeScalars {
            if scalar == "\r" {
                result.unicodeScalars.append("\n")
                previousWasCR = true
                continue
            }
            if scalar == "\n", previousWasCR { previousWasCR = false; continue }
            previousWasCR = false
            result.unicodeScalars.append(scalar)
        }
        return result
    }
}
