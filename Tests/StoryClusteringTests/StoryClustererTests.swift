import Testing
import Foundation
@testable import StoryClustering

@Suite struct StoryClustererTests {
    @Test func sixOutletsWithDifferentHeadlinesAreOneStory() {
        let (clusterer, a) = NewsFixtures.run(NewsFixtures.background + NewsFixtures.rateRise)
        let stories = Set(NewsFixtures.rateRise.map { a[$0.id]!.story })
        #expect(stories.count == 1, "rate rise split into \(stories)")
        let summary = clusterer.story(a["nb-reuters"]!.story)
        #expect(summary?.sourceCount == 6)
        // No background item was pulled in.
        #expect(NewsFixtures.background.allSatisfy { !stories.contains(a[$0.id]!.story) })
        for item in NewsFixtures.rateRise.dropFirst() {
            #expect(a[item.id]!.reason.description.hasPrefix("same event"), "\(item.id): \(a[item.id]!.reason)")
        }
    }

    @Test func twoEventsAboutTheSamePeopleDaysApartStayApart() {
        let (_, a) = NewsFixtures.run(NewsFixtures.background + NewsFixtures.phoneCall + NewsFixtures.summit)
        let calls = Set(NewsFixtures.phoneCall.map { a[$0.id]!.story })
        let summits = Set(NewsFixtures.summit.map { a[$0.id]!.story })
        #expect(calls.count == 1, "the call split into \(calls)")
        #expect(summits.count == 1, "the summit split into \(summits)")
        #expect(calls.isDisjoint(with: summits), "Monday's call and Thursday's summit merged")
    }

    @Test func templatedEarningsFromDifferentCompaniesDoNotChain() {
        let (_, a) = NewsFixtures.run(NewsFixtures.background + NewsFixtures.earnings)
        let stories = Set(NewsFixtures.earnings.map { a[$0.id]!.story })
        #expect(stories.count == NewsFixtures.earnings.count)
    }

    @Test func earningsWireCopyJoinsItsOwnCompanyOnly() {
        let original = NewsFixtures.earnings[2]
        let copy = NewsFixtures.item("earn-copy", "Market Ticker", "Quarry Ridge Bancorp <qrbc> fourth quarter net",
                                     "NEW YORK, Nov 23 (Reuters) - " + original.text.replacingOccurrences(of: "cts", with: "cents"),
                                     hours: 11)
        let (_, a) = NewsFixtures.run(NewsFixtures.background + NewsFixtures.earnings + [copy])
        #expect(a["earn-copy"]!.story == a[original.id]!.story)
        #expect(a["earn-copy"]!.isNearDuplicate)
    }

    @Test func repollsWithTrackingParametersCollapse() {
        let url = "https://www.dailyledger.example/business/2026/11/23/port-strike-ends/"
        let first = NewsFixtures.item("poll-1", "Daily Ledger", "Port strike ends after pay deal", "Dockers voted to accept a four percent pay rise, ending a nine-day strike at the port.", hours: 1, url: url)
        let again = [
            NewsFixtures.item("poll-2", "Daily Ledger", "Port strike ends after pay deal (updated)", "Dockers voted to accept a four percent pay rise.", hours: 2,
                              url: "http://dailyledger.example/business/2026/11/23/port-strike-ends?utm_source=rss&utm_medium=feed&utm_campaign=business"),
            NewsFixtures.item("poll-3", "Daily Ledger", "Strike over", "", hours: 3,
                              url: "https://m.dailyledger.example/business/2026/11/23/port-strike-ends/#comments"),
            NewsFixtures.item("poll-4", "Daily Ledger", "Port strike ends", "", hours: 4,
                              url: "https://dailyledger.example/amp/business/2026/11/23/port-strike-ends?fbclid=IwAR0abc&ref=rss"),
        ]
        let (clusterer, a) = NewsFixtures.run(NewsFixtures.background + [first] + again)
        for item in again {
            #expect(a[item.id]!.story == a["poll-1"]!.story)
            #expect(a[item.id]!.isNearDuplicate)
            #expect(a[item.id]!.reason == .sameCanonicalURL(itemID: "poll-1") || a[item.id]!.reason.description.contains("same canonical URL"))
        }
        #expect(clusterer.story(a["poll-1"]!.story)?.sourceCount == 1)
        #expect(clusterer.story(a["poll-1"]!.story)?.itemCount == 4)
    }

