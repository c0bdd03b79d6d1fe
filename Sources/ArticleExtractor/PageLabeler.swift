/// Page-level hints gathered before extraction rewrites the tree.
struct PageSignals: Sendable {
    /// `rel=next`, "Page 1 of 3", "Next page": the story continues on another page.
    var hasNextPage = false
    /// Markup of a subscription wall (paywall/piano/regwall class names).
    var hasPaywallMarkup = false
    /// Markup of a consent banner or wall.
    var hasConsentMarkup = false
    /// A "continue reading" / "read the full story" link: a teaser page.
    var hasContinueLink = false
    /// The page's visible text, lower-cased and squashed (first 20 000 characters).
    var pageText = ""
    var pageTextLength = 0
    var documentTitle = ""

    static func collect(_ tree: WorkingTree) -> PageSignals {
        var signals = PageSignals()
        for node in tree.elementDescendants(of: WorkingTree.root) {
            let name = tree.tag[node]
            if name == "link" || name == "a" {
                let rel = (tree.attribute(node, "rel") ?? "").lowercased()
                if rel.split(separator: " ").contains("next") { signals.hasNextPage = true }
            }
            if name == "a" {
                let text = TextNormalizer.squash(tree.textContent(node)).lowercased()
                if text.count < 40 {
                    if text == "next page" || text.hasPrefix("next page") || text == "continue to page 2" || text == "page 2" {
                        signals.hasNextPage = true
                    }
                    if text.hasPrefix("continue reading") || text.hasPrefix("read the full story") || text.hasPrefix("read full story")
                        || text.hasPrefix("read the full article") || text.hasPrefix("read full article") {
                        signals.hasContinueLink = true
                    }
                }
            }
            guard name != "script", name != "style" else { continue }
            let match = tree.matchString(node)
            if match.count > 1 {
                if ClassPatterns.containsAny(match, WallDetector.wallClassWords) { signals.hasPaywallMarkup = true }
                if ClassPatterns.containsAny(match, WallDetector.consentClassWords) { signals.hasConsentMarkup = true }
            }
        }
        if let title = tree.descendants(of: WorkingTree.root, named: "title").first {
            signals.documentTitle = TextNormalizer.squash(tree.textContent(title)).lowercased()
        }
        if let body = tree.descendants(of: WorkingTree.root, named: "body").first {
            var text = ""
            var stack = Array(tree.children[body].reversed())
            while let next = stack.popLast(), text.utf8.count < 40_000 {
                switch tree.kind[next] {
                case .text: text += tree.text[next]; text += " "
                case .element:
                    let name = tree.tag[next]
                    if name != "script" && name != "style" && name != "noscript" && name != "template" {
                        stack.append(contentsOf: tree.children[next].reversed())
                    }
                default: break
                }
            }
            let squashed = TextNormalizer.squash(text)
            signals.pageTextLength = squashed.count
            signals.pageText = String(squashed.lowercased().prefix(20_000))
            if signals.pageText.contains("page 1 of ") { signals.hasNextPage = true }
        }
        return signals
    }
}

/// Decides the honest label of an extracted article (see `ArticleStatus`).
///
/// Order: an HTTP error is `blocked` (402 `paywalled`); a short result on a page that reads like
/// a bot check or a consent wall is `blocked`; a short result behind a subscription notice or
/// paywall markup is `paywalled`; no body beyond a sentence or two is `summary-only`; a body
/// that continues on another page or behind a "continue reading" link is `partial`; else `full`.
enum PageLabeler {
    static func label(_ article: Article, metadata: PageMetadata, signals: PageSignals, httpStatus: Int?,
                      removedNotice: Bool) -> ArticleStatus {
        if let status = httpStatus {
            if status == 402 { return .paywalled }
            if status >= 400 { return .blocked }
        }
        let length = article.paragraphs.reduce(0) { $0 + $1.count }
        let page = signals.pageText
        if length < 600 {
            if WallDetector.matches(signals.documentTitle, WallDetector.botPhrases)
                || (signals.pageTextLength < 1500 && WallDetector.matches(page, WallDetector.botPhrases)) {
                return .blocked
            }
            if signals.pageTextLength < 3000 && WallDetector.matches(page, Array(WallDetector.consentPhrases.prefix(18)))
                && (signals.hasConsentMarkup || length < 200) {
                return .blocked
            }
        }
        let paywallEvidence = removedNotice || metadata.markedPaywalled || signals.hasPaywallMarkup
            || WallDetector.matches(page, WallDetector.paywallPhrases)
        if paywallEvidence && (length < 1500 || (removedNotice && length < 3000)) {
            if length > 0 || removedNotice || metadata.markedPaywalled || signals.hasPaywallMarkup { return .paywalled }
        }
        if length == 0 {
            return article.title != nil || article.excerpt != nil ? .summaryOnly : .blocked
        }
        if length < 400 || (article.paragraphs.count <= 2 && length < 700) { return .summaryOnly }
        if signals.hasNextPage || signals.hasContinueLink { return .partial }
        return .full
    }
}
