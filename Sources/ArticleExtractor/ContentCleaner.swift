/// The clean-up of the chosen article block: forms, embeds, asides, share bars, buttons and
/// link-heavy or image-heavy blocks go; data tables, code and video embeds stay.
extension ContentFinder {
    mutating func prepare(_ article: Int) {
        // A conditional clean-up walks the whole block: only for tags the block holds (the
        // steps before it remove elements, never add them). Most blocks hold no form.
        let present = tree.tagsPresent(below: article, among: Self.conditionallyCleaned)
        markDataTables(article)
        if present.contains("form") { cleanConditionally(article, "form") }
        if present.contains("fieldset") { cleanConditionally(article, "fieldset") }
        clean(article, "object")
        clean(article, "embed")
        clean(article, "footer")
        clean(article, "link")
        clean(article, "aside")
        for child in tree.elementChildren(article) {
            removeMatching(below: child) { tree, node, matchString in
                ClassPatterns.isShareBlock(matchString) && TextNormalizer.length(tree.textContent(node)) < Self.minimumTextLength
            }
        }
        for name in ["iframe", "input", "textarea", "select", "button"] { clean(article, name) }
        for heading in tree.descendants(of: article, named: ["h1", "h2"]).reversed() where classWeight(heading) < 0 {
            tree.detach(heading)
        }
        if present.contains("table") { cleanConditionally(article, "table") }
        if present.contains("ul") { cleanConditionally(article, "ul") }
        if present.contains("div") { cleanConditionally(article, "div") }
        for heading in tree.descendants(of: article, named: "h1") { tree.setTag(heading, "h2") }

        for paragraph in tree.descendants(of: article, named: "p").reversed() where tree.parent[paragraph] >= 0 {
            let media = tree.descendants(of: paragraph, named: ["img", "embed", "object", "iframe"]).count
            if media == 0 && !tree.hasText(paragraph) { tree.detach(paragraph) }
        }
        for br in tree.descendants(of: article, named: "br") {
            if let next = tree.skipWhitespace(from: tree.nextSibling(br)), tree.kind[next] == .element, tree.tag[next] == "p" {
                tree.detach(br)
            }
        }
        for table in tree.descendants(of: article, named: "table") where tree.parent[table] >= 0 {
            let body = tree.hasSingleTagInside(table, "tbody") ? tree.firstElementChild(table)! : table
            guard tree.hasSingleTagInside(body, "tr") else { continue }
            let row = tree.firstElementChild(body)!
            guard tree.hasSingleTagInside(row, "td") else { continue }
            let cell = tree.firstElementChild(row)!
            tree.setTag(cell, tree.children(cell).allSatisfy { tree.isPhrasingContent($0) } ? "p" : "div")
            tree.replace(table, with: cell)
        }
    }

    /// Removes every `name` element below `node`, except video embeds.
    mutating func clean(_ node: Int, _ name: String) {
        let isEmbed = name == "object" || name == "embed" || name == "iframe"
        for element in tree.descendants(of: node, named: name).reversed() where tree.parent[element] >= 0 {
            if isEmbed && tree.attributes[element].contains(where: { ClassPatterns.isAllowedVideo($0.value) }) { continue }
            tree.detach(element)
        }
    }

    /// Walks the subtree below `node` (not `node` itself) removing what `filter` matches.
    mutating func removeMatching(below node: Int, _ filter: (WorkingTree, Int, String) -> Bool) {
        let end = tree.nextElement(after: node, skipChildren: true)
        var next = tree.nextElement(after: node)
        while let current = next, current != end {
            if filter(tree, current, tree.matchString(current)) {
                let after = tree.nextElement(after: current, skipChildren: true)
                tree.detach(current)
                next = after
            } else {
                next = tree.nextElement(after: current)
            }
        }
    }

    mutating func markDataTables(_ root: Int) {
        let below = tablesBelow(root)
        for table in tree.descendants(of: root, named: "table") {
            if tree.attribute(table, "role") == "presentation" { continue }
            if tree.attribute(table, "datatable") == "0" { continue }
            if let summary = tree.attribute(table, "summary"), !summary.isEmpty { dataTables.insert(table); continue }
            let facts = below[table] ?? TableFacts()
            if facts.hasCaption || facts.hasHeaderParts { dataTables.insert(table); continue }
            if facts.hasTable { continue }
            var rows = 0
            var columns = 0
            for row in tree.descendants(of: table, named: "tr") {
                rows += Int(tree.attribute(row, "rowspan") ?? "") ?? 1
                var inRow = 0
                for cell in tree.descendants(of: row, named: "td") {
                    inRow += Int(tree.attribute(cell, "colspan") ?? "") ?? 1
                }
                columns = max(columns, inRow)
            }
            if rows == 1 || columns == 1 { continue }
            if rows >= 10 || columns > 4 || rows * columns > 10 { dataTables.insert(table) }
        }
    }