    @Test func wireCopyWithDatelineAndFootersJoinsOriginal() {
        let body = """
        Dockers at the port of Felixstowe voted on Monday to accept a four percent pay rise and a one-off payment, ending a nine-day strike that had left dozens of container ships waiting offshore.

        The union said about 1,900 members took part in the ballot and two thirds voted in favour of the offer from the port operator.

        The operator said normal working would resume on Tuesday morning and that it expected the backlog to be cleared within a week.
        """
        let original = NewsFixtures.item("wire-0", "Reuters", "Felixstowe dockers accept pay offer, ending strike", body, hours: 1)
        let copy = NewsFixtures.item("wire-1", "Harbor City Times", "UPDATE 1-Felixstowe dockers accept pay offer",
                                     "Advertisement\n\nLONDON, Nov 23 (Reuters) - " + body + "\n\nShare this article\n\nCopyright 2026 Harbor City Times. All rights reserved.",
                                     hours: 2)
        let summary = NewsFixtures.item("wire-2", "Port News Digest", "Strike ends at Felixstowe",
                                        "Dockers at the port of Felixstowe voted on Monday to accept a four percent pay rise and a one-off payment, ending a nine-day strike ...",
                                        hours: 3)
        let (clusterer, a) = NewsFixtures.run(NewsFixtures.background + [original, copy, summary])
        #expect(a["wire-1"]!.story == a["wire-0"]!.story)
        #expect(a["wire-2"]!.story == a["wire-0"]!.story)
        #expect(a["wire-1"]!.reason.description.hasPrefix("wire copy of wire-0"))
        #expect(a["wire-2"]!.reason.description.hasPrefix("summary of"))
        // The best headline comes from the primary write-up, not the UPDATE-prefixed copy.
        #expect(clusterer.story(a["wire-0"]!.story)?.headline == "Felixstowe dockers accept pay offer, ending strike")
    }

    /// Several outlets run the same wire story word for word; a later copy names the first of
    /// them as what it copies, in every run (ties once went to whichever the hash order met first).
    @Test func aCopyOfIdenticalCopiesNamesTheEarliest() {
        let body = """
        The regional water authority said on Tuesday that reservoir levels across the north had fallen to 41 percent, the lowest November reading since records began, and asked households to cut use.

        A hosepipe ban already in force for gardens would be extended to car washing from Friday, the authority said, while farmers would be offered compensation for reduced abstraction.
        """
        let outlets = [("Northern Echo Wire", "Reservoirs at record low, water authority says"),
                       ("Valley Gazette", "Households asked to save water as reservoirs fall"),
                       ("Moorside Post", "Hosepipe ban extended to car washing"),
                       ("Dale Courier", "Lowest November reservoir levels on record"),
                       ("Fellside News", "Water authority: cut use now")]
        let items = outlets.enumerated().map { n, outlet in
            NewsFixtures.item("water-\(n)", outlet.0, outlet.1, body, hours: 1 + Double(n))
        }
        for _ in 0..<3 {
            let (_, a) = NewsFixtures.run(NewsFixtures.background + items)
            for n in 1..<outlets.count {
                #expect(a["water-\(n)"]!.story == a["water-0"]!.story)
                #expect(a["water-\(n)"]!.reason.description.hasPrefix("wire copy of water-0"))
            }
        }
    }

    @Test func aStoryThatContinuesDaysLaterIsLinkedAsDeveloping() {
        var items = NewsFixtures.background
        items += [
            NewsFixtures.item("dev-1", "Reuters", "Felixstowe dockers vote to strike over pay", "Dockers at Felixstowe voted to strike over pay, the Unite union said.", hours: 1),
            NewsFixtures.item("dev-2", "BBC News", "Felixstowe port workers back strike in pay dispute", "Workers at Felixstowe, the UK's busiest container port, backed a strike over pay.", hours: 2),
            NewsFixtures.item("dev-3", "Reuters", "Felixstowe dockers begin strike over pay", "Dockers at Felixstowe began an eight-day strike over pay on Wednesday, Unite said.", hours: 49),
        ]
        let (_, a) = NewsFixtures.run(items)
        #expect(a["dev-2"]!.story == a["dev-1"]!.story)
        #expect(a["dev-3"]!.story != a["dev-1"]!.story)
        #expect(a["dev-3"]!.developingFrom == a["dev-1"]!.story)
        #expect(a["dev-3"]!.reason.description.hasPrefix("developing: continues story"))
    }

