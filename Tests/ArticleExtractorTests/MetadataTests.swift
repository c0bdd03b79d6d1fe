import Testing
@testable import ArticleExtractor

private let story = "<article>" + PageShapes.storyParagraphs.map { "<p>\($0)</p>" }.joined() + "</article>"

@Suite("Metadata")
struct MetadataTests {
    @Test("JSON-LD outranks OpenGraph, which outranks the title element")
    func orderOfTrust() {
        let head = """
            <meta property="og:title" content="OG headline for the bridge story">
            <meta property="og:site_name" content="OG Site">
            <meta property="og:description" content="OG description.">
            <script type="application/ld+json">{"@context":"http://schema.org","@type":"NewsArticle",
              "headline":"Bridge to stay closed until December","author":{"@type":"Person","name":"Rhian Evans"},
              "publisher":{"@type":"Organization","name":"Valley Post"},"datePublished":"2026-01-12T08:00:00Z"}</script>
            """
        let article = PageExtractor.extract(Array(PageShapes.page(head: head, title: "Bridge | Valley Post", body: story).utf8))
        #expect(article.title == "Bridge to stay closed until December")
        #expect(article.byline == "Rhian Evans")
        #expect(article.siteName == "Valley Post")
        #expect(article.excerpt == "OG description.")
        #expect(article.published == "2026-01-12T08:00:00Z")

        let withoutJSONLD = PageExtractor.extract(Array(PageShapes.page(head: "<meta property=\"og:title\" content=\"OG headline\">",
                                                                         title: "Page title | Site", body: story).utf8))
        #expect(withoutJSONLD.title == "OG headline")
    }

    @Test("The site name is cut from the title element")
    func titleCleaning() {
        let cases = [
            ("Bridge to stay closed until December | Valley Post", "Bridge to stay closed until December"),
            ("Bridge to stay closed until December - Valley Post", "Bridge to stay closed until December"),
            ("Valley Post » News » Bridge to stay closed until December", "Bridge to stay closed until December"),
            ("Bridge to stay closed until December", "Bridge to stay closed until December"),
        ]
        for (raw, expected) in cases {
            let body = "<h1>Bridge to stay closed until December</h1>" + story
            let article = PageExtractor.extract(Array(PageShapes.page(title: raw, body: body).utf8))
            #expect(article.title == expected, "\(raw)")
        }
    }

    @Test("A visible byline is found and kept out of the text")
    func visibleByline() {
        let body = "<article><div class=\"byline\">By Megan Hughes, Transport Correspondent</div>"
            + PageShapes.storyParagraphs.map { "<p>\($0)</p>" }.joined() + "</article>"
        let article = PageExtractor.extract(Array(PageShapes.page(body: body).utf8))
        #expect(article.byline == "By Megan Hughes, Transport Correspondent")
        #expect(!article.text.contains("Megan Hughes"))
    }

    @Test("Language, canonical URL and image are read and resolved")
    func languageCanonicalImage() {
        let head = "<link rel=\"canonical\" href=\"/news/bridge-closed\"><meta property=\"og:image\" content=\"/img/bridge.jpg\">"
        let article = PageExtractor.extract(Array(PageShapes.page(head: head, body: story, lang: "cy").utf8),
                                            url: "https://valley.example/news/bridge-closed?utm_source=rss")
        #expect(article.language == "cy")
        #expect(article.canonicalURL == "https://valley.example/news/bridge-closed")
        #expect(article.image == "https://valley.example/img/bridge.jpg")
    }

    @Test("Dates are normalised to RFC 3339 UTC")
    func dates() {
        #expect(DateNormalizer.rfc3339("2026-03-04T09:15:00+01:00") == "2026-03-04T08:15:00Z")
        #expect(DateNormalizer.rfc3339("2026-03-04T09:15:00.123Z") == "2026-03-04T09:15:00Z")
        #expect(DateNormalizer.rfc3339("2026-03-04") == "2026-03-04T00:00:00Z")
        #expect(DateNormalizer.rfc3339("2026-01-01T00:30:00+02:00") == "2025-12-31T22:30:00Z")
        #expect(DateNormalizer.rfc3339("Wed, 04 Mar 2026 09:15:00 GMT") == "2026-03-04T09:15:00Z")
        #expect(DateNormalizer.rfc3339("Wed, 04 Mar 2026 09:15:00 -0500") == "2026-03-04T14:15:00Z")
        #expect(DateNormalizer.rfc3339("March 4, 2026") == "2026-03-04T00:00:00Z")
        #expect(DateNormalizer.rfc3339("yesterday") == nil)
    }

    @Test("A <time> element dates a page without date metadata")
    func timeElement() {
        let body = "<article><time datetime=\"2026-06-01T12:00:00+01:00\">1 June</time>"
            + PageShapes.storyParagraphs.map { "<p>\($0)</p>" }.joined() + "</article>"
        #expect(PageExtractor.extract(Array(PageShapes.page(body: body).utf8)).published == "2026-06-01T11:00:00Z")
    }
}
