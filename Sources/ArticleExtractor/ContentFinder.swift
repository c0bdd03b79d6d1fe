/// Finds the block of a page that holds the article, in the manner of Readability: score every
/// paragraph-like block by its text (length, commas), pass the score up to its ancestors, damp
/// each candidate by its link density and class/id hints, take the best one, widen it to
/// siblings that look like more of the same (an article split by ads), then clean it. When the
/// result is too short it retries with fewer strictures and keeps the longest attempt.
struct ContentFinder {
    struct Options: OptionSet, Sendable {
        let rawValue: Int
        static let stripUnlikely = Options(rawValue: 1)
        static let weightClasses = Options(rawValue: 2)
        static let cleanConditionally = Options(rawValue: 4)
        static let all: Options = [.stripUnlikely, .weightClasses, .cleanConditionally]
    }

    /// The result: a tree and the detached container in it that holds the article.
    struct Result {
        var tree: WorkingTree
        var content: Int
        var byline: String?
        var textLength: Int
    }

    static let minimumTextLength = 500
    /// Text read of a byline candidate or a heading at most: past it, it is neither.
    static let maxBylineBytes = 4096
    static let maxHeadingBytes = 64 << 10
    static let topCandidateCount = 5

    let title: String
    /// True when the metadata already has a byline (then visible bylines are left in place).
    let hasMetadataByline: Bool

    var tree: WorkingTree
    var options: Options = .all
    var scores: [Int: Double] = [:]
    var dataTables: Set<Int> = []
    var byline: String?

    /// Facts about every subtree of the page as it was before this pass changed it. The pass
    /// walks the page in document order and only ever changes what it has already passed or
    /// the children of the element it is at, so each element's subtree is still as it was
    /// when the pass asks about it.
    let facts: TextStatistics

    init(tree: WorkingTree, title: String, hasMetadataByline: Bool, facts: TextStatistics? = nil) {
        self.tree = tree
        self.title = title
        self.hasMetadataByline = hasMetadataByline
        self.facts = facts ?? TextStatistics(tree)
    }

    /// Runs the passes; nil when the page has no text at all.
    static func find(in prepared: WorkingTree, title: String, hasMetadataByline: Bool) -> Result? {
        var best: Result?
        var options = Options.all
        let facts = TextStatistics(prepared)
        while true {
            var finder = ContentFinder(tree: prepared, title: title, hasMetadataByline: hasMetadataByline, facts: facts)
            finder.options = options
            guard let result = finder.grab() else { return nil }
            // Only the best attempt so far is kept: one tree, not four (the first of equals).
            let better = best.map { !keeps($0, over: result) } ?? true
            if better {
                if result.textLength >= minimumTextLength { return result }
                best = result
            }
            if options.contains(.stripUnlikely) {
                options.remove(.stripUnlikely)
            } else if options.contains(.weightClasses) {
                options.remove(.weightClasses)
            } else if options.contains(.cleanConditionally) {
                options.remove(.cleanConditionally)
            } else {
                guard let best, best.textLength > 0 else { return nil }
                return best
            }
        }
    }

    /// Characters of prose a relaxed attempt must add to replace a short story.
    static let minimumExtraProse = 50.0
    /// Prose that makes an attempt a story (a brief of two paragraphs), not a stray line.
    static let minimumStoryProse = 200.0

    /// Whether the attempt kept so far stays ahead of a more relaxed one. The longer text wins,
    /// except over a short story: a relaxed attempt is less sure of its block, and must bring
    /// clearly more prose, not only the site's menus, labels and link lists around the story.
    static func keeps(_ kept: Result, over candidate: Result) -> Bool {
        let keptProse = proseLength(kept)
        if keptProse >= minimumStoryProse {
            return proseLength(candidate) <= keptProse + max(minimumExtraProse, keptProse * 0.1)
        }
        return candidate.textLength <= kept.textLength
    }

    /// A relaxed result's length in prose: its paragraphs that are sentences, not a menu item,
    /// a label or a date line.
    static func proseLength(_ result: Result) -> Double {
        var length = 0
        for paragraph in TextRenderer.paragraphs(result.tree, result.content) {
            let count = paragraph.count
            if count >= 80 || (count >= 20 && (hasSentenceEnd(paragraph) || paragraph.contains(where: { "。！？".contains($0) }))) {
                length += count
            }
        }
        return Double(length)
    }

    // MARK: - Scoring

