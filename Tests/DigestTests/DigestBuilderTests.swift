import Foundation
import Testing
@testable import Digest

@Suite struct DigestBuilderTests {
    let day = DigestBuilder.build(DigestFixtures.dstDay)

    @Test func storiesAreRankedByDistinctOutletsThenRecency() {
        #expect(day.stories.map(\.id) == ["st-storm-idris", "st-ceasefire", "st-rates", "st-council", "st-museum", "st-chip"])
        #expect(day.stories.map(\.rank) == [1, 2, 3, 4, 5, 6])
        #expect(day.stories.map(\.sourceCount) == [4, 3, 2, 1, 1, 1])
        // Two entries from one outlet (spelled differently) count once.
        let museum = day.stories.first { $0.id == "st-museum" }!
        #expect(museum.sources.count == 2)
        #expect(museum.sourceCount == 1)
        #expect(museum.sources.map(\.name) == ["Meridian Wire", "Meridian Wire"])
        // Recency is the latest source time; a story without times uses firstSeen.
        #expect(museum.latest.rfc3339 == "2026-10-25T15:20:00+00:00")
        #expect(day.stories[3].latest == day.stories[3].firstSeen)
    }

    @Test func inputOrderDoesNotChangeTheDigest() {
        var input = DigestFixtures.dstDay
        input.stories.reverse()
        for index in input.stories.indices { input.stories[index].sources.reverse() }
        input.feedProblems.reverse()
        #expect(DigestBuilder.build(input) == day)
    }

    @Test func aStoryAppearsOnceUnderItsDominantTag() {
        #expect(day.groups.map(\.title) == ["world", "uk", "business", "tech", "Other stories"])
        #expect(day.groups.map(\.ranks) == [[2, 5], [1], [3], [6], [4]])
        let all = day.groups.flatMap(\.ranks).sorted()
        #expect(all == Array(1...day.stories.count))
        // The storm is tagged uk by three outlets and world by one.
        #expect(day.stories[0].tags == ["uk", "world"])
        #expect(day.isGroupedByTag)
    }

    @Test func aTieBetweenTagsGoesToTheTagListedFirst() {
        var input = DigestFixtures.dstDay
        input.tagOrder = ["tech", "world", "uk", "business"]
        input.stories = [StoryInput(id: "x", headline: "Tie", firstSeen: DigestFixtures.t("2026-10-25T09:00:00Z"), sources: [
            SourceInput(name: "A", feedURL: "https://a.example/", tags: ["world"]),
            SourceInput(name: "B", feedURL: "https://b.example/", tags: ["tech"]),
        ])]
        #expect(DigestBuilder.build(input).groups.map(\.title) == ["tech"])
    }

    @Test func withoutTagsThereIsOneAllStoriesGroup() {
        let plain = DigestBuilder.build(DigestFixtures.plainDay)
        #expect(plain.groups == [DigestGroup(title: "All stories", tag: nil, ranks: [1, 2])])
        #expect(!plain.isGroupedByTag)
        #expect(plain.stories.map(\.id) == ["ny-2", "ny-1"])
    }

