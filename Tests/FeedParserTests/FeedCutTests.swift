import FeedwatchTesting
import Foundation
import Testing
@testable import FeedParser

/// Feeds shaped to cost as much as possible: each comes back bounded, says what was cut, and
/// an ordinary feed beside it is read exactly as before (no cut, no `notes`).
@Suite struct FeedCutTests {
    static let channelHead = "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Harbour Gazette</title>"
        + "<link>https://gazette.example/</link>"
    static let channelTail = "</channel></rss>"

    static func item(_ title: String, day: Int? = nil) -> String {
        let date = day.map { "<pubDate>\(String(format: "%02d", $0)) Mar 2026 08:30:00 GMT</pubDate>" } ?? ""
        return "<item><title>\(title)</title><link>https://gazette.example/\(title.lowercased().replacingOccurrences(of: " ", with: "-"))</link>\(date)</item>"
    }

    static func rss(_ body: String) -> [UInt8] { Array((channelHead + body + channelTail).utf8) }

    @Test func anOrdinaryFeedHasNoCutsAndNoNotes() throws {
        let feed = try Feed.parse(Self.rss(Self.item("Ferry timetable changes", day: 3) + Self.item("New pier opens", day: 4)))
        #expect(feed.entries.map(\.title) == ["Ferry timetable changes", "New pier opens"])
        #expect(feed.cuts.isEmpty)
        let json = String(decoding: try JSONEncoder().encode(feed), as: UTF8.self)
        #expect(!json.contains("\"notes\""))
    }

    @Test func entriesPastTheCapAreNotHeldAndTheCutIsNamed() throws {
        // Days cycle, so the newest are spread through the document, not at its start.
        let items = (0..<12_000).map { Self.item("Story \($0)", day: $0 % 28 + 1) }.joined()
        let feed = try Feed.parse(Self.rss(items), maxEntries: 100)
        #expect(feed.entries.count == 100)
        #expect(feed.entries.allSatisfy { $0.published.map { "\($0)".contains("2026-03-28") } ?? false })
        #expect(feed.cuts == [.entries(kept: 100, seen: 12_000)])
        let json = String(decoding: try JSONEncoder().encode(feed), as: UTF8.self)
        #expect(json.contains("12000 entries: kept the newest 100"))
    }

    @Test func keepingTheNewestAsTheFeedGoesByKeepsWhatSortingAtTheEndKeeps() {
        // The incremental keeper prunes many times; the result must be the one-shot ranking.
        var generator = SplitMix64(seed: 42)
        let dates: [FeedDate?] = (0..<9_000).map { _ in
            Int.random(in: 0..<5, using: &generator) == 0 ? nil
                : FeedDate(year: 2026, month: Int.random(in: 1...3, using: &generator), day: Int.random(in: 1...28, using: &generator),
                           hour: 0, minute: 0, second: 0)
        }
        for limit in [0, 1, 37, 1_000, 4_000, 9_000] {
            var keeper = NewestKeeper<Int>(limit: limit)
            for (index, date) in dates.enumerated() { keeper.add(index, date: date) }
            #expect(keeper.finished() == Feed.newestIndices(count: dates.count, limit: limit) { dates[$0] })
        }
    }

    @Test func wrappersNestedPastTheCapAreFlattenedAndTheItemsAroundThemKept() throws {
        let junk = String(repeating: "<wrap>", count: 50_000) + "deep words" + String(repeating: "</wrap>", count: 50_000)
        let feed = try Feed.parse(Self.rss(Self.item("Before the junk") + "<junk>\(junk)</junk>" + Self.item("After the junk")))
        #expect(feed.entries.map(\.title) == ["Before the junk", "After the junk"])
        #expect(feed.cuts == [.nesting(max: FeedLimits.maxDepth)])
    }

    @Test func itemsThatNeverCloseCostTheirSizeNotTheirDepth() throws {
        // Every <item> left open nests the next: half a million levels.
        let body = String(repeating: "<item><title>Unclosed story</title>", count: 500_000)
        let clock = ContinuousClock()
        var feed: Feed?
        let elapsed = try clock.measure { feed = try Feed.parse(Self.rss(body)) }
        let parsed = try #require(feed)
        #expect(elapsed < .seconds(5)) // quadratic or unbounded depth took minutes and gigabytes
        #expect(!parsed.entries.isEmpty)
        #expect(parsed.entries.count < FeedLimits.maxDepth)
        #expect(parsed.cuts.contains(.nesting(max: FeedLimits.maxDepth)))
    }

