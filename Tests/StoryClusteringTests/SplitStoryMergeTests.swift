import Foundation
import Testing
@testable import StoryClustering

/// A story that opened twice: an earthquake reported by some outlets as the quake and by
/// others as the tsunami alert it set off, until reports name both. The two halves merge, and
/// the clusterer says so once, so that the items the smaller half already had move too.
@Suite struct SplitStoryMergeTests {
    /// Items written for this test: the quake (`q-`), the alert (`t-`), then reports of both (`m-`).
    static let earthquake: [NewsItem] = {
        let reports: [(String, String, String, String, Double)] = [
            ("q-1", "Reuters", "Magnitude 7.1 earthquake strikes off the Kestrel Islands",
             "A magnitude 7.1 earthquake struck off the Kestrel Islands early on Monday, the geological survey said. The quake was centred 40 km below the seabed.", 5.0),
            ("t-1", "Coastwatch", "Tsunami warning issued for the Varne coast",
             "Authorities issued a tsunami warning for the whole Varne coast and told residents of low-lying towns to move to higher ground.", 5.1),
            ("q-2", "AP", "Strong quake hits Kestrel Islands, buildings shaken",
             "A strong earthquake of magnitude 7.1 shook the Kestrel Islands, damaging buildings in the main harbour town, officials said.", 5.2),
            ("t-2", "Herald", "Varne coast residents flee inland after tsunami alert",
             "Thousands of residents along the Varne coast drove inland after the tsunami alert, jamming roads out of the harbour towns.", 5.3),
            ("q-3", "BBC News", "Kestrel Islands earthquake: what we know",
             "The 7.1 earthquake off the Kestrel Islands was the strongest in the region for decades, seismologists said.", 5.4),
            ("t-3", "Observer", "Tsunami alert empties Varne beaches and harbours",
             "Beaches and harbours along the Varne coast were emptied as the tsunami alert sounded, local officials said.", 5.5),
            ("q-4", "Guardian", "Kestrel Islands hit by 7.1 quake, no casualties reported yet",
             "No casualties had been reported after the magnitude 7.1 earthquake off the Kestrel Islands, the islands' governor said.", 5.6),
            ("q-5", "Bloomberg", "Earthquake off Kestrel Islands rattles shipping lanes",
             "Shipping in the straits was halted after the 7.1 earthquake off the Kestrel Islands, port authorities said.", 5.7),
            ("q-6", "Al Jazeera", "Kestrel Islands quake damages harbour, islanders sleep outdoors",
             "Islanders slept outdoors after the magnitude 7.1 earthquake damaged the harbour of the Kestrel Islands' main town.", 5.75),
            ("q-7", "Reuters", "Aftershocks rattle Kestrel Islands after 7.1 earthquake",
             "Several aftershocks, the strongest of magnitude 5.2, rattled the Kestrel Islands after Monday's 7.1 earthquake.", 5.78),
            ("m-1", "Courier", "Tsunami warning for Varne coast after Kestrel Islands quake",
             "The tsunami warning for the Varne coast followed the magnitude 7.1 earthquake off the Kestrel Islands, officials said.", 5.8),
            ("m-2", "Metro Daily", "Kestrel Islands earthquake triggers Varne tsunami alert",
             "The 7.1 earthquake off the Kestrel Islands triggered a tsunami alert along the Varne coast, where residents fled inland.", 5.9),
            ("m-3", "Sky News", "Varne coast on tsunami alert after 7.1 quake near Kestrel Islands",
             "Residents of the Varne coast moved to higher ground after the 7.1 earthquake near the Kestrel Islands set off a tsunami alert.", 6.0),
            ("m-4", "CNN", "Tsunami fears on Varne coast as Kestrel Islands quake shakes region",
             "The earthquake near the Kestrel Islands raised tsunami fears on the Varne coast, where the alert stayed in place.", 6.1),
            ("m-5", "AFP", "Varne tsunami alert lifted hours after Kestrel Islands earthquake",
             "Authorities lifted the tsunami alert for the Varne coast hours after the 7.1 earthquake near the Kestrel Islands.", 6.5),
        ]
        return NewsFixtures.background + reports.map { NewsFixtures.item($0.0, $0.1, $0.2, $0.3, hours: $0.4) }
    }()

    static let ids = ["q-1", "q-2", "q-3", "q-4", "q-5", "q-6", "q-7", "t-1", "t-2", "t-3", "m-1", "m-2", "m-3", "m-4", "m-5"]

    @Test func theEarlierItemsOfTheSmallerHalfEndInTheLargerOne() throws {
        let (clusterer, a) = NewsFixtures.run(Self.earthquake)
        // The alert opened a story of its own: the halves are apart at first.
        #expect(a["t-1"]!.story == "t-1" && a["t-1"]!.isNewStory)
        #expect(a["t-2"]!.story == "t-1")
        // One merge, said once, by the item that made it: it ends in the larger story.
        let merges = Self.ids.compactMap { id in a[id]!.merged.map { (id, $0) } }
        #expect(merges.count == 1)
        let (by, merge) = try #require(merges.first)
        #expect(merge == StoryMerge(from: "t-1", into: "q-1"))
        #expect(a[by]!.story == "q-1")
        // Every item resolves to the quake's story: those the alert's story had before the merge too.
        for id in Self.ids {
            #expect(clusterer.resolvedStoryID(a[id]!.story) == "q-1", "\(id): \(a[id]!.story), \(a[id]!.reason)")
        }
        // What matches the alert's story afterwards joins the quake's, saying why.
        if case .mergedStory(let from, _, _) = a["m-5"]!.reason { #expect(from == "t-1") } else {
            Issue.record("m-5: \(a["m-5"]!.reason)")
        }
        #expect(clusterer.story("t-1")?.mergedInto == "q-1")
        #expect(clusterer.story("q-1")?.mergedInto == nil)
        #expect(clusterer.resolvedStoryID("bg-3") == "bg-3")
        #expect(clusterer.resolvedStoryID("no-such-story") == "no-such-story")
    }