    /// What lies below a table that decides whether it holds data.
    struct TableFacts {
        /// The first `caption` below it has children.
        var hasCaption = false
        /// A `col`, `colgroup`, `tfoot`, `thead` or `th` is below it.
        var hasHeaderParts = false
        /// Another table is below it.
        var hasTable = false
        /// Whether a `caption` was seen at all (only the first one counts).
        var sawCaption = false

        mutating func add(_ child: TableFacts) {
            if !sawCaption { hasCaption = child.hasCaption; sawCaption = child.sawCaption }
            hasHeaderParts = hasHeaderParts || child.hasHeaderParts
            hasTable = hasTable || child.hasTable
        }
    }

    /// `TableFacts` of every table below `root`, from one bottom-up pass (asking each table's
    /// subtree in turn would cost depth × size for tables nested in tables).
    private func tablesBelow(_ root: Int) -> [Int: TableFacts] {
        var result: [Int: TableFacts] = [:]
        var stack: [(node: Int, next: Int?, below: TableFacts)] = [(root, tree.firstChild(root), TableFacts())]
        while !stack.isEmpty {
            let top = stack.count - 1
            if let child = stack[top].next {
                stack[top].next = tree.nextSibling(child)
                if tree.kind[child] == .element { stack.append((child, tree.firstChild(child), TableFacts())) }
                continue
            }
            let (node, _, below) = stack.removeLast()
            guard !stack.isEmpty else { break }
            let name = tree.tag[node]
            if name == "table" { result[node] = below }
            // What this element adds for the elements above it: itself, then what is below it.
            var own = TableFacts()
            switch name {
            case "caption":
                own.sawCaption = true
                own.hasCaption = tree.hasChildren(node)
            case "col", "colgroup", "tfoot", "thead", "th": own.hasHeaderParts = true
            case "table": own.hasTable = true
            default: break
            }
            own.add(below)
            stack[stack.count - 1].below.add(own)
        }
        return result
    }

    /// Removes `name` blocks that look like boilerplate: negative class names, few commas with
    /// more list items or images or inputs than paragraphs, link-heavy text, lone embeds.
    ///
    /// Inner blocks are decided before the blocks around them, each on its subtree as it is
    /// then (what was removed below it no longer counts). One bottom-up pass gathers what the
    /// decisions need, so nesting costs nothing extra: reading each block's subtree afresh
    /// would cost depth × size.
    mutating func cleanConditionally(_ root: Int, _ name: String) {
        guard options.contains(.cleanConditionally) else { return }
        let tables = dataTables
        let rootInDataTable = tree.hasAncestor(root, tag: "table", maxDepth: -1, where: { tables.contains($0) })
            || (tree.tag[root] == "table" && tables.contains(root))
        struct Frame {
            var node: Int
            var next: Int?
            var below = BlockSummary()
            var span = TextStatistics.Span()
            var inDataTable: Bool
        }
        var stack = [Frame(node: root, next: tree.firstChild(root), inDataTable: false)]
        while !stack.isEmpty {
            let top = stack.count - 1
            if let child = stack[top].next {
                stack[top].next = tree.nextSibling(child)
                switch tree.kind[child] {
                case .text:
                    let shape = tree.textShape[child]
                    stack[top].span = stack[top].span + TextStatistics.Span(shape)
                    if stack[top].below.asciiCommas < 10 { stack[top].below.asciiCommas += Self.asciiCommas(tree.text[child]) }
                case .element:
                    let inside = stack[top].inDataTable || (top == 0 ? rootInDataTable
                        : tree.tag[stack[top].node] == "table" && dataTables.contains(stack[top].node))
                    stack.append(Frame(node: child, next: tree.firstChild(child), inDataTable: inside))
                default:
                    break
                }
                continue
            }
            let frame = stack.removeLast()
            guard !stack.isEmpty else { break }
            let node = frame.node
            if tree.tag[node] == name,
               shouldRemoveConditionally(node, name, below: frame.below, length: frame.span.length, inDataTable: frame.inDataTable) {
                tree.detach(node)
                continue
            }
            let parent = stack.count - 1
            stack[parent].span = stack[parent].span + frame.span
            stack[parent].below.add(frame.below, element: tree.tag[node], length: frame.span.length,
                                    linkWeight: Self.linkWeight(tree, node), isDataTable: dataTables.contains(node),
                                    hasAllowedVideo: tree.attributes[node].contains { ClassPatterns.isAllowedVideo($0.value) })
        }
    }

    private static func asciiCommas(_ text: String) -> Int {
        var count = 0
        for byte in text.utf8 where byte == 0x2C { count += 1 }
        return count
    }

