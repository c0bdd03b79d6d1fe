@testable import ArticleExtractor

/// One page of the template corpus: its bytes, and what extraction should give back.
struct CorpusPage: Sendable {
    var template: String
    var name: String
    var html: String
    var url: String
    var httpStatus: Int?
    var label: ArticleStatus
    /// Every paragraph the text must hold (whitespace aside).
    var paragraphs: [String]
    /// Strings the page's furniture injects; none may reach the text.
    var furniture: [String]
    /// The author the metadata should name, when the page shows one.
    var author: String?
    /// Text that should appear exactly once (a pull quote repeats words of the story).
    var once: [String] = []
}

/// News-page templates in the styles of ordinary outlets, written for these tests (no outlet's
/// markup copied): a wire service, a broadsheet with a cookie banner, a local paper with ad
/// slots and link blocks, a tabloid with share bars, ad labels and a newsletter box, a blog, a
/// business site with a ticker and a subscription promo, a live page, a paper whose byline and
/// dateline sit in the paragraphs, a magazine with a consent dialog. Each is a function from a
/// story to a page, so the right text is known exactly.
enum CorpusTemplates {
    typealias Template = (name: String, render: @Sendable (CorpusArticle) -> CorpusPage)

    static func attr(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;")
    }

    static func head(_ a: CorpusArticle, site: String, extra: String = "") -> String {
        """
        <!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(a.headline) | \(site)</title>
        <meta name="description" content="\(attr(a.standfirst))">
        <meta property="og:title" content="\(attr(a.headline))"><meta property="og:site_name" content="\(site)">
        <meta property="og:type" content="article">
        \(extra)
        <script>window.dataLayer = window.dataLayer || []; dataLayer.push({"section": "news"});</script>
        <link rel="stylesheet" href="/static/site.css"></head>
        """
    }

    /// The story's paragraphs with the figure and pull quote placed, each from its own markup.
    static func body(_ a: CorpusArticle, paragraph: (Int, String) -> String = { "<p>\($1)</p>" },
                     figure: (String, String) -> String, pullQuote: (String) -> String,
                     between: [Int: String] = [:]) -> String {
        var out = ""
        for (index, text) in a.paragraphs.enumerated() {
            out += paragraph(index, text) + "\n"
            if let f = a.figure, f.after == index { out += figure(f.caption, f.credit) + "\n" }
            if let q = a.pullQuote, q.after == index { out += pullQuote(q.text) + "\n" }
            if let extra = between[index], index < a.paragraphs.count - 1 { out += extra + "\n" }
        }
        return out
    }

    static func once(_ a: CorpusArticle) -> [String] { a.pullQuote.map { [$0.text] } ?? [] }

    static func captionStrings(_ a: CorpusArticle) -> [String] {
        a.figure.map { [$0.caption, $0.credit] } ?? []
    }

    static let storyLinks = [
        ("/news/2026/bypass", "Bypass plans go on show at town hall"),
        ("/news/2026/rail", "Rail fares to rise by 4.1% in March"),
        ("/news/2026/school", "New headteacher for Ashgrove primary"),
        ("/news/2026/floods", "Flood defences finished a year early"),
    ]

    static func linkList(_ links: [(String, String)] = storyLinks) -> String {
        "<ul>" + links.map { "<li><a href=\"\($0.0)\">\($0.1)</a></li>" }.joined() + "</ul>"
    }

    static let linkTitles = storyLinks.map(\.1)

    // MARK: - 1. Wire service

    static let wire: Template = ("wire", { a in
        let agency = "Meridian Wire"
        let html = head(a, site: agency, extra: "<meta name=\"author\" content=\"\(a.author)\">") + """
            <body class="article-page"><div id="app"><header class="site-header"><a class="logo" href="/">\(agency)</a>
            <nav class="primary-nav"><a href="/world">World</a><a href="/business">Business</a><a href="/markets">Markets</a>
            <a href="/sustainability">Sustainability</a><a href="/legal">Legal</a></nav>
            <a class="cta" href="/register">Register</a></header>
            <main id="main-content"><article class="article">
            <header class="article-header"><span class="kicker"><a href="/business">Business</a></span><h1>\(a.headline)</h1>
            <div class="article-byline"><span>By <a href="/authors/\(a.slug)">\(a.author)</a></span>
            <time datetime="2026-03-04T10:15:00Z">March 4, 2026 10:15 AM UTC</time><span class="updated">Updated 2 hours ago</span></div></header>
            <div class="article-body">
            """ + body(a, paragraph: { i, t in
                i == 0 ? "<p data-testid=\"paragraph-0\">\(a.city) (\(agency)) — \(t)</p>" : "<p data-testid=\"paragraph-\(i)\">\(t)</p>"
            }, figure: { c, credit in
                "<figure><img src=\"/img/\(a.slug).jpg\" alt=\"\"><figcaption>\(c). \(agency)/\(credit)</figcaption></figure>"
            }, pullQuote: { q in "<blockquote class=\"pull-quote\"><p>\(q)</p></blockquote>" }) + """
            <p class="sign-off">Reporting by \(a.author); Editing by Tom Reed and Alison Park</p>
            </div>
            <div class="article-footer"><p class="trust">Our Standards: The Meridian Wire Trust Principles.</p>
            <div class="topics">Topics: <a href="/t/europe">Europe</a> <a href="/t/economy">Economy</a></div></div>
            </article>
            <aside class="more-from"><h2>More from Meridian Wire</h2>\(linkList())</aside></main>
            <footer class="site-footer"><p>All quotes delayed a minimum of 15 minutes.</p><p>© 2026 Meridian Wire. All rights reserved.</p></footer>
            </div></body></html>
            """
        return CorpusPage(template: "wire", name: a.slug, html: html, url: "https://meridianwire.example/business/\(a.slug)",
                          label: a.label, paragraphs: a.paragraphs,
                          furniture: ["(\(agency))", "\(a.city) (", "Reporting by", "Editing by", "Our Standards", "Trust Principles",
                                      "More from Meridian Wire", "Topics:", "Updated 2 hours ago", "By \(a.author)",
                                      "quotes delayed", "Register"] + linkTitles + captionStrings(a),
                          author: a.author, once: once(a))
    })