    @Test func statsCountTheDay() {
        #expect(day.stats == DigestStats(feedsPolled: 9, newArticles: 64, stories: 6, storiesWithThreeOrMoreSources: 2,
                                         outlets: 7, feedsNeedingAttention: 2))
        #expect(day.isFinal)
        #expect(day.timezone == "Europe/London")
    }

    @Test func failingFeedsComeBeforeStaleOnes() {
        #expect(day.feedErrors.map(\.kind) == [.failing, .stale])
        #expect(day.feedErrors[0].problem == "HTTP 404 Not Found: the feed is gone")
        #expect(day.feedErrors[0].consecutiveFailures == 14)
    }

    @Test func theClockChangeIsFoundOnDaylightSavingDays() throws {
        let change = try #require(day.clockChange)
        #expect(change.at.rfc3339 == "2026-10-25T01:00:00+00:00")
        #expect(change.offsetBefore == "UTC+1" && change.offsetAfter == "UTC")
        #expect(day.utcOffset == "UTC+1")

        var newYork = DigestFixtures.plainDay
        newYork.date = DigestDate("2026-11-01")!
        let fallBack = try #require(DigestBuilder.build(newYork).clockChange)
        #expect(fallBack.at.rfc3339 == "2026-11-01T01:00:00-05:00")
        #expect(fallBack.offsetBefore == "UTC-4" && fallBack.offsetAfter == "UTC-5")

        var spring = DigestFixtures.dstDay
        spring.date = DigestDate("2026-03-29")!
        let forward = try #require(DigestBuilder.build(spring).clockChange)
        #expect(forward.at.rfc3339 == "2026-03-29T02:00:00+01:00")
        #expect(DigestWording.clockChangeLine(forward, day: DigestBuilder.build(spring))
                == "The clocks went forward one hour at 01:00 UTC (02:00 UTC+1); times today show their UTC offset.")
        #expect(DigestWording.clockChangeLine(change, day: day)
                == "The clocks went back one hour at 02:00 UTC+1 (01:00 UTC); times today show their UTC offset.")

        #expect(DigestBuilder.build(DigestFixtures.plainDay).clockChange == nil)
    }

    @Test func timesShowTheirOffsetOnBothSidesOfTheChange() {
        let storm = day.stories[0]
        let shown = storm.sources.compactMap(\.published).map(day.displayTime)
        // 01:40 BST happens before 01:20 GMT: the offsets make the order readable.
        #expect(shown == ["01:40 UTC+1", "01:20 UTC", "09:05 UTC", "11:30 UTC"])
        let chip = day.stories.first { $0.id == "st-chip" }!
        #expect(day.displayTime(chip.firstSeen) == "Sat 24 Oct 22:30 UTC+1")

        // On an ordinary day times are bare, except those on another day.
        let plain = DigestBuilder.build(DigestFixtures.plainDay)
        #expect(plain.displayTime(plain.stories[1].firstSeen) == "09:12")
        #expect(plain.displayTime(plain.stories[0].sources[0].published!) == "Thu 26 Nov 10:40")
    }

    @Test func onlyWebLinksSurviveAndTextIsCleaned() {
        let council = day.stories.first { $0.id == "st-council" }!
        #expect(council.sources[0].url == nil)
        #expect(council.sources[0].feedURL == "file:///srv/feeds/town.xml")

        var input = DigestFixtures.plainDay
        input.stories = [StoryInput(
            id: "s", headline: "  Mayor\u{202E}txet\u{202C} resigns\n\tafter vote\u{200B} ", firstSeen: input.generatedAt,
            sources: [SourceInput(name: "\u{0007}Paper", feedURL: "https://p.example/", url: " HTTPS://p.example/a b\"c ")],
            summary: "First line\r\nstill first.\r\n\r\n\r\nSecond\u{0000} paragraph.",
            people: ["Ann Lee", "ann  lee", " "])]
        let story = DigestBuilder.build(input).stories[0]
        #expect(story.headline == "Mayortxet resigns after vote")
        #expect(story.sources[0].name == "Paper")
        #expect(story.sources[0].url == "https://p.example/a%20b%22c")
        #expect(story.summary == "First line still first.\n\nSecond paragraph.")
        #expect(story.entities.people == ["Ann Lee"])
    }

    @Test func webLinkRefusesEveryOtherScheme() {
        for bad in ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "data:text/html,<b>",
                    "vbscript:msgbox(1)", "//evil.example/x", "/relative/path", "http:/one-slash", "https:///no-host",
                    "http://exa\nmple.com", "file:///etc/passwd", "javascript&#58;alert(1)", "", "   "] {
            #expect(WebLink.safe(bad) == nil, "\(bad)")
        }
        #expect(WebLink.safe("http://example.com/a(b)?q='x'") == "http://example.com/a%28b%29?q=%27x%27")
        #expect(WebLink.safe("HTTPS://Example.com/Path") == "https://Example.com/Path")
    }

    @Test func datesAndTimesRoundTrip() {
        #expect(DigestDate("2026-02-29") == nil)
        #expect(DigestDate("2028-02-29")?.longName == "Tuesday 29 February 2028")
        #expect(DigestDate("2026-10-25")?.longName == "Sunday 25 October 2026")
        #expect(DigestDate("26-10-25") == nil && DigestDate("2026-1-025") == nil && DigestDate("２０２６-10-25") == nil)
        let time = DigestTime(DigestFixtures.t("2026-10-25T01:30:00.750+01:00"), in: DigestFixtures.london)
        #expect(time.rfc3339 == "2026-10-25T01:30:00+01:00")
        #expect(DigestTime(rfc3339: time.rfc3339) == time)
        #expect(DigestTime(DigestFixtures.t("2026-07-01T12:00:00Z"), in: TimeZone(identifier: "Asia/Kolkata")!).offsetName == "UTC+5:30")
        #expect(DigestTime(rfc3339: "2026-10-25 01:30:00Z") == nil)
        #expect(DigestTime(rfc3339: "2026-10-25T01:30:00+1:00") == nil)
    }

    @Test func theJSONReadsBackToTheSameDay() throws {
        let json = JSONDigest.render(day)
        #expect(try JSONDigest.parse(Data(json.utf8)) == day)
        #expect(json.hasSuffix("}\n"))
        #expect(JSONDigest.render(DigestBuilder.build(DigestFixtures.dstDay)) == json)
    }

    @Test func onlyARealChangeCountsAsNewContent() {
        var later = DigestFixtures.dstDay
        later.generatedAt = DigestFixtures.t("2026-10-26T00:35:00Z")
        #expect(DigestBuilder.build(later).hasSameContent(as: day))
        #expect(DigestBuilder.build(later) != day)
        later.stories[0].sources.append(SourceInput(name: "Late Outlet", feedURL: "https://late.example/rss",
                                                    published: DigestFixtures.t("2026-10-25T20:00:00Z")))
        #expect(!DigestBuilder.build(later).hasSameContent(as: day))
        var final = DigestFixtures.dstDay
        final.isFinal = false
        #expect(!DigestBuilder.build(final).hasSameContent(as: day))
    }

    @Test func anEmptyDayStillRendersEverywhere() {
        let empty = DigestBuilder.build(DigestInput(date: DigestDate("2026-11-27")!, timeZone: DigestFixtures.london,
                                                    generatedAt: DigestFixtures.t("2026-11-27T06:00:00Z")))
        #expect(empty.stories.isEmpty)
        #expect(MarkdownDigest.render(empty).contains("No stories yet for this day."))
        #expect(HTMLDigest.render(empty).contains("No stories yet for this day."))
        #expect(!MarkdownDigest.render(empty).contains("Feeds needing attention"))
    }
}