    /// The weight of a link's text in link density: in-page `#` links count for less.
    private static func linkWeight(_ tree: WorkingTree, _ node: Int) -> Double {
        guard tree.tag[node] == "a" else { return 0 }
        let href = tree.attribute(node, "href") ?? ""
        return href.count > 1 && href.hasPrefix("#") ? 0.3 : 1.0
    }

    private func shouldRemoveConditionally(_ node: Int, _ name: String, below: BlockSummary, length: Int,
                                           inDataTable: Bool) -> Bool {
        let contentLength = length
        var isList = name == "ul" || name == "ol"
        if !isList {
            isList = contentLength > 0 && Double(below.listLength) / Double(contentLength) > 0.9
        }
        if name == "table" && dataTables.contains(node) { return false }
        if inDataTable { return false }
        if tree.hasAncestor(node, tag: "code") { return false }
        if below.hasDataTable { return false }

        let weight = classWeight(node)
        if weight < 0 { return true }
        guard below.asciiCommas < 10 else { return false }

        let p = Double(below.paragraphs)
        let img = Double(below.images)
        let li = Double(below.listItems - 100)
        let input = Double(below.inputs)
        let headingDensity = contentLength == 0 ? 0 : Double(below.headingLength) / Double(contentLength)
        if below.hasAllowedVideo { return false }
        let embedCount = below.embeds
        if contentLength <= 40, let raw = tree.textContent(node, maxBytes: 4096),
           ClassPatterns.isAdOrLoadingLabel(TextNormalizer.collapse(raw)) { return true }
        let linkDensity = contentLength == 0 ? 0 : below.linkLength / Double(contentLength)
        let textDensity = contentLength == 0 ? 0 : Double(below.textishLength) / Double(contentLength)
        let isFigureChild = tree.hasAncestor(node, tag: "figure")

        var remove = false
        if !isFigureChild && img > 1 && p / img < 0.5 { remove = true }
        if !isList && li > p { remove = true }
        if input > (p / 3).rounded(.down) { remove = true }
        if !isList && !isFigureChild && headingDensity < 0.9 && contentLength < 25 && (img == 0 || img > 2) && linkDensity > 0 {
            remove = true
        }
        if !isList && weight < 25 && linkDensity > 0.2 { remove = true }
        if weight >= 25 && linkDensity > 0.5 { remove = true }
        if (embedCount == 1 && contentLength < 75) || embedCount > 1 { remove = true }
        if img == 0 && textDensity == 0 { remove = true }

        if isList && remove {
            for child in tree.elementChildren(node) where tree.elementChildCount(child) > 1 { return remove }
            if below.images == below.listItems { return false }
        }
        return remove
    }

    static let textishTags: Set<String> = ElementKinds.divToParagraphBlockers.union(["span", "li", "td"])

    /// The tags `cleanConditionally` is run for.
    static let conditionallyCleaned = ["form", "fieldset", "table", "ul", "div"]
}

/// What `cleanConditionally` needs to know of the elements below a block (the block itself
/// not included), gathered from its children's summaries.
struct BlockSummary {
    var paragraphs = 0
    var images = 0
    var listItems = 0
    var inputs = 0
    var embeds = 0
    var hasAllowedVideo = false
    var hasDataTable = false
    /// ASCII commas of the text, counted up to 10 (all the decision needs).
    var asciiCommas = 0
    /// Text length inside `ul` and `ol`, headings, and the "textish" blocks, nested ones counted again.
    var listLength = 0
    var headingLength = 0
    var textishLength = 0
    /// Link text length, weighted (see `WorkingTree.linkDensity`).
    var linkLength = 0.0

    /// Adds a child element: what is below it, and the element itself.
    mutating func add(_ child: BlockSummary, element name: String, length: Int, linkWeight: Double, isDataTable: Bool,
                      hasAllowedVideo video: Bool) {
        paragraphs += child.paragraphs
        images += child.images
        listItems += child.listItems
        inputs += child.inputs
        embeds += child.embeds
        hasAllowedVideo = hasAllowedVideo || child.hasAllowedVideo
        hasDataTable = hasDataTable || child.hasDataTable
        asciiCommas = min(10, asciiCommas + child.asciiCommas)
        listLength += child.listLength
        headingLength += child.headingLength
        textishLength += child.textishLength
        linkLength += child.linkLength + Double(length) * linkWeight
        switch name {
        case "p": paragraphs += 1
        case "img": images += 1
        case "li": listItems += 1
        case "input": inputs += 1
        case "object", "embed", "iframe":
            embeds += 1
            hasAllowedVideo = hasAllowedVideo || video
        case "table": hasDataTable = hasDataTable || isDataTable
        default: break
        }
        if name == "ul" || name == "ol" { listLength += length }
        if ElementKinds.headings.contains(name) { headingLength += length }
        if ContentFinder.textishTags.contains(name) { textishLength += length }
    }
}
