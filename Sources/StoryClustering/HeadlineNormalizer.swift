/// Reduces a headline to what identifies the article: no outlet suffix, no UPDATE/BREAKING
/// prefix, no case or punctuation differences.
///
/// "UPDATE 2-Iraq defers payments - Reuters" and "Iraq Defers Payments | World news" share the
/// key "iraq defers payments". Keys are used for the exact-title layer; `cleanedTitle` is the
/// headline shown to readers (prefixes, suffixes and truncation marks removed, case kept).
public enum HeadlineNormalizer {
    static let prefixes: [String] = [
        "update", "updated", "breaking news", "breaking", "live", "wire", "corrected", "correction",
        "exclusive", "refile", "rpt", "video", "watch", "raw", "analysis", "factbox", "comment",
        "markets", "brief", "urgent", "flash", "alert", "just in", "opinion", "photos", "in pictures",
    ]

    /// The headline with newsroom prefixes, outlet suffixes and a trailing "..." removed.
    public static func cleanedTitle(_ title: String) -> String {
        var t = title.trimmingWhitespace()
        var truncated = false
        for mark in ["...", "\u{2026}"] where t.hasSuffix(mark) {
            t.removeLast(mark.count)
            truncated = true
        }
        t = t.trimmingWhitespace()
        if truncated, let space = t.lastIndex(of: " ") {
            // The last word of a truncated headline may be cut mid-word.
            t = String(t[..<space]).trimmingWhitespace()
        }
        // Prefixes such as "UPDATE 2-", "BREAKING: ", "WIRE: ", "CORRECTED-".
        var changed = true
        while changed {
            changed = false
            let lower = t.lowercased()
            for p in prefixes where lower.hasPrefix(p) {
                var rest = lower.dropFirst(p.count)
                while let c = rest.first, c == " " || c.isNumber { rest.removeFirst() }
                guard let c = rest.first, c == ":" || c == "-" || c == "|" || c == "\u{2014}" || c == "\u{2013}" else { continue }
                rest.removeFirst()
                let cut = lower.count - rest.count
                let candidate = String(t.dropFirst(cut)).trimmingWhitespace()
                if candidate.count >= 8 { t = candidate; changed = true }
                break
            }
        }
        // Outlet or section suffixes: " - Reuters", " | World news", " | Markets".
        for separator in [" | ", " - ", " \u{2014} ", " \u{2013} ", " :: "] {
            if let range = t.utf8Range(of: separator, last: true) {
                let tail = t[range.upperBound...]
                let head = t[..<range.lowerBound]
                let tailWords = tail.split(separator: " ").count
                let headWords = head.split(separator: " ").count
                if tailWords <= 4 && headWords >= 3 && headWords > tailWords {
                    t = String(head).trimmingWhitespace()
                }
            }
        }
        // A leading label that the headline repeats ("Lena Dunham - Lena Dunham apologises").
        if let range = t.utf8Range(of: " - ", last: false) {
            let head = t[..<range.lowerBound].lowercased()
            let tail = String(t[range.upperBound...])
            if !head.isEmpty && head.split(separator: " ").count <= 4 && tail.lowercased().hasPrefix(head)
                && tail.split(separator: " ").count >= 3 {
                t = tail.trimmingWhitespace()
            }
        }
        return t
    }

    /// The exact-title key: content words of the cleaned headline, in order.
    public static func key(_ title: String) -> String {
        NewsTokenizer.tokens(cleanedTitle(title)).map(\.text).joined(separator: " ")
    }
}

extension String {
    /// The first (or last) range of `needle`, by UTF-8 bytes; cheaper than Foundation's search.
    func utf8Range(of needle: String, last: Bool) -> Range<String.Index>? {
        // Scanned through spans with integer offsets: walking String.Index one byte at a time
        // costs several times more, copying into arrays allocates, and headlines are searched
        // for many separators.
        let hay = utf8.span
        let pat = needle.utf8.span
        guard !pat.isEmpty, hay.count >= pat.count else { return nil }
        let first = pat[0]
        var found: Int?
        var i = 0
        let lastStart = hay.count - pat.count
        while i <= lastStart {
            if hay[i] == first {
                var k = 1
                while k < pat.count, hay[i + k] == pat[k] { k += 1 }
                if k == pat.count {
                    found = i
                    if !last { break }
                }
            }
            i += 1
        }
        guard let offset = found else { return nil }
        let lower = utf8.index(utf8.startIndex, offsetBy: offset)
        return lower..<utf8.index(lower, offsetBy: pat.count)
    }
}