    func classWeight(_ node: Int) -> Double {
        guard options.contains(.weightClasses) else { return 0 }
        var weight = 0.0
        if let className = tree.attribute(node, "class"), !className.isEmpty {
            if ClassPatterns.isNegative(className) { weight -= 25 }
            if ClassPatterns.isPositive(className) { weight += 25 }
        }
        if let id = tree.attribute(node, "id"), !id.isEmpty {
            if ClassPatterns.isNegative(id) { weight -= 25 }
            if ClassPatterns.isPositive(id) { weight += 25 }
        }
        return weight
    }

    mutating func initialize(_ node: Int) {
        var score = 0.0
        switch tree.tag[node] {
        case "div": score = 5
        case "pre", "td", "blockquote": score = 3
        case "address", "ol", "ul", "dl", "dd", "dt", "li", "form": score = -3
        case "h1", "h2", "h3", "h4", "h5", "h6", "th": score = -5
        default: break
        }
        scores[node] = score + classWeight(node)
    }

    private mutating func checkByline(_ node: Int, _ matchString: String) -> Bool {
        if byline != nil || hasMetadataByline { return false }
        let rel = tree.attribute(node, "rel")
        let itemprop = tree.attribute(node, "itemprop")
        guard rel == "author" || (itemprop?.contains("author") ?? false) || ClassPatterns.isByline(matchString) else {
            return false
        }
        // A byline is short: longer text is not read at all.
        guard !facts.covers(node) || facts.length[node] < 100, let raw = tree.textContent(node, maxBytes: Self.maxBylineBytes) else { return false }
        let text = TextNormalizer.trim(raw)
        guard !text.isEmpty, TextNormalizer.length(text) < 100 else { return false }
        byline = text
        return true
    }

    private func headerDuplicatesTitle(_ node: Int) -> Bool {
        let name = tree.tag[node]
        guard name == "h1" || name == "h2" else { return false }
        guard let raw = tree.textContent(node, maxBytes: Self.maxHeadingBytes) else { return false }
        let heading = TextNormalizer.trim(raw)
        return TextSimilarity.similarity(title, heading) > 0.75
    }

    private mutating func removeAndGetNext(_ node: Int) -> Int? {
        let next = tree.nextElement(after: node, skipChildren: true)
        tree.detach(node)
        return next
    }

    // MARK: - The pass

