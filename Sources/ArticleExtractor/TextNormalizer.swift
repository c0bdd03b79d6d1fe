/// Whitespace rules shared by scoring and output. Lengths are counted in UTF-16 code units, the
/// unit the published thresholds of the Readability family (25, 80, 100, 500 characters) were
/// tuned in, so a page scores the same whatever its script.
enum TextNormalizer {
    /// The whitespace set of JavaScript's `\s` and `trim()` (Unicode spaces, BOM included).
    @inline(__always)
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
            return true
        default:
            return false
        }
    }

    /// Byte length of the whitespace character starting at `i` (JavaScript's `\s` set), or 0.
    @inline(__always)
    static func whitespaceLength(_ b: Span<UInt8>, _ i: Int) -> Int {
        let c = b[i]
        if c < 0x80 { return c == 0x20 || (c >= 0x09 && c <= 0x0D) ? 1 : 0 }
        let n = b.count
        switch c {
        case 0xC2: return i + 1 < n && b[i + 1] == 0xA0 ? 2 : 0
        case 0xE1: return i + 2 < n && b[i + 1] == 0x9A && b[i + 2] == 0x80 ? 3 : 0
        case 0xE2:
            guard i + 2 < n else { return 0 }
            let c1 = b[i + 1], c2 = b[i + 2]
            if c1 == 0x80 && (c2 <= 0x8A || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF) && c2 >= 0x80 { return 3 }
            if c1 == 0x81 && c2 == 0x9F { return 3 }
            return 0
        case 0xE3: return i + 2 < n && b[i + 1] == 0x80 && b[i + 2] == 0x80 ? 3 : 0
        case 0xEF: return i + 2 < n && b[i + 1] == 0xBB && b[i + 2] == 0xBF ? 3 : 0
        default: return 0
        }
    }

    /// Shared byte-level whitespace rewriting: trims, and replaces each whitespace run with one
    /// space — or, when `keepSingles`, keeps a run of exactly one character as it is.
    private static func rewrite(_ text: String, keepSingles: Bool) -> String {
        let b = text.utf8.span
        let n = b.count
        var out = [UInt8]()
        out.reserveCapacity(n)
        var i = 0
        var runStart = -1
        var runChars = 0
        var runEnd = 0
        while i < n {
            let w = whitespaceLength(b, i)
            if w > 0 {
                if runStart < 0 { runStart = i; runChars = 0 }
                runChars += 1
                i += w
                runEnd = i
                continue
            }
            if runStart >= 0 {
                if !out.isEmpty {
                    if keepSingles && runChars == 1 {
                        for k in runStart..<runEnd { out.append(b[k]) }
                    } else {
                        out.append(0x20)
                    }
                }
                runStart = -1
            }
            out.append(b[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Trimmed, with every run of two or more whitespace characters replaced by one space
    /// (a single newline or tab stays as it is).
    static func collapse(_ text: String) -> String { rewrite(text, keepSingles: true) }

    /// Trimmed, and every whitespace run (of any length) made one plain space.
    static func squash(_ text: String) -> String { rewrite(text, keepSingles: false) }

    static func trim(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isWhitespace($0) }),
              let last = scalars.lastIndex(where: { !isWhitespace($0) }) else { return "" }
        return String(scalars[first...last])
    }

    static func isBlank(_ text: String) -> Bool {
        !text.unicodeScalars.contains { !isWhitespace($0) }
    }

    /// Length in UTF-16 code units.
    @inline(__always)
    static func length(_ text: String) -> Int { text.utf16.count }

    /// Number of words, counted the way `str.split(/\s+/).length` does.
    static func splitWordCount(_ text: String) -> Int {
        var count = 1
        var inSpace = false
        for scalar in text.unicodeScalars {
            if isWhitespace(scalar) {
                if !inSpace { count += 1; inSpace = true }
            } else {
                inSpace = false
            }
        }
        return count
    }
}

extension WorkingTree {
    /// UTF-16 length of `innerText(node)`, computed without building the string: whitespace
    /// runs count as one, ends are trimmed, and a run may span several text nodes.
    func innerTextLength(_ node: Int) -> Int {
        var total = 0
        var pendingRun = false
        var started = false
        func feed(_ shape: TextShape) {
            if shape.blank {
                if shape.hasSpace && started { pendingRun = true }
                return
            }
            if shape.leadingSpace && started { pendingRun = true }
            if pendingRun { total += 1 }
            total += shape.length
            started = true
            pendingRun = shape.trailingSpace
        }
        if kind[node] == .text { return textShape[node].length }
        walk(below: node) { next in
            switch kind[next] {
            case .text: feed(textShape[next]); return false
            case .element: return true
            default: return false
            }
        }
        return total
    }

    /// True when the node's text has any non-whitespace character.
    func hasText(_ node: Int) -> Bool {
        if kind[node] == .text { return !textShape[node].blank }
        var found = false
        walk(below: node) { next in
            if found { return false }
            switch kind[next] {
            case .text: if !textShape[next].blank { found = true }; return false
            case .element: return true
            default: return false
            }
        }
        return found
    }
}

/// One text node as `innerTextLength` sees it: its length with whitespace runs folded to one
/// character and the ends trimmed, whether it began or ended with whitespace, and whether it
/// is all whitespace. Lengths count UTF-16 units, as browsers' `innerText.length` does. Also
/// its commas (`ContentFinder.commaCount`), which scoring sums over subtrees.
struct TextShape: Sendable {
    var length = 0
    var commas: Int32 = 0
    var leadingSpace = false
    var trailingSpace = false
    var blank = true
    var hasSpace = false

    static let nothing = TextShape()

    init() {}

    init(_ text: String) {
        var total = 0
        var pendingRun = false
        var started = false
        var leading = false
        var sawSpace = false
        var asciiCommas = 0
        var wide = false
        let b = text.utf8.span
        let n = b.count
        var i = 0
        while i < n {
            let c = b[i]
            if c < 0x80 {
                if c == 0x2C { asciiCommas += 1 }
                if c == 0x20 || (c >= 0x09 && c <= 0x0D) {
                    if started { pendingRun = true } else { leading = true }
                    sawSpace = true
                } else {
                    if pendingRun { total += 1; pendingRun = false }
                    started = true
                    total += 1
                }
                i += 1
                continue
            }
            let w = TextNormalizer.whitespaceLength(b, i)
            if w > 0 {
                if started { pendingRun = true } else { leading = true }
                sawSpace = true
                i += w
                continue
            }
            if pendingRun { total += 1; pendingRun = false }
            started = true
            if c >= 0xD8 { wide = true }
            if c >= 0xF0 { total += 2; i += 4 } else if c >= 0xE0 { total += 1; i += 3 } else if c >= 0xC0 { total += 1; i += 2 } else { i += 1 }
        }
        length = total
        // Only text with multi-byte characters can hold the other comma forms.
        commas = Int32(clamping: wide ? ContentFinder.commaCount(text) : asciiCommas)
        blank = !started
        hasSpace = sawSpace
        leadingSpace = leading && started
        trailingSpace = pendingRun
    }
}
