import Foundation
import Testing
@testable import Digest

/// Why each source is in its story, links to the story a development continues, and the line
/// saying where the sources disagree — in JSON, HTML and Markdown.
@Suite struct StoryDetailRenderingTests {
    static let day = DigestBuilder.build(StoryDetailFixtures.secondDay)
    static func story(_ id: String) throws -> DigestStory { try #require(day.stories.first { $0.id == id }) }

    @Test func everySourceCarriesItsReasonInTheJSON() throws {
        let json = try JSONValue.parse(JSONDigest.render(Self.day))
        guard case .object(let top) = json, case .array(let stories)? = top["stories"] else { Issue.record("shape"); return }
        var reasons: [String] = []
        for case .object(let story) in stories {
            guard case .array(let sources)? = story["sources"] else { continue }
            for case .object(let source) in sources {
                if case .string(let reason)? = source["reason"] { reasons.append(reason) } else { Issue.record("no reason") }
            }
        }
        #expect(reasons.count == 6)
        #expect(reasons.contains("wire copy of Coastline Wire, 93% of its text"))
        #expect(reasons.contains("same event: Kessay, Isles Ferry Union, 5%; 1 h after the latest report"))
    }

    @Test func htmlHidesTheReasonBehindDetailsAndMarkdownGivesOneLine() throws {
        let html = HTMLDigest.render(Self.day)
        #expect(html.contains("<details class=\"why\"><summary>why it is here</summary>wire copy of Coastline Wire, 93% of its text</details>"))
        #expect(!html.lowercased().contains("<script"))
        let markdown = MarkdownDigest.render(Self.day)
        let lines = markdown.components(separatedBy: "\n")
        let copy = try #require(lines.firstIndex { $0.hasPrefix("- [Bay Evening News](https://bayeveningnews.example/kessay-deal)") })
        #expect(lines[copy + 1] == "  - *why:* wire copy of Coastline Wire, 93% of its text")
        #expect(lines.filter { $0.hasPrefix("  - *why:* ") }.count == 6)
    }

    @Test func aDevelopingStoryLinksToTheEarlierDaysStoryAnchor() throws {
        let strike = try Self.story("418")
        let link = try #require(strike.developingFrom)
        #expect(link.id == "301" && link.date.description == "2026-11-26")
        #expect(link.anchor == StoryAnchor.anchor(forStoryID: "301"))
        let html = HTMLDigest.render(Self.day)
        #expect(html.contains("<p class=\"continues\">Continues: <a href=\"2026-11-26.html#s-301\">‘Ferry crews walk out on Kessay over pay’</a> (Thu 26 Nov)</p>"))
        let markdown = MarkdownDigest.render(Self.day)
        #expect(markdown.contains("Continues: [‘Ferry crews walk out on Kessay over pay’](2026-11-26.md) (Thu 26 Nov)"))
        let json = JSONDigest.render(Self.day)
        #expect(json.contains("\"developingFrom\" : {"))
        #expect(json.contains("\"headline\" : \"Ferry crews walk out on Kessay over pay\""))
        // The earlier day's digest has the anchor the link points at.
        let earlier = DigestBuilder.build(DigestInput(
            date: DigestDate("2026-11-26")!, timeZone: DigestFixtures.london, generatedAt: DigestFixtures.t("2026-11-26T20:00:00Z"),
            stories: [StoryInput(id: "301", headline: "Ferry crews walk out on Kessay over pay",
                                 firstSeen: DigestFixtures.t("2026-11-26T08:00:00Z"),
                                 sources: [SourceInput(name: "Coastline Wire", feedURL: "https://coastlinewire.example/feed.atom")])]))
        #expect(HTMLDigest.render(earlier).contains("id=\"\(link.anchor)\""))
    }

    @Test func anchorsFollowTheStoryNotItsRank() throws {
        var input = StoryDetailFixtures.secondDay
        let before = DigestBuilder.build(input)
        // A new story with more outlets pushes the others down the ranks.
        input.stories.append(StoryInput(id: "430", headline: "Island council declares an emergency", firstSeen: DigestFixtures.t("2026-11-27T12:00:00Z"),
                                        sources: ["A One", "B Two", "C Three", "D Four"].map { SourceInput(name: $0, feedURL: "https://\($0.prefix(1)).example/") }))
        let after = DigestBuilder.build(input)
        for id in ["418", "425"] {
            let old = try #require(before.stories.first { $0.id == id }), new = try #require(after.stories.first { $0.id == id })
            #expect(old.rank != new.rank)
            #expect(old.anchor == new.anchor)
            #expect(HTMLDigest.render(after).contains("<h3 id=\"\(new.anchor)\">"))
            #expect(HTMLDigest.render(after).contains("id=\"story-\(new.rank)\""))
        }
        #expect(StoryAnchor.anchor(forStoryID: "17") == "s-17")
        #expect(StoryAnchor.anchor(forStoryID: "17~23") != StoryAnchor.anchor(forStoryID: "17-23"))
        #expect(StoryAnchor.anchor(forStoryID: "<b>\"x\"</b>").allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
    }

    @Test func whereTheSourcesDisagreeTheDigestSaysSoInOneLine() throws {
        let storm = try Self.story("425")
        let homes = try #require(storm.facts.first { $0.counted.hasPrefix("homes") })
        #expect(!homes.agree)
        #expect(homes.counted == "homes without power")
        #expect(homes.values.map(\.text) == ["3,400", "4,100"])
        let gusts = try #require(storm.facts.first { $0.kind == .measure })
        #expect(gusts.agree && gusts.values[0].sources.count == 2)
        let line = "homes without power: 3,400 (2 sources) · 4,100 (Bay Evening News)"
        #expect(HTMLDigest.render(Self.day).contains("<p><strong>Sources differ</strong> · " + line + "</p>"))
        #expect(MarkdownDigest.render(Self.day).contains("**Sources differ** · " + line))
        // Agreeing figures make no such line.
        #expect(!HTMLDigest.render(Self.day).contains("gusts:"))
        let strike = try Self.story("418")
        #expect(strike.facts.isEmpty)
    }

    @Test func digestsWrittenBeforeTheseFieldsStillReadBack() throws {
        let json = JSONDigest.render(Self.day)
        // The same digest as an older feedwatch wrote it: no anchors, facts, links or reasons.
        var top = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        var stories = try #require(top["stories"] as? [[String: Any]])
        for index in stories.indices {
            stories[index]["anchor"] = nil
            stories[index]["facts"] = nil
            stories[index]["developingFrom"] = nil
            var sources = try #require(stories[index]["sources"] as? [[String: Any]])
            for s in sources.indices { sources[s]["reason"] = nil }
            stories[index]["sources"] = sources
        }
        top["stories"] = stories
        let legacy = try JSONSerialization.data(withJSONObject: top)
        let read = try JSONDigest.parse(legacy)
        #expect(read.stories.map(\.anchor) == Self.day.stories.map(\.anchor))
        #expect(read.stories.allSatisfy { $0.facts.isEmpty && $0.developingFrom == nil && $0.sources.allSatisfy { $0.reason == nil } })
        #expect(try JSONDigest.parse(Data(json.utf8)) == Self.day)
    }
}
