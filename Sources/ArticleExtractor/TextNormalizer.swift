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

    /// Trimmed, with every run of two or more whitespace characters replaced by one space
    /// (a single newline or tab stays as it is).
    static func collapse(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pending: [Unicode.Scalar] = []
        var started = false
        for scalar in text.unicodeScalars {
            if isWhitespace(scalar) {
                if started { pending.append(scalar) }
                continue
            }
            if !pending.isEmpty {
                if pending.count == 1 { out.append(pending[0]) } else { out.append(" ") }
                pending.removeAll(keepingCapacity: true)
            }
            started = true
            out.append(scalar)
        }
        return String(out)
    }

    /// Trimmed, and every whitespace run (of any length) made one plain space.
    static func squash(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isWhitespace(scalar) {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(" "); pendingSpace = false }
            out.append(scalar)
        }
        return String(out)
    }

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
    /// UTF-16 length of `innerText(node)`, computed without building the string.
    func innerTextLength(_ node: Int) -> Int {
        var total = 0
        var run = 0
        var started = false
        func feed(_ string: String) {
            for scalar in string.unicodeScalars {
                if TextNormalizer.isWhitespace(scalar) {
                    if started { run += 1 }
                    continue
                }
                if run > 0 { total += 1; run = 0 }
                started = true
                total += scalar.value > 0xFFFF ? 2 : 1
            }
        }
        if kind[node] == .text {
            feed(text[node])
            return total
        }
        var stack = Array(children[node].reversed())
        while let next = stack.popLast() {
            switch kind[next] {
            case .text: feed(text[next])
            case .element: stack.append(contentsOf: children[next].reversed())
            default: break
            }
        }
        return total
    }

    /// True when the node's text has any non-whitespace character.
    func hasText(_ node: Int) -> Bool {
        if kind[node] == .text { return !TextNormalizer.isBlank(text[node]) }
        var stack = children[node]
        while let next = stack.popLast() {
            switch kind[next] {
            case .text: if !TextNormalizer.isBlank(text[next]) { return true }
            case .element: stack.append(contentsOf: children[next])
            default: break
            }
        }
        return false
    }
}
