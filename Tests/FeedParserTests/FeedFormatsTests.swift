import Testing
@testable import FeedParser

/// Each supported format, on feed shapes like the ones news sites publish.
@Suite struct FeedFormatsTests {
    @Test func rss2NewsFeed() throws {
        let feed = try parseFixture("world-news-rss2.xml", baseURL: "https://www.northgate-herald.example/world/rss")
        #expect(feed.format == .rss)
        #expect(feed.version == "2.0")
        #expect(feed.title == "Northgate Herald - World")
        #expect(feed.feedLink == "https://www.northgate-herald.example/world/rss")
        #expect(feed.description == "World news from the Northgate Herald & its correspondents")
        #expect(feed.language == "en-gb")
        #expect(feed.updated?.description == "2026-11-26T21:04:11Z")
        #expect(feed.image == "https://www.northgate-herald.example/logo.png")
        #expect(feed.refreshHint?.ttlMinutes == 15)
        #expect(feed.entries.count == 2)

        let first = feed.entries[0]
        #expect(first.title == "Ceasefire talks resume in Geneva as envoys meet for a third day")
        #expect(first.id == "nh-world-88412")
        #expect(first.link == "https://www.northgate-herald.example/world/2026/nov/26/ceasefire-talks-geneva?utm_source=rss")
        #expect(first.published?.description == "2026-11-26T18:30:00Z")
        #expect(first.authors == [Person(name: "Amira Haddad")])
        #expect(first.categories == ["Diplomacy", "Europe"])
        #expect(first.summary == "<p>Envoys from both sides met for six hours on Thursday.</p>")
        #expect(first.content?.contains("A fourth day is planned.") == true)

        let second = feed.entries[1]
        // A relative <link> resolves against the feed's URL.
        #expect(second.link == "https://www.northgate-herald.example/business/2026/nov/26/markets-oil")
        #expect(second.authors == [Person(name: "Tom Reyes", email: "markets@northgate-herald.example")])
        #expect(second.enclosures == [Enclosure(url: "https://audio.northgate-herald.example/markets.mp3",
                                                type: "audio/mpeg", length: 1_234_567)])
    }

    @Test func atomWithXMLBaseAndXHTMLContent() throws {
        let feed = try parseFixture("tech-blog-atom.xml")
        #expect(feed.format == .atom)
        #expect(feed.version == "1.0")
        #expect(feed.title == "Lattice Engineering") // type="html" title becomes plain text
        #expect(feed.description == "Notes from the platform team")
        #expect(feed.link == "https://blog.lattice.example/")
        #expect(feed.feedLink == "https://blog.lattice.example/feed.atom")
        #expect(feed.language == "en")
        #expect(feed.updated?.description == "2026-11-25T08:15:00Z")
        #expect(feed.authors.first?.uri == "https://blog.lattice.example/people/priya")

        let entry = try #require(feed.entries.first)
        // xml:base chains: feed base, then the entry's relative base.
        #expect(entry.link == "https://blog.lattice.example/posts/2026/sqlite-queue.html")
        #expect(entry.enclosures.first?.length == 9000)
        #expect(entry.summary == "Fewer moving parts & one file to back up.")
        let content = try #require(entry.content)
        #expect(!content.contains("<div"), "the xhtml wrapper div is not content")
        #expect(content.contains("<a href=\"https://blog.lattice.example/posts/2025/redis.html\">Redis</a>"))
        #expect(content.contains("<br />"))
        #expect(entry.categories == ["databases"])
    }

    @Test func rdfWithDublinCore() throws {
        let feed = try parseFixture("science-rdf.xml")
        #expect(feed.format == .rdf)
        #expect(feed.version == "1.0")
        #expect(feed.updated?.description == "2026-11-26T06:00:00Z")
        let entry = try #require(feed.entries.first)
        #expect(entry.id == "https://science.example/2026/11/comet")
        #expect(entry.updated?.description == "2026-11-26T08:40:00Z")
        #expect(entry.published == entry.updated, "RSS 1.0's dc:date is the only date it has")
        // Declared ISO-8859-1, but the bytes are valid UTF-8: the label is wrong, the text is not.
        #expect(entry.authors.first?.name == "Lucía Fernández")
        #expect(entry.categories == ["Astronomy"])
    }

    @Test func jsonFeed() throws {
        let feed = try parseFixture("harbour-gazette.json")
        #expect(feed.format == .json)
        #expect(feed.version == "1.1")
        #expect(feed.feedLink == "https://gazette.example/feed.json")
        let entry = try #require(feed.entries.first)
        #expect(entry.id == "4412", "numeric ids become strings")
        #expect(entry.link == "https://gazette.example/2026/11/26/ferry-strike")
        #expect(entry.published?.description == "2026-11-26T06:45:00Z")
        #expect(entry.categories == ["transport", "labour"])
        #expect(entry.enclosures.first?.length == 88120)
        #expect(feed.authors.first?.name == "Gazette newsroom")
    }

    @Test func jsonThatIsNotAFeed() {
        #expect(throws: FeedParseError.self) {
            try Feed.parse(Array(#"{"name": "package.json", "version": "1.0.0"}"#.utf8))
        }
    }
}