    mutating func grab() -> Result? {
        let page = tree.descendants(of: WorkingTree.root, named: "body").first
            ?? tree.firstElementChild(WorkingTree.root) ?? WorkingTree.root
        var elementsToScore: [Int] = []
        var node = tree.firstElementChild(WorkingTree.root)
        var shouldRemoveTitleHeader = true
        let stripUnlikely = options.contains(.stripUnlikely)

        while let current = node {
            let name = tree.tag[current]
            let matchString = tree.matchString(current)
            if !tree.isProbablyVisible(current) {
                node = removeAndGetNext(current); continue
            }
            if tree.attribute(current, "aria-modal") == "true" && tree.attribute(current, "role") == "dialog" {
                node = removeAndGetNext(current); continue
            }
            if checkByline(current, matchString) {
                node = removeAndGetNext(current); continue
            }
            if shouldRemoveTitleHeader && headerDuplicatesTitle(current) {
                shouldRemoveTitleHeader = false
                node = removeAndGetNext(current); continue
            }
            if stripUnlikely {
                if ClassPatterns.isUnlikely(matchString)
                    && !tree.hasAncestor(current, tag: "table") && !tree.hasAncestor(current, tag: "code")
                    && name != "body" && name != "a" {
                    node = removeAndGetNext(current); continue
                }
                if let role = tree.attribute(current, "role"), ClassPatterns.unlikelyRoles.contains(role) {
                    node = removeAndGetNext(current); continue
                }
            }
            if name == "div" || name == "section" || name == "header" || ElementKinds.headings.contains(name),
               isElementWithoutContent(current) {
                node = removeAndGetNext(current); continue
            }
            if ElementKinds.scored.contains(name) { elementsToScore.append(current) }

            var visit = current
            if name == "div" {
                let wrapped = wrapPhrasingRuns(in: current)
                let covered = facts.covers(current)
                if tree.hasSingleTagInside(current, "p") && (covered ? facts.linkDensity(current) : tree.linkDensity(current)) < 0.25 {
                    let child = tree.elementChildren(current)[0]
                    tree.replace(current, with: child)
                    tree.inheritMatchString(child, from: current)
                    visit = child
                    elementsToScore.append(child)
                } else if !wrapped && !(covered ? facts.hasBlockBelow[current] : tree.hasChildBlockElement(current)) {
                    tree.setTag(current, "p")
                    elementsToScore.append(current)
                }
            }
            node = tree.nextElement(after: visit)
        }

        // Score paragraphs and pass the score to up to five ancestors.
        var candidates: [Int] = []
        let statistics = TextStatistics(tree)
        for element in elementsToScore {
            let p = tree.parent[element]
            guard p >= 0, tree.kind[p] == .element else { continue }
            let length = statistics.length[element]
            if length < 25 { continue }
            let ancestors = tree.ancestors(of: element, maxDepth: 5)
            if ancestors.isEmpty { continue }
            var contentScore = 1.0
            contentScore += Double(statistics.commas[element] + 1)
            contentScore += Double(min(length / 100, 3))
            for (level, ancestor) in ancestors.enumerated() {
                let up = tree.parent[ancestor]
                guard tree.kind[ancestor] == .element, up >= 0, tree.kind[up] == .element else { continue }
                if scores[ancestor] == nil {
                    initialize(ancestor)
                    candidates.append(ancestor)
                }
                let divider: Double = level == 0 ? 1 : level == 1 ? 2 : Double(level) * 3
                scores[ancestor]! += contentScore / divider
            }
        }

        var topCandidates: [Int] = []
        for candidate in candidates {
            let score = scores[candidate]! * (1 - statistics.linkDensity(candidate))
            scores[candidate] = score
            for t in 0..<Self.topCandidateCount {
                if t >= topCandidates.count || score > scores[topCandidates[t]]! {
                    topCandidates.insert(candidate, at: t)
                    if topCandidates.count > Self.topCandidateCount { topCandidates.removeLast() }
                    break
                }
            }
        }

        var topCandidate: Int
        var neededToCreateTopCandidate = false
        if topCandidates.isEmpty || tree.tag[topCandidates[0]] == "body" {
            topCandidate = tree.createElement("div")
            neededToCreateTopCandidate = true
            tree.moveChildren(of: page, to: topCandidate)
            tree.append(topCandidate, to: page)
            initialize(topCandidate)
        } else {
            topCandidate = topCandidates[0]
            let topScore = scores[topCandidate]!
            var alternativeAncestors: [Set<Int>] = []
            for other in topCandidates.dropFirst() where scores[other]! / topScore >= 0.75 {
                alternativeAncestors.append(Set(tree.ancestors(of: other)))
            }
            if alternativeAncestors.count >= 3 {
                var parentOfTop = tree.parent[topCandidate]
                while parentOfTop >= 0 && tree.tag[parentOfTop] != "body" {
                    let lists = alternativeAncestors.filter { $0.contains(parentOfTop) }.count
                    if lists >= 3 { topCandidate = parentOfTop; break }
                    parentOfTop = tree.parent[parentOfTop]
                }
            }
            if scores[topCandidate] == nil { initialize(topCandidate) }

            var parentOfTop = tree.parent[topCandidate]
            var lastScore = scores[topCandidate]!
            let threshold = lastScore / 3
            while parentOfTop >= 0 && tree.tag[parentOfTop] != "body" && tree.kind[parentOfTop] == .element {
                guard let parentScore = scores[parentOfTop] else {
                    parentOfTop = tree.parent[parentOfTop]; continue
                }
                if parentScore < threshold { break }
                if parentScore > lastScore { topCandidate = parentOfTop; break }
                lastScore = parentScore
                parentOfTop = tree.parent[parentOfTop]
            }

            parentOfTop = tree.parent[topCandidate]
            while parentOfTop >= 0 && tree.kind[parentOfTop] == .element && tree.tag[parentOfTop] != "body"
                    && tree.elementChildren(parentOfTop).count == 1 {
                topCandidate = parentOfTop
                parentOfTop = tree.parent[topCandidate]
            }
            if scores[topCandidate] == nil { initialize(topCandidate) }
        }

        // Gather the top candidate and the siblings that look like more of the article.
        let article = tree.createElement("div")
        let topScore = scores[topCandidate]!
        let siblingThreshold = max(10, topScore * 0.2)
        let parentOfTop = tree.parent[topCandidate]
        let topClass = tree.attribute(topCandidate, "class") ?? ""
        let siblings = parentOfTop >= 0 ? tree.elementChildren(parentOfTop) : [topCandidate]
        var gathered: [Int] = []
        for sibling in siblings {
            var append = false
            if sibling == topCandidate {
                append = true
            } else {
                var bonus = 0.0
                if !topClass.isEmpty && tree.attribute(sibling, "class") == topClass { bonus += topScore * 0.2 }
                if let score = scores[sibling], score + bonus >= siblingThreshold {
                    append = true
                } else if tree.tag[sibling] == "p" {
                    let density = statistics.linkDensity(sibling)
                    let length = statistics.length[sibling]
                    if length > 80 && density < 0.25 {
                        append = true
                    } else if length < 80 && length > 0 && density == 0 && Self.hasSentenceEnd(tree.innerText(sibling)) {
                        append = true
                    }
                }
            }
            if append {
                if !["div", "article", "section", "p"].contains(tree.tag[sibling]) { tree.setTag(sibling, "div") }
                gathered.append(sibling)
            }
        }
        // Move the gathered siblings in one step (one by one is quadratic on very wide pages).
        if parentOfTop >= 0 {
            let taken = Set(gathered)
            tree.setChildren(of: parentOfTop, to: tree.children(parentOfTop).filter { !taken.contains($0) })
        }
        tree.setChildren(of: article, to: gathered)

        prepare(article)

        let content = article
        if !neededToCreateTopCandidate {
            let page = tree.createElement("div")
            tree.moveChildren(of: article, to: page)
            tree.append(page, to: article)
        }
        let length = tree.innerTextLength(content)
        return Result(tree: tree, content: content, byline: byline, textLength: length)
    }