    /// The daemon restores its state between cycles: a state saved before the merge merges
    /// the same way, with the same announcement.
    @Test func aRestoredStateMergesAsTheRunningOne() throws {
        let items = Self.earthquake.sorted { ($0.published ?? 0, $0.id) < ($1.published ?? 0, $1.id) }
        let cut = try #require(items.firstIndex { $0.id == "m-2" })
        var running = StoryClusterer()
        var first: [Assignment] = []
        for item in items { first.append(running.add(item)) }
        var restored = StoryClusterer()
        var second: [Assignment] = []
        for item in items[..<cut] { second.append(restored.add(item)) }
        restored = try JSONDecoder().decode(StoryClusterer.self, from: JSONEncoder().encode(restored))
        for item in items[cut...] { second.append(restored.add(item)) }
        // (Probabilities may differ in their last bits after a round trip: compared as shown.)
        func shown(_ a: [Assignment]) -> [String] {
            a.map { "\($0.story) \($0.reason) \($0.merged.map { "\($0.from)>\($0.into)" } ?? "-")" }
        }
        #expect(shown(first) == shown(second))
        #expect(second.compactMap(\.merged) == [StoryMerge(from: "t-1", into: "q-1")])
    }

    /// A development already opened from the merged story is one of the story it fed now.
    @Test func developmentsOfTheMergedStoryFollowIt() {
        var c = StoryClusterer()
        let large = c.openStory(for: NewsItem(id: "large", source: "s", title: "a"), time: 0)
        let small = c.openStory(for: NewsItem(id: "small", source: "s", title: "b"), time: 60)
        let later = c.openStory(for: NewsItem(id: "later", source: "s", title: "c"), time: 120)
        c.stories[large]?.count = 20
        c.stories[small]?.count = 4
        c.stories[later]?.developingFrom = "small"
        var merges: [StoryMerge] = []
        for _ in 0..<2 { if let m = c.checkMerge(small, alsoHigh: [large]) { merges.append(m) } }
        #expect(merges == [StoryMerge(from: "small", into: "large", developments: ["later"])])
        #expect(c.stories[later]?.developingFrom == "large")
        #expect(c.resolvedStoryID("small") == "large")
    }

    /// In the digest the merged half's first report is not a second "first report".
    @Test func aSecondOpeningReportInOneStoryIsWordedAsTheSecondThread() {
        let opened = MergeReason.newStory(closest: nil, titleSimilarity: 0, bodySimilarity: nil, sharedTerms: [])
        let joined = MergeReason.sameEvent(probability: 0.9, titleSimilarity: 0.5, bodySimilarity: nil, names: ["Varne"],
                                           figures: [], words: [], hoursAfterFirst: 0.2)
        let texts = MergeReason.readerTexts([opened, joined, nil, opened], outletOf: { _ in nil })
        #expect(texts[0] == "first report")
        #expect(texts[1] == "same event: Varne; 12 min after the first report")
        #expect(texts[2] == nil)
        #expect(texts[3] == "same event: began a second thread of it, merged into this story")
        #expect(MergeReason.readerTexts([joined, .developing(from: "x", titleSimilarity: 0.5, hoursApart: 30)],
                                        outletOf: { _ in nil })[1] == "first report of a new development")
    }

    @Test func aMergedStorysSourcesCountFromItsOneFirstReport() {
        let opened = MergeReason.newStory(closest: nil, titleSimilarity: 0, bodySimilarity: nil, sharedTerms: [])
        func joined(_ hours: Double) -> MergeReason {
            .sameEvent(probability: 0.9, titleSimilarity: 0.5, bodySimilarity: nil, names: ["Varne"], figures: [],
                       words: [], hoursAfterFirst: hours)
        }
        // Two threads of one event: the second opened at 2 h and its follower came 15 min after it.
        let times: [Double?] = [1_000, 1_000 + 1_800, 1_000 + 7_200, 1_000 + 8_100]
        let texts = MergeReason.readerTexts([opened, joined(0.5), opened, joined(0.25)], times: times, outletOf: { _ in nil })
        #expect(texts[1] == "same event: Varne; 30 min after the first report")
        #expect(texts[2] == "same event: began a second thread of it, merged into this story")
        #expect(texts[3] == "same event: Varne; 2 h after the first report")
        // One thread: the clusterer's own gaps stand.
        let single = MergeReason.readerTexts([opened, joined(0.25)], times: [1_000, 9_000], outletOf: { _ in nil })
        #expect(single[1] == "same event: Varne; 15 min after the first report")
    }
}
