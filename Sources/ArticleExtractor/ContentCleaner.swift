/// The clean-up of the chosen article block: forms, embeds, asides, share bars, buttons and
/// link-heavy or image-heavy blocks go; data tables, code and video embeds stay.
extension ContentFinder {
    mutating func prepare(_ article: Int) {
        markDataTables(article)
        cleanConditionally(article, "form")
        cleanConditionally(article, "fieldset")
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
        cleanConditionally(article, "table")
        cleanConditionally(article, "ul")
        cleanConditionally(article, "div")
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
            tree.setTag(cell, tree.children[cell].allSatisfy { tree.isPhrasingContent($0) } ? "p" : "div")
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
        for table in tree.descendants(of: root, named: "table") {
            if tree.attribute(table, "role") == "presentation" { continue }
            if tree.attribute(table, "datatable") == "0" { continue }
            if let summary = tree.attribute(table, "summary"), !summary.isEmpty { dataTables.insert(table); continue }
            if let caption = tree.descendants(of: table, named: "caption").first, !tree.children[caption].isEmpty {
                dataTables.insert(table); continue
            }
            if !tree.descendants(of: table, named: ["col", "colgroup", "tfoot", "thead", "th"]).isEmpty {
                dataTables.insert(table); continue
            }
            if !tree.descendants(of: table, named: "table").isEmpty { continue }
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

    /// Removes `name` blocks that look like boilerplate: negative class names, few commas with
    /// more list items or images or inputs than paragraphs, link-heavy text, lone embeds.
    mutating func cleanConditionally(_ root: Int, _ name: String) {
        guard options.contains(.cleanConditionally) else { return }
        for node in tree.descendants(of: root, named: name).reversed() where tree.parent[node] >= 0 {
            if shouldRemoveConditionally(node, name) { tree.detach(node) }
        }
    }

    private func shouldRemoveConditionally(_ node: Int, _ name: String) -> Bool {
        let contentLength = tree.innerTextLength(node)
        var isList = name == "ul" || name == "ol"
        if !isList {
            var listLength = 0
            for list in tree.descendants(of: node, named: ["ul", "ol"]) { listLength += tree.innerTextLength(list) }
            isList = contentLength > 0 && Double(listLength) / Double(contentLength) > 0.9
        }
        if name == "table" && dataTables.contains(node) { return false }
        if tree.hasAncestor(node, tag: "table", maxDepth: -1, where: { dataTables.contains($0) }) { return false }
        if tree.hasAncestor(node, tag: "code") { return false }
        if tree.descendants(of: node, named: "table").contains(where: { dataTables.contains($0) }) { return false }

        let weight = classWeight(node)
        if weight < 0 { return true }
        guard tree.asciiCommaCount(node, limit: 10) < 10 else { return false }

        let p = Double(tree.countDescendants(of: node, named: "p"))
        let img = Double(tree.countDescendants(of: node, named: "img"))
        let li = Double(tree.countDescendants(of: node, named: "li") - 100)
        let input = Double(tree.countDescendants(of: node, named: "input"))
        let headingDensity = tree.textDensity(node, tags: ElementKinds.headings)
        var embedCount = 0
        for embed in tree.descendants(of: node, named: ["object", "embed", "iframe"]) {
            if tree.attributes[embed].contains(where: { ClassPatterns.isAllowedVideo($0.value) }) { return false }
            embedCount += 1
        }
        if contentLength <= 40 && ClassPatterns.isAdOrLoadingLabel(tree.innerText(node)) { return true }
        let linkDensity = tree.linkDensity(node)
        let textDensity = tree.textDensity(node, tags: Self.textishTags)
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
            for child in tree.elementChildren(node) where tree.elementChildren(child).count > 1 { return remove }
            if Int(img) == tree.countDescendants(of: node, named: "li") { return false }
        }
        return remove
    }

    static let textishTags: Set<String> = ElementKinds.divToParagraphBlockers.union(["span", "li", "td"])
}

extension WorkingTree {
    /// Number of ASCII commas in the node's text, counting stops at `limit`.
    func asciiCommaCount(_ node: Int, limit: Int) -> Int {
        var count = 0
        walk(below: node) { next in
            if count >= limit { return false }
            switch kind[next] {
            case .text:
                for byte in text[next].utf8 where byte == 0x2C { count += 1 }
                return false
            case .element: return true
            default: return false
            }
        }
        return count
    }
}