    // MARK: - 2. Broadsheet with a OneTrust-style cookie banner

    static let broadsheetBanner = """
        <div id="onetrust-consent-sdk"><div class="onetrust-pc-dark-filter ot-fade-in"></div>
        <div id="onetrust-banner-sdk" class="otFlat" tabindex="0" role="region" aria-label="Cookie banner">
        <div class="ot-sdk-container"><div class="ot-sdk-row"><div id="onetrust-group-container">
        <div id="onetrust-policy"><h2 id="onetrust-policy-title">Your privacy on the Ledger</h2>
        <div id="onetrust-policy-text">We and our 148 partners use cookies and similar technologies to keep this site working,
        to measure how it is used and to show you personalised advertising. Select “Accept all cookies” to agree, or
        “Cookie settings” to choose. You can change your mind at any time. <a href="/info/cookies">Cookie policy</a></div></div></div>
        <div id="onetrust-button-group-parent"><div id="onetrust-button-group">
        <button id="onetrust-pc-btn-handler">Cookie settings</button>
        <button id="onetrust-reject-all-handler">Reject all</button>
        <button id="onetrust-accept-btn-handler">Accept all cookies</button></div></div></div></div></div></div>
        """

    static let broadsheet: Template = ("broadsheet", { a in
        let jsonLD = """
            <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"\(a.headline)",
            "author":[{"@type":"Person","name":"\(a.author)"}],"datePublished":"2026-03-04T07:00:00Z",
            "publisher":{"@type":"Organization","name":"The Morning Ledger"}}</script>
            """
        let html = head(a, site: "The Morning Ledger", extra: jsonLD) + """
            <body><a class="skip-link" href="#maincontent">Skip to main content</a>
            <header class="masthead"><div class="top-bar"><a href="/support">Support the Ledger</a><a href="/signin">Sign in</a></div>
            <a class="logo" href="/">The Morning Ledger</a><nav><ul><li><a href="/news">News</a></li><li><a href="/opinion">Opinion</a></li>
            <li><a href="/sport">Sport</a></li><li><a href="/culture">Culture</a></li></ul></nav></header>
            <main id="maincontent"><div class="article-grid">
            <div class="headline-block"><h1>\(a.headline)</h1><div class="standfirst"><p>\(a.standfirst)</p></div></div>
            <div class="meta-block"><address class="byline-block"><a rel="author" href="/profile/\(a.slug)">\(a.author)</a>
            <span class="role">Political correspondent</span></address>
            <details class="dateline"><summary>Thu 4 Mar 2026 07.00 GMT</summary>Last modified on Thu 4 Mar 2026 09.12 GMT</details>
            <div class="meta__social"><ul><li><a href="#">Share on Facebook</a></li><li><a href="#">Share on X</a></li>
            <li><a href="#">Share via Email</a></li></ul></div></div>
            <div class="article-body-commercial-selector article-body-viewer-selector dcr-body">
            """ + body(a, figure: { c, credit in
                "<figure class=\"element-image\"><img src=\"/img/\(a.slug).jpg\" alt=\"\(attr(c))\"><figcaption><span class=\"caption\">\(c)</span> <span class=\"credit\">Photograph: \(credit)</span></figcaption></figure>"
            }, pullQuote: { q in
                "<aside class=\"element-pullquote\"><blockquote><p>\(q)</p><footer><cite>Anna Kovacs</cite></footer></blockquote></aside>"
            }) + """
            </div>
            <div class="submeta"><h2>Explore more on these topics</h2><ul><li><a href="/t/budget">Budget</a></li><li><a href="/t/politics">Politics</a></li></ul>
            <a href="#">Share</a><a href="/reuse">Reuse this content</a></div>
            <aside class="most-viewed"><h2>Most viewed</h2><ol>\(storyLinks.map { "<li><a href=\"\($0.0)\">\($0.1)</a></li>" }.joined())</ol></aside>
            </div></main>
            <footer class="site-footer"><a href="/privacy">Privacy policy</a><a href="/cookies">Cookie policy</a><p>© 2026 Ledger News Ltd</p></footer>
            \(broadsheetBanner)
            </body></html>
            """
        return CorpusPage(template: "broadsheet", name: a.slug, html: html, url: "https://ledger.example/politics/2026/mar/04/\(a.slug)",
                          label: a.label, paragraphs: a.paragraphs,
                          furniture: ["Photograph:", "Share on Facebook", "Explore more on these topics", "Reuse this content",
                                      "Most viewed", "cookies", "Cookie", "Political correspondent", "Last modified",
                                      "Support the Ledger", "Skip to main content"] + linkTitles + captionStrings(a),
                          author: a.author, once: once(a))
    })