    /// A story reported without a pause reaches its cut while reports keep coming: they make
    /// one development of it, not one story each. The next reports join the story the first
    /// one opened, also when they match the old story best (ref-10 does).
    @Test func laterReportsJoinTheDevelopmentTheFirstOneOpened() {
        var items = NewsFixtures.background
        let reports: [(String, String, Double)] = [
            ("Reuters", "Tarnby refinery fire forces evacuation of nearby homes", 1),
            ("BBC News", "Homes evacuated as fire breaks out at Tarnby refinery", 1.5),
            ("Herald", "Tarnby refinery fire: residents evacuated overnight", 3),
            ("Courier", "Fire at Tarnby refinery burns through the night", 12),
            ("Observer", "Tarnby refinery fire still burning, homes evacuated", 24),
            ("Metro Daily", "Firefighters battle Tarnby refinery fire for second day", 34),
            ("Courier", "Tarnby refinery fire: smoke warning for nearby towns", 35.5),
            ("Reuters", "Tarnby refinery fire put out after two days", 36.5),
            ("BBC News", "Tarnby refinery fire is out, firefighters say", 37.3),
            ("Herald", "Firefighters put out Tarnby refinery fire", 37.6),
            ("Observer", "Tarnby refinery fire out; firefighters stand down", 38),
        ]
        for (n, report) in reports.enumerated() {
            items.append(NewsFixtures.item("ref-\(n + 1)", report.0, report.1, hours: report.2))
        }
        let (_, a) = NewsFixtures.run(items)
        for n in 2...8 { #expect(a["ref-\(n)"]!.story == a["ref-1"]!.story, "ref-\(n): \(a["ref-\(n)"]!.reason)") }
        // 36 hours after the first report (`developingAfterHours`): a development.
        #expect(a["ref-9"]!.story != a["ref-1"]!.story)
        #expect(a["ref-9"]!.developingFrom == a["ref-1"]!.story)
        for n in 10...11 {
            #expect(a["ref-\(n)"]!.story == a["ref-9"]!.story, "ref-\(n): \(a["ref-\(n)"]!.reason)")
            #expect(a["ref-\(n)"]!.developingFrom == nil)
        }
    }

    @Test func stateSurvivesEncodingAndDecoding() throws {
        let items = NewsFixtures.background + NewsFixtures.rateRise
        var clusterer = StoryClusterer()
        for item in items.prefix(23) { _ = clusterer.add(item) }
        let data = try JSONEncoder().encode(clusterer)
        var restored = try JSONDecoder().decode(StoryClusterer.self, from: data)
        for item in items.dropFirst(23) {
            let before = clusterer.add(item), after = restored.add(item)
            #expect(before.story == after.story)
            #expect(before.reason.description == after.reason.description)
            #expect(before.isNearDuplicate == after.isNearDuplicate && before.developingFrom == after.developingFrom)
        }
        #expect(clusterer.story("nb-reuters")?.sourceCount == 6)
    }

    @Test func hostileItemsDoNotBreakTheClusterer() {
        var clusterer = StoryClusterer()
        let huge = String(repeating: "word ", count: 200_000)
        let odd: [NewsItem] = [
            NewsItem(id: "", source: "", title: "", text: ""),
            NewsItem(id: "x", source: "S", title: "...", text: "\n\n\n", published: nil, url: "javascript:alert(1)"),
            NewsItem(id: "y", source: "S", title: "Ünïcödé — «тест» 東京", text: "Ärger in Zürich: die Straßenbahn fährt nicht.", published: -1e12, url: "https://"),
            NewsItem(id: "z", source: "S", title: huge, text: huge, published: 1e12, url: "http://a.example/?utm_source=x"),
            NewsItem(id: "z", source: "S", title: "Duplicate id", text: "", published: 1e12),
        ]
        for item in odd { _ = clusterer.add(item) }
        #expect(clusterer.openStoryCount >= 1)
    }

    @Test func storiesExpireAndMemoryFollowsTheWindow() {
        var clusterer = StoryClusterer()
        for day in 0..<10 {
            for n in 0..<30 {
                _ = clusterer.add(NewsFixtures.item("d\(day)-\(n)", "Src\(n % 5)", "Event \(day * 100 + n) happens in town \(n)",
                                                    "Something numbered \(day * 100 + n) happened today in place \(n).",
                                                    hours: Double(day * 24) + Double(n) * 0.5))
            }
        }
        // Only stories of the last few days are open; older ones were closed and forgotten.
        #expect(clusterer.openStoryCount <= 30 * 4)
        #expect(clusterer.terms.documents <= 30 * 4)
    }

    /// However many items come within the window's hours, the clusterer keeps at most
    /// `maxWindowItems` of them and as many open stories: the oldest items and the stories quiet
    /// the longest go first, and a story still being reported stays open.
    @Test func theWindowAndTheOpenStoriesStayWithinTheirBoundAtAnyInflow() {
        var clusterer = StoryClusterer()
        clusterer.maxWindowItems = 50
        var ongoing: String?
        var firstStory = ""
        for n in 0..<400 {
            let hours = Double(n) * 0.01
            let a = clusterer.add(Self.distinctEvent(n, hours: hours))
            if n == 0 { firstStory = a.story }
            if n % 10 == 0 {
                let b = clusterer.add(NewsFixtures.item("wall-\(n)", "Outlet\(n)", "Harbour wall repairs to cost more than planned",
                                                        hours: hours))
                if let ongoing { #expect(b.story == ongoing) } else { ongoing = b.story }
            }
        }
        #expect(clusterer.windowItemCount <= 50)
        #expect(clusterer.openStoryCount <= 50)
        #expect(clusterer.nearDuplicates.count <= 50)
        #expect(clusterer.terms.documents <= 50)
        // The oldest story was closed: its headline again starts a story of its own.
        var again = Self.distinctEvent(0, hours: 4.5)
        again.id = "e0-again"
        again.url = "https://src9.example/e0-again"
        #expect(clusterer.add(again).story != firstStory)
        // Without the bound, all of them are kept (well within 72 hours).
        var unbounded = StoryClusterer()
        for n in 0..<400 { _ = unbounded.add(Self.distinctEvent(n, hours: Double(n) * 0.01)) }
        #expect(unbounded.windowItemCount == 400)
        #expect(unbounded.openStoryCount == 400)
    }

    /// Event `n`: a report whose every word is its own (coined from `n`), so no two events share one.
    static func distinctEvent(_ n: Int, hours: Double) -> NewsItem {
        func word(_ k: Int) -> String {
            let letters = Array("bcdfghklmnprstvz"), vowels = Array("aeiou")
            var x = n * 8 + k + 1, w = ""
            while x > 0 { w.append(letters[x % 16]); w.append(vowels[(x / 16) % 5]); x /= 80 }
            return w.prefix(1).uppercased() + w.dropFirst()
        }
        return NewsFixtures.item("e\(n)", "Src\(n % 7)", "\(word(0)) \(word(1)) \(word(2)) \(word(3))",
                                 "\(word(4)) \(word(5)) \(word(0)) \(word(6)) \(word(7)).", hours: hours)
    }

    /// The near-duplicate index keeps no signature per item; an item leaving the window is still
    /// taken out of every LSH bucket and lead list it was filed under, and a copy of it arriving
    /// afterwards is not matched to it.
    @Test func itemsLeavingTheWindowLeaveTheNearDuplicateIndexWhole() {
        var clusterer = StoryClusterer()
        let body = (0..<12).map { "Sentence \($0) of the council's report on the harbour wall says repairs cost more than planned." }
            .joined(separator: " ")
        for n in 0..<20 {
            _ = clusterer.add(NewsFixtures.item("old-\(n)", "Src\(n)", "Harbour wall report \(n)", "Item \(n). " + body + " Ref \(n).",
                                                hours: Double(n) * 0.1))
        }
        #expect(clusterer.nearDuplicates.count == 20)
        #expect(clusterer.nearDuplicates.records.values.allSatisfy { $0.fingerprint.signature.isEmpty })
        let late = clusterer.add(NewsFixtures.item("late", "Late Gazette", "Harbour wall report again", "Item late. " + body,
                                                   hours: clusterer.configuration.windowHours + 10))
        #expect(!late.isNearDuplicate)
        // Only the late item is left, filed under its own band keys and lead shingles alone.
        #expect(clusterer.nearDuplicates.count == 1)
        var filed = 0
        clusterer.nearDuplicates.buckets.forEach { _, list in list.forEachNewest(.max) { _ in filed += 1 } }
        clusterer.nearDuplicates.leads.forEach { _, list in list.forEachNewest(.max) { _ in filed += 1 } }
        #expect(filed <= NearDuplicateIndex.bands + BodyFingerprint.leadShingles)
        #expect(filed > 0)
    }
}
