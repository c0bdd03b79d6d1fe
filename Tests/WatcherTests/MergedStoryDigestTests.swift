import Foundation
import Logging
import Storage
import StoryClustering
import Testing
@testable import Watcher

/// An event that opened two stories (an earthquake, reported by some outlets as the tsunami alert
/// it set off) until reports naming both merge them: the next cycle's commit moves the entries
/// the smaller story had, so the digest shows the event once, with one first report. A daemon
/// keeping its clusterer and one restarted before each cycle (replaying the story journal, the
/// merge included) write the same.
@Suite(.serialized) struct MergedStoryDigestTests {
    struct Report {
        var guid: String
        var outlet: String
        var title: String
        var summary: String
        var hours: Double
    }

    /// Written for this test: unrelated news of the morning, the quake (`q-`), the alert (`t-`).
    static let firstCycle: [Report] = {
        let background = [
            ("Heavy snow closes mountain passes in the Alps", "Several Alpine passes were closed after a metre of snow fell overnight, road authorities said."),
            ("Dutch football club sacks coach after cup exit", "The club dismissed its head coach a day after a penalty shoot-out defeat against a second-division team."),
            ("Apple shares slip as iPhone shipments disappoint", "Shares in Apple fell three percent in early trading after an analyst note on holiday shipments."),
            ("Wildfire forces evacuation of coastal towns in Chile", "Firefighters battled a blaze near Valparaiso as strong winds pushed flames towards homes."),
            ("Scientists map the genome of the Greenland shark", "Researchers said the genome may explain how the shark lives for more than two centuries."),
            ("Airline strike grounds flights across Belgium", "Cabin crew at the country's largest carrier walked out over pay, cancelling two hundred flights."),
            ("Oil prices edge higher on supply worries", "Brent crude rose half a dollar to 82 dollars a barrel after a pipeline outage in the North Sea."),
            ("City council approves new tram line for Leeds", "Councillors voted to build a tram route linking the station with the university district."),
            ("Tennis star withdraws from Australian Open with injury", "The former world number one said a wrist injury would keep her out of the first grand slam."),
            ("Retail sales in Germany fall for second month", "Sales dropped 0.8 percent in October as shoppers cut spending on clothing and electronics."),
            ("Museum returns looted bronzes to Nigeria", "The museum handed over twenty Benin bronzes at a ceremony attended by the culture minister."),
            ("Drought cuts coffee harvest in Brazil", "Growers in Minas Gerais expect a smaller crop after months without rain."),
        ]
        let quake: [(String, String, String, String, Double)] = [
            ("q-1", "reuters", "Magnitude 7.1 earthquake strikes off the Kestrel Islands",
             "A magnitude 7.1 earthquake struck off the Kestrel Islands early on Monday, the geological survey said. The quake was centred 40 km below the seabed.", 5.0),
            ("t-1", "coastwatch", "Tsunami warning issued for the Varne coast",
             "Authorities issued a tsunami warning for the whole Varne coast and told residents of low-lying towns to move to higher ground.", 5.1),
            ("q-2", "ap", "Strong quake hits Kestrel Islands, buildings shaken",
             "A strong earthquake of magnitude 7.1 shook the Kestrel Islands, damaging buildings in the main harbour town, officials said.", 5.2),
            ("t-2", "herald", "Varne coast residents flee inland after tsunami alert",
             "Thousands of residents along the Varne coast drove inland after the tsunami alert, jamming roads out of the harbour towns.", 5.3),
            ("q-3", "bbc", "Kestrel Islands earthquake: what we know",
             "The 7.1 earthquake off the Kestrel Islands was the strongest in the region for decades, seismologists said.", 5.4),
            ("t-3", "observer", "Tsunami alert empties Varne beaches and harbours",
             "Beaches and harbours along the Varne coast were emptied as the tsunami alert sounded, local officials said.", 5.5),
            ("q-4", "guardian", "Kestrel Islands hit by 7.1 quake, no casualties reported yet",
             "No casualties had been reported after the magnitude 7.1 earthquake off the Kestrel Islands, the islands' governor said.", 5.6),
            ("q-5", "bloomberg", "Earthquake off Kestrel Islands rattles shipping lanes",
             "Shipping in the straits was halted after the 7.1 earthquake off the Kestrel Islands, port authorities said.", 5.7),
            ("q-6", "aljazeera", "Kestrel Islands quake damages harbour, islanders sleep outdoors",
             "Islanders slept outdoors after the magnitude 7.1 earthquake damaged the harbour of the Kestrel Islands' main town.", 5.75),
            ("q-7", "reuters", "Aftershocks rattle Kestrel Islands after 7.1 earthquake",
             "Several aftershocks, the strongest of magnitude 5.2, rattled the Kestrel Islands after Monday's 7.1 earthquake.", 5.78),
        ]
        return background.enumerated().map { n, line in
            Report(guid: "bg-\(n)", outlet: ["courier", "metro"][n % 2], title: line.0, summary: line.1, hours: Double(n) * 0.2)
        } + quake.map { Report(guid: $0.0, outlet: $0.1, title: $0.2, summary: $0.3, hours: $0.4) }
    }()