    // MARK: - 3. Local paper: ad slots, "Read more", "Don't miss", "Related", "Most popular"

    static func adSlot(_ n: Int) -> String {
        """
        <div class="ad-container ad-container--mpu"><div class="ad-label">Advertisement</div>
        <div id="div-gpt-ad-mpu-\(n)" class="gpt-slot" data-size="300x250"></div></div>
        """
    }

    static let localPaper: Template = ("local", { a in
        let inline = """
            <p><strong>Read more:</strong> <a href="/news/2026/bypass">Bypass plans go on show at town hall</a></p>
            """
        let dontMiss = """
            <div class="dont-miss-box"><h3>Don't miss</h3><ul><li><a href="/news/2026/rail">Rail fares to rise by 4.1% in March</a></li>
            <li><a href="/news/2026/school">New headteacher for Ashgrove primary</a></li></ul></div>
            """
        var between: [Int: String] = [0: adSlot(1)]
        between[1] = inline
        between[a.paragraphs.count / 2] = dontMiss + adSlot(2)
        let html = head(a, site: "Bexmoor Echo") + """
            <body><div class="page-wrapper"><div class="leaderboard">\(adSlot(0))</div>
            <header class="header"><a href="/" class="brand">Bexmoor Echo</a><ul class="nav"><li><a href="/news">News</a></li>
            <li><a href="/whats-on">What's On</a></li><li><a href="/sport">Sport</a></li><li><a href="/jobs">Jobs</a></li></ul></header>
            <div class="container"><div class="col-main"><div class="article">
            <h1 class="headline">\(a.headline)</h1>
            <p class="author-name">By <a href="/authors/\(a.slug)">\(a.author)</a></p><p class="published-date">Published: 09:12, 4 March 2026</p>
            <div class="article-content">
            """ + body(a, figure: { c, credit in
                "<div class=\"image-wrap\"><img src=\"/img/\(a.slug).jpg\"><p class=\"image-caption\">\(c) (Image: \(credit))</p></div>"
            }, pullQuote: { q in "<div class=\"pullquote\"><p>“\(q)”</p></div>" }, between: between) + """
            </div>
            <div class="related-articles"><h4>Related:</h4>\(linkList(Array(storyLinks.suffix(2))))</div>
            <div class="article-share"><span>Share this article</span><a href="#">Facebook</a><a href="#">WhatsApp</a></div>
            </div></div>
            <div class="col-side"><div class="most-popular"><h3>Most popular</h3><ol>\(storyLinks.map { "<li><a href=\"\($0.0)\">\($0.1)</a></li>" }.joined())</ol></div>
            \(adSlot(3))</div></div>
            <footer><p>Bexmoor Echo, 12 Market Street, Bexmoor. Registered in England No. 0123456.</p></footer></div></body></html>
            """
        return CorpusPage(template: "local", name: a.slug, html: html, url: "https://bexmoorecho.example/news/local/\(a.slug)",
                          label: a.label, paragraphs: a.paragraphs,
                          furniture: ["Advertisement", "Read more", "Don't miss", "Related:", "Most popular", "Share this article",
                                      "By \(a.author)", "Published:", "(Image:", "Registered in England"] + linkTitles + captionStrings(a),
                          author: a.author, once: once(a))
    })

    // MARK: - 4. Tabloid: share bars, ADVERTISEMENT labels, inline newsletter box, Didomi-style consent

