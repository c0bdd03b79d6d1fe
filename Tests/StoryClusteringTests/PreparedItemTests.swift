import Testing
@testable import StoryClustering

/// Items are prepared ahead of the clusterer with every body line assumed kept; when the
/// clusterer then drops boilerplate lines, only the kept lines' tokens are folded again.
/// These tests hold that shortcut to what tokenizing the kept lines from scratch gives.
@Suite struct PreparedItemTests {
    /// A wire story as an outlet republishes it: a banner above the dateline, a link line,
    /// a footer.
    static let bannerAboveDateline = """
        Advertisement
        WASHINGTON, Nov 24 (Reuters) - The U.S. Treasury said on Monday it would sell 42 billion dollars of two-year notes next week, up from 40 billion in October.
        Related: Treasury yields climb as traders weigh Fed path
        Analysts at Morgan Stanley said demand from foreign central banks had held up, while Janet Yellen told reporters in Washington the auction sizes were appropriate.
        The Treasury also said it would keep five-year note sales at 44 billion dollars.
        Share this article
        Copyright 2026 Harbor City Times. All rights reserved.
        """

    /// A long body: the first lines alone have enough words, so later lines are only read
    /// when earlier ones are dropped.
    static let longBody: String = {
        let names = ["Ankara", "Brussels", "Lagos", "Ottawa", "Jakarta", "Lima", "Oslo", "Hanoi", "Quito", "Accra", "Riga", "Doha"]
        return names.enumerated().map { n, city in
            "Officials in \(city) said paragraph \(n) of the report covers grain exports, rail freight, port fees and the "
                + "harvest outlook for the coming season, while Minister Ortega of \(city) and the agency's chief economist "
                + "warned that shipping costs could rise by \(n + 3) percent if the dispute over customs inspections continues "
                + "into the spring and storage capacity at inland terminals remains short."
        }.joined(separator: "\n")
    }()

    static func render(_ t: BodyLines.Tokens) -> String {
        "words \(t.words)\nlead \(t.lead)\nnames \(t.entities.map { "\($0.0):\($0.1)" })"
    }

    static let titleEntities: [(UInt64, String)] = [(TermHash.of("treasury"), "Treasury")]

    /// Folding the tokens of any subset of candidate lines gives what tokenizing exactly those
    /// lines gives — the first kept line losing its dateline, reading stopping at the same word.
    static func checkEveryFold(of text: String, subsets: [[Int]]) {
        let body = BodyLines(text: text, source: TermHash.of("wire"), leadWords: 120, titleEntities: titleEntities)
        for kept in subsets {
            let folded = body.fold(kept: kept, leadWords: 120, titleEntities: titleEntities)
            let alone = BodyLines(text: kept.map { String(body.lines[$0]) }.joined(separator: "\n"),
                                  source: TermHash.of("wire"), leadWords: 120, titleEntities: titleEntities)
            #expect(render(folded) == render(alone.assumingAllKept), "kept lines \(kept)")
        }
    }

    @Test func foldingKeptLinesEqualsTokenizingThemAlone() {
        let body = BodyLines(text: PreparedItemTests.bannerAboveDateline, source: TermHash.of("wire"), leadWords: 120,
                             titleEntities: PreparedItemTests.titleEntities)
        // The link line is never a candidate; the other six are.
        #expect(body.lines.count == 7)
        #expect(body.candidates == [0, 1, 3, 4, 5, 6])
        let c = body.candidates
        let subsets = (0..<(1 << c.count)).map { mask in c.indices.filter { mask & (1 << $0) != 0 }.map { c[$0] } }
        PreparedItemTests.checkEveryFold(of: PreparedItemTests.bannerAboveDateline, subsets: subsets)

        // Dropping the banner makes the dateline line the first: "WASHINGTON, Nov 24 (Reuters) - "
        // must go, as it would not if the line's unstripped tokens were reused.
        #expect(BodyLines.scan(body.lines[1]).tokens.first?.hash == TermHash.of("washington"))
        let withoutBanner = body.fold(kept: [1, 3, 4], leadWords: 120, titleEntities: PreparedItemTests.titleEntities)
        #expect(withoutBanner.words.first == TermHash.of("the"))
        #expect(withoutBanner.entities.contains { $0.1.hasSuffix("Yellen") })
    }

