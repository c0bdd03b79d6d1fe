import Testing
@testable import StoryClustering

/// Reports of one template about different places or companies (weather bulletins, earnings
/// briefs) are different events: the name in the headline tells them apart, however much of
/// the wording, a figure or a year they share. A rewrite of one bulletin in other words still
/// joins it. Items written for these tests (fictional towns and companies).
@Suite struct TemplatedReportsTests {
    static let harrowmere = NewsFixtures.item(
        "storm-harrowmere", "Valley Herald", "Storm warning issued for Harrowmere",
        """
        Gusts of up to 70 mph are expected at Harrowmere on Tuesday, and 120 households in the town lost \
        power in the last storm, forecaster Ilse Varnholt said.

        Forecasters warned of gusts strong enough to bring down trees and power lines across the region.

        Residents were told to secure loose objects and avoid travel. The warning is in force until \
        Wednesday evening.

        Varnholt said the last storm this strong hit Harrowmere in 2019.
        """, hours: 0)

    static let kelby = NewsFixtures.item(
        "storm-kelby", "Coastal Post", "Storm warning issued for Kelby Bay",
        """
        Gusts of up to 70 mph are expected at Kelby Bay on Tuesday, where the harbour master Tomas Riedl \
        said 40 boats had been moved to shelter.

        Forecasters warned of gusts strong enough to bring down trees and power lines across the region.

        Residents were told to secure loose objects and avoid travel. The warning is in force until \
        Wednesday evening.

        Riedl said the Kelby Bay ferry would not sail before Thursday, the first cancellation since 2019.
        """, hours: 0.3)

    static let harrowmereRewrite = NewsFixtures.item(
        "storm-harrowmere-rewrite", "Northern Times", "Harrowmere braces for storm as warning issued",
        """
        Harrowmere is bracing for winds of 70 mph on Tuesday, meteorologist Ilse Varnholt told reporters, \
        and the town's 120 households that were left without power in the last storm were told to prepare.

        Trees and power lines could come down, forecasters cautioned, and residents should tie down loose \
        objects and postpone journeys.

        Varnholt recalled that Harrowmere had not seen a storm this severe since 2019.
        """, hours: 0.8)

    static let osterling = NewsFixtures.item(
        "earn-osterling", "Business Daily", "Osterling Foods reports 12% rise in quarterly profit",
        """
        Osterling Foods said net profit rose 12% to 80 million in the third quarter, chief executive Mara \
        Kessel told analysts.

        The company said demand stayed strong through the quarter. Analysts had expected a smaller increase.

        Shares rose in early trading after the results. Kessel said Osterling Foods would keep its dividend \
        unchanged.
        """, hours: 1.0)

    static let brannock = NewsFixtures.item(
        "earn-brannock", "Market Watcher", "Brannock Energy reports 9% rise in quarterly profit",
        """
        Brannock Energy said net profit rose 9% to 80 million in the third quarter, chief executive Piet \
        Lowry told analysts.

        The company said demand stayed strong through the quarter. Analysts had expected a smaller increase.

        Shares rose in early trading after the results. Lowry said Brannock Energy would raise its outlook \
        for the year.
        """, hours: 1.2)

    static var all: [NewsItem] { [harrowmere, kelby, harrowmereRewrite, osterling, brannock] }

    @Test func bulletinsForDifferentTownsStayApart() {
        let (_, a) = NewsFixtures.run(Self.all)
        let kelby = a["storm-kelby"]!
        #expect(kelby.story != a["storm-harrowmere"]!.story, "joined: \(kelby.reason)")
    }

    @Test func earningsBriefsOfDifferentCompaniesStayApart() {
        let (_, a) = NewsFixtures.run(Self.all)
        let brannock = a["earn-brannock"]!
        #expect(brannock.story != a["earn-osterling"]!.story, "joined: \(brannock.reason)")
    }

    @Test func aRewriteOfOneBulletinJoinsIt() {
        let (_, a) = NewsFixtures.run(Self.all)
        let rewrite = a["storm-harrowmere-rewrite"]!
        #expect(rewrite.story == a["storm-harrowmere"]!.story, "split: \(rewrite.reason)")
    }

    @Test func aYearAloneIsNoFigure() {
        let line = BodyLines.scan("The river rose to its highest level since 2016, with 18 depots shut.")
        #expect(line.figures.map(\.display) == ["18 depots"])
    }
}
