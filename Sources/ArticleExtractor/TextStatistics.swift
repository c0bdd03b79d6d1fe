/// Text length and link-text length of every node of a tree, computed in one bottom-up pass,
/// so scoring hundreds of candidate blocks does not re-read their text hundreds of times.
/// Lengths are exactly those of `WorkingTree.innerTextLength` (trimmed, whitespace runs counted
/// as one): a run of text summarised as (characters, inner runs, leading/trailing space)
/// combines associatively, so a parent's summary is its children's folded together.
struct TextStatistics {
    private struct Span {
        var characters = 0
        var runs = 0
        var leading = false
        var trailing = false
        var empty = true
        var hasSpace = false

        static func + (a: Span, b: Span) -> Span {
            if a.empty && b.empty { var s = Span(); s.hasSpace = a.hasSpace || b.hasSpace; return s }
            if a.empty { var s = b; s.leading = b.leading || a.hasSpace; return s }
            if b.empty { var s = a; s.trailing = a.trailing || b.hasSpace; return s }
            var s = Span()
            s.empty = false
            s.characters = a.characters + b.characters
            s.runs = a.runs + b.runs + (a.trailing || b.leading ? 1 : 0)
            s.leading = a.leading
            s.trailing = b.trailing
            return s
        }

        init() {}

        init(_ text: String) {
            var text = text
            text.withUTF8 { b in
                var i = 0
                var inRun = false
                while i < b.count {
                    let w = TextNormalizer.whitespaceLength(b, i)
                    if w > 0 {
                        hasSpace = true
                        if empty { leading = true } else { inRun = true }
                        i += w
                        continue
                    }
                    if inRun { runs += 1; inRun = false }
                    empty = false
                    let c = b[i]
                    if c >= 0xF0 { characters += 2; i += 4 } else if c >= 0xE0 { characters += 1; i += 3 } else if c >= 0xC0 { characters += 1; i += 2 } else { characters += 1; i += 1 }
                }
                trailing = inRun
                if empty { leading = false }
            }
        }
    }

    private(set) var length: [Int]
    private(set) var linkLength: [Double]

    init(_ tree: WorkingTree, root: Int = WorkingTree.root) {
        var spans = [Span](repeating: Span(), count: tree.count)
        length = [Int](repeating: 0, count: tree.count)
        linkLength = [Double](repeating: 0, count: tree.count)
        // Post-order without recursion: push (node, expanded).
        var stack: [(Int, Bool)] = [(root, false)]
        while let (node, expanded) = stack.popLast() {
            switch tree.kind[node] {
            case .text:
                spans[node] = Span(tree.text[node])
                length[node] = spans[node].characters + spans[node].runs
            case .comment:
                continue
            case .element, .document:
                if !expanded {
                    stack.append((node, true))
                    for child in tree.children[node] { stack.append((child, false)) }
                    continue
                }
                var span = Span()
                var links = 0.0
                for child in tree.children[node] {
                    guard tree.kind[child] != .comment else { continue }
                    span = span + spans[child]
                    links += linkLength[child]
                    if tree.kind[child] == .element && tree.tag[child] == "a" {
                        let href = tree.attribute(child, "href") ?? ""
                        let weight = href.count > 1 && href.hasPrefix("#") ? 0.3 : 1.0
                        links += Double(length[child]) * weight
                    }
                }
                spans[node] = span
                length[node] = span.characters + span.runs
                linkLength[node] = links
            }
        }
    }

    func linkDensity(_ node: Int) -> Double {
        length[node] == 0 ? 0 : linkLength[node] / Double(length[node])
    }
}
