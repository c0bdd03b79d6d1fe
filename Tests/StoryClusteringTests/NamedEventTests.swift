import Testing
@testable import StoryClustering

/// A named event (a storm) told by local outlets from different angles is one story: the name
/// both headlines carry is what they have in common, their texts share little else. A report of
/// another event that names the storm only in its text (a road accident it caused) stays apart.
/// Items written for these tests (a fictional storm, towns and people).
@Suite struct NamedEventTests {
    static let coast = NewsFixtures.item(
        "maelis-coast", "Carnwick Courier", "Maelis lashes the coast: beach huts wrecked, harbour on alert",
        """
        Storm Maelis arrived on Sunday night with gusts above 75mph, tearing the roofs off beach huts along \
        the Carnwick front and putting the harbour on alert. Coastguards answered 31 calls before midnight. \
        "Stay off the promenade until the tide turns," said harbour master Elena Brook.
        """, hours: 14)

    static let closures = NewsFixtures.item(
        "maelis-closures", "Dunmere Evening News", "Storm Maelis: which roads are closed in Dunmere this morning",
        """
        Three roads in Dunmere are closed on Monday morning after Storm Maelis blew down trees overnight.

        The ring road between the retail park and the hospital is shut while crews clear a fallen oak, and \
        the bus station is running a reduced timetable until noon.

        Westline Power said about 6,000 homes across the district lost electricity at the height of the storm.
        """, hours: 21.5)

    static let busCrash = NewsFixtures.item(
        "moor-bus", "Carnwick Courier", "Bus overturns on moor road near Hollin Cross; driver hurt",
        """
        A single-decker bus overturned on the moor road near Hollin Cross early on Monday, injuring its \
        driver. No passengers were on board.

        "Loose gravel washed onto the road by the rain from Storm Maelis is the likeliest cause," said \
        police inspector Dev Anand. The road will stay closed until Tuesday.
        """, hours: 22)

    static var all: [NewsItem] { NewsFixtures.background + [coast, closures, busCrash] }

    @Test func aNamedStormsReportsFromDifferentAnglesJoin() {
        let (_, a) = NewsFixtures.run(Self.all)
        let closures = a["maelis-closures"]!
        #expect(closures.story == a["maelis-coast"]!.story, "split: \(closures.reason)")
    }

    @Test func aReportNamingTheStormOnlyInItsTextStaysApart() {
        let (_, a) = NewsFixtures.run(Self.all)
        let crash = a["moor-bus"]!
        #expect(crash.story != a["maelis-coast"]!.story, "joined: \(crash.reason)")
    }

    /// The evidence of `item` against the story `storyID` of a clusterer that has seen `before`.
    static func evidence(of item: NewsItem, against storyID: String, after before: [NewsItem]) -> MatchEvidence? {
        let (clusterer, _) = NewsFixtures.run(before)
        guard let serial = clusterer.storyIDs[storyID], var story = clusterer.stories[serial],
              let time = item.published else { return nil }
        let f = PreparedItem(item).features(filteredBy: clusterer.boilerplate)
        let query = StoryMatchQuery(f, terms: clusterer.terms, commonTermShare: clusterer.configuration.commonTermShare)
        return story.score(query, item: f, time: time, terms: clusterer.terms, now: time).evidence
    }

    @Test func theStormsNameIsCarriedByBothHeadlines() {
        let e = Self.evidence(of: Self.closures, against: "maelis-coast", after: NewsFixtures.background + [Self.coast])
        #expect((e?.headlineNameShared ?? 0) > 0.5)
        #expect(e?.headlineNameSubjectShare == 1)
    }

    /// One name, not a word of two: "Sougal Telecom" and "Soubran Telecom" share "Telecom".
    @Test func aWordOfTwoDifferentNamesIsNoSharedName() {
        let soubran = NewsFixtures.item(
            "soubran", "Business Daily", "Soubran Telecom fined over week-long network outage",
            """
            The regulator fined Soubran Telecom 4 million after an outage that cut phone and internet service             for 90,000 customers last month, its chair Ada Rinn said. Soubran Telecom said it would appeal.
            """, hours: 10)
        let sougal = NewsFixtures.item(
            "sougal", "Market Watcher", "Sougal Telecom wins licence for rural broadband network",
            """
            The regulator awarded Sougal Telecom a licence to build broadband in 40 rural districts, chief             executive Oren Vale said. Sougal Telecom will start building in the spring.
            """, hours: 11)
        let e = Self.evidence(of: sougal, against: "soubran", after: NewsFixtures.background + [soubran])
        #expect(e != nil)
        #expect(e?.headlineNameShared == 0)
    }
}
