import LibXML

/// A mutable copy of a parsed page that the extractor may rewrite freely: remove boilerplate,
/// rename tags, wrap loose text into paragraphs, move the article into a new container.
/// The parse (`HTMLColumns`) is taken over as it is; the extraction passes are destructive and retried on a fresh
/// copy, so the tree is a value type (arrays of per-node fields, nodes referred to by index):
/// copying it for a retry is one copy-on-write of a few arrays.
struct WorkingTree: Sendable {
    enum Kind: UInt8, Sendable { case document, element, text, comment }

    private(set) var kind: [Kind] = []
    /// Lower-case tag name of elements, "" for other nodes.
    private(set) var tag: [String] = []
    /// Text of text/comment nodes. Fixed at the parse: nodes created later are elements.
    private(set) var text = ParsedColumn<String>(default: "")
    /// Attributes of elements, fixed at the parse (they are never rewritten).
    private(set) var attributes = ParsedColumn<[(name: String, value: String)]>(default: [])
    /// Parent index, -1 when detached or for the document.
    private(set) var parent: [Int] = []
    private(set) var children: [[Int]] = []
    /// Where each node last sat in its parent's `children` (a hint: checked before use), so
    /// walking siblings is O(1) even below a parent with 100 000 children.
    private var slot: [Int] = []
    /// For text nodes, what `innerTextLength` needs of their text, measured once: scoring asks
    /// for the length of nested subtrees again and again, and then walks nodes, not bytes.
    private(set) var textShape: [TextShape] = []
    /// Elements by tag name in document order, as parsed: the whole-page lookups (title,
    /// headings, metadata, `base`) are answered from it until the first structural change.
    private var parsedElements: [String: [Int]] = [:]
    /// `matchString` of the parsed nodes, built once: every pass asks for it, some per attempt.
    /// (Attributes never change after the parse.)
    private var matchStrings: [String] = []
    /// Set by every change of structure or tag name; `parsedElements` is stale from then on.
    private var restructured = false

    static let root = 0

    init(_ columns: HTMLColumns) {
        kind = columns.kind.map { Kind(rawValue: $0.rawValue)! }
        tag = columns.name
        text = ParsedColumn(columns.text, default: "")
        attributes = ParsedColumn(columns.attributes, default: [])
        parent = columns.parent
        children = columns.children
        if kind.isEmpty {
            kind.append(.document); tag.append(""); parent.append(-1); children.append([])
        }
        slot = Array(repeating: 0, count: kind.count)
        textShape = kind.indices.map { kind[$0] == .text ? TextShape(text[$0]) : .nothing }
        for list in children {
            for (position, child) in list.enumerated() { slot[child] = position }
        }
        // Nodes are numbered in document order and all are attached: index order is the walk's.
        matchStrings = Array(repeating: " ", count: kind.count)
        for index in kind.indices where kind[index] == .element && index < attributes.count {
            parsedElements[tag[index], default: []].append(index)
            if !attributes[index].isEmpty { matchStrings[index] = Self.matchString(attributes[index]) }
        }
    }

    /// The index of `node` in its parent's children, nil when detached.
    private func position(of node: Int) -> Int? {
        let p = parent[node]
        guard p >= 0 else { return nil }
        let list = children[p]
        let hint = slot[node]
        if hint < list.count, list[hint] == node { return hint }
        if hint >= 1, hint - 1 < list.count, list[hint - 1] == node { return hint - 1 }
        if hint + 1 < list.count, list[hint + 1] == node { return hint + 1 }
        return list.firstIndex(of: node)
    }

    /// Refreshes the position hints of a parent's children from `start` on.
    private mutating func reslot(_ p: Int, from start: Int = 0) {
        let list = children[p]
        var index = max(0, start)
        while index < list.count { slot[list[index]] = index; index += 1 }
    }

    var count: Int { kind.count }

    // MARK: - Reading

    /// Visits every node below `node` in document order; `visit` returns whether to go into
    /// the visited node's children. One stack entry per depth level, no per-node allocation.
    @inline(__always)
    func walk(below node: Int, _ visit: (Int) -> Bool) {
        var stack: [(node: Int, next: Int)] = [(node, 0)]
        stack.reserveCapacity(32)
        while let top = stack.last {
            if top.next < children[top.node].count {
                stack[stack.count - 1].next = top.next + 1
                let child = children[top.node][top.next]
                if visit(child) && !children[child].isEmpty { stack.append((child, 0)) }
            } else {
                stack.removeLast()
            }
        }
    }