    @Test func xhtmlContentJustUnderTheCapIsKeptWhole() throws {
        let depth = FeedLimits.maxDepth - 10
        let content = String(repeating: "<div>", count: depth) + "<p>Deep paragraph</p>" + String(repeating: "</div>", count: depth)
        let atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>T</title><entry><title>x</title>"
            + "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">\(content)</div></content></entry></feed>"
        let feed = try Feed.parse(Array(atom.utf8))
        #expect(feed.cuts.isEmpty)
        let html = try #require(feed.entries.first?.content)
        #expect(html.components(separatedBy: "<div>").count - 1 == depth)
        #expect(html.contains("<p>Deep paragraph</p>"))
    }

    @Test func aFeedOverTenMegabytesIsReadInOnePassWithoutRepair() throws {
        // libxml2's push parser refuses one chunk over 10 MB ("Huge input lookup"); fed in
        // pieces it reads the whole document, so every item is there.
        let items = (0..<70_000).map { Self.item("Story \($0) about the harbour and its breakwater works") }.joined()
        let bytes = Self.rss(items)
        #expect(bytes.count > 10_000_000)
        #expect(XMLRepair.isClean(bytes, from: XMLRepair.documentStart(bytes)))
        let feed = try Feed.parse(bytes, maxEntries: .max)
        #expect(feed.entries.count == 70_000)
        #expect(feed.entries.last?.title == "Story 69999 about the harbour and its breakwater works")
    }

    @Test func tooManyAuthorsAndCategoriesAreNamedAsCuts() throws {
        let authors = (0..<500).map { "<author>w\($0)@gazette.example (Writer \($0))</author>" }.joined()
        let categories = (0..<500).map { "<category>Topic \($0)</category>" }.joined()
        let feed = try Feed.parse(Self.rss("<item><title>Crowded</title>\(authors)\(categories)</item>"))
        #expect(feed.entries.first?.authors.count == FeedLimits.maxPeople)
        #expect(feed.cuts.contains(.people(max: FeedLimits.maxPeople)))
        #expect(feed.cuts.contains(.categories(max: FeedLimits.maxCategories)))
        // Repeating one author many times is no cut: the repeats are the same person.
        let repeated = try Feed.parse(Self.rss("<item><title>Same</title>" + String(repeating: "<author>ed@gazette.example (Ed)</author>", count: 500) + "</item>"))
        #expect(repeated.entries.first?.authors.count == 1)
        #expect(repeated.cuts.isEmpty)
    }
}

/// Hostile JSON Feeds: read in one bounded pass, cut and labelled.
@Suite struct JSONFeedBudgetTests {
    static let head = "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"Harbour Gazette\",\"items\":"

    @Test func anArrayOfMillionsOfNumbersIsSkippedNotBuilt() throws {
        let json = Self.head + "[" + String(repeating: "1,", count: 2_000_000) + "1]}"
        let feed = try Feed.parse(Array(json.utf8))
        #expect(feed.title == "Harbour Gazette")
        #expect(feed.entries.isEmpty)
    }

    @Test func anItemWithAMillionAuthorsKeepsTheFirstAndSaysSo() throws {
        let authors = String(repeating: "{\"name\":\"Staff writer\"},", count: 1_000_000) + "{\"name\":\"Last\"}"
        let json = Self.head + "[{\"id\":\"1\",\"title\":\"Crowded\",\"authors\":[\(authors)]}]}"
        let feed = try Feed.parse(Array(json.utf8))
        #expect(feed.entries.first?.title == "Crowded")
        #expect(feed.entries.first?.authors.count == FeedLimits.maxPeople)
        #expect(feed.cuts.contains(.jsonArrayElements(max: FeedLimits.maxJSONArrayElements)))
        #expect(feed.cuts.contains(.people(max: FeedLimits.maxPeople)))
    }