    @Test func foldingReadsLinesThePreparationStoppedBefore() {
        let body = BodyLines(text: PreparedItemTests.longBody, source: TermHash.of("wire"), leadWords: 120,
                             titleEntities: PreparedItemTests.titleEntities)
        #expect(body.lines.count == 12)
        // Preparation stopped reading once the body had enough words.
        #expect(body.scanned.compactMap { $0 }.count < body.lines.count)
        var subsets: [[Int]] = [Array(1..<12), Array(6..<12), [11], [0, 11]]
        // Sixty-odd masks spread over the 4,096 subsets of twelve lines.
        for mask in stride(from: 1, to: 1 << 12, by: 67) {
            subsets.append(body.candidates.filter { mask & (1 << $0) != 0 })
        }
        PreparedItemTests.checkEveryFold(of: PreparedItemTests.longBody, subsets: subsets)
    }

    @Test func itemsPreparedAheadAreAssignedAsItemsAddedInPlace() {
        // Two outlets wrap every article in their own banner and footer; one republishes the
        // other's wire copy. The banners become boilerplate as the stream goes on, so items
        // prepared ahead (all lines assumed kept) must be read again with those lines dropped.
        let topics = [
            ("Port strike halts container traffic in Rotterdam", "Dock workers in Rotterdam walked out on Tuesday over pay, halting container traffic at Europe's largest port, union FNV said. Shipping lines diverted vessels to Antwerp and Hamburg."),
            ("Central bank of Chile cuts rates by half a point", "Chile's central bank cut its benchmark rate by 50 basis points to 5.25 percent, citing slowing inflation, and said further cuts were likely. Governor Rosanna Costa spoke after the decision."),
            ("Glacier collapse buries village in Swiss Alps", "A massive glacier collapse buried most of the village of Blatten in the Swiss canton of Valais, authorities said. Residents had been evacuated days earlier after geologists warned of the risk."),
            ("Samsung unveils foldable phone with larger screen", "Samsung Electronics showed a new foldable phone in Seoul with a larger inner screen and a lighter hinge, and said sales would start in August at a lower price than last year's model."),
        ]
        var items: [NewsItem] = []
        for (n, topic) in topics.enumerated() {
            let wire = "AMSTERDAM, Nov 2\(3 + n) (Reuters) - " + topic.1
            items.append(NewsFixtures.item("wire-\(n)", "Harbor City Times", topic.0,
                                           "Advertisement\n" + wire + "\nShare this article\nCopyright 2026 Harbor City Times. All rights reserved.",
                                           hours: Double(n) * 5))
            items.append(NewsFixtures.item("copy-\(n)", "Valley Gazette", topic.0 + " - Valley Gazette",
                                           "Valley Gazette | Morning edition\n" + wire + "\nSubscribe to the Valley Gazette newsletter",
                                           hours: Double(n) * 5 + 1))
        }
        var inPlace = StoryClusterer()
        var ahead = StoryClusterer()
        var redone = 0
        for item in items {
            let prepared = PreparedItem(item)
            if prepared.body.candidates.contains(where: { ahead.boilerplate.isBoilerplate(prepared.body.keys[$0]) }) { redone += 1 }
            #expect(inPlace.add(item) == ahead.add(prepared), "\(item.id)")
        }
        #expect(redone >= 4)
        // And the copies are found as copies, banner or not.
        #expect(inPlace.openStoryCount == topics.count)
    }

    @Test func anItemPreparedUnderAnotherConfigurationIsPreparedAgain() {
        var configuration = ClusteringConfiguration()
        configuration.leadWords = 12
        configuration.titleWeightInBody = 5
        var direct = StoryClusterer(configuration: configuration)
        var ahead = StoryClusterer(configuration: configuration)
        let items = NewsFixtures.background + NewsFixtures.rateRise + NewsFixtures.phoneCall + NewsFixtures.summit
        var differences = 0
        for item in items.sorted(by: { ($0.published ?? 0, $0.id) < ($1.published ?? 0, $1.id) }) {
            let a = direct.add(item)
            let b = ahead.add(PreparedItem(item))  // prepared with the default configuration
            if a != b { differences += 1 }
        }
        #expect(differences == 0)
        // And the configuration does matter to these items: the default one assigns differently.
        var byDefault = StoryClusterer()
        var direct2 = StoryClusterer(configuration: configuration)
        var changed = 0
        for item in items.sorted(by: { ($0.published ?? 0, $0.id) < ($1.published ?? 0, $1.id) })
        where byDefault.add(item) != direct2.add(item) { changed += 1 }
        #expect(changed > 0)
    }
}