    /// An element with no text whose element children are all `<br>` or `<hr>` (as far down
    /// as they go), from the facts about its subtree.
    private func isElementWithoutContent(_ node: Int) -> Bool {
        guard facts.covers(node) else { return tree.isElementWithoutContent(node) }
        guard tree.kind[node] == .element, facts.length[node] == 0 else { return false }
        let elements = tree.elementChildCount(node)
        return elements == 0 || elements == Int(facts.breaks[node])
    }

    /// Wraps runs of loose phrasing content (text, links, spans) of a `<div>` into `<p>`s, and
    /// says whether it made any. A run starts at the first non-blank phrasing node; trailing
    /// blanks of a run that ends at a block are dropped. The children list is rebuilt in one
    /// pass, so a div with 100 000 loose links costs no more than one with ten.
    private mutating func wrapPhrasingRuns(in div: Int) -> Bool {
        let original = tree.children(div)
        guard original.contains(where: { tree.isPhrasingContent($0) && !tree.isWhitespaceNode($0) }) else { return false }
        var rebuilt: [Int] = []
        rebuilt.reserveCapacity(original.count)
        var run: [Int] = []
        var paragraph = -1
        func close(trimming: Bool) {
            if trimming {
                while let last = run.last, tree.isWhitespaceNode(last) {
                    run.removeLast()
                    tree.markDetached(last)
                }
            }
            tree.setChildren(of: paragraph, to: run)
            run = []
            paragraph = -1
        }
        for child in original {
            if tree.isPhrasingContent(child) {
                if paragraph >= 0 {
                    run.append(child)
                } else if !tree.isWhitespaceNode(child) {
                    paragraph = tree.createElement("p")
                    rebuilt.append(paragraph)
                    run = [child]
                } else {
                    rebuilt.append(child)
                }
            } else {
                if paragraph >= 0 { close(trimming: true) }
                rebuilt.append(child)
            }
        }
        if paragraph >= 0 { close(trimming: false) }
        tree.setChildren(of: div, to: rebuilt)
        return true
    }

    /// Commas of Latin, Arabic, CJK and other scripts; they separate clauses in real prose.
    static func commaCount(_ text: String) -> Int {
        var count = 0
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x2C, 0x60C, 0xFE50, 0xFE10, 0xFE11, 0x2E41, 0x2E34, 0x2E32, 0xFF0C: count += 1
            default: break
            }
        }
        return count
    }

    /// A full stop followed by a space or the end of the text.
    static func hasSentenceEnd(_ text: String) -> Bool {
        var previousWasDot = false
        for scalar in text.unicodeScalars {
            if previousWasDot && scalar == " " { return true }
            previousWasDot = scalar == "."
        }
        return previousWasDot
    }
}

extension WorkingTree {
    /// `ContentFinder.commaCount` of the node's text, without building the text.
    func commaCount(_ node: Int) -> Int {
        var count = 0
        walk(below: node) { next in
            switch kind[next] {
            case .text:
                let value = text[next]
                var ascii = 0
                var wide = false
                for byte in value.utf8 {
                    if byte == 0x2C { ascii += 1 } else if byte >= 0xD8 { wide = true }
                }
                // Only text with multi-byte characters can hold the other comma forms.
                count += wide ? ContentFinder.commaCount(value) : ascii
                return false
            case .element: return true
            default: return false
            }
        }
        return count
    }
}