    @Test func manyItemsKeepTheNewestAsTheXMLReaderDoes() throws {
        let items = (0..<30_000).map { i in
            "{\"id\":\"\(i)\",\"title\":\"Story \(i)\",\"date_published\":\"2026-03-\(String(format: "%02d", i % 28 + 1))T08:00:00Z\"}"
        }.joined(separator: ",")
        let feed = try Feed.parse(Array((Self.head + "[\(items)]}").utf8), maxEntries: 50)
        #expect(feed.entries.count == 50)
        #expect(feed.entries.allSatisfy { $0.published.map { "\($0)".contains("2026-03-28") } ?? false })
        #expect(feed.cuts == [.entries(kept: 50, seen: 30_000)])
    }

    @Test func anOrdinaryJSONFeedIsReadAsFoundationReadIt() throws {
        let json = """
        {"version": "https://jsonfeed.org/version/1.1", "title": "Harbour \\u201cGazette\\u201d",
         "home_page_url": "https://gazette.example/", "feed_url": "https://gazette.example/feed.json",
         "authors": [{"name": "Desk"}],
         "items": [
           {"id": 2041, "url": "/ferries", "title": "Ferry  timetable\\nchanges", "content_text": "Boats < 8 a.m. & later",
            "date_published": "2026-03-04T08:30:00+01:00", "tags": ["transport", 7, "harbour"],
            "attachments": [{"url": "/a.mp3", "mime_type": "audio/mpeg", "size_in_bytes": 1.2e3}]},
           {"id": "x-2", "external_url": "https://other.example/pier", "summary": "  New pier  ", "content_html": "<p>Pier</p>",
            "date_modified": "2026-03-05T10:00:00Z", "author": {"name": "Ed \\ud83d\\udea2"}},
           "not an item", 12
         ]}
        """
        let feed = try Feed.parse(Array(json.utf8))
        #expect(feed.title == "Harbour “Gazette”")
        #expect(feed.authors.map(\.name) == ["Desk"])
        #expect(feed.entries.count == 2)
        let first = try #require(feed.entries.first)
        #expect(first.id == "2041")
        #expect(first.link == "https://gazette.example/ferries")
        #expect(first.title == "Ferry timetable changes")
        #expect(first.content == "Boats &lt; 8 a.m. &amp; later")
        #expect(first.categories == ["transport", "harbour"])
        #expect(first.enclosures == [Enclosure(url: "https://gazette.example/a.mp3", type: "audio/mpeg", length: 1200)])
        let second = feed.entries[1]
        #expect(second.id == "x-2")
        #expect(second.link == "https://other.example/pier")
        #expect(second.summary == "New pier")
        #expect(second.authors.map(\.name) == ["Ed 🚢"])
        #expect(feed.cuts.isEmpty)
    }
}

/// Authors across a whole feed: many entries each naming the per-entry maximum.
@Suite struct FeedPeopleBudgetTests {
    @Test func thousandsOfCrowdedEntriesShareTheFeedsAuthorBudget() throws {
        let authors = (0..<70).map { "<author>w\($0)@gazette.example (Writer \($0))</author>" }.joined()
        let items = (0..<2_000).map { "<item><title>Story \($0)</title>\(authors)</item>" }.joined()
        let feed = try Feed.parse(Array(("<rss version=\"2.0\"><channel><title>T</title>\(items)</channel></rss>").utf8))
        #expect(feed.entries.count == 2_000)
        let each = FeedLimits.maxPeoplePerFeed / 2_000
        #expect(feed.entries.allSatisfy { $0.authors.count == each })
        #expect(feed.entries.first?.authors.first?.name == "Writer 0")
        #expect(feed.cuts.contains(.peoplePerFeed(max: FeedLimits.maxPeoplePerFeed, each: each)))
    }

    @Test func aLargeFeedOfOrdinaryEntriesKeepsEveryAuthor() throws {
        let items = (0..<5_000).map { "<item><title>Story \($0)</title><author>desk@gazette.example (News Desk)</author>"
            + "<author>w\($0)@gazette.example (Writer \($0))</author></item>" }.joined()
        let feed = try Feed.parse(Array(("<rss version=\"2.0\"><channel><title>T</title>\(items)</channel></rss>").utf8))
        #expect(feed.entries.allSatisfy { $0.authors.count == 2 })
        #expect(feed.cuts.isEmpty)
    }
}
