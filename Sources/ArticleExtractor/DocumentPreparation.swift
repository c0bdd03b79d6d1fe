/// Structural facts about elements used by every pass, and the one-time clean-up of a page
/// before scoring: scripts and styles out, runs of `<br>` turned into paragraphs, `<font>` into
/// `<span>`.
enum ElementKinds {
    /// Scored on their own: the places article text lives.
    static let scored: Set<String> = ["section", "h2", "h3", "h4", "h5", "h6", "p", "td", "pre"]
    /// Blocks whose presence keeps a `<div>` from being read as a paragraph.
    static let divToParagraphBlockers: Set<String> = ["blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul"]
    static let phrasing: Set<String> = [
        "abbr", "audio", "b", "bdo", "br", "button", "cite", "code", "data", "datalist", "dfn", "em", "embed",
        "i", "img", "input", "kbd", "label", "mark", "math", "meter", "noscript", "object", "output", "progress",
        "q", "ruby", "samp", "script", "select", "small", "span", "strong", "sub", "sup", "textarea", "time",
        "var", "wbr",
    ]
    static let headings: Set<String> = ["h1", "h2", "h3", "h4", "h5", "h6"]
}

extension WorkingTree {
    func isPhrasingContent(_ node: Int) -> Bool {
        switch kind[node] {
        case .text: return true
        case .element:
            let name = tag[node]
            if ElementKinds.phrasing.contains(name) { return true }
            if name == "a" || name == "del" || name == "ins" {
                return children[node].allSatisfy { isPhrasingContent($0) }
            }
            return false
        default:
            // Comments are not phrasing content in the DOM sense.
            return false
        }
    }

    func isWhitespaceNode(_ node: Int) -> Bool {
        (kind[node] == .text && TextNormalizer.isBlank(text[node])) || (kind[node] == .element && tag[node] == "br")
    }

    /// Skips whitespace-only text (and comments) starting at `node`; returns the first other node.
    func skipWhitespace(from node: Int?) -> Int? {
        var current = node
        while let c = current, kind[c] != .element, TextNormalizer.isBlank(text[c]) {
            current = nextSibling(c)
        }
        return current
    }

    /// Exactly one element child, with this tag, and no text with content beside it.
    func hasSingleTagInside(_ node: Int, _ name: String) -> Bool {
        let elements = elementChildren(node)
        guard elements.count == 1, tag[elements[0]] == name else { return false }
        return !children[node].contains { kind[$0] == .text && hasContentAtEnd(text[$0]) }
    }

    private func hasContentAtEnd(_ value: String) -> Bool {
        guard let last = value.unicodeScalars.last else { return false }
        return !TextNormalizer.isWhitespace(last)
    }

    func isElementWithoutContent(_ node: Int) -> Bool {
        guard kind[node] == .element, !hasText(node) else { return false }
        let elements = elementChildren(node)
        if elements.isEmpty { return true }
        return elements.count == countDescendants(of: node, named: "br") + countDescendants(of: node, named: "hr")
    }

    func hasChildBlockElement(_ node: Int) -> Bool {
        for child in children[node] where kind[child] == .element {
            if ElementKinds.divToParagraphBlockers.contains(tag[child]) || hasChildBlockElement(child) { return true }
        }
        return false
    }

    /// Share of the text that sits inside links; in-page `#` links count for less.
    func linkDensity(_ node: Int) -> Double {
        let total = innerTextLength(node)
        if total == 0 { return 0 }
        var links = 0.0
        for link in descendants(of: node, named: "a") {
            let href = attribute(link, "href") ?? ""
            let weight = href.count > 1 && href.hasPrefix("#") ? 0.3 : 1.0
            links += Double(innerTextLength(link)) * weight
        }
        return links / Double(total)
    }

    /// Share of the text inside descendants with one of these tags.
    func textDensity(_ node: Int, tags: Set<String>) -> Double {
        let total = innerTextLength(node)
        if total == 0 { return 0 }
        var inside = 0
        for child in descendants(of: node, named: tags) { inside += innerTextLength(child) }
        return Double(inside) / Double(total)
    }

    /// False for elements hidden by `display:none`, `visibility:hidden`, `hidden` or `aria-hidden`.
    func isProbablyVisible(_ node: Int) -> Bool {
        if let style = attribute(node, "style") {
            if ClassPatterns.containsAny(style, ClassPatterns.styleHints) {
                let compact = style.lowercased().filter { !$0.isWhitespace }
                if ClassPatterns.containsAny(compact, ClassPatterns.hidingStyles) { return false }
            }
        }
        if hasAttribute(node, "hidden") { return false }
        if attribute(node, "aria-hidden") == "true" {
            return (attribute(node, "class") ?? "").contains("fallback-image")
        }
        return true
    }

    mutating func removeAll(named names: Set<String>) {
        for node in descendants(of: Self.root, named: names) { detach(node) }
    }

    /// Two or more `<br>` in a row end a paragraph: the first becomes a `<p>` holding the
    /// phrasing content that follows it, the others go.
    mutating func replaceBreakRuns(in container: Int) {
        for br in descendants(of: container, named: "br") where parent[br] >= 0 {
            var next = nextSibling(br)
            var replaced = false
            while let candidate = skipWhitespace(from: next), kind[candidate] == .element, tag[candidate] == "br" {
                replaced = true
                let after = nextSibling(candidate)
                detach(candidate)
                next = after
            }
            guard replaced else { continue }
            let paragraph = createElement("p")
            replace(br, with: paragraph)
            var cursor = nextSibling(paragraph)
            while let node = cursor {
                if kind[node] == .element && tag[node] == "br" {
                    if let following = skipWhitespace(from: nextSibling(node)), kind[following] == .element, tag[following] == "br" {
                        break
                    }
                }
                if !isPhrasingContent(node) { break }
                let sibling = nextSibling(node)
                append(node, to: paragraph)
                cursor = sibling
            }
            while let last = children[paragraph].last, isWhitespaceNode(last) { detach(last) }
            let p = parent[paragraph]
            if p >= 0 && tag[p] == "p" { setTag(p, "div") }
        }
    }
}
