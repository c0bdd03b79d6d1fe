/// Text length, link-text length, commas and a few structural counts of every node of a tree,
/// computed in one bottom-up pass, so scoring hundreds of candidate blocks does not re-read
/// their text hundreds of times, and no nesting makes a pass cost depth × size.
/// Lengths are exactly those of `WorkingTree.innerTextLength` (trimmed, whitespace runs counted
/// as one): a run of text summarised as (characters, inner runs, leading/trailing space)
/// combines associatively, so a parent's summary is its children's folded together.
struct TextStatistics {
    /// A run of text as `innerTextLength` sees it; two adjacent runs combine into one.
    struct Span {
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
    /// `ContentFinder.commaCount` of each node's text.
    private(set) var commas: [Int]
    /// `<br>` and `<hr>` elements below each node.
    private(set) var breaks: [Int32]
    /// Whether an element below the node has a tag that keeps a `<div>` from being read as a
    /// paragraph (`ElementKinds.divToParagraphBlockers`).
    private(set) var hasBlockBelow: [Bool]
    /// Nodes below each node.
    private(set) var size: [Int32]

    init(_ tree: WorkingTree, root: Int = WorkingTree.root) {
        var spans = [Span](repeating: Span(), count: tree.count)
        length = [Int](repeating: 0, count: tree.count)
        linkLength = [Double](repeating: 0, count: tree.count)
        commas = [Int](repeating: 0, count: tree.count)
        breaks = [Int32](repeating: 0, count: tree.count)
        hasBlockBelow = [Bool](repeating: false, count: tree.count)
        size = [Int32](repeating: 0, count: tree.count)
        // Post-order without recursion: push (node, expanded).
        var stack: [(Int, Bool)] = [(root, false)]
        while let (node, expanded) = stack.popLast() {
            switch tree.kind[node] {
            case .text:
                spans[node] = Span(tree.textShape[node])
                length[node] = spans[node].length
                commas[node] = Int(tree.textShape[node].commas)
            case .comment:
                continue
            case .element, .document:
                if !expanded {
                    stack.append((node, true))
                    var child = tree.firstChild(node)
                    while let c = child {
                        stack.append((c, false))
                        child = tree.nextSibling(c)
                    }
                    continue
                }
                var span = Span()
                var links = 0.0
                var commaTotal = 0
                var breakTotal: Int32 = 0
                var blockBelow = false
                var nodes: Int32 = 0
                var next = tree.firstChild(node)
                while let child = next {
                    next = tree.nextSibling(child)
                    nodes &+= 1 &+ size[child]
                    guard tree.kind[child] != .comment else { continue }
                    breakTotal &+= breaks[child]
                    blockBelow = blockBelow || hasBlockBelow[child]
                    if tree.kind[child] == .element {
                        let name = tree.tag[child]
                        if name == "br" || name == "hr" { breakTotal &+= 1 }
                        if ElementKinds.divToParagraphBlockers.contains(name) { blockBelow = true }
                    }
                    span = span + spans[child]
                    links += linkLength[child]
                    commaTotal += commas[child]
                    if tree.kind[child] == .element && tree.tag[child] == "a" {
                        let href = tree.attribute(child, "href") ?? ""
                        let weight = href.utf8.count > 1 && href.hasPrefix("#") ? 0.3 : 1.0
                        links += Double(length[child]) * weight
                    }
                }
                spans[node] = span
                length[node] = span.length
                linkLength[node] = links
                commas[node] = commaTotal
                breaks[node] = breakTotal
                hasBlockBelow[node] = blockBelow
                size[node] = nodes
            }
        }
    }

    /// Whether the node existed when the statistics were taken (nodes created later did not).
    func covers(_ node: Int) -> Bool { node < length.count }

    func linkDensity(_ node: Int) -> Double {
        length[node] == 0 ? 0 : linkLength[node] / Double(length[node])
    }
}
