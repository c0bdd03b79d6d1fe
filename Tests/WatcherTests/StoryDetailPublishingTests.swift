import Digest
import Foundation
import Logging
import Storage
import StoryClustering
import Testing
@testable import Watcher

/// From the store to the day files: every source says why it is in its story (outlets by name,
/// also when the item it copies was seen the day before), a development links to the earlier
/// day's story and anchor, and the headline comes from an original report, not a copy.
/// Invented outlets and events, written for these tests.
@Suite(.serialized) struct StoryDetailPublishingTests {
    static let london = TimeZone(identifier: "Europe/London")!
    static func t(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }
    static let wire = ConfiguredFeed(url: "https://coastlinewire.example/feed.atom", name: "Coastline Wire")
    static let bay = ConfiguredFeed(url: "https://bayeveningnews.example/news.xml", name: "Bay Evening News")
    static let isles = ConfiguredFeed(url: "https://islescourier.example/rss", name: "Isles Courier")

    struct Newsroom {
        let dir = TempDir()
        let store: FeedStore
        let config: WatcherConfig
        var publisher: DigestPublisher { DigestPublisher(config: config, store: store, logger: Logger(label: "test")) }

        init() throws {
            config = WatcherConfig(sourceFile: dir.path + "/feedwatch.toml", stateDir: dir.path, digestDir: dir.path + "/digests",
                                   timeZone: StoryDetailPublishingTests.london)
            store = try FeedStore(path: dir.path + "/feedwatch.sqlite")
            try store.syncConfiguredFeeds([wire, bay, isles], now: t("2026-11-26T06:00:00Z"))
        }

        /// Stores one item of `feed`, first seen at `seen`; returns its entry id.
        func add(_ feed: ConfiguredFeed, title: String, slug: String, published: String, seen: String) throws -> Int64 {
            let id = try #require(try store.feed(url: feed.url)).id
            let link = feed.url.replacingOccurrences(of: feed.url.split(separator: "/").last.map(String.init) ?? "", with: slug)
            let entries = try store.recordFetch(
                FetchRecord(feedID: id, at: t(seen), outcome: .updated, httpStatus: 200, nextPollAt: t(seen) + 1800),
                entries: [EntryInput(guid: link, link: link, canonicalURL: link, title: title,
                                     summary: "Ferry crews on Kessay and the island's operator. " + title,
                                     published: t(published), firstSeen: t(seen))])
            return try #require(entries.first).id
        }

        func assign(_ entry: Int64, story: String, _ reason: MergeReason, developingFrom: String? = nil) throws {
            let json = String(decoding: try JSONEncoder().encode(reason), as: UTF8.self)
            try store.commitStories([StoryAssignment(entryID: entry, storyID: story, reasonJSON: json, developingFrom: developingFrom)],
                                    clustererState: nil)
        }

        func file(_ name: String) throws -> String {
            try String(contentsOfFile: config.digestDir + "/" + name, encoding: .utf8)
        }
    }

