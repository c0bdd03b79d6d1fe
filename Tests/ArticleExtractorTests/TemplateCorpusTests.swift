import Testing
@testable import ArticleExtractor

/// The template corpus: every story wrapped in every news template, plus pages that are walls
/// (a consent notice alone, a bot check, an HTTP error) and pages that are not whole stories (a
/// paywall teaser, a video page). Each page is scored on its label, on holding every paragraph
/// of the story, and on holding none of the furniture its template injects.
enum TemplateCorpus {
    static var storyPages: [CorpusPage] {
        CorpusTemplates.all.flatMap { template in CorpusArticles.all.map { template.render($0) } }
    }

    static func chrome(_ body: String, title: String) -> String {
        """
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>\(title)</title></head><body>
        <header class="masthead"><a href="/">Outlook Weekly</a><nav><a href="/news">News</a><a href="/culture">Culture</a></nav></header>
        \(body)
        <footer class="site-footer"><a href="/privacy">Privacy</a><a href="/terms">Terms</a></footer></body></html>
        """
    }

    static var wallPages: [CorpusPage] {
        let noFurniture = ["cookies", "consent", "privacy", "Agree", "robot", "browser", "Forbidden", "permission"]
        var pages: [CorpusPage] = []
        pages.append(CorpusPage(template: "walls", name: "consent-dialog-only",
                                html: chrome(CorpusTemplates.magazineConsent, title: "Outlook Weekly"),
                                url: "https://outlookweekly.example/story/x", label: .blocked, paragraphs: [], furniture: noFurniture))
        pages.append(CorpusPage(template: "walls", name: "consent-banner-only",
                                html: chrome(CorpusTemplates.broadsheetBanner, title: "The Morning Ledger"),
                                url: "https://ledger.example/politics/x", label: .blocked, paragraphs: [], furniture: noFurniture))
        pages.append(CorpusPage(template: "walls", name: "before-you-continue",
                                html: chrome("""
                                    <div class="consent-page"><h1>Before you continue to Outlook Weekly</h1>
                                    <p>We use cookies and data to deliver and maintain our services, to measure audience engagement and to
                                    show personalised ads. If you choose to accept all, we will also use cookies to develop new services.</p>
                                    <form action="/consent"><button name="set" value="reject">Reject all</button>
                                    <button name="set" value="accept">Accept all</button></form><a href="/consent/more">More options</a></div>
                                    """, title: "Before you continue"),
                                url: "https://outlookweekly.example/story/y", label: .blocked, paragraphs: [], furniture: noFurniture))
        pages.append(CorpusPage(template: "walls", name: "bot-check",
                                html: """
                                    <!DOCTYPE html><html><head><title>Just a moment...</title></head><body><div class="main-wrapper">
                                    <h1>ledger.example</h1><h2>Checking your browser before accessing ledger.example.</h2>
                                    <p>This process is automatic. Your browser will redirect to your requested content shortly.</p>
                                    <p>Please allow up to 5 seconds…</p><noscript>Please enable JavaScript and cookies to continue.</noscript>
                                    <div class="footer">Performance and security by an edge network. Ray ID: 7f3c21a9b</div></div></body></html>
                                    """,
                                url: "https://ledger.example/politics/z", label: .blocked, paragraphs: [], furniture: noFurniture))
        pages.append(CorpusPage(template: "walls", name: "http-403",
                                html: chrome("""
                                    <main class="error-page"><h1>Access denied</h1><p>You don't have permission to view this page.
                                    If you think this is a mistake, contact our help desk and quote reference 18.4f2a.</p></main>
                                    """, title: "403 Forbidden"),
                                url: "https://outlookweekly.example/story/w", httpStatus: 403, label: .blocked, paragraphs: [],
                                furniture: noFurniture))
        // An HTTP error in front of a whole article page (a geo block that still sends the page).
        var blockedStory = CorpusTemplates.wire.render(CorpusArticles.politics)
        blockedStory.name = "http-451-story"
        blockedStory.httpStatus = 451
        blockedStory.label = .blocked
        blockedStory.paragraphs = []
        blockedStory.author = nil
        blockedStory.once = []
        pages.append(blockedStory)

        for article in [CorpusArticles.politics, CorpusArticles.localLong, CorpusArticles.science] {
            pages.append(CorpusPage(template: "walls", name: "paywall-teaser-\(article.slug)",
                                    html: CorpusTemplates.business(article, paywalled: true),
                                    url: "https://marketledger.example/content/\(article.slug)", label: .paywalled,
                                    paragraphs: Array(article.paragraphs.prefix(2)),
                                    furniture: ["Subscribe", "subscriber", "Choose your plan", "Sign in", "FTSE 100", "unlimited access"]
                                        + CorpusTemplates.captionStrings(article),
                                    author: article.author))
        }
        let video = CorpusArticles.localBrief
        pages.append(CorpusPage(template: "walls", name: "video-only",
                                html: CorpusTemplates.head(video, site: "The Courier") + """
                                    <body><header class="site-head"><a href="/">The Courier</a><nav><a href="/news">News</a><a href="/video">Video</a></nav></header>
                                    <main><div class="video-page"><h1>\(video.headline)</h1>
                                    <div class="video-player"><iframe src="https://player.example/embed/88321" allowfullscreen></iframe></div>
                                    <p class="video-description">\(video.standfirst)</p>
                                    <div class="share"><a href="#">Share on Facebook</a></div></div>
                                    <section class="more-videos"><h2>More videos</h2>\(CorpusTemplates.linkList())</section></main>
                                    <footer class="site-foot"><p>© The Courier 2026</p></footer></body></html>
                                    """,
                                url: "https://courier.example/video/\(video.slug)", label: .summaryOnly, paragraphs: [],
                                furniture: ["Share on Facebook", "More videos"] + CorpusTemplates.linkTitles))
        return pages
    }