    static let tabloidConsent = """
        <div id="didomi-host" aria-hidden="false"><div class="didomi-popup-backdrop didomi-notice-popup">
        <div class="didomi-popup-container"><div id="didomi-notice" class="didomi-popup-notice" role="dialog" aria-modal="false">
        <div class="didomi-popup-notice-text">With your agreement, we and our partners store and read information on your
        device, such as cookies, to show you relevant adverts and to see how our pages are used. You can give or withdraw
        your consent at any time from the privacy settings link at the bottom of every page.</div>
        <div class="didomi-popup-notice-buttons"><button id="didomi-notice-agree-button">Agree and close</button>
        <button id="didomi-notice-learn-more-button">Learn more</button></div></div></div></div></div>
        """

    static let shareBar = """
        <div class="social-share-bar"><span class="share-label">Share</span><a class="share-fb" href="#">Facebook</a>
        <a class="share-x" href="#">Twitter</a><a class="share-wa" href="#">WhatsApp</a><span class="share-count">1.2k shares</span></div>
        """

    static let newsletterBox = """
        <div class="inline-newsletter"><h3>Get the Daily Flash in your inbox</h3>
        <p>Sign up for the day's biggest stories, sent to you every morning at 7am.</p>
        <form action="/newsletter"><input type="email" placeholder="Your email address"><button>Sign me up</button></form>
        <p class="small-print">We will use your email address only to send you this newsletter. You can unsubscribe at any time.</p></div>
        """

    static let tabloid: Template = ("tabloid", { a in
        var between: [Int: String] = [:]
        for index in stride(from: 0, to: a.paragraphs.count, by: 2) {
            between[index] = index == 2 ? newsletterBox
                : "<div class=\"mol-ads-cmp\"><span class=\"adHolder\">ADVERTISEMENT</span><div id=\"ad-\(index)\"></div></div>"
        }
        if a.paragraphs.count <= 3 { between[1] = "<p>ADVERTISEMENT</p>" }
        let html = head(a, site: "Daily Flash", extra: "<meta name=\"author\" content=\"\(a.author)\">") + """
            <body>\(tabloidConsent)
            <div class="page-header"><a class="logo" href="/">Daily Flash</a><div class="nav-primary"><a href="/news">News</a>
            <a href="/showbiz">Showbiz</a><a href="/femail">Life</a><a href="/sport">Sport</a></div></div>
            <div id="content"><div class="article-text">
            <h1>\(a.headline.uppercased())</h1>
            <p class="author-section byline-plain">By <a class="author" href="/author/\(a.slug)">\(a.author.uppercased())</a> FOR DAILYFLASH.EXAMPLE</p>
            <p class="byline-section">PUBLISHED: 10:42, 4 March 2026 | UPDATED: 11:05, 4 March 2026</p>
            \(shareBar)
            <div itemprop="articleBody">
            """ + body(a, paragraph: { _, t in "<p class=\"mol-para-with-font\">\(t)</p>" }, figure: { c, credit in
                "<div class=\"artSplitter\"><img src=\"/i/\(a.slug).jpg\"><p class=\"imageCaption\">\(c)</p><span class=\"image-credit\">\(credit)/Daily Flash</span></div>"
            }, pullQuote: { q in "<blockquote class=\"pullquote\"><p>\(q)</p></blockquote>" }, between: between) + """
            </div>
            \(shareBar)
            <div class="comments-count"><a href="#comments">Comments 23</a></div>
            <div class="puff"><h3>MOST READ NEWS</h3>\(linkList())</div>
            </div></div>
            <div class="footer">Published by Flash Media Ltd. Part of the Flash Group.</div></body></html>
            """
        return CorpusPage(template: "tabloid", name: a.slug, html: html, url: "https://dailyflash.example/news/article-\(a.slug).html",
                          label: a.label, paragraphs: a.paragraphs,
                          furniture: ["ADVERTISEMENT", "Daily Flash in your inbox", "Sign up for the day", "Sign me up",
                                      "unsubscribe", "Share", "WhatsApp", "shares", "FOR DAILYFLASH", "PUBLISHED:",
                                      "Comments 23", "MOST READ", "cookies", "consent", "Agree and close", "Flash Media"]
                              + linkTitles + captionStrings(a),
                          author: a.author, once: once(a))
    })

    // MARK: - 5. Blog on a WordPress-like CMS: sharing, related posts, author bio, comments

