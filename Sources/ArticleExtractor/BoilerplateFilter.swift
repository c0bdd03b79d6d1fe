/// Boilerplate that survives block scoring because it sits inside the article block: image
/// captions and credits, "related" / "read more" / "don't miss" link lists, newsletter and share
/// prompts, subscription notices. Recognised by structure (class names, link density) and by
/// wording, never by site.
enum BoilerplateFilter {
    /// Class/id words of blocks that are never article text when they sit inside the article.
    static let classWords: WordSet = [
        "caption", "credit", "related", "read-more", "readmore", "more-stories", "recommended", "newsletter",
        "signup", "sign-up", "subscribe", "promo", "outbrain", "taboola", "recirc", "most-popular", "mostread",
        "most-read", "trending", "share-", "sharing", "social-", "inline-ad", "advert", "paywall", "byline",
        "pullquote", "pull-quote", "author-bio", "author-info", "author-box", "about-author", "about-the-author",
        "copyright", "cutline", "kicker", "eyebrow",
    ]
    /// Of `classWords`, those that name a box that is furniture even when it carries a heading
    /// (a newsletter sign-up, a subscription or paywall box, a share bar, a promotion).
    static let headedFurnitureWords: WordSet = [
        "newsletter", "signup", "sign-up", "subscribe", "promo", "paywall", "share-", "sharing", "social-",
        "outbrain", "taboola", "author-bio", "author-info", "author-box", "about-author", "about-the-author",
    ]
    /// Words that rescue a block from `classWords` (an article body often carries a
    /// "story-body related-ready" style class).
    static let rescueWords: WordSet = ["article-body", "articlebody", "story-body", "entry-content", "post-content", "article-content"]

    /// Text a table holding a photo may have and still be the photo's caption.
    static let maxCaptionTableText = 300
    /// Rows of such a table: the photo's, the caption's, perhaps a credit's.
    static let maxCaptionTableRows = 3

    static let captionModifiers: WordSet = ["no_caption", "no-caption", "nocaption", "has-caption", "has_caption", "with-caption"]

    /// Openings of link lists that point at other stories.
    static let relatedOpenings = [
        "don't miss", "don’t miss", "dont miss", "read more", "related", "see also", "more on this", "more from",
        "most read", "most popular", "recommended", "you may also like", "you might also like", "also read",
        "trending", "latest news", "more stories", "read next", "watch:", "listen:", "also on",
    ]

    static func clean(_ tree: inout WorkingTree, _ content: Int) {
        // Lengths from before any removal: a parent keeps counting a removed child's text,
        // which only makes the filter more careful with it.
        let statistics = TextStatistics(tree, root: content)
        for node in tree.elementDescendants(of: content).reversed() where tree.parent[node] >= 0 {
            let name = tree.tag[node]
            if name == "figcaption" { tree.detach(node); continue }
            // A layout table holding a photo and a line under it is a figure and its caption
            // (an infobox or a data table has headers or more rows).
            if name == "table", statistics.length[node] < maxCaptionTableText,
               !tree.descendants(of: node, named: "img").isEmpty,
               tree.descendants(of: node, named: ["p", "th"]).isEmpty,
               tree.descendants(of: node, named: "tr").count <= maxCaptionTableRows {
                tree.detach(node); continue
            }
            let matchString = tree.matchString(node)
            let length = statistics.length[node]
            if matchString.utf8.count > 1 && length < 400
                && ClassPatterns.containsAny(matchString, classWords) && !ClassPatterns.containsAny(matchString, rescueWords) {
                // Keep real paragraphs that only carry a styling class, and containers whose
                // class only says whether they have a caption ("no_caption", "has-caption").
                let holdsText = (name == "p" && length > 150 && statistics.linkDensity(node) < 0.2)
                    || (!tree.descendants(of: node, named: ElementKinds.headings).isEmpty
                        && !ClassPatterns.containsAny(matchString, headedFurnitureWords))
                    || ClassPatterns.containsAny(matchString, captionModifiers)
                if !holdsText {
                    tree.detach(node); continue
                }
            }
            if length > 0, length < 1200, statistics.linkDensity(node) > 0.4,
               ["div", "p", "ul", "ol", "section", "aside", "li", "table"].contains(name) {
                let text = tree.leadingText(node, limit: 24).lowercased()
                if relatedOpenings.contains(where: { text.hasPrefix($0) }) {
                    tree.detach(node); continue
                }
            }
        }
    }

    /// Drops whole paragraphs that are page furniture: image credits, lone labels and prompts.
    static func filterParagraphs(_ paragraphs: [String]) -> [String] {
        paragraphs.filter { !isFurniture($0) }
    }

