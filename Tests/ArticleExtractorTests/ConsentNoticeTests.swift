import Testing
@testable import ArticleExtractor

/// A cookie or consent notice beside a real story is page furniture: the story keeps its text
/// and its label by length. Only a page that holds nothing but the notice is `blocked`.
///
/// The templates are written for these tests in the manner of ordinary news sites: the banner
/// at the top or the bottom, as a dialog or a bar, with the markup consent managers use.
@Suite("Consent notices beside stories")
struct ConsentNoticeTests {
    /// Short stories: a wire brief, an earnings report, a two-paragraph update.
    static let brief = [
        "Rail services between Carrow and Dunmere were suspended on Thursday morning after a landslip blocked the line near Ashby cutting, the operator said.",
    ]
    static let earnings = [
        "Brightwater Foods said first-half profit rose 8 per cent to £41.2m as sales of its chilled ready meals grew.",
        "Revenue for the six months to September was £612m, up from £574m a year earlier, the company said on Tuesday.",
        "The board raised the interim dividend to 4.1p a share and said it expected full-year results in line with forecasts.",
    ]
    static let update = [
        "The county council has approved plans for 220 homes on the former Millfield depot site, despite objections from residents about traffic on Station Road.",
        "Councillors voted seven to four in favour after the developer agreed to fund a new crossing and to keep the old engine shed as a community hall.",
    ]

    static let cookieBar = """
        <div id="cookie-banner" class="cookie-bar"><p>We use cookies to give you the best experience on our site.
        <a href="/cookie-policy">Cookie policy</a></p><button>Accept cookies</button><button>Cookie settings</button></div>
        """
    static let consentDialog = """
        <div class="cmp-container" role="dialog" aria-label="Privacy"><h2>We value your privacy</h2>
        <p>We and our partners store and access information on your device, such as cookies, and process personal data.
        You may click to consent to our and our partners' processing as described above.</p>
        <button>Accept all</button><button>Reject all</button><a href="#">Manage preferences</a></div>
        """
    static let oneTrustBanner = """
        <div id="onetrust-consent-sdk"><div class="ot-sdk-container"><p>This website uses cookies to enhance user
        experience and to analyse performance and traffic on our website.</p><button>Accept all cookies</button></div></div>
        """

    /// A news page: masthead, the notice (before or after the story), share bar, related links, footer.
    static func newsPage(_ paragraphs: [String], notice: String, noticeFirst: Bool, outlet: String) -> String {
        let story = """
            <article class="story"><h1>Local news update</h1><p class="byline">By Staff Reporter</p>
            \(paragraphs.map { "<p>\($0)</p>" }.joined(separator: "\n"))
            </article>
            <div class="share-tools"><a href="#">Share on social media</a><a href="#">Email</a></div>
            <aside class="related"><h3>Related</h3><ul><li><a href="/a">Bypass plan delayed again</a></li>
            <li><a href="/b">New chief executive for the port</a></li></ul></aside>
            """
        return """
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Local news update | \(outlet)</title></head>
            <body><header class="masthead"><a href="/">\(outlet)</a><nav><a href="/news">News</a><a href="/sport">Sport</a></nav></header>
            \(noticeFirst ? notice : "")<main>\(story)</main>\(noticeFirst ? "" : notice)
            <footer class="site-footer"><a href="/privacy">Privacy</a><a href="/terms">Terms</a></footer></body></html>
            """
    }

    static let notices = [cookieBar, consentDialog, oneTrustBanner]
    static let stories = [brief, earnings, update]

    @Test("A short story beside any consent notice keeps its text and is never blocked",
          arguments: 0..<3, 0..<3)
    func shortStoryBesideNotice(notice: Int, story: Int) {
        for noticeFirst in [true, false] {
            let html = Self.newsPage(Self.stories[story], notice: Self.notices[notice], noticeFirst: noticeFirst, outlet: "The Carrow Gazette")
            let article = PageExtractor.extract(Array(html.utf8), url: "https://gazette.example/news/1")
            #expect(article.status != .blocked)
            for paragraph in Self.stories[story] { #expect(article.text.contains(paragraph)) }
            // The label follows the story's own length, as without the notice.
            let plain = PageExtractor.extract(Array(Self.newsPage(Self.stories[story], notice: "", noticeFirst: true, outlet: "The Carrow Gazette").utf8),
                                              url: "https://gazette.example/news/1")
            #expect(article.status == plain.status)
            #expect(!article.text.lowercased().contains("cookies"))
        }
    }

    @Test("A page that holds nothing but the notice is blocked", arguments: 0..<3)
    func noticeAlone(notice: Int) {
        let html = """
            <!DOCTYPE html><html><head><title>Before you continue</title></head><body>
            <header class="masthead"><a href="/">The Carrow Gazette</a></header>\(Self.notices[notice])</body></html>
            """
        let article = PageExtractor.extract(Array(html.utf8), url: "https://gazette.example/news/1")
        #expect(article.status == .blocked)
        #expect(article.text.isEmpty)
    }

    @Test("Text beside a notice is measured without the notice's own paragraphs")
    func textBesideNotice() {
        #expect(!PageLabeler.hasTextBesideNotice(["We value your privacy. We and our partners use cookies.", "Accept all"]))
        #expect(PageLabeler.hasTextBesideNotice(["We use cookies on this site."] + Self.update))
        #expect(!PageLabeler.hasTextBesideNotice([]))
    }
}