    static let blog: Template = ("blog", { a in
        let comments = [
            ("Pete Barlow", "Brilliant piece, I remember the old place from when I was a boy, and it is good to see it written up properly at last."),
            ("Margaret Ellis", "Thank you for this. My grandfather worked there for forty years and never once complained about the cold, or so he always told us."),
            ("Sunil Varma", "Do you know whether the council minutes from that period are online anywhere? I would love to read the full debate, and to see who voted which way."),
        ]
        let commentList = comments.enumerated().map { i, c in
            """
            <li id="comment-\(i + 10)" class="comment even thread-even depth-1"><article class="comment-body">
            <footer class="comment-meta"><div class="comment-author vcard"><b class="fn">\(c.0)</b> <span class="says">says:</span></div>
            <div class="comment-metadata"><a href="#comment-\(i + 10)"><time>March \(5 + i), 2026 at 8:1\(i) pm</time></a></div></footer>
            <div class="comment-content"><p>\(c.1)</p></div><div class="reply"><a class="comment-reply-link" href="#">Reply</a></div></article></li>
            """
        }.joined()
        let html = head(a, site: "Notes from Bexmoor") + """
            <body class="post-template-default single single-post postid-412 wp-embed-responsive">
            <div id="page" class="site"><header id="masthead" class="site-header"><p class="site-title"><a href="/">Notes from Bexmoor</a></p>
            <p class="site-description">Local history, walks and the odd rant</p>
            <nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu"><li><a href="/">Home</a></li>
            <li><a href="/about">About</a></li><li><a href="/archive">Archive</a></li></ul></nav></header>
            <div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">
            <article id="post-412" class="post-412 post type-post status-publish format-standard hentry category-local">
            <header class="entry-header"><h1 class="entry-title">\(a.headline)</h1>
            <div class="entry-meta"><span class="posted-on">Posted on <a href="#"><time class="entry-date published">March 4, 2026</time></a></span>
            <span class="byline"> by <span class="author vcard"><a class="url fn n" href="/author/\(a.slug)/">\(a.author)</a></span></span></div></header>
            <div class="entry-content">
            """ + body(a, figure: { c, credit in
                "<figure class=\"wp-block-image size-large\"><img src=\"/wp-content/uploads/2026/03/\(a.slug).jpg\" alt=\"\"><figcaption class=\"wp-element-caption\">\(c). Photo: \(credit)</figcaption></figure>"
            }, pullQuote: { q in "<figure class=\"wp-block-pullquote\"><blockquote><p>\(q)</p></blockquote></figure>" }) + """
            <div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social"><h3 class="sd-title">Share this:</h3>
            <div class="sd-content"><ul><li><a class="share-x sd-button" href="#"><span>X</span></a></li><li><a class="share-facebook sd-button" href="#"><span>Facebook</span></a></li></ul></div></div></div>
            <div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline"><em>Related</em></h3>
            \(linkList(Array(storyLinks.prefix(3))))</div>
            </div>
            <footer class="entry-footer"><span class="cat-links">Posted in <a href="/category/local">Local</a></span>
            <span class="tags-links">Tagged <a href="/tag/bexmoor">bexmoor</a>, <a href="/tag/history">history</a></span></footer>
            </article>
            <div class="author-info"><div class="author-avatar"><img src="/avatar.jpg" alt=""></div><div class="author-description">
            <h2 class="author-title">About \(a.author)</h2><p class="author-bio">\(a.author) has written about the town and its people for twenty years, and volunteers with the Bexmoor Heritage Trust at weekends.
            <a class="author-link" href="/author/\(a.slug)/">View all posts by \(a.author)</a></p></div></div>
            <nav class="navigation post-navigation"><div class="nav-links"><div class="nav-previous"><a href="/prev" rel="prev"><span class="meta-nav">Previous post</span> A walk along the old tramway</a></div></div></nav>
            <div id="comments" class="comments-area"><h2 class="comments-title">3 thoughts on “\(a.headline)”</h2>
            <ol class="comment-list">\(commentList)</ol>
            <div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>
            <form id="commentform" class="comment-form"><p class="comment-notes">Your email address will not be published. Required fields are marked *</p>
            <p class="comment-form-comment"><label for="comment">Comment</label><textarea id="comment"></textarea></p>
            <p class="form-submit"><input type="submit" value="Post Comment"></p></form></div></div>
            </main></div>
            <aside id="secondary" class="widget-area"><section class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2>
            \(linkList())</section></aside></div>
            <footer id="colophon" class="site-footer"><div class="site-info">Proudly powered by a content management system</div></footer></div></body></html>
            """
        return CorpusPage(template: "blog", name: a.slug, html: html, url: "https://notesfrombexmoor.example/2026/03/04/\(a.slug)/",
                          label: a.label, paragraphs: a.paragraphs,
                          furniture: ["Share this:", "Related", "Posted in", "Tagged", "About \(a.author)", "has written about the town",
                                      "View all posts", "thoughts on", "Brilliant piece", "My grandfather", "council minutes", "says:",
                                      "Leave a Reply", "will not be published", "Previous post", "Recent Posts", "Posted on",
                                      "Proudly powered", "Photo:"] + linkTitles + captionStrings(a),
                          author: a.author, once: once(a))
    })

    // MARK: - 6. Business site: market ticker, subscriber links, subscription promo