    /// Written for this test: reports that name both the quake and the alert.
    static let secondCycle: [Report] = [
        Report(guid: "m-1", outlet: "courier", title: "Tsunami warning for Varne coast after Kestrel Islands quake",
               summary: "The tsunami warning for the Varne coast followed the magnitude 7.1 earthquake off the Kestrel Islands, officials said.", hours: 5.8),
        Report(guid: "m-2", outlet: "metro", title: "Kestrel Islands earthquake triggers Varne tsunami alert",
               summary: "The 7.1 earthquake off the Kestrel Islands triggered a tsunami alert along the Varne coast, where residents fled inland.", hours: 5.9),
        Report(guid: "m-3", outlet: "sky", title: "Varne coast on tsunami alert after 7.1 quake near Kestrel Islands",
               summary: "Residents of the Varne coast moved to higher ground after the 7.1 earthquake near the Kestrel Islands set off a tsunami alert.", hours: 6.0),
        Report(guid: "m-4", outlet: "cnn", title: "Tsunami fears on Varne coast as Kestrel Islands quake shakes region",
               summary: "The earthquake near the Kestrel Islands raised tsunami fears on the Varne coast, where the alert stayed in place.", hours: 6.1),
        Report(guid: "m-5", outlet: "afp", title: "Varne tsunami alert lifted hours after Kestrel Islands earthquake",
               summary: "Authorities lifted the tsunami alert for the Varne coast hours after the 7.1 earthquake near the Kestrel Islands.", hours: 6.5),
    ]

    static let outlets = ["reuters", "coastwatch", "ap", "herald", "bbc", "observer", "guardian", "bloomberg", "aljazeera",
                          "courier", "metro", "sky", "cnn", "afp"]

    /// Monday 23 November 2026, 08:00 UTC.
    static let morning = Date(timeIntervalSince1970: 1_795_420_800)

    /// One outlet's feed, titled with its name (the outlet the clusterer and the digest see).
    static func rss(_ outlet: String, _ reports: [Report]) -> String {
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.timeZone = TimeZone(identifier: "UTC")
        format.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        var s = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>\(outlet.capitalized) News</title><link>http://example.org/</link>"
        for r in reports {
            let published = format.string(from: morning.addingTimeInterval(r.hours * 3600))
            s += "<item><title>\(r.title)</title><link>http://example.org/\(r.outlet)/\(r.guid)</link><guid>\(r.guid)</guid>"
            s += "<description>\(r.summary)</description><pubDate>\(published)</pubDate></item>"
        }
        return s + "</channel></rss>"
    }

    /// Each story as its headline and its sources' titles and reasons, sorted.
    static func storiesBySources(_ digest: [String: Any]) -> [String] {
        (digest["stories"] as? [[String: Any]] ?? []).map { story in
            let sources = (story["sources"] as? [[String: Any]] ?? []).map {
                "\($0["title"] as? String ?? "") — \($0["reason"] as? String ?? "")"
            }
            return "\(story["headline"] as? String ?? ""): " + sources.sorted().joined(separator: "; ")
        }.sorted()
    }

