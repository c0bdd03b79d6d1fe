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
                var child = firstChild(node)
                while let c = child {
                    if !isPhrasingContent(c) { return false }
                    child = nextSibling(c)
                }
                return true
            }
            return false
        default:
            // Comments are not phrasing content in the DOM sense.
            return false
        }
    }

    func isWhitespaceNode(_ node: Int) -> Bool {
        (kind[node] == .text && textShape[node].blank) || (kind[node] == .element && tag[node] == "br")
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
        var child = firstChild(node)
        while let c = child {
            if kind[c] == .text && hasContentAtEnd(text[c]) { return false }
            child = nextSibling(c)
        }
        return true
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
        var found = false
        walk(below: node) { next in
            guard !found, kind[next] == .element else { return false }
            if ElementKinds.divToParagraphBlockers.contains(tag[next]) { found = true }
            return !found
        }
        return found
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
    /// phrasing content that follows it, the others go. Each parent's children are rebuilt in
    /// one pass, so a page of 100 000 `<br><br>` lines costs no more than it should.
    mutating func replaceBreakRuns(in container: Int) {
        var parents: [Int] = []
        var seen = Set<Int>()
        for br in descendants(of: container, named: "br") where parent[br] >= 0 && seen.insert(parent[br]).inserted {
            parents.append(parent[br])
        }
        for p in parents { replaceBreakRuns(among: p) }
    }

    private func isBreak(_ node: Int) -> Bool { kind[node] == .element && tag[node] == "br" }

    private mutating func replaceBreakRuns(among container: Int) {
        let list = children(container)
        let count = list.count
        var dropped = [Bool](repeating: false, count: count)
        /// Index of the first node at or after `start` that is not dropped and not blank non-element.
        func nextSignificant(_ start: Int) -> Int? {
            var index = start
            while index < count {
                if !dropped[index] {
                    let node = list[index]
                    if kind[node] == .element || !TextNormalizer.isBlank(text[node]) { return index }
                }
                index += 1
            }
            return nil
        }
        var rebuilt: [Int] = []
        rebuilt.reserveCapacity(count)
        var changed = false
        var madeParagraph = false
        var i = 0
        while i < count {
            let node = list[i]
            if dropped[i] { i += 1; continue }
            guard isBreak(node) else { rebuilt.append(node); i += 1; continue }
            // Remove the <br>s chained to this one (whitespace between them stays).
            var chained = false
            var k = i + 1
            while let m = nextSignificant(k), isBreak(list[m]) {
                dropped[m] = true
                markDetached(list[m])
                chained = true
                k = m + 1
            }
            guard chained else { rebuilt.append(node); i += 1; continue }
            changed = true
            madeParagraph = true
            let paragraph = createElement("p")
            markDetached(node)
            rebuilt.append(paragraph)
            var run: [Int] = []
            var t = i + 1
            while t < count {
                if dropped[t] { t += 1; continue }
                let candidate = list[t]
                if isBreak(candidate), let following = nextSignificant(t + 1), isBreak(list[following]) { break }
                if !isPhrasingContent(candidate) { break }
                run.append(candidate)
                t += 1
            }
            while let last = run.last, isWhitespaceNode(last) {
                run.removeLast()
                markDetached(last)
            }
            setChildren(of: paragraph, to: run)
            i = t
        }
        guard changed else { return }
        setChildren(of: container, to: rebuilt)
        if madeParagraph && kind[container] == .element && tag[container] == "p" { setTag(container, "div") }
    }
}