    static let ticker = """
        <div class="market-ticker" aria-label="Markets"><ul class="ticker-list">
        <li><span class="ticker-name">FTSE 100</span> <span class="ticker-value">8,214.30</span> <span class="ticker-change up">+0.42%</span></li>
        <li><span class="ticker-name">DAX</span> <span class="ticker-value">19,310.12</span> <span class="ticker-change down">-0.18%</span></li>
        <li><span class="ticker-name">Brent</span> <span class="ticker-value">$78.41</span> <span class="ticker-change up">+1.05%</span></li>
        <li><span class="ticker-name">EUR/USD</span> <span class="ticker-value">1.0912</span> <span class="ticker-change down">-0.07%</span></li></ul></div>
        """

    static func business(_ a: CorpusArticle, paywalled: Bool) -> String {
        let jsonLD = """
            <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"\(a.headline)",
            "author":{"@type":"Person","name":"\(a.author)"},"datePublished":"2026-03-04T06:30:00Z",
            "isAccessibleForFree":\(paywalled ? "false" : "true"),"hasPart":{"@type":"WebPageElement","isAccessibleForFree":false,"cssSelector":".paywall"}}</script>
            """
        let shown = paywalled ? CorpusArticle(slug: a.slug, headline: a.headline, standfirst: a.standfirst, author: a.author, city: a.city,
                                              paragraphs: Array(a.paragraphs.prefix(2))) : a
        let promo = """
            <div class="subscription-promo"><p>Get unlimited access to Market Ledger from £1 for four weeks.</p><a href="/subscribe">Subscribe now</a></div>
            """
        let wall = """
            <div class="paywall" id="barrier"><h2>Subscribe to continue reading</h2>
            <p>Become a subscriber for complete digital access to Market Ledger journalism, with expert analysis from the markets.</p>
            <a class="button" href="/subscribe">Choose your plan</a><p>Already a subscriber? <a href="/login">Sign in</a></p></div>
            """
        return head(a, site: "Market Ledger", extra: jsonLD) + """
            <body><header class="o-header"><div class="o-header__top"><a href="/" class="o-header__logo">Market Ledger</a>
            <div class="o-header__account">Already a subscriber? <a href="/login">Sign in</a> <a class="subscribe-button" href="/subscribe">Subscribe</a></div></div>
            \(ticker)
            <nav class="o-header__nav"><a href="/markets">Markets</a><a href="/companies">Companies</a><a href="/opinion">Opinion</a></nav></header>
            <div class="article-page"><article class="article" id="site-content"><div class="article__header">
            <h1 class="headline">\(a.headline)</h1><p class="standfirst">\(a.standfirst)</p>
            <p class="article-info"><a class="author" href="/people/\(a.slug)">\(a.author)</a> in \(a.city.capitalized)
            <time datetime="2026-03-04T06:30:00Z">March 4 2026</time></p></div>
            <div class="article__content-body n-content-body">
            """ + body(shown, figure: { c, credit in
                "<figure class=\"n-content-image\"><img src=\"/img/\(a.slug).jpg\"><figcaption class=\"n-content-image__caption\">\(c) © \(credit)</figcaption></figure>"
            }, pullQuote: { q in "<blockquote class=\"n-content-pullquote\"><p>\(q)</p></blockquote>" },
                between: paywalled ? [:] : [1: promo]) + """
            \(paywalled ? wall : "")
            </div>
            <div class="article__tools"><button class="share-button">Share</button><button>Save</button><a href="/gift">Gift this article</a></div>
            <p class="copyright">Copyright Market Ledger Ltd 2026. All rights reserved.</p></article>
            <aside class="rail"><h2>Most read</h2>\(linkList())</aside></div>
            <footer class="o-footer"><a href="/help">Help</a><a href="/terms">Terms</a></footer></body></html>
            """
    }

    static let businessSite: Template = ("business", { a in
        CorpusPage(template: "business", name: a.slug, html: business(a, paywalled: false),
                   url: "https://marketledger.example/content/\(a.slug)", label: a.label, paragraphs: a.paragraphs,
                   furniture: ["FTSE 100", "8,214.30", "EUR/USD", "unlimited access", "Subscribe", "subscriber", "Sign in",
                               "Gift this article", "Copyright Market Ledger", "Most read", "Save"] + linkTitles + captionStrings(a),
                   author: a.author, once: once(a))
    })

    // MARK: - 7. Live updates

