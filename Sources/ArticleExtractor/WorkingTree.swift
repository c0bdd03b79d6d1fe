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
    /// Children as doubly linked lists (-1 for none): taking a node out, putting one in or
    /// moving one costs the same below a parent of ten children as below one of a million,
    /// and the whole structure is five flat arrays, copied in one step for a retry.
    private var firstChildLink: [Int32] = []
    private var lastChildLink: [Int32] = []
    private var nextLink: [Int32] = []
    private var previousLink: [Int32] = []
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
        kind = columns.kind.map { Kind(rawValue: $0.rawValue) ?? .comment }
        tag = columns.name
        text = ParsedColumn(columns.text, default: "")
        attributes = ParsedColumn(columns.attributes, default: [])
        parent = columns.parent
        if kind.isEmpty {
            kind.append(.document); tag.append(""); parent.append(-1)
        }
        let count = kind.count
        firstChildLink = Array(repeating: -1, count: count)
        lastChildLink = Array(repeating: -1, count: count)
        nextLink = Array(repeating: -1, count: count)
        previousLink = Array(repeating: -1, count: count)
        // Nodes are numbered in document order: each one goes at the end of its parent's list.
        for index in 1..<max(1, count) {
            let p = parent[index]
            guard p >= 0, p < count else { parent[index] = -1; continue }
            let last = lastChildLink[p]
            if last < 0 { firstChildLink[p] = Int32(index) } else { nextLink[Int(last)] = Int32(index); previousLink[index] = last }
            lastChildLink[p] = Int32(index)
        }
        textShape = kind.indices.map { kind[$0] == .text ? TextShape(text[$0]) : .nothing }
        matchStrings = Array(repeating: " ", count: count)
        for index in kind.indices where kind[index] == .element && index < attributes.count {
            parsedElements[tag[index], default: []].append(index)
            if !attributes[index].isEmpty { matchStrings[index] = Self.matchString(attributes[index]) }
        }
    }

    var count: Int { kind.count }

    // MARK: - Links

    /// The first child of `node`, or nil.
    @inline(__always) func firstChild(_ node: Int) -> Int? {
        let child = firstChildLink[node]
        return child < 0 ? nil : Int(child)
    }

    /// The last child of `node`, or nil.
    @inline(__always) func lastChild(_ node: Int) -> Int? {
        let child = lastChildLink[node]
        return child < 0 ? nil : Int(child)
    }

    /// The next sibling of any kind, or nil (nil for a detached node).
    @inline(__always) func nextSibling(_ node: Int) -> Int? {
        guard parent[node] >= 0 else { return nil }
        let next = nextLink[node]
        return next < 0 ? nil : Int(next)
    }

    /// The previous sibling of any kind, or nil (nil for a detached node).
    @inline(__always) func previousSibling(_ node: Int) -> Int? {
        guard parent[node] >= 0 else { return nil }
        let previous = previousLink[node]
        return previous < 0 ? nil : Int(previous)
    }

    /// The children of `node` in order, as a new array.
    func children(_ node: Int) -> [Int] {
        var result: [Int] = []
        var child = firstChildLink[node]
        while child >= 0 {
            result.append(Int(child))
            child = nextLink[Int(child)]
        }
        return result
    }

    func hasChildren(_ node: Int) -> Bool { firstChildLink[node] >= 0 }

    // MARK: - Reading

    /// Visits every node below `node` in document order; `visit` returns whether to go into
    /// the visited node's children. No stack, no allocation: the links lead back up.
    /// The node after `index`'s subtree in document order, staying below `node`: the next
    /// sibling, else that of the nearest ancestor below `node` that has one; -1 at the end.
    @inline(__always)
    private func successor(skipping index: Int, below node: Int) -> Int32 {
        var climbing = index
        while climbing != node {
            let next = nextLink[climbing]
            if next >= 0 { return next }
            let up = parent[climbing]
            if up < 0 { return -1 }
            climbing = up
        }
        return -1
    }

    @inline(__always)
    func walk(below node: Int, _ visit: (Int) -> Bool) {
        var current = firstChildLink[node]
        while current >= 0 {
            let index = Int(current)
            if visit(index) && firstChildLink[index] >= 0 {
                current = firstChildLink[index]
                continue
            }
            current = successor(skipping: index, below: node)
        }
    }

    /// Which of `names` occur as elements below `node`: one walk, stopping once all are seen.
    func tagsPresent(below node: Int, among names: [String]) -> Set<String> {
        var found = Set<String>()
        walk(below: node) { next in
            guard found.count < names.count, kind[next] == .element else { return false }
            let name = tag[next]
            if names.contains(name) { found.insert(name) }
            return true
        }
        return found
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
        var result: [Int] = []
        var child = firstChildLink[node]
        while child >= 0 {
            if kind[Int(child)] == .element { result.append(Int(child)) }
            child = nextLink[Int(child)]
        }
        return result
    }

    /// Number of element children, without building the list.
    func elementChildCount(_ node: Int) -> Int {
        var total = 0
        var child = firstChildLink[node]
        while child >= 0 {
            if kind[Int(child)] == .element { total += 1 }
            child = nextLink[Int(child)]
        }
        return total
    }

    func firstElementChild(_ node: Int) -> Int? {
        var child = firstChildLink[node]
        while child >= 0 {
            if kind[Int(child)] == .element { return Int(child) }
            child = nextLink[Int(child)]
        }
        return nil
    }

    /// The next element sibling, or nil.
    func nextElementSibling(_ node: Int) -> Int? {
        guard parent[node] >= 0 else { return nil }
        var sibling = nextLink[node]
        while sibling >= 0 {
            if kind[Int(sibling)] == .element { return Int(sibling) }
            sibling = nextLink[Int(sibling)]
        }
        return nil
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

    /// The raw text of a node and everything below it, or nil as soon as it is found to be
    /// longer than `maxBytes`: the cost stays bounded whatever the subtree holds.
    func textContent(_ node: Int, maxBytes: Int) -> String? {
        if kind[node] == .text { return text[node].utf8.count <= maxBytes ? text[node] : nil }
        var out = ""
        var current = firstChildLink[node]
        while current >= 0 {
            let index = Int(current)
            if kind[index] == .text {
                out += text[index]
                if out.utf8.count > maxBytes { return nil }
            } else if kind[index] == .element, firstChildLink[index] >= 0 {
                current = firstChildLink[index]
                continue
            }
            current = successor(skipping: index, below: node)
        }
        return out
    }

    /// The first `limit` bytes (or a little fewer, ending on a whole character) of a node's text.
    func leadingBytes(_ node: Int, limit: Int) -> [UInt8] {
        var out: [UInt8] = []
        var stop = false
        walk(below: node) { next in
            guard !stop else { return false }
            switch kind[next] {
            case .text:
                out.append(contentsOf: text[next].utf8.prefix(limit + 4 - out.count))
                stop = out.count >= limit
                return false
            case .element: return true
            default: return false
            }
        }
        if kind[node] == .text { out = Array(text[node].utf8.prefix(limit + 4)) }
        guard out.count > limit else { return out }
        var end = limit
        while end > 0 && out[end] & 0xC0 == 0x80 { end -= 1 }
        return Array(out[..<end])
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
    /// Gives `node` the class/id match string of `source` when it has none of its own: a
    /// block unwrapped to the paragraph made from its text keeps what its class said of it.
    mutating func inheritMatchString(_ node: Int, from source: Int) {
        guard matchString(node) == " ", matchString(source) != " " else { return }
        if node >= matchStrings.count {
            matchStrings.append(contentsOf: repeatElement(" ", count: node - matchStrings.count + 1))
        }
        matchStrings[node] = matchStrings[source]
    }

    mutating func createElement(_ name: String) -> Int {
        kind.append(.element); tag.append(name)
        parent.append(-1); textShape.append(.nothing)
        firstChildLink.append(-1); lastChildLink.append(-1); nextLink.append(-1); previousLink.append(-1)
        return kind.count - 1
    }

    /// Takes a node out of its parent (it and its subtree stay in the arena, unattached).
    mutating func detach(_ node: Int) {
        restructured = true
        let p = parent[node]
        guard p >= 0 else { return }
        unlink(node, from: p)
        parent[node] = -1
    }

    /// Removes `node` from `p`'s list of children (its own links are cleared).
    private mutating func unlink(_ node: Int, from p: Int) {
        let previous = previousLink[node]
        let next = nextLink[node]
        if previous >= 0 { nextLink[Int(previous)] = next } else { firstChildLink[p] = next }
        if next >= 0 { previousLink[Int(next)] = previous } else { lastChildLink[p] = previous }
        previousLink[node] = -1
        nextLink[node] = -1
    }

    mutating func append(_ child: Int, to newParent: Int) {
        restructured = true
        detach(child)
        let last = lastChildLink[newParent]
        if last >= 0 { nextLink[Int(last)] = Int32(child) } else { firstChildLink[newParent] = Int32(child) }
        previousLink[child] = last
        nextLink[child] = -1
        lastChildLink[newParent] = Int32(child)
        parent[child] = newParent
    }

    mutating func insert(_ child: Int, before reference: Int) {
        restructured = true
        detach(child)
        let p = parent[reference]
        guard p >= 0 else { return }
        let previous = previousLink[reference]
        if previous >= 0 { nextLink[Int(previous)] = Int32(child) } else { firstChildLink[p] = Int32(child) }
        previousLink[child] = previous
        nextLink[child] = Int32(reference)
        previousLink[reference] = Int32(child)
        parent[child] = p
    }

    /// Puts `replacement` where `node` was; `node` ends detached.
    mutating func replace(_ node: Int, with replacement: Int) {
        restructured = true
        detach(replacement)
        let p = parent[node]
        guard p >= 0 else { return }
        let previous = previousLink[node]
        let next = nextLink[node]
        if previous >= 0 { nextLink[Int(previous)] = Int32(replacement) } else { firstChildLink[p] = Int32(replacement) }
        if next >= 0 { previousLink[Int(next)] = Int32(replacement) } else { lastChildLink[p] = Int32(replacement) }
        previousLink[replacement] = previous
        nextLink[replacement] = next
        parent[replacement] = p
        previousLink[node] = -1
        nextLink[node] = -1
        parent[node] = -1
    }

    /// Makes `list` the children of `node`, in this order, in one step (for rewrites of very
    /// wide elements). Nodes that were children and are not in `list` must have been
    /// re-parented or detached by the caller.
    mutating func setChildren(of node: Int, to list: [Int]) {
        restructured = true
        var previous: Int32 = -1
        for child in list {
            parent[child] = node
            previousLink[child] = previous
            if previous >= 0 { nextLink[Int(previous)] = Int32(child) }
            previous = Int32(child)
        }
        if previous >= 0 { nextLink[Int(previous)] = -1 }
        firstChildLink[node] = list.first.map { Int32($0) } ?? -1
        lastChildLink[node] = previous
    }

    /// Marks a node detached without touching its former parent's list (see `setChildren`).
    mutating func markDetached(_ node: Int) {
        parent[node] = -1
        restructured = true
    }

    /// Moves all children of `source` to the end of `target`.
    mutating func moveChildren(of source: Int, to target: Int) {
        restructured = true
        guard let first = firstChild(source), let last = lastChild(source) else { return }
        var child: Int32 = Int32(first)
        while child >= 0 {
            parent[Int(child)] = target
            child = nextLink[Int(child)]
        }
        let targetLast = lastChildLink[target]
        if targetLast >= 0 { nextLink[Int(targetLast)] = Int32(first) } else { firstChildLink[target] = Int32(first) }
        previousLink[first] = targetLast
        lastChildLink[target] = Int32(last)
        firstChildLink[source] = -1
        lastChildLink[source] = -1
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
