/// Text length and link-text length of every node of a tree, computed in one bottom-up pass,
/// so scoring hundreds of candidate blocks does not re-read their text hundreds of times.
/// Lengths are exactly those of `WorkingTree.innerTextLength` (trimmed, whitespace runs counted
/// as one): a run of text summarised as (characters, inner runs, leading/trailing space)
/// combines associatively, so a parent's summary is its children's folded together.
struct TextStatistics {
    /// A run of text as `innerTextLength` sees it; two adjacent runs combine into one.
    private struct Span {
        /// Characters plus one per inner whitespace run.
        var length = 0
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
            s.length = a.length + b.length + (a.trailing || b.leading ? 1 : 0)
            s.leading = a.leading
            s.trailing = b.trailing
            return s
        }

        init() {}

        /// From the text node's shape, measured once when the tree was built.
        init(_ shape: TextShape) {
            length = shape.length
            leading = shape.leadingSpace
            trailing = shape.trailingSpace
            empty = shape.blank
            hasSpace = shape.hasSpace
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
                spans[node] = Span(tree.textShape[node])
                length[node] = spans[node].length
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
                        let weight = href.utf8.count > 1 && href.hasPrefix("#") ? 0.3 : 1.0
                        links += Double(length[child]) * weight
                    }
                }
                spans[node] = span
                length[node] = span.length
                linkLength[node] = links
            }
        }
    }

    func linkDensity(_ node: Int) -> Double {
        length[node] == 0 ? 0 : linkLength[node] / Double(length[node])
    }
}