    @Test func aMergedEventIsOneStoryInTheDigest() async throws {
        let cached = try PollCycleTests.Fixture(feeds: Self.outlets.map { "/" + $0 })
        let fresh = try PollCycleTests.Fixture(feeds: Self.outlets.map { "/" + $0 })
        let bodies = Dictionary(uniqueKeysWithValues: Self.outlets.map { ($0, NIOLockedText(Self.rss($0, []))) })
        func serve(_ reports: [Report]) {
            for outlet in Self.outlets { bodies[outlet]?.value = Self.rss(outlet, reports.filter { $0.outlet == outlet }) }
        }
        for f in [cached, fresh] {
            for outlet in Self.outlets {
                let body = bodies[outlet]
                f.server.route("/" + outlet) { _ in
                    .respond(status: 200, headers: [("Content-Type", "application/rss+xml")], body: Array((body?.value ?? "").utf8))
                }
            }
        }
        let clustererCache = ClustererCache()
        let start = cached.now
        func round(_ minute: Double) async throws -> [String: Any] {
            for f in [cached, fresh] { f.now = start.addingTimeInterval(minute * 60) }
            _ = await cached.cycle(clustererCache: clustererCache)
            // A daemon started afresh: it replays the story journal the cycles before wrote.
            _ = await fresh.cycle(clustererCache: ClustererCache())
            var digests: [[String: Any]] = []
            for f in [cached, fresh] {
                let publisher = DigestPublisher(config: f.config, store: f.store, logger: Logger(label: "test"))
                let day = publisher.day(of: f.now)
                try publisher.publish(day, now: cached.now, force: true, formats: [.json])
                let text = try String(contentsOfFile: f.config.digestDir + "/\(day).json", encoding: .utf8)
                digests.append(try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]))
            }
            // The feeds are fetched in parallel, so entry (and story) ids differ between the two
            // stores: the stories are compared by their sources and reasons.
            #expect(Self.storiesBySources(digests[0]) == Self.storiesBySources(digests[1]),
                    "the daemon's cached clusterer and a replay of the journal disagree")
            return digests[0]
        }
        /// The digest's stories whose sources include these reports' headlines.
        func stories(_ json: [String: Any], with reports: [Report]) -> [[String: Any]] {
            let titles = Set(reports.map(\.title))
            return (json["stories"] as? [[String: Any]] ?? []).filter { story in
                (story["sources"] as? [[String: Any]] ?? []).contains { titles.contains($0["title"] as? String ?? "") }
            }
        }
        let event = Self.firstCycle.filter { !$0.guid.hasPrefix("bg-") } + Self.secondCycle

        serve(Self.firstCycle)
        let first = try await round(0)
        // Before the reports that name both, the quake and the alert are two stories.
        #expect(stories(first, with: event).count == 2)

        // The restarted daemon has a journal to replay, not a checkpoint.
        let saved = try fresh.store.loadStoryState()
        #expect(saved.checkpoint == nil && saved.journal.count == Self.firstCycle.count)

        serve(Self.firstCycle + Self.secondCycle)
        let second = try await round(1)
        let merged = stories(second, with: event)
        try #require(merged.count == 1, "the event is \(merged.count) stories: \(merged.map { $0["headline"] ?? "" })")
        let sources = merged[0]["sources"] as? [[String: Any]] ?? []
        #expect(sources.count == event.count)
        let reasons = sources.compactMap { $0["reason"] as? String }
        #expect(reasons.count == event.count)
        #expect(reasons.filter { $0 == "first report" }.count == 1, "\(reasons)")
        #expect(reasons.filter { $0.contains("began a second thread") }.count == 1, "\(reasons)")
        // What joined the alert's story after the merge says so.
        #expect(reasons.filter { $0.contains("merged into this story") }.count == 3, "\(reasons)")
        #expect(try fresh.store.loadStoryState().journal.count == Self.firstCycle.count + Self.secondCycle.count)
        // The store agrees: no entry is left under the merged story's id.
        for f in [cached, fresh] {
            let entries = try f.store.entries(firstSeenFrom: start.addingTimeInterval(-3600), to: f.now.addingTimeInterval(3600))
            let eventStories = Set(entries.filter { e in event.contains { $0.title == e.title } }.compactMap(\.storyID))
            #expect(eventStories.count == 1)
        }
        await cached.close()
        await fresh.close()
    }
}

/// `feedwatch cluster` prints the story each item ends in: the alert's reports, given their own
/// story before the merge, are printed under the quake's, as the scorer and the digest see them.
@Suite struct MergedStoryClusterCommandTests {
    @Test func itemsOfAMergedStoryArePrintedUnderTheStoryTheyEndIn() throws {
        let reports = MergedStoryDigestTests.firstCycle + MergedStoryDigestTests.secondCycle
        let items = reports.map { r in
            NewsItem(id: r.guid, source: r.outlet.capitalized + " News", title: r.title, text: r.summary,
                     published: MergedStoryDigestTests.morning.timeIntervalSince1970 + r.hours * 3600,
                     url: "https://\(r.outlet).example/\(r.guid)")
        }.sorted { ($0.published ?? 0, $0.id) < ($1.published ?? 0, $1.id) }
        let path = NSTemporaryDirectory() + "cluster-merge-\(UUID().uuidString).jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try (ClusterCommandTests.jsonLines(items).joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        // The clusterer alone: one merge, of the alert's story into the quake's.
        var clusterer = StoryClusterer()
        let merges = items.compactMap { clusterer.add($0).merged }
        #expect(merges.map { "\($0.from)>\($0.into)" } == ["t-1>q-1"])

        let result = try ClusterCommandTests.run(["cluster", "--explain", path])
        #expect(result.status == 0)
        var story: [String: String] = [:]
        var mergedFrom: [String: String] = [:]
        for line in result.out.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let id = try #require(object["id"] as? String)
            story[id] = object["story"] as? String
            mergedFrom[id] = object["mergedFrom"] as? String
        }
        #expect(story.count == items.count)
        for r in reports where !r.guid.hasPrefix("bg-") {
            #expect(story[r.guid] == "q-1", "\(r.guid) is printed under \(story[r.guid] ?? "-")")
        }
        // The items given the alert's story say so; the ones the quake's story was given do not.
        for id in ["t-1", "t-2", "t-3"] { #expect(mergedFrom[id] == "t-1") }
        #expect(mergedFrom["q-2"] == nil && mergedFrom["m-5"] == nil)
        #expect(result.err.contains("story t-1:") && result.err.contains("(merged into q-1)"))
    }
}