    static let live: Template = ("live", { a in
        let times = ["11:58", "11:40", "11:21", "11:02", "10:47", "10:30", "10:12", "09:55", "09:40", "09:21", "09:03", "08:45"]
        var posts = ""
        for (index, text) in a.paragraphs.enumerated() {
            let time = times[index % times.count]
            posts += """
                <article class="live-post" id="post-\(index)"><header class="live-post__header"><time datetime="2026-03-04T\(time):00Z">\(time)</time>
                <span class="live-post__author">\(a.author)</span></header>
                <div class="live-post__body"><p>\(text)</p></div>
                <footer class="live-post__footer"><button class="share-post">Share this post</button><a class="copy-link" href="#post-\(index)">Copy link</a></footer></article>
                """
            if index == 1 { posts += "<div class=\"live-ad\"><p class=\"ad-label\">Advertisement</p></div>" }
        }
        let jsonLD = """
            <script type="application/ld+json">{"@context":"https://schema.org","@type":"LiveBlogPosting","headline":"\(a.headline)",
            "coverageStartTime":"2026-03-04T08:00:00Z","author":{"@type":"Person","name":"\(a.author)"}}</script>
            """
        let html = head(a, site: "The Courier", extra: jsonLD) + """
            <body><header class="site-head"><a href="/">The Courier</a><nav><a href="/news">News</a><a href="/live">Live</a></nav></header>
            <main><div class="live-header"><span class="live-badge">LIVE</span><h1>\(a.headline)</h1>
            <p class="live-standfirst">\(a.standfirst)</p><p class="live-updated">Updated 4 minutes ago</p></div>
            <div class="live-share"><a href="#">Share on Facebook</a><a href="#">Share on X</a></div>
            <div class="live-feed" id="liveblog-body">\(posts)</div>
            <button class="load-more">Show 10 more updates</button>
            <section class="recirculation"><h2>More live coverage</h2>\(linkList())</section></main>
            <footer class="site-foot"><p>© The Courier 2026</p></footer></body></html>
            """
        return CorpusPage(template: "live", name: a.slug, html: html, url: "https://courier.example/live/\(a.slug)",
                          label: a.label, paragraphs: a.paragraphs,
                          furniture: ["Share this post", "Copy link", "Advertisement", "Show 10 more updates", "More live coverage",
                                      "Share on Facebook", "Updated 4 minutes ago", "LIVE"] + linkTitles,
                          author: a.author)
    })

    // MARK: - 8. Byline and dateline inside the paragraphs

    static let inlineByline: Template = ("inline-byline", { a in
        let html = head(a, site: "The Northern Post") + """
            <body><div id="wrapper"><div id="top"><a href="/"><img src="/logo.png" alt="The Northern Post"></a>
            <ul id="menu"><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/business">Business</a></li></ul></div>
            <div id="main"><div class="content">
            <h1>\(a.headline)</h1>
            <p><strong>By \(a.author), Staff Writer</strong></p>
            <p><em>Posted March 4, 2026 at 6:15 p.m.</em></p>
            """ + body(a, paragraph: { i, t in
                i == 0 ? "<p>\(a.city) (Northern Press Association) — \(t)</p>" : "<p>\(t)</p>"
            }, figure: { c, credit in
                "<table class=\"photo\"><tr><td><img src=\"/photos/\(a.slug).jpg\"></td></tr><tr><td><small>\(c) — \(credit)/Northern Post</small></td></tr></table>"
            }, pullQuote: { q in "<p class=\"pull\"><big>“\(q)”</big></p>" }) + """
            <p>Copyright 2026 The Northern Post. This material may not be republished without permission.</p>
            </div>
            <div id="right"><h3>Latest headlines</h3>\(linkList())</div></div>
            <div id="bottom"><a href="/contact">Contact us</a> | <a href="/advertise">Advertise</a></div></div></body></html>
            """
        return CorpusPage(template: "inline-byline", name: a.slug, html: html, url: "https://northernpost.example/news/\(a.slug).html",
                          label: a.label, paragraphs: a.paragraphs,
                          furniture: ["By \(a.author)", "Staff Writer", "Northern Press Association", "\(a.city) (", "Posted March 4",
                                      "may not be republished", "Latest headlines"] + linkTitles + captionStrings(a),
                          author: a.author, once: once(a))
    })

    // MARK: - 9. Magazine with a Quantcast-style consent dialog and inline "Read more" links

    static let magazineConsent = """
        <div id="qc-cmp2-container" data-nosnippet=""><div class="qc-cmp2-main"><div class="qc-cmp2-summary-section">
        <h2>We value your privacy</h2><p class="qc-cmp2-summary-info">We and our partners use technologies like cookies
        to store and access personal data on your device, such as browsing data or unique identifiers, for personalised ads
        and content, measurement and audience research. You can choose to accept or to manage your choices.</p></div>
        <div class="qc-cmp2-summary-buttons"><button mode="secondary">More options</button><button mode="primary">Agree</button></div></div></div>
        """

