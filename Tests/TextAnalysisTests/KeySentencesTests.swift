import Testing
@testable import TextAnalysis

@Suite struct KeySentencesTests {
    @Test func articleSummaryIsTwoToThreeSentencesFromTheText() {
        let result = TextAnalyzer().analyze(ArticleFixtures.peaceTalks)
        #expect((2...3).contains(result.keySentences.count))
        #expect(!result.keySentences.contains("Trump says both leaders want peace as talks stall"))
        for s in result.keySentences {
            #expect(ArticleFixtures.peaceTalks.replacingOccurrences(of: "\n", with: " ").contains(s))
        }
    }

    @Test func storySummaryAvoidsNearRepeatsAcrossSources() {
        let a = "Floods hit the town of Ashford after two days of heavy rain. Hundreds of homes were evacuated on Sunday night. The river burst its banks near the old bridge."
        let b = "Floods hit the town of Ashford after two days of heavy rain, officials said. The council opened three rest centres for families. Forecasters expect more rain on Tuesday."
        let summary = KeySentences.summarizeStory([a, b], count: 3)
        #expect(summary.count == 3)
        let floods = summary.filter { $0.hasPrefix("Floods hit the town of Ashford") }
        #expect(floods.count == 1)
    }

    @Test func emptyInputsGiveEmptySummaries() {
        #expect(KeySentences.summarizeStory([]).isEmpty)
        #expect(TextAnalyzer().analyze("").keySentences.isEmpty)
    }
}
