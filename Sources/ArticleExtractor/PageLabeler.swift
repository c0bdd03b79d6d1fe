/// Page-level hints gathered before extraction rewrites the tree.
struct PageSignals: Sendable {
    /// `rel=next`, "Page 1 of 3", "Next page": the story continues on another page.
    var hasNextPage = false
    /// Markup of a subscription wall (paywall/piano/regwall class names).
    var hasPaywallMarkup = false
    /// Markup of a consent banner or wall.
    var hasConsentMarkup = false
    /// The first elements with consent markup (at most `maxConsentNodes`), for the extractor to
    /// take out before it looks for the story: a banner is furniture.
    var consentNodes: [Int] = []
    static let maxConsentNodes = 16
    /// A "continue reading" / "read the full story" link: a teaser page.
    var hasContinueLink = false
    var documentTitle = ""

    static func collect(_ tree: WorkingTree) -> PageSignals {
        var signals = PageSignals()
        for node in tree.elementDescendants(of: WorkingTree.root) {
            let name = tree.tag[node]
            if name == "link" || name == "a" {
                let rel = (tree.attribute(node, "rel") ?? "").lowercased()
                // rel=next also links a blog's next post or a manual's next chapter: only a
                // link to "page 2" of something says this page is one of several.
                if rel.split(separator: " ").contains("next"), isSecondPage(tree.attribute(node, "href") ?? "") {
                    signals.hasNextPage = true
                }
            }
            if name == "a", tree.innerTextLength(node) < 40, mayStartLinkPhrase(tree.textContent(node)) {
                let text = TextNormalizer.squash(tree.textContent(node)).lowercased()
                do {
                    if text == "next page" || text.hasPrefix("next page") || text == "continue to page 2" || text == "page 2" {
                        signals.hasNextPage = true
                    }
                    let href = tree.attribute(node, "href") ?? ""
                    let leavesPage = !href.isEmpty && !href.hasPrefix("#") && !href.lowercased().hasPrefix("javascript:")
                    if leavesPage && (text.hasPrefix("continue reading") || text.hasPrefix("read the full story")
                        || text.hasPrefix("read full story") || text.hasPrefix("read the full article") || text.hasPrefix("read full article")) {
                        signals.hasContinueLink = true
                    }
                }
            }
            guard name != "script", name != "style" else { continue }
            let match = tree.matchString(node)
            if match.utf8.count > 1 && ClassPatterns.containsAny(match, signalClassWords) {
                if ClassPatterns.containsAny(match, paginationWords), isArticlePager(tree, node) { signals.hasNextPage = true }
                if ClassPatterns.containsAny(match, WallDetector.wallClassWords) { signals.hasPaywallMarkup = true }
                if ClassPatterns.containsAny(match, WallDetector.consentClassWords) {
                    signals.hasConsentMarkup = true
                    if signals.consentNodes.count < maxConsentNodes { signals.consentNodes.append(node) }
                }
            }
        }
        if let title = tree.descendants(of: WorkingTree.root, named: "title").first {
            let text = String(decoding: tree.leadingBytes(title, limit: PageExtractor.maxTitleBytes), as: UTF8.self)
            signals.documentTitle = TextNormalizer.squash(text).lowercased()
        }
        return signals
    }

    /// Whether a link's text can start with one of the phrases above ("next page", "continue
    /// reading", "page 2", "read the full story"): its first ASCII letter, past whitespace and
    /// any non-ASCII text, is n, c, p or r. Most links fail here, before any copy is made.
    static func mayStartLinkPhrase(_ text: String) -> Bool {
        for byte in text.utf8 where byte < 0x80 {
            switch byte | 0x20 {
            case UInt8(ascii: "n"), UInt8(ascii: "c"), UInt8(ascii: "p"), UInt8(ascii: "r"): return true
            default:
                if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) { continue }
                return false
            }
        }
        return false
    }

    static func isSecondPage(_ href: String) -> Bool {
        let lower = href.lowercased()
        for marker in ["page=2", "page/2", "p=2", "pg=2", "pagina=2", "seite=2", "pagenum=2", "-2.html", "_2.html", "/2/", "-page-2", "/page2"]
            where lower.contains(marker) {
            return true
        }
        return lower.hasSuffix("/2") || lower.hasSuffix("-2")
    }

    static let listingWords: WordSet = ["comment", "listing", "archive", "search-results", "river", "feed"]
    static let paginationWordsList = ["pagination", "pager", "pagenav", "page-numbers"]
    static let paginationWords = WordSet(paginationWordsList)
    /// All three lists above in one: most class names match none, and are scanned once.
    static let signalClassWords = WordSet(paginationWordsList + WallDetector.wallClassWordsList
                                          + WallDetector.consentClassWordsList)

    /// A pager that says "Page 1 of N" or links to page 2 / the next page.
    private static func isArticlePager(_ tree: WorkingTree, _ node: Int) -> Bool {
        // Pagers of comment threads and listings say nothing about the article.
        for ancestor in tree.ancestors(of: node, maxDepth: 12) where ClassPatterns.containsAny(tree.matchString(ancestor), listingWords) {
            return false
        }
        if tree.leadingText(node, limit: 60).lowercased().contains("page 1 of") { return true }
        for link in tree.descendants(of: node, named: "a") where tree.innerTextLength(link) < 12 {
            let text = TextNormalizer.squash(tree.textContent(link)).lowercased()
            if text == "2" || text == "next" || text == "next page" || text == "next ›" || text == "next »" { return true }
        }
        return false
    }

    /// The page's visible text, lower-cased and squashed (first 20 000 characters), and the
    /// full length of the squashed text (capped). Only needed for short results.
    static func pageText(_ tree: WorkingTree) -> (text: String, length: Int) {
        guard let body = tree.descendants(of: WorkingTree.root, named: "body").first else { return ("", 0) }
        var text = ""
        tree.walk(below: body) { next in
            guard text.utf8.count < 60_000 else { return false }
            switch tree.kind[next] {
            case .text: text += tree.text[next]; text += " "; return false
            case .element:
                let name = tree.tag[next]
                return name != "script" && name != "style" && name != "noscript" && name != "template"
            default: return false
            }
        }
        let squashed = TextNormalizer.squash(text)
        return (String(squashed.lowercased().prefix(20_000)), squashed.count)
    }
}

