/// Writes the article block as plain text: each block element (paragraph, heading, list item,
/// quote, table row) becomes its own paragraph, `<br>` a line break, table cells are spaced,
/// `<pre>` keeps its layout, and link text stays inline like any other text. Captions and SVG
/// drawings are left out.
enum TextRenderer {
    static let blocks: Set<String> = [
        "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "div", "dl", "dt",
        "fieldset", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html",
        "legend", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot",
        "tr", "ul", "caption", "menu",
    ]
    static let dropped: Set<String> = ["script", "style", "noscript", "template", "svg", "figcaption", "head", "title",
                                       "iframe", "object", "embed", "button", "select", "textarea", "input"]

    private struct State {
        var paragraphs: [String] = []
        var buffer: [UInt8] = []
        var preDepth = 0

        mutating func append(_ text: String, newlinesAsSpaces: Bool) {
            if newlinesAsSpaces {
                for byte in text.utf8 { buffer.append(byte == 0x0A ? 0x20 : byte) }
            } else {
                buffer.append(contentsOf: text.utf8)
            }
        }

        mutating func flush() {
            defer { buffer.removeAll(keepingCapacity: true) }
            guard !buffer.isEmpty else { return }
            if preDepth > 0 {
                var start = 0
                var end = buffer.count
                while start < end && buffer[start] == 0x0A { start += 1 }
                while end > start && buffer[end - 1] == 0x0A { end -= 1 }
                let text = String(decoding: buffer[start..<end], as: UTF8.self)
                if !TextNormalizer.isBlank(text) { paragraphs.append(text) }
                return
            }
            // Lines split on <br>; within a line, runs of spaces, tabs and no-break spaces
            // become one space; blank lines go.
            var lines: [UInt8] = []
            var line: [UInt8] = []
            var pendingSpace = false
            func endLine() {
                if !line.isEmpty {
                    if !lines.isEmpty { lines.append(0x0A) }
                    lines.append(contentsOf: line)
                }
                line.removeAll(keepingCapacity: true)
                pendingSpace = false
            }
            var i = 0
            let n = buffer.count
            while i < n {
                let c = buffer[i]
                if c == 0x0A { endLine(); i += 1; continue }
                let w = TextNormalizer.whitespaceLength(buffer.span, i)
                if w > 0 { pendingSpace = !line.isEmpty; i += w; continue }
                if pendingSpace { line.append(0x20); pendingSpace = false }
                line.append(c)
                i += 1
            }
            endLine()
            if !lines.isEmpty { paragraphs.append(String(decoding: lines, as: UTF8.self)) }
        }
    }

    static func paragraphs(_ tree: WorkingTree, _ node: Int) -> [String] {
        var state = State()
        walk(tree, node, &state)
        state.flush()
        return state.paragraphs
    }

    private static func walk(_ tree: WorkingTree, _ node: Int, _ state: inout State) {
        // Iterative: (node, closing?) pairs, so hostile nesting cannot exhaust the stack.
        var stack: [(Int, Bool)] = [(node, false)]
        while let (current, closing) = stack.popLast() {
            switch tree.kind[current] {
            case .text:
                state.append(tree.text[current], newlinesAsSpaces: state.preDepth == 0)
            case .element, .document:
                let name = tree.tag[current]
                if closing {
                    if name == "td" || name == "th" {
                        state.buffer.append(0x20)
                    } else if blocks.contains(name) {
                        state.flush()
                        if name == "pre" { state.preDepth -= 1 }
                    }
                    continue
                }
                if dropped.contains(name) { continue }
                if name == "br" { state.buffer.append(0x0A); continue }
                if name == "td" || name == "th" {
                    state.buffer.append(0x20)
                } else if blocks.contains(name) {
                    state.flush()
                    if name == "pre" { state.preDepth += 1 }
                }
                stack.append((current, true))
                var child = tree.lastChild(current)
                while let c = child {
                    stack.append((c, false))
                    child = tree.previousSibling(c)
                }
            case .comment:
                continue
            }
        }
    }
}