    @inline(__always) func isElement(_ node: Int) -> Bool { kind[node] == .element }
    @inline(__always) func isText(_ node: Int) -> Bool { kind[node] == .text }

    func attribute(_ node: Int, _ name: String) -> String? {
        for attribute in attributes[node] where attribute.name == name { return attribute.value }
        return nil
    }

    func hasAttribute(_ node: Int, _ name: String) -> Bool { attribute(node, name) != nil }

    /// `class` + " " + `id`, the string boilerplate patterns are matched against.
    func matchString(_ node: Int) -> String {
        node < matchStrings.count ? matchStrings[node] : " "
    }

    private static func matchString(_ attributes: [(name: String, value: String)]) -> String {
        var className: String?
        var id: String?
        for attribute in attributes {
            if className == nil && attribute.name == "class" { className = attribute.value }
            if id == nil && attribute.name == "id" { id = attribute.value }
        }
        guard className != nil || id != nil else { return " " }
        return (className ?? "") + " " + (id ?? "")
    }

    func elementChildren(_ node: Int) -> [Int] {
        children[node].filter { kind[$0] == .element }
    }

    func firstElementChild(_ node: Int) -> Int? {
        children[node].first { kind[$0] == .element }
    }

    /// The next element sibling, or nil.
    func nextElementSibling(_ node: Int) -> Int? {
        let p = parent[node]
        guard p >= 0, let position = position(of: node) else { return nil }
        var index = position + 1
        let siblings = children[p]
        while index < siblings.count {
            if kind[siblings[index]] == .element { return siblings[index] }
            index += 1
        }
        return nil
    }

    /// The next sibling of any kind, or nil.
    func nextSibling(_ node: Int) -> Int? {
        let p = parent[node]
        guard p >= 0, let position = position(of: node), position + 1 < children[p].count else { return nil }
        return children[p][position + 1]
    }

    /// Elements below `node` (not itself) with one of these tag names, in document order.
    func descendants(of node: Int, named names: Set<String>) -> [Int] {
        if node == Self.root && !restructured {
            var result: [Int] = []
            for name in names { result += parsedElements[name] ?? [] }
            return names.count > 1 ? result.sorted() : result
        }
        var result: [Int] = []
        walk(below: node) { next in
            guard kind[next] == .element else { return false }
            if names.contains(tag[next]) { result.append(next) }
            return true
        }
        return result
    }

    func descendants(of node: Int, named name: String) -> [Int] {
        if node == Self.root && !restructured { return parsedElements[name] ?? [] }
        var result: [Int] = []
        walk(below: node) { next in
            guard kind[next] == .element else { return false }
            if tag[next] == name { result.append(next) }
            return true
        }
        return result
    }

    /// All element descendants in document order.
    func elementDescendants(of node: Int) -> [Int] {
        var result: [Int] = []
        walk(below: node) { next in
            guard kind[next] == .element else { return false }
            result.append(next)
            return true
        }
        return result
    }

    func countDescendants(of node: Int, named name: String) -> Int {
        var total = 0
        walk(below: node) { next in
            guard kind[next] == .element else { return false }
            if tag[next] == name { total += 1 }
            return true
        }
        return total
    }

    /// True when `node` is attached below `ancestor`.
    func isDescendant(_ node: Int, of ancestor: Int) -> Bool {
        var current = parent[node]
        while current >= 0 {
            if current == ancestor { return true }
            current = parent[current]
        }
        return false
    }

    /// The raw text of a node and everything below it (DOM `textContent`).
    func textContent(_ node: Int) -> String {
        if kind[node] == .text { return text[node] }
        var out = ""
        walk(below: node) { next in
            switch kind[next] {
            case .text: out += text[next]; return false
            case .element: return true
            default: return false
            }
        }
        return out
    }

    /// Text trimmed, with runs of two or more whitespace characters collapsed to one space.
    func innerText(_ node: Int) -> String {
        TextNormalizer.collapse(textContent(node))
    }

    /// Ancestors from the parent upwards, at most `maxDepth` of them (0 = all).
    func ancestors(of node: Int, maxDepth: Int = 0) -> [Int] {
        var result: [Int] = []
        var current = parent[node]
        while current >= 0 {
            result.append(current)
            if maxDepth > 0 && result.count == maxDepth { break }
            current = parent[current]
        }
        return result
    }

