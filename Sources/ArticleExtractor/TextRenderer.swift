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
        var buffer = ""
        var preDepth = 0

        mutating func flush() {
            let raw = buffer
            buffer = ""
            if preDepth > 0 {
                var text = Substring(raw)
                while text.first == "\n" { text = text.dropFirst() }
                while text.last == "\n" { text = text.dropLast() }
                if !TextNormalizer.isBlank(String(text)) { paragraphs.append(String(text)) }
                return
            }
            var lines: [String] = []
            for line in raw.split(separator: "\n", omittingEmptySubsequences: false) {
                let clean = TextNormalizer.squash(String(line))
                if !clean.isEmpty { lines.append(clean) }
            }
            if !lines.isEmpty { paragraphs.append(lines.joined(separator: "\n")) }
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
                if state.preDepth > 0 {
                    state.buffer += tree.text[current]
                } else {
                    state.buffer += tree.text[current].replacingOccurrences(of: "\n", with: " ")
                }
            case .element, .document:
                let name = tree.tag[current]
                if closing {
                    if name == "td" || name == "th" {
                        state.buffer += " "
                    } else if blocks.contains(name) {
                        state.flush()
                        if name == "pre" { state.preDepth -= 1 }
                    }
                    continue
                }
                if dropped.contains(name) { continue }
                if name == "br" { state.buffer += "\n"; continue }
                if name == "td" || name == "th" {
                    state.buffer += " "
                } else if blocks.contains(name) {
                    state.flush()
                    if name == "pre" { state.preDepth += 1 }
                }
                stack.append((current, true))
                for child in tree.children[current].reversed() { stack.append((child, false)) }
            case .comment:
                continue
            }
        }
    }
}