    static var pages: [CorpusPage] { storyPages + wallPages }

    /// What is wrong with one page's extraction; empty when it passes.
    static func problems(_ page: CorpusPage) -> [String] {
        let article = PageExtractor.extract(Array(page.html.utf8), url: page.url, httpStatus: page.httpStatus)
        let text = TextNormalizer.squash(article.text)
        var problems: [String] = []
        if article.status != page.label { problems.append("label \(article.status.rawValue), want \(page.label.rawValue)") }
        for paragraph in page.paragraphs where !text.contains(TextNormalizer.squash(paragraph)) {
            problems.append("missing paragraph “\(paragraph.prefix(48))…”")
        }
        for string in page.furniture where text.contains(string) {
            problems.append("furniture “\(string)”")
        }
        for string in page.once where text.components(separatedBy: string).count - 1 != 1 {
            problems.append("“\(string.prefix(30))…” \(text.components(separatedBy: string).count - 1) times, want once")
        }
        if page.label == .blocked && !text.isEmpty { problems.append("text on a blocked page") }
        return problems
    }

    /// Per-template pass counts and the first problems, for a failure message that says where.
    static func report(_ pages: [CorpusPage]) -> (passed: Int, summary: String) {
        var order: [String] = []
        var counts: [String: (passed: Int, total: Int)] = [:]
        var details: [String] = []
        var passed = 0
        for page in pages {
            if counts[page.template] == nil { order.append(page.template); counts[page.template] = (0, 0) }
            let found = problems(page)
            counts[page.template]!.total += 1
            if found.isEmpty {
                counts[page.template]!.passed += 1
                passed += 1
            } else {
                details.append("  \(page.template)/\(page.name): " + found.prefix(4).joined(separator: "; "))
            }
        }
        let lines = order.map { "  \($0): \(counts[$0]!.passed)/\(counts[$0]!.total)" }
        let summary = "template corpus \(passed)/\(pages.count) pages pass\n" + lines.joined(separator: "\n")
            + (details.isEmpty ? "" : "\nproblems:\n" + details.joined(separator: "\n"))
        return (passed, summary)
    }
}

@Suite("Template corpus: labels and clean text behind news-page furniture")
struct TemplateCorpusTests {
    @Test("The corpus has at least 8 templates around short and long stories, and walls in both directions")
    func corpusShape() {
        #expect(CorpusTemplates.all.count >= 8)
        let lengths = CorpusArticles.all.map(\.length)
        #expect(lengths.contains { (300...600).contains($0) })
        #expect(CorpusArticles.all.contains { (8...15).contains($0.paragraphs.count) })
        let labels = Set(TemplateCorpus.wallPages.map(\.label))
        #expect(labels.isSuperset(of: [.blocked, .paywalled, .summaryOnly]))
    }

    @Test("Every page gets the right label, every paragraph, and no furniture")
    func everyPagePasses() {
        let pages = TemplateCorpus.pages
        let (passed, summary) = TemplateCorpus.report(pages)
        #expect(passed == pages.count, "\(summary)")
    }

    @Test("The byline stays available as the article's author")
    func bylineIsMetadata() {
        var missing: [String] = []
        for page in TemplateCorpus.storyPages {
            let article = PageExtractor.extract(Array(page.html.utf8), url: page.url, httpStatus: page.httpStatus)
            guard let author = page.author else { continue }
            if !(article.byline ?? "").lowercased().contains(author.lowercased()) {
                missing.append("\(page.template)/\(page.name): \(article.byline ?? "nil")")
            }
        }
        #expect(missing.isEmpty, "\(missing.joined(separator: "\n"))")
    }

    @Test("Without a page description, the excerpt is the story's first paragraph, not its byline")
    func excerptSkipsByline() {
        for article in [CorpusArticles.wireBrief, CorpusArticles.politics] {
            var page = CorpusTemplates.inlineByline.render(article)
            page.html = page.html.replacingOccurrences(of: "<meta name=\"description\"", with: "<meta name=\"x-description\"")
            let extracted = PageExtractor.extract(Array(page.html.utf8), url: page.url)
            #expect(extracted.excerpt?.hasSuffix(article.paragraphs[0]) == true, "\(extracted.excerpt ?? "nil")")
            #expect(extracted.byline == article.author)
        }
    }

    @Test("Wire datelines and bylines are cut from the paragraph they open; the rest stays")
    func datelineAndBylineLines() {
        #expect(ParagraphFurniture.strippingDateline("HALVIK (Meridian Wire) — Shipping resumed on Monday.") == "Shipping resumed on Monday.")
        #expect(ParagraphFurniture.strippingDateline("NEW YORK, March 4 (Agency) - Shares rose.") == "Shares rose.")
        #expect(ParagraphFurniture.strippingDateline("TROMSØ — The glacier retreated.") == "The glacier retreated.")
        // Not a dateline: an ordinary sentence with a dash, or capitals that are a name in prose.
        #expect(ParagraphFurniture.strippingDateline("The mayor — who took office in May — said no.") == nil)
        #expect(ParagraphFurniture.strippingDateline("NATO said on Monday that it would meet — soon.") == nil)
        #expect(ParagraphFurniture.isBylineLine("By Jane Doe, Staff Writer"))
        #expect(ParagraphFurniture.isBylineLine("By JANE DOE FOR DAILYFLASH.EXAMPLE"))
        #expect(ParagraphFurniture.isBylineLine("Jane Doe, Political Correspondent"))
        #expect(!ParagraphFurniture.isBylineLine("By noon the river had burst its banks."))
        #expect(!ParagraphFurniture.isBylineLine("By 2030, the city wants half of all trips made on foot or by bike."))
    }
}
