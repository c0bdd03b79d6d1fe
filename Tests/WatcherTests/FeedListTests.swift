import Foundation
import Testing
@testable import Watcher

@Suite struct FeedListTests {
    @Test func opmlImportTurnsFoldersIntoTags() throws {
        let opml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <opml version="2.0"><head><title>My subscriptions</title></head><body>
          <outline text="World" title="World">
            <outline type="rss" text="BBC World" xmlUrl="https://feeds.bbci.co.uk/news/world/rss.xml" htmlUrl="https://www.bbc.co.uk/news/world"/>
            <outline text="Europe"><outline type="rss" title="Le Monde &amp; co" xmlUrl=" https://www.lemonde.fr/en/rss/une.xml "/></outline>
          </outline>
          <outline type="rss" text="Hacker News" xmlUrl="https://news.ycombinator.com/rss"/>
          <outline text="A folder without feeds"/>
        </body></opml>
        """
        let outlines = try OPML.parse(Array(opml.utf8), file: "subs.opml")
        #expect(outlines.map(\.url) == ["https://feeds.bbci.co.uk/news/world/rss.xml", "https://www.lemonde.fr/en/rss/une.xml",
                                        "https://news.ycombinator.com/rss"])
        #expect(outlines[0].tags == ["World"])
        #expect(outlines[1].tags == ["World", "Europe"])
        #expect(outlines[1].title == "Le Monde & co")
        #expect(outlines[2].tags.isEmpty)
        #expect(throws: OPML.ImportError.self) { try OPML.parse(Array("<rss><channel/></rss>".utf8), file: "x.xml") }
    }

    @Test func exportedOPMLReadsBackTheSameFeeds() throws {
        let feeds = [FeedConfig(url: "https://a.example/rss?x=1&y=2", name: "A \"quoted\" <name>", tags: ["world"], location: ConfigLocation(file: "f", line: 1)),
                     FeedConfig(url: "https://b.example/atom", tags: [], location: ConfigLocation(file: "f", line: 4))]
        let back = try OPML.parse(Array(OPML.render(feeds).utf8), file: "export.opml")
        #expect(back.map(\.url) == feeds.map(\.url))
        #expect(back[0].title == "A \"quoted\" <name>")
        #expect(back[0].tags == ["world"])
    }

    @Test func addAndRemoveKeepTheRestOfTheFileAndStayValid() throws {
        let original = """
        # my feeds
        timezone = "Europe/London"

        # the Guardian
        [[feed]]
        url = "https://www.theguardian.com/world/rss"
        tags = ["world"]

        [[feed]]
        url = "https://feeds.arstechnica.com/arstechnica/index"
        full_text = "auto"
        """
        let added = original + "\n" + FeedListFile.table(url: "https://example.org/feed?a=\"b\"", name: "Ex\\ample", tags: ["x"])
        let config = try ConfigLoader.parse(text: added, file: "/etc/feedwatch/feedwatch.toml")
        #expect(config.feeds.map(\.url).last == "https://example.org/feed?a=\"b\"")
        #expect(config.feeds.last?.name == "Ex\\ample")
        #expect(config.feeds[1].fullText == nil)   // per-feed "auto" follows the top level

        let removed = try #require(FeedListFile.removing(url: "https://www.theguardian.com/world/rss", from: added))
        #expect(!removed.contains("theguardian"))
        #expect(!removed.contains("# the Guardian"))
        #expect(removed.contains("# my feeds"))
        let after = try ConfigLoader.parse(text: removed, file: "/etc/feedwatch/feedwatch.toml")
        #expect(after.feeds.count == 2)
        #expect(FeedListFile.removing(url: "https://nowhere.example/rss", from: added) == nil)
    }
}
