import Foundation
import Testing
@testable import FeedParser

/// Inputs written to hurt: none may leak a file, crash, hang or eat memory.
@Suite(.serialized) struct HostileInputTests {
    @Test func externalEntityCannotReadLocalFiles() throws {
        let xml = """
        <?xml version="1.0"?>
        <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY % p SYSTEM "file:///etc/hostname">%p;]>
        <rss version="2.0"><channel><title>A&xxe;B</title><item><title>&xxe;</title></item></channel></rss>
        """
        let feed = try Feed.parse(Array(xml.utf8))
        #expect(feed.title == "AB")
        let json = String(decoding: try JSONEncoder().encode(feed), as: UTF8.self)
        #expect(!json.contains("root:"))
    }

    @Test func billionLaughsIsBoundedInTimeAndMemory() throws {
        var decl = "<!ENTITY lol0 \"lol\">"
        for i in 1...9 { decl += "<!ENTITY lol\(i) \"" + String(repeating: "&lol\(i - 1);", count: 10) + "\">" }
        let xml = "<?xml version=\"1.0\"?><!DOCTYPE rss [\(decl)]><rss><channel><title>&lol9;</title></channel></rss>"
        let clock = ContinuousClock()
        let rssBefore = residentMegabytes()
        let elapsed = try clock.measure {
            let feed = try Feed.parse(Array(xml.utf8))
            #expect((feed.title?.utf8.count ?? 0) <= XMLRepair.expansionBudget * 2)
        }
        #expect(elapsed < .seconds(1))
        #expect(residentMegabytes() - rssBefore < 100)
    }

    @Test func fiftyMegabyteFeedParses() throws {
        let item = "<item><title>Story</title><link>https://big.example/s</link><description>"
            + String(repeating: "Lorem ipsum dolor sit amet. ", count: 40) + "</description></item>"
        let count = 50_000_000 / item.utf8.count
        let xml = "<rss version=\"2.0\"><channel><title>Big</title>" + String(repeating: item, count: count) + "</channel></rss>"
        let feed = try Feed.parse(Array(xml.utf8), maxEntries: .max)
        #expect(feed.entries.count == count)
        // By default the entry cap keeps the first (undated) ones.
        #expect(try Feed.parse(Array(xml.utf8)).entries.count == FeedLimits.defaultMaxEntries)
    }

    @Test func twentyThousandDeepNestingDoesNotCrash() throws {
        let xml = "<rss><channel><title>Deep</title>" + String(repeating: "<x>", count: 20_000)
            + String(repeating: "</x>", count: 20_000) + "<item><title>after</title></item></channel></rss>"
        let feed = try Feed.parse(Array(xml.utf8))
        #expect(feed.title == "Deep")
    }

    @Test func binaryGarbageIsNotAFeed() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<100_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        #expect(throws: FeedParseError.self) { try Feed.parse([0x89, 0x50, 0x4E, 0x47] + bytes) }
    }

    @Test func htmlPageServedAsFeedIsNamed() {
        let html = "<!DOCTYPE html><html><head><title>Home</title></head><body><p>Welcome</p></body></html>"
        do {
            _ = try Feed.parse(Array(html.utf8))
            Issue.record("an HTML page parsed as a feed")
        } catch {
            #expect(error.kind == .notAFeed)
            #expect(error.message.contains("<html>"))
        }
    }

    @Test func emptyAndWhitespaceAreNotFeeds() {
        #expect(throws: FeedParseError.self) { try Feed.parse([]) }
        #expect(throws: FeedParseError.self) { try Feed.parse(Array("  \n\t ".utf8)) }
    }

    private func residentMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kb / 1024
    }
}

/// Feed shapes that made parsing quadratic or greedy: each is capped, the rest still read.
@Suite struct FeedBudgetTests {
    @Test func anItemWithAMillionAttributesKeepsItsTitle() throws {
        let attributes = (0..<200_000).map { "a\($0)=\"x\"" }.joined(separator: " ")
        let xml = "<rss version=\"2.0\"><channel><title>T</title><item \(attributes)><title>Breakwater</title></item></channel></rss>"
        let feed = try Feed.parse(Array(xml.utf8))
        #expect(feed.entries.map(\.title) == ["Breakwater"])
        #expect(!XMLRepair.isClean(Array(xml.utf8), from: 0))
    }

    @Test func theEntryCapKeepsTheNewestInDocumentOrder() throws {
        let items = (0..<50).map { day in
            "<item><title>d\(day)</title><pubDate>\(day % 28 + 1) Mar 2026 10:00:00 GMT</pubDate></item>"
        }.joined() + "<item><title>undated</title></item>"
        let feed = try Feed.parse(Array("<rss version=\"2.0\"><channel><title>T</title>\(items)</channel></rss>".utf8), maxEntries: 3)
        // 28, 27 and 26 March (items d27, d26, d25) are the newest; they come back in document order.
        #expect(feed.entries.map(\.title) == ["d25", "d26", "d27"])
        let undated = try Feed.parse(Array("<rss><channel><item><title>a</title></item><item><title>b</title></item></channel></rss>".utf8),
                                     maxEntries: 1)
        #expect(undated.entries.map(\.title) == ["a"])
    }

    @Test func authorsAndCategoriesPerEntryAreCapped() throws {
        let authors = (0..<20_000).map { "<author>w\($0)@example.com (Writer \($0))</author>" }.joined()
        let categories = String(repeating: "<category>c</category>", count: 20_000)
        let xml = "<rss version=\"2.0\"><channel><title>T</title><item><title>x</title>\(authors)\(categories)</item></channel></rss>"
        let entry = try #require(try Feed.parse(Array(xml.utf8)).entries.first)
        #expect(entry.authors.count == FeedLimits.maxPeople)
        #expect(entry.categories.count == FeedLimits.maxCategories)
    }

    @Test func deeplyNestedJSONIsRefusedBeforeDecoding() {
        let json = "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":" + String(repeating: "[", count: 100_000)
            + String(repeating: "]", count: 100_000) + "}"
        #expect(throws: FeedParseError.self) { try Feed.parse(Array(json.utf8)) }
    }
}