    static func isFurniture(_ paragraph: String) -> Bool {
        let bytes = paragraph.utf8.count
        guard bytes < 640 else { return false }
        // Only compared with 100, 120 and 160 below: under 100 bytes, the byte count gives
        // the same answers as the character count.
        let count = bytes < 100 ? bytes : paragraph.count
        guard count < 160 else { return false }
        let lower = paragraph.lowercased()
        // "(Image: AP)", "Photo: Reuters", "Picture credit: Getty Images"
        var core = Substring(lower)
        if core.hasPrefix("("), core.hasSuffix(")") { core = core.dropFirst().dropLast() }
        for word in ["image", "images", "photo", "photos", "picture", "pictures", "pic", "credit", "photograph", "foto", "bild"] {
            if core.hasPrefix(word) {
                let rest = core.dropFirst(word.count).drop(while: { $0 == " " })
                let afterCredit = rest.hasPrefix("credit") ? rest.dropFirst(6).drop(while: { $0 == " " }) : rest
                if afterCredit.hasPrefix(":") && count < 100 { return true }
            }
        }
        if WallDetector.isNotice(lower) { return true }
        // "Copyright 2026 The Paper. All rights reserved.", "© Agency 2026"
        if (lower.hasPrefix("copyright") || lower.hasPrefix("©") || lower.hasPrefix("(c) ")) && count < 160 { return true }
        let prompts = ["share this article", "share this story", "share on facebook", "sign up for our", "sign up to our",
                       "subscribe to our newsletter", "click here to subscribe", "follow us on", "download our app",
                       "advertisement", "scroll to continue", "skip advertisement", "story continues below"]
        if prompts.contains(where: { lower.hasPrefix($0) }) && count < 120 { return true }
        // "Download the Paper app for alerts", "Get our free app"
        return (lower.hasPrefix("download ") || lower.hasPrefix("get our ") || lower.hasPrefix("get the "))
            && (lower.contains(" app ") || lower.hasSuffix(" app") || lower.hasSuffix(" app.")) && count < 160
    }
}

extension BoilerplateFilter {
    /// How far from a paragraph a pull quote repeating it may stand.
    static let pullQuoteReach = 4
    /// A paragraph a pull quote is taken from is a paragraph, not a page: longer ones are not
    /// searched (the search costs the two lengths multiplied).
    static let maxQuotedParagraphBytes = 8192

    /// Drops short quoted paragraphs whose words (quotation marks aside) stand in a longer
    /// paragraph nearby: pull quotes repeat the story's own words.
    static func droppingRepeatedQuotes(_ paragraphs: [String]) -> [String] {
        guard paragraphs.count > 1 else { return paragraphs }
        var keep = [Bool](repeating: true, count: paragraphs.count)
        for (index, paragraph) in paragraphs.enumerated() {
            let bytes = paragraph.utf8.count
            guard bytes >= 40, bytes <= 600, let first = paragraph.first, quoteMarks.contains(first) else { continue }
            let core = quoteCore(paragraph)
            guard core.utf8.count >= 40 else { continue }
            let low = max(0, index - pullQuoteReach)
            let high = min(paragraphs.count - 1, index + pullQuoteReach)
            for other in low...high where other != index && keep[other] && paragraphs[other].utf8.count > bytes
                && paragraphs[other].utf8.count <= maxQuotedParagraphBytes && paragraphs[other].contains(core) {
                keep[index] = false
                break
            }
        }
        return paragraphs.indices.filter { keep[$0] }.map { paragraphs[$0] }
    }

    static let quoteMarks: Set<Character> = ["\"", "“", "”", "‘", "’", "'", "«", "»", "„"]

    /// The text without surrounding quotation marks and spaces.
    static func quoteCore(_ text: String) -> String {
        var core = Substring(text).trimmingSpaces
        while let first = core.first, quoteMarks.contains(first) { core = core.dropFirst() }
        while let last = core.last, quoteMarks.contains(last) { core = core.dropLast() }
        return String(core.trimmingSpaces)
    }
}

extension WorkingTree {
    /// The first `limit` or so characters of a node's text, whitespace squashed.
    func leadingText(_ node: Int, limit: Int) -> String {
        var out = ""
        walk(below: node) { next in
            if out.utf8.count > limit * 4 { return false }
            switch kind[next] {
            case .text: out += text[next]; return false
            case .element: return true
            default: return false
            }
        }
        return String(TextNormalizer.squash(out).prefix(limit))
    }
}