    /// Readability's `hasAncestorTag`: an ancestor with this tag within `maxDepth` levels
    /// (0 or less = any depth), optionally passing a filter.
    func hasAncestor(_ node: Int, tag name: String, maxDepth: Int = 3, where filter: ((Int) -> Bool)? = nil) -> Bool {
        var depth = 0
        var current = node
        while parent[current] >= 0 {
            if maxDepth > 0 && depth > maxDepth { return false }
            let p = parent[current]
            if kind[p] == .element && tag[p] == name && (filter?(p) ?? true) { return true }
            current = p
            depth += 1
        }
        return false
    }

    /// Pre-order walk over elements: the first child unless skipped, else the next sibling,
    /// else the next sibling of the nearest ancestor that has one.
    func nextElement(after node: Int, skipChildren: Bool = false) -> Int? {
        if !skipChildren, let child = firstElementChild(node) { return child }
        var current = node
        while current >= 0 {
            if let sibling = nextElementSibling(current) { return sibling }
            current = parent[current]
        }
        return nil
    }

    // MARK: - Writing

    mutating func setTag(_ node: Int, _ name: String) {
        tag[node] = name
        restructured = true
    }

    /// A new, detached element. Only the columns that change during extraction grow: the text
    /// and attribute columns stay shared between the copies that retries work on.
    mutating func createElement(_ name: String) -> Int {
        kind.append(.element); tag.append(name)
        parent.append(-1); children.append([]); slot.append(0); textShape.append(.nothing)
        return kind.count - 1
    }

    /// Takes a node out of its parent (it and its subtree stay in the arena, unattached).
    mutating func detach(_ node: Int) {
        restructured = true
        let p = parent[node]
        guard p >= 0 else { return }
        if let position = position(of: node) {
            children[p].remove(at: position)
            // Later siblings moved one place left; their hints are one off, which
            // `position(of:)` tolerates, so they are only refreshed for short lists.
            if children[p].count - position < 64 { reslot(p, from: position) }
        }
        parent[node] = -1
    }

    mutating func append(_ child: Int, to newParent: Int) {
        restructured = true
        detach(child)
        children[newParent].append(child)
        parent[child] = newParent
        slot[child] = children[newParent].count - 1
    }

    mutating func insert(_ child: Int, before reference: Int) {
        restructured = true
        detach(child)
        let p = parent[reference]
        guard p >= 0, let position = position(of: reference) else { return }
        children[p].insert(child, at: position)
        parent[child] = p
        if children[p].count - position < 64 { reslot(p, from: position) } else { slot[child] = position }
    }

    /// Puts `replacement` where `node` was; `node` ends detached.
    mutating func replace(_ node: Int, with replacement: Int) {
        restructured = true
        detach(replacement)
        let p = parent[node]
        guard p >= 0, let position = position(of: node) else { return }
        children[p][position] = replacement
        parent[replacement] = p
        slot[replacement] = position
        parent[node] = -1
    }

    /// Makes `list` the children of `node`, in this order, in one step (for rewrites of very
    /// wide elements, where moving children one by one would be quadratic). Nodes that were
    /// children and are not in `list` must have been re-parented or detached by the caller.
    mutating func setChildren(of node: Int, to list: [Int]) {
        restructured = true
        children[node] = list
        for (position, child) in list.enumerated() {
            parent[child] = node
            slot[child] = position
        }
    }

    /// Marks a node detached without touching its former parent's list (see `setChildren`).
    mutating func markDetached(_ node: Int) {
        parent[node] = -1
        restructured = true
    }

    /// Moves all children of `source` to the end of `target`.
    mutating func moveChildren(of source: Int, to target: Int) {
        restructured = true
        let moving = children[source]
        children[source] = []
        for child in moving {
            children[target].append(child)
            parent[child] = target
            slot[child] = children[target].count - 1
        }
    }
}

/// A column of per-node values fixed when the page was parsed; nodes created afterwards read
/// `default`. Never written, so copies of the tree share it instead of copying it.
struct ParsedColumn<Value: Sendable>: Sendable {
    private let values: [Value]
    private let fallback: Value

    init(_ values: [Value] = [], default fallback: Value) {
        self.values = values
        self.fallback = fallback
    }

    var count: Int { values.count }

    @inline(__always)
    subscript(node: Int) -> Value { node < values.count ? values[node] : fallback }
}
