import Testing
@testable import FeedParser

/// The ways real feeds are broken, and what a reader should still get out of them.
@Suite struct RealWorldMessTests {
    @Test func undeclaredWindows1252() throws {
        let feed = try parseFixture("cafe-windows-1252.xml")
        #expect(feed.title == "Café Société “News”")
        #expect(feed.entries.first?.title == "Prices up € 2")
    }

    @Test func brokenNewsroomFeedStillYieldsItsStories() throws {
        let feed = try parseFixture("broken-newsroom.xml")
        // PHP warning before the declaration, bare ampersands, HTML entities, a mismatched
        // tag and a truncated last item: all three stories are still there.
        #expect(feed.title == "Smith & Sons Daily — News")
        #expect(feed.description == "Café culture & more")
        #expect(feed.entries.count >= 2)
        let first = try #require(feed.entries.first)
        #expect(first.title == "Q&A: the mayor’s plan")
        #expect(first.link == "http://smith.example/a?x=1&y=2")
        #expect(first.summary == "line<br />next")
        #expect(feed.entries.map(\.title).contains("Second story"))
    }

    @Test func invalidUTF8InsideUTF8KeepsTheGoodCharacters() throws {
        var bytes = Array(#"<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Zürich "#.utf8)
        bytes += [0x96] // a stray Windows-1252 en dash
        bytes += Array(" news</title></channel></rss>".utf8)
        let feed = try Feed.parse(bytes)
        #expect(feed.title == "Zürich – news")
    }

    @Test func titlesAreTextUnlessTheyLookLikeHTML() throws {
        func title(_ raw: String) throws -> String? {
            try Feed.parse(Array("<rss><channel><item><title>\(raw)</title></item></channel></rss>".utf8)).entries.first?.title
        }
        #expect(try title("AT&amp;T profits rise") == "AT&T profits rise")
        #expect(try title("2 &lt; 3") == "2 < 3")
        #expect(try title("Why &lt;blink&gt; died") == "Why <blink> died")
        #expect(try title("&lt;b&gt;Breaking&lt;/b&gt; news") == "Breaking news")
        #expect(try title("Caf&amp;eacute; opens") == "Café opens")
    }

    @Test func internalEntitiesExpand() throws {
        let xml = #"<!DOCTYPE rss [<!ENTITY org "Northgate Herald">]><rss><channel><title>&org; World</title></channel></rss>"#
        #expect(try Feed.parse(Array(xml.utf8)).title == "Northgate Herald World")
    }

    @Test func utf16WithoutBOM() throws {
        let text = #"<?xml version="1.0" encoding="utf-16"?><rss><channel><title>Grüße 日本</title></channel></rss>"#
        var bytes: [UInt8] = []
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(try Feed.parse(bytes).title == "Grüße 日本")
    }

    @Test func httpCharsetIsUsedForUnlabelledBytes() throws {
        let bytes: [UInt8] = Array("<rss><channel><title>".utf8) + [0xD0, 0xEE, 0xF1, 0xF1, 0xE8, 0xFF] + Array("</title></channel></rss>".utf8)
        #expect(try Feed.parse(bytes, httpCharset: "windows-1251").title == "Россия")
    }
}
