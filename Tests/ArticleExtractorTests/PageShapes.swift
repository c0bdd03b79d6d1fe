/// Article pages written for these tests, in the shapes news sites use: a site header and
/// navigation, an article with inline links, captions, ads and related-link blocks, a footer.
enum PageShapes {
    static func page(head: String = "", title: String = "Test page", body: String, lang: String = "en") -> String {
        """
        <!DOCTYPE html>
        <html lang="\(lang)">
        <head><meta charset="utf-8"><title>\(title)</title>\(head)</head>
        <body>
        <header class="site-header"><a href="/">The Daily Ledger</a>
          <nav class="main-menu"><ul><li><a href="/news">News</a></li><li><a href="/politics">Politics</a></li>
          <li><a href="/sport">Sport</a></li><li><a href="/opinion">Opinion</a></li></ul></nav></header>
        \(body)
        <footer class="site-footer"><p>© 2026 The Daily Ledger. All rights reserved.</p>
          <ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li><li><a href="/privacy">Privacy</a></li></ul>
        </footer>
        </body></html>
        """
    }

    /// The weak-extractor example from the issue, rebuilt: names inside links, image captions
    /// with credits, and a "Don't miss" block of related links in the middle of the story.
    static let linkedNames = page(
        head: """
        <meta property="og:title" content="Trump says Putin should 'not reward' for invasion as Ukraine NATO bid stalls">
        <meta property="og:site_name" content="The Daily Ledger">
        <meta name="author" content="Sam Carter">
        <meta property="article:published_time" content="2026-03-04T09:15:00+01:00">
        """,
        title: "Trump says Putin should 'not reward' for invasion | The Daily Ledger",
        body: """
        <article class="article-body">
          <h1>Trump says Putin should 'not reward' for invasion as Ukraine NATO bid stalls</h1>
          <figure><img src="/img/trump.jpg" alt="">
            <span class="caption">Donald Trump spoke to reporters at the White House (Image: AP )</span></figure>
          <p><a href="/topics/vladimir-putin">Vladimir Putin</a> should “not reward” for his illegal invasion of
          <a href="/topics/ukraine">Ukraine</a> after the US president revealed details of a phone call with the
          Kremlin, officials in <a href="/topics/kyiv">Kyiv</a> said on Tuesday evening.</p>
          <p>Mr Trump said he did not think it was “practical” for <a href="/topics/ukraine">Ukraine</a> to join
          <a href="/topics/nato">NATO</a> and when asked about security guarantees he said Europe would have to
          carry most of the burden, a position that alarmed several allies.</p>
          <p class="dont-miss"><strong>Don’t miss…</strong><br>
          <a href="/news/1">Zelensky warns of winter attacks on power grid [REPORT ]</a><br>
          <a href="/news/2">Kremlin spokesman mocks European defence plan [REPORT ]</a><br>
          <a href="/news/3">Inside the bunker where talks took place [SPOTLIGHT ]</a></p>
          <p>The remarks came hours before <a href="/topics/emmanuel-macron">Emmanuel Macron</a> and
          <a href="/topics/keir-starmer">Keir Starmer</a> were due to meet in Paris to discuss a peacekeeping force,
          which both leaders have said must be backed by American air power to be credible.</p>
          <figure><img src="/img/starmer.jpg" alt=""><figcaption>Keir Starmer arrives in Paris (Image: Getty)</figcaption></figure>
          <p>A spokesman for <a href="/topics/volodymyr-zelensky">Volodymyr Zelensky</a> said the Ukrainian leader
          would keep pressing for membership, adding that “no one can decide for Ukraine which alliances it joins”.</p>
          <p>(Image: Reuters)</p>
        </article>
        <aside class="related-stories"><h3>Related stories</h3><ul>
          <li><a href="/a">Markets fall as oil jumps</a></li><li><a href="/b">Ten things we learned this week</a></li></ul></aside>
        """)

    /// A live blog: timestamped posts, each with a heading and text.
    static let liveBlog = page(
        head: """
        <script type="application/ld+json">{"@context":"https://schema.org","@type":"LiveBlogPosting",
        "headline":"Storm Ciara live: rail lines closed as winds reach 90mph","datePublished":"2026-02-09T06:00:00Z"}</script>
        """,
        title: "Storm Ciara live: rail lines closed as winds reach 90mph",
        body: """
        <main><div class="liveblog-body">
          <div class="live-post"><time datetime="2026-02-09T11:42:00Z">11:42</time><h2>Network Rail closes west coast main line</h2>
            <p>Network Rail has closed the west coast main line north of Preston after trees fell across the tracks near
            Lancaster. Passengers have been told not to travel, and replacement buses will not run until the wind drops.</p></div>
          <div class="live-post"><time datetime="2026-02-09T11:20:00Z">11:20</time><h2>Gust of 93mph recorded at Aberdaron</h2>
            <p>The Met Office says a gust of 93mph was recorded at Aberdaron in north Wales, the strongest so far today,
            and has extended its amber warning for wind until nine o'clock this evening across most of England.</p></div>
          <div class="live-post"><time datetime="2026-02-09T10:58:00Z">10:58</time><h2>Flights cancelled at Heathrow</h2>
            <p>British Airways has cancelled more than a hundred short-haul flights from Heathrow, saying the crosswinds on
            the northern runway make landings unsafe. Customers can rebook without a fee for travel later this week.</p></div>
          <div class="live-post"><time datetime="2026-02-09T10:31:00Z">10:31</time><h2>Power cut to 20,000 homes</h2>
            <p>Around 20,000 homes in Cornwall and Devon are without power, according to Western Power Distribution,
            which says engineers are working to reconnect customers but warns that some may wait until tomorrow.</p></div>
        </div></main>
        """)