    @Test func reasonsDevelopingLinksAndOriginalHeadlinesReachTheDayFiles() throws {
        let room = try Newsroom()
        defer { room.dir.remove() }
        // Day one: the wire's report and an aggregator's copy of it that claims an earlier time.
        let walkout = try room.add(Self.wire, title: "Ferry crews walk out on Kessay over pay", slug: "walkout",
                                   published: "2026-11-26T09:00:00Z", seen: "2026-11-26T09:05:00Z")
        let copy = try room.add(Self.bay, title: "Kessay ferries stop: crews strike", slug: "ferries-stop",
                                published: "2026-11-26T08:50:00Z", seen: "2026-11-26T09:20:00Z")
        let day1Story = String(walkout)
        try room.assign(walkout, story: day1Story, .newStory(closest: nil, titleSimilarity: 0, bodySimilarity: nil, sharedTerms: []))
        try room.assign(copy, story: day1Story, .nearDuplicate(itemID: String(walkout), containment: 0.92, excerpt: false))
        // Day two: the deal, a development of day one's story; the bay paper's summary of the day-one wire text.
        let deal = try room.add(Self.isles, title: "Kessay ferry strike ends with 5% deal", slug: "deal",
                                published: "2026-11-27T10:00:00Z", seen: "2026-11-27T10:05:00Z")
        let recap = try room.add(Self.bay, title: "Ferries sail again after Kessay deal", slug: "recap",
                                 published: "2026-11-27T11:00:00Z", seen: "2026-11-27T11:05:00Z")
        try room.assign(deal, story: String(deal), .developing(from: day1Story, titleSimilarity: 0.4, hoursApart: 25),
                        developingFrom: day1Story)
        try room.assign(recap, story: String(deal), .nearDuplicate(itemID: String(walkout), containment: 0.8, excerpt: true))

        let publisher = room.publisher
        try publisher.publish(DigestDate("2026-11-26")!, now: Self.t("2026-11-27T18:00:00Z"), force: true)
        try publisher.publish(DigestDate("2026-11-27")!, now: Self.t("2026-11-27T18:00:00Z"), force: true)

        // Day one: the wire's headline, not the copy's, though the copy claims to be earlier.
        let day1 = try room.file("2026-11-26.json")
        #expect(day1.contains("\"headline\" : \"Ferry crews walk out on Kessay over pay\""))
        let anchor = "s-\(day1Story)"
        #expect(try room.file("2026-11-26.html").contains("<h3 id=\"\(anchor)\">"))
        // The copy's reason names the wire by name, never by id.
        let copyReason = try #require(Self.reasons(in: day1)["Bay Evening News"])
        #expect(copyReason.contains("Coastline Wire") && !copyReason.contains(String(walkout)))

        // Day two links back to day one's story, under day one's headline.
        let day2 = try room.file("2026-11-27.json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(day2.utf8)) as? [String: Any])
        let story = try #require((json["stories"] as? [[String: Any]])?.first)
        let link = try #require(story["developingFrom"] as? [String: Any])
        #expect(link["id"] as? String == day1Story)
        #expect(link["date"] as? String == "2026-11-26")
        #expect(link["headline"] as? String == "Ferry crews walk out on Kessay over pay")
        let html = try room.file("2026-11-27.html")
        #expect(html.contains("Continues: <a href=\"2026-11-26.html#\(anchor)\">‘Ferry crews walk out on Kessay over pay’</a> (Thu 26 Nov)"))
        #expect(try room.file("2026-11-27.md").contains("Continues: [‘Ferry crews walk out on Kessay over pay’](2026-11-26.md) (Thu 26 Nov)"))
        // The recap copies a day-one item: its outlet is still found by name.
        let day2Reasons = Self.reasons(in: day2)
        #expect(day2Reasons["Bay Evening News"]?.contains("Coastline Wire") == true)
        #expect(day2Reasons["Isles Courier"] != nil)
        #expect(html.contains("<details class=\"why\">"))

        // Day three: a follow-up joins day two's story; its digest still says what it continues.
        let timetable = try room.add(Self.isles, title: "Kessay ferry timetable back to normal", slug: "timetable",
                                     published: "2026-11-28T08:00:00Z", seen: "2026-11-28T08:05:00Z")
        try room.assign(timetable, story: String(deal), .sameTitle(itemID: String(deal)))
        try publisher.publish(DigestDate("2026-11-28")!, now: Self.t("2026-11-28T18:00:00Z"), force: true)
        #expect(try room.file("2026-11-28.html").contains("Continues: <a href=\"2026-11-26.html#\(anchor)\">"))
    }

    /// Reasons by outlet name, from a JSON digest.
    static func reasons(in json: String) -> [String: String] {
        guard let top = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
              let stories = top["stories"] as? [[String: Any]] else { return [:] }
        var result: [String: String] = [:]
        for story in stories {
            for source in story["sources"] as? [[String: Any]] ?? [] {
                if let name = source["name"] as? String, let reason = source["reason"] as? String { result[name] = reason }
            }
        }
        return result
    }
}
