import Testing
@testable import ArticleExtractor

private func extract(_ html: String, url: String? = "https://ledger.example/news/story", status: Int? = nil) -> Article {
    PageExtractor.extract(Array(html.utf8), url: url, httpStatus: status)
}

@Suite("Main text")
struct MainTextTests {
    @Test("Names inside links are kept; captions and a Don't-miss block are dropped")
    func linkedNamesKeepTheirText() {
        let article = extract(PageShapes.linkedNames)
        let text = article.text
        #expect(text.contains("Vladimir Putin should “not reward” for his illegal invasion of Ukraine after the US president"))
        #expect(text.contains("it was “practical” for Ukraine to join NATO and when asked"))
        #expect(text.contains("Emmanuel Macron and Keir Starmer were due to meet"))
        #expect(text.contains("A spokesman for Volodymyr Zelensky said"))
        #expect(!text.contains("(Image:"))
        #expect(!text.contains("Image: Getty"))
        #expect(!text.contains("Don’t miss"))
        #expect(!text.contains("[REPORT"))
        #expect(!text.contains("SPOTLIGHT"))
        #expect(!text.contains("Related stories"))
        #expect(!text.contains("Politics"))
        #expect(!text.contains("All rights reserved"))
        #expect(article.status == .full)
        #expect(article.paragraphs.count == 4)
    }

    @Test("Every post of a live blog is kept, headings as their own paragraphs")
    func liveBlog() {
        let article = extract(PageShapes.liveBlog)
        for phrase in ["west coast main line north of Preston", "gust of 93mph", "more than a hundred short-haul flights",
                       "Around 20,000 homes in Cornwall"] {
            #expect(article.text.contains(phrase))
        }
        #expect(article.paragraphs.contains("Flights cancelled at Heathrow"))
        #expect(article.title == "Storm Ciara live: rail lines closed as winds reach 90mph")
        #expect(article.published == "2026-02-09T06:00:00Z")
    }

    @Test("An article split by ad slots comes back whole, without the ad labels")
    func splitByAds() {
        let article = extract(PageShapes.splitByAds)
        #expect(article.paragraphs.count == 5)
        #expect(article.paragraphs.first?.hasPrefix("The city council voted by 31 to 24") == true)
        #expect(article.paragraphs.last?.hasPrefix("A consultation last autumn drew 8,600 responses") == true)
        #expect(!article.text.contains("Advertisement"))
        #expect(article.title == "Council approves new cycle lanes after two-year row")
    }

    @Test("A page with the story only in JSON-LD yields its articleBody and metadata")
    func jsonLDOnly() {
        let article = extract(PageShapes.jsonLDOnly)
        #expect(article.paragraphs.count == 3)
        #expect(article.text.hasPrefix("The harbour's fishing fleet returned to port on Friday"))
        #expect(article.title == "Fishing fleet returns early as quotas are cut")
        #expect(article.byline == "Ines Moreau, Tom Baxter")
        #expect(article.published == "2026-05-02T05:30:00Z")
        #expect(article.modified == "2026-05-02T07:00:00Z")
        #expect(article.siteName == "Harbour Times")
        #expect(article.language == "en-GB")
        #expect(article.image == "https://harbour.example/img/fleet.jpg")
        #expect(article.excerpt == "Boats are back in port weeks ahead of schedule.")
    }

    @Test("Whitespace is normalised and entities decoded")
    func whitespaceAndEntities() {
        let body = "<article>" + PageShapes.storyParagraphs.map { "<p>  \($0)\n\t  &amp; more&nbsp;&nbsp;text &#8212; here </p>" }.joined() + "</article>"
        let article = extract(PageShapes.page(body: body))
        #expect(article.paragraphs.count == 3)
        #expect(article.paragraphs[0].hasSuffix("piers. & more text — here"))
        #expect(!article.text.contains("  "))
    }

    @Test("List items and headings stay separate paragraphs")
    func listsAndHeadings() {
        let body = """
            <article><p>\(PageShapes.storyParagraphs[0])</p><h2>What happens next</h2>
            <p>\(PageShapes.storyParagraphs[1])</p><ul><li>The bridge stays closed until December, the council says.</li>
            <li>A shuttle bus will run every hour from the car park, starting next Monday.</li></ul>
            <p>\(PageShapes.storyParagraphs[2])</p></article>
            """
        let article = extract(PageShapes.page(body: body))
        #expect(article.paragraphs.contains("What happens next"))
        #expect(article.paragraphs.contains("The bridge stays closed until December, the council says."))
        #expect(article.paragraphs.contains("A shuttle bus will run every hour from the car park, starting next Monday."))
    }
}

@Suite("Honest labels")
struct LabelTests {
    @Test("Multi-page articles are partial")
    func multiPage() {
        let article = extract(PageShapes.multiPage)
        #expect(article.status == .partial)
        #expect(article.text.contains("personal allowance for the first time in five years"))
    }

    @Test("A link to the next post or an in-page skip link does not make a story partial")
    func nextPostIsNotNextPage() {
        let body = "<article>" + PageShapes.storyParagraphs.map { "<p>\($0)</p>" }.joined()
            + "<a href=\"#comments\">Continue reading the main story</a></article>"
        let html = PageShapes.page(head: "<link rel=\"next\" href=\"/news/2026/03/ferry-strike-called-off\">", body: body)
        #expect(extract(html).status == .full)
    }

    @Test("A teaser that sends readers elsewhere for the rest is partial")
    func teaserIsPartial() {
        let body = "<article>" + PageShapes.storyParagraphs.map { "<p>\($0)</p>" }.joined()
            + "<p><a href=\"https://partner.example/bridge-closure\">Continue reading</a></p></article>"
        #expect(extract(PageShapes.page(body: body)).status == .partial)
    }

    @Test("A paywalled teaser is labelled and the notice is not the story")
    func paywall() {
        let article = extract(PageShapes.paywalled)
        #expect(article.status == .paywalled)
        #expect(article.text.contains("the call came through"))
        #expect(!article.text.contains("Subscribe"))
        #expect(!article.text.contains("Already a subscriber"))
    }

    @Test("A consent wall is blocked and yields no story text")
    func consentWall() {
        let article = extract(PageShapes.consentWall)
        #expect(article.status == .blocked)
        #expect(!article.text.contains("cookies to store"))
    }

    @Test("A bot check is blocked")
    func botCheck() {
        #expect(extract(PageShapes.botCheck).status == .blocked)
    }

    @Test("HTTP errors are blocked, 402 is paywalled")
    func httpStatus() {
        #expect(extract(PageShapes.linkedNames, status: 404).status == .blocked)
        #expect(extract(PageShapes.linkedNames, status: 403).status == .blocked)
        #expect(extract(PageShapes.linkedNames, status: 402).status == .paywalled)
        #expect(extract(PageShapes.linkedNames, status: 200).status == .full)
    }

    @Test("A headline with one sentence is summary-only")
    func summaryOnly() {
        let html = PageShapes.page(title: "Minister resigns over expenses",
                                   body: "<article><h1>Minister resigns over expenses</h1><p>The transport minister resigned on Friday.</p></article>")
        #expect(extract(html).status == .summaryOnly)
    }
}