/// Decides the honest label of an extracted article (see `ArticleStatus`).
///
/// Order: an HTTP error is `blocked` (402 `paywalled`); a short result on a page that reads like
/// a bot check is `blocked`, and so is one on a page with consent wording when the result holds
/// nothing but the notice (a cookie banner beside a short story is furniture: the story keeps
/// its label by length); a short result followed by a subscription notice, or with paywall
/// markup, is `paywalled`; no body beyond a sentence or two (under 200 characters, or one short
/// paragraph) is `summary-only`, while a brief of two or three paragraphs is `full`; a body
/// that continues on another page or behind a "continue reading" link is `partial`; else `full`.
enum PageLabeler {
    static func label(_ article: Article, metadata: PageMetadata, signals: PageSignals, httpStatus: Int?,
                      removedNotice: Bool, page tree: WorkingTree) -> ArticleStatus {
        if let status = httpStatus {
            if status == 402 { return .paywalled }
            if status >= 400 { return .blocked }
        }
        let length = article.paragraphs.reduce(0) { $0 + $1.count }
        // The whole page's text is only read for results short enough to be in doubt.
        let (page, pageLength) = length < 3000 ? PageSignals.pageText(tree) : ("", 0)
        let hasNextPage = signals.hasNextPage || WallDetector.matches(page, nextPageWords)
        if length < 600 {
            if WallDetector.matches(signals.documentTitle, WallDetector.botPhrases)
                || (pageLength < 1500 && WallDetector.matches(page, WallDetector.botPhrases)) {
                return .blocked
            }
            if pageLength < 3000 && WallDetector.matches(page, WallDetector.consentPhrases)
                && (signals.hasConsentMarkup || length < 200) && !hasTextBesideNotice(article.paragraphs) {
                return .blocked
            }
        }
        if length < 3000 {
            let paywallEvidence = removedNotice || metadata.markedPaywalled || signals.hasPaywallMarkup
                || WallDetector.matches(textAfterStory(page, article.paragraphs), WallDetector.paywallPhrases)
            if paywallEvidence && (length < 1500 || removedNotice) {
                if length > 0 || removedNotice || metadata.markedPaywalled || signals.hasPaywallMarkup { return .paywalled }
            }
        }
        if length == 0 {
            return article.title != nil || article.excerpt != nil ? .summaryOnly : .blocked
        }
        if isSummary(article.paragraphs, length: length) { return .summaryOnly }
        if hasNextPage || signals.hasContinueLink { return .partial }
        return .full
    }

    static let nextPageWords: WordSet = ["page 1 of "]

    /// Text shorter than this is a line, not a story.
    static let minimumStoryLength = 200
    /// A lone paragraph shorter than this is a standfirst or a teaser.
    static let minimumSingleParagraphStory = 700

    /// Only a sentence or two, or a lone short paragraph: a summary. Two or more paragraphs of
    /// a few hundred characters are a brief, which is the whole story.
    static func isSummary(_ paragraphs: [String], length: Int) -> Bool {
        if length < minimumStoryLength { return true }
        return paragraphs.count == 1 && length < minimumSingleParagraphStory
    }

    /// How much of the page after the story a subscription notice is looked for in: a wall
    /// follows the text it cuts; a "subscribe" link in the masthead or the footer says nothing.
    static let paywallReach = 600

    /// The page text (lower case, squashed) just after the story's last words; the whole page
    /// when the story is empty or its end cannot be found there.
    ///
    /// Letters and digits alone are compared: the page text spaces every text node apart
    /// ("Kyiv ," for a link before a comma), the paragraph does not.
    static func textAfterStory(_ page: String, _ paragraphs: [String]) -> String {
        guard let last = paragraphs.last else { return page }
        let tail = Array(last.lowercased().filter { $0.isLetter || $0.isNumber }.suffix(40))
        guard tail.count >= 20 else { return page }
        var letters: [Character] = []
        var ends: [String.Index] = []
        var index = page.startIndex
        while index < page.endIndex {
            let c = page[index]
            index = page.index(after: index)
            if c.isLetter || c.isNumber { letters.append(c); ends.append(index) }
        }
        // The last place the tail occurs; the story's end is found by its first characters.
        var start = letters.count - tail.count
        while start >= 0 {
            if letters[start] == tail[0] && letters[start..<(start + tail.count)].elementsEqual(tail) {
                return String(page[ends[start + tail.count - 1]...].prefix(paywallReach))
            }
            start -= 1
        }
        return page
    }

    /// Characters of text outside consent wording that make a result a story, not a wall: a
    /// brief is a few hundred; what a wall leaves besides its notice is a button or a line.
    static let minimumTextBesideNotice = 120

    /// Whether the paragraphs hold text of their own once those with consent wording are set
    /// aside: a wall's result is its notice, a story's is the story.
    static func hasTextBesideNotice(_ paragraphs: [String]) -> Bool {
        var length = 0
        for paragraph in paragraphs where !WallDetector.matches(paragraph, WallDetector.consentPhrases) {
            length += paragraph.count
            if length >= minimumTextBesideNotice { return true }
        }
        return false
    }
}