    /// An article split into several blocks by advertisement slots.
    static let splitByAds = page(
        title: "Council approves new cycle lanes after two-year row - The Daily Ledger",
        body: """
        <div class="story">
          <div class="story-text"><p>The city council voted by 31 to 24 on Wednesday night to approve a network of protected
          cycle lanes along four of the busiest roads in the centre, ending a dispute that has lasted more than two years.</p>
          <p>Supporters said the lanes, which will cost £12.4m, would cut congestion and make cycling safer for children,
          while opponents warned that shops on the affected roads would lose passing trade during construction.</p></div>
          <div class="ad-slot advert"><span>Advertisement</span><iframe src="https://ads.example.com/slot1"></iframe></div>
          <div class="story-text"><p>The leader of the council, Priya Nair, said the vote was “a turning point for the city”
          and promised that work on the first route, along Station Road, would begin in the spring of next year.</p>
          <p>Traders on Station Road have collected more than 2,000 signatures on a petition calling for the scheme to be
          paused, and their association said on Thursday that it was considering a legal challenge.</p></div>
          <div class="ad-slot advert"><span>Advertisement</span><iframe src="https://ads.example.com/slot2"></iframe></div>
          <div class="story-text"><p>A consultation last autumn drew 8,600 responses, of which 54 per cent were in favour of
          the plans, according to figures published by the council alongside the agenda for the meeting.</p></div>
        </div>
        """)

    /// A page whose body is an empty application shell; the story is only in JSON-LD.
    static let jsonLDOnly = """
        <!DOCTYPE html><html><head><title>Loading…</title>
        <script type="application/ld+json">
        {"@context":"https://schema.org","@graph":[
          {"@type":"WebSite","name":"Harbour Times","url":"https://harbour.example"},
          {"@type":"NewsArticle","headline":"Fishing fleet returns early as quotas are cut",
           "author":[{"@type":"Person","name":"Ines Moreau"},{"@type":"Person","name":"Tom Baxter"}],
           "datePublished":"2026-05-02T07:30:00+02:00","dateModified":"2026-05-02T09:00:00+02:00",
           "publisher":{"@type":"Organization","name":"Harbour Times"},"inLanguage":"en-GB",
           "image":{"@type":"ImageObject","url":"https://harbour.example/img/fleet.jpg"},
           "description":"Boats are back in port weeks ahead of schedule.",
           "articleBody":"The harbour's fishing fleet returned to port on Friday, three weeks earlier than usual, after new quotas for cod and haddock came into force.\\nSkippers said the cuts, agreed in Brussels last month, left them with too little to catch to cover the cost of fuel and crew.\\nThe harbour master, Alan Reid, said about forty boats were now tied up, and that some owners were already talking about selling their vessels abroad."}
        ]}
        </script></head>
        <body><div id="app"></div><script src="/bundle.js"></script></body></html>
        """

    static let multiPage = page(
        head: "<link rel=\"next\" href=\"/news/budget-explained?page=2\">",
        title: "The budget explained: what it means for you - The Daily Ledger",
        body: """
        <article><div class="article-content">
          <p>The chancellor's budget raised the personal allowance for the first time in five years, lifting it by £500 to
          £13,070, a change the Treasury says will leave a typical basic-rate taxpayer about £100 a year better off.</p>
          <p>Fuel duty was frozen again, at a cost of £2.4bn, while duty on tobacco rose by two percentage points above
          inflation. Alcohol duty will rise in line with inflation from August, as announced last year.</p>
          <p>Pensioners will see the state pension rise by 4.1% in April under the triple lock, taking the full new state
          pension to just over £12,500 a year, the Office for Budget Responsibility confirmed in its report.</p>
          <div class="pagination">Page 1 of 3 <a href="/news/budget-explained?page=2" rel="next">Next page</a></div>
        </div></article>
        """)

    static let paywalled = page(
        head: """
        <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
        "headline":"Inside the deal that saved the steelworks","isAccessibleForFree":false}</script>
        """,
        title: "Inside the deal that saved the steelworks",
        body: """
        <article class="article-body">
          <p>It was just after two in the morning when the call came through to the business secretary's office: the
          buyers were ready to sign, but only if the government would guarantee the pension fund.</p>
          <div class="paywall-prompt"><p>Subscribe to continue reading. Already a subscriber? Log in.</p>
          <a href="/subscribe">Subscribe for £1 a week</a></div>
        </article>
        """)

    static let consentWall = """
        <!DOCTYPE html><html><head><title>Before you continue</title></head>
        <body><div class="consent-wall" role="dialog">
        <h1>We value your privacy</h1>
        <p>We and our partners use cookies to store and access information on your device. Click Accept all to consent,
        or Manage preferences to choose which purposes you allow.</p>
        <button>Accept all</button><button>Reject all</button><a href="/privacy">Manage preferences</a>
        </div></body></html>
        """

    static let botCheck = """
        <!DOCTYPE html><html><head><title>Just a moment...</title></head>
        <body><h1>Checking your browser before accessing the site.</h1>
        <p>This process is automatic. Your browser will redirect to your requested content shortly.</p>
        <noscript>Please enable JavaScript and cookies to continue</noscript></body></html>
        """

    /// A story long enough to be taken as an article, in any wrapper.
    static let storyParagraphs = [
        "Residents of the village of Llanfair were told on Monday that the bridge over the river would stay closed until the end of the year, after engineers found cracks in two of its supporting piers.",
        "The county council said the repairs would cost about £3m and that it had applied to the government for emergency funding, but warned that work could not start until the water level falls in the summer.",
        "Shopkeepers said the closure had already cut their takings by a third, because visitors now face a twelve-mile detour to reach the village from the main road.",
    ]
}