    static let magazine: Template = ("magazine", { a in
        var between: [Int: String] = [:]
        between[min(1, a.paragraphs.count - 2)] = "<p class=\"read-more-link\"><em>Read more:</em> <a href=\"/news/2026/floods\">Flood defences finished a year early</a></p>"
        if a.paragraphs.count > 6 {
            between[5] = "<p><strong>READ MORE</strong><br><a href=\"/news/2026/rail\">Rail fares to rise by 4.1% in March</a></p>"
        }
        let html = head(a, site: "Outlook Weekly", extra: "<meta name=\"author\" content=\"\(a.author)\">") + """
            <body>\(magazineConsent)
            <div class="site"><div class="nav-bar"><a href="/">Outlook Weekly</a><a href="/subscribe">Subscribe to the magazine</a></div>
            <div class="layout"><div class="story-column"><div class="story">
            <h1>\(a.headline)</h1><h2 class="dek">\(a.standfirst)</h2>
            <div class="contributor-line">Words by <a href="/c/\(a.slug)">\(a.author)</a> · 6 min read</div>
            <section class="story-content">
            """ + body(a, figure: { c, credit in
                "<figure class=\"story-image\"><picture><img src=\"/media/\(a.slug).jpg\" alt=\"\"></picture><figcaption>\(c)<span>\(credit)</span></figcaption></figure>"
            }, pullQuote: { q in "<aside class=\"pull-quote\"><p>\(q)</p></aside>" }, between: between) + """
            </section>
            <div class="newsletter-signup"><h3>The Outlook briefing</h3><p>Our best writing, every Friday. Sign up to our newsletter.</p>
            <form><input type="email"><button>Sign up</button></form></div>
            <div class="recommended"><h3>You might also like</h3>\(linkList())</div>
            </div></div></div>
            <div class="site-footer">Outlook Weekly is published by Outlook Media. <a href="/privacy">Privacy</a></div></div></body></html>
            """
        return CorpusPage(template: "magazine", name: a.slug, html: html, url: "https://outlookweekly.example/story/\(a.slug)",
                          label: a.label, paragraphs: a.paragraphs,
                          furniture: ["Read more", "READ MORE", "We value your privacy", "cookies", "More options", "Words by",
                                      "min read", "Outlook briefing", "Sign up", "You might also like", "Subscribe to the magazine",
                                      "Outlook Media"] + linkTitles + captionStrings(a),
                          author: a.author, once: once(a))
    })

    // MARK: - 10. Regional broadcaster: unmarked cookie bar, video promos, app and social prompts, sponsored grid

    static let broadcaster: Template = ("broadcaster", { a in
        var between: [Int: String] = [:]
        between[0] = "<div class=\"media-block\"><div class=\"player\"></div><p class=\"media-title\">WATCH: Aerial footage of the scene</p></div>"
        between[min(2, a.paragraphs.count - 2)] = "<p><strong>Follow us on X and Instagram for the latest updates</strong></p>"
        let html = head(a, site: "North Coast Today", extra: "<meta name=\"author\" content=\"\(a.author)\">") + """
            <body><div id="bnr"><p>We use cookies to improve your experience and to show you relevant ads. By continuing to use this site you agree to our use of cookies.</p><a href="#" id="bnr-ok">OK</a></div>
            <div class="wrap"><div class="top-nav"><a href="/">North Coast Today</a> <a href="/weather">Weather</a> <a href="/traffic">Traffic</a> <a href="/watch-live">Watch live</a></div>
            <section class="story-section"><div class="story-head"><span class="tag">Local News</span><h1>\(a.headline)</h1>
            <div class="story-meta"><span class="by">\(a.author)</span> <span class="sep">|</span> <span class="when">Posted: Mar 4, 2026 / 07:42 AM GMT</span></div></div>
            <div class="story-share"><a href="#">Share this story</a></div>
            <div class="story-main">
            """ + body(a, figure: { c, credit in
                "<div class=\"photo-embed\"><img src=\"/p/\(a.slug).jpg\"><div class=\"photo-cutline\">\(c) (\(credit)/North Coast Today)</div></div>"
            }, pullQuote: { q in "<div class=\"quote-callout\"><p>“\(q)”</p></div>" }, between: between) + """
            <p><em>Download the North Coast Today app for breaking news alerts on your phone.</em></p>
            </div>
            <div class="comments-cta"><a href="#comments">Have your say (14 comments)</a></div>
            <div class="sponsored-grid"><h3>Promoted stories</h3><div class="card"><a href="/ad1">You won't believe what this village bakery did next</a></div>
            <div class="card"><a href="/ad2">Homeowners in the north are switching to this boiler</a></div></div>
            </section>
            <div class="bottom-bar"><p>Copyright 2026 North Coast Broadcasting. All rights reserved.</p></div></div></body></html>
            """
        return CorpusPage(template: "broadcaster", name: a.slug, html: html, url: "https://northcoasttoday.example/news/\(a.slug)/",
                          label: a.label, paragraphs: a.paragraphs,
                          furniture: ["cookies", "WATCH:", "Follow us on", "Download the North Coast", "Have your say", "Promoted stories",
                                      "village bakery", "switching to this boiler", "Share this story", "Posted:", "Copyright"]
                              // Not yet: the section label over the headline ("Local News") still
                              // reaches the text; a text rule for it cost headings on other pages.
                              + captionStrings(a),
                          author: a.author, once: once(a))
    })

    static let all: [Template] = [wire, broadsheet, localPaper, tabloid, blog, businessSite, live, inlineByline, magazine, broadcaster]
}
