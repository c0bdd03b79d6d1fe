/// Splits the free-text author fields of RSS (`jane@example.com (Jane Roe)`,
/// `Jane Roe (jane@example.com)`, `Jane Roe <jane@example.com>`, `mailto:…`) into name and email.
enum PersonParser {
    static func parse(_ raw: String) -> Person? {
        let text = HTMLText.foldWhitespace(HTMLText.looksLikeHTML(raw) ? HTMLText.plainText(fromHTML: raw) : raw)
        guard !text.isEmpty else { return nil }
        for (open, close) in [("(", ")"), ("<", ">")] where text.hasSuffix(close) {
            guard let start = text.lastIndex(of: Character(open)) else { continue }
            let inner = String(text[text.index(after: start)..<text.index(before: text.endIndex)]).trimmingASCIIWhitespace()
            let outer = String(text[..<start]).trimmingASCIIWhitespace()
            if inner.utf8.contains(0x40), !outer.utf8.contains(0x40) {
                return Person(name: outer.isEmpty ? nil : outer, email: cleanEmail(inner))
            }
            if outer.utf8.contains(0x40), !inner.utf8.contains(0x40) {
                return Person(name: inner.isEmpty ? nil : inner, email: cleanEmail(outer))
            }
        }
        if text.utf8.contains(0x40), !text.utf8.contains(0x20) {
            return Person(name: nil, email: cleanEmail(text))
        }
        return Person(name: text)
    }

    private static func cleanEmail(_ s: String) -> String {
        s.lowercased().hasPrefix("mailto:") ? String(s.dropFirst(7)) : s
    }
}
