import Testing
@testable import TextAnalysis

@Suite struct FigureFinderTests {
    func figures(_ text: String) -> [Figure] { FigureFinder.figures(in: AnalyzedText(text)) }

    @Test func peaceTalksArticleFigures() {
        let found = figures(ArticleFixtures.peaceTalks)
        #expect(found.map(\.text) == ["12,000", "40,000"])
        #expect(found.map(\.value) == [12000, 40000])
        #expect(found[0].counts == "civilians")
        #expect(found[1].counts == "Ukrainian soldiers")
        #expect(found[0].context == "According to the UN, more than 12,000 civilians have been killed since the full-scale invasion began.")
    }

    @Test func moneyPercentagesAndCounts() {
        let found = figures(ArticleFixtures.budget)
        #expect(found.map(\.text) == ["£1.2bn", "£1.2bn", "£350m", "4.99%", "1,200", "three", "31", "12", "3.2 per cent"])
        #expect(found.map(\.value) == [1.2e9, 1.2e9, 3.5e8, 4.99, 1200, 3, 31, 12, 3.2])
    }

    @Test func datesTimesAgesDurationsAndIdentifiersAreExcluded() {
        let found = figures("On 15 May 2024 at 4.30pm, the 30-year-old driver, aged 30, waited 48 hours at junction 9 of the M6 before calling 0800 123 4567 in the 1990s. He was 54.")
        #expect(found.isEmpty)
    }

    @Test func spelledOutAndScaledCountsWithWhatTheyCount() {
        let found = figures("Twelve people were hurt and 1m homes lost power. It will pay US$3bn and €20 million in fines; the vote passed 52 to 48.")
        #expect(found.map(\.text) == ["Twelve", "1m", "US$3bn", "€20 million", "52", "48"])
        #expect(found.map(\.value) == [12, 1e6, 3e9, 2e7, 52, 48])
        #expect(found[0].counts == "people" && found[1].counts == "homes")
    }

    @Test func quantitiesWithUnitsAndNegatives() {
        let found = figures("Up to 15cm of snow fell and temperatures dropped to minus 12C. Half a million homes lost power.")
        #expect(found.map(\.text) == ["15cm", "minus 12C", "Half a million"])
        #expect(found.map(\.value) == [15, -12, 500_000])
    }
}
