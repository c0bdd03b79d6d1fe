import Testing
@testable import TextAnalysis

@Suite struct QuoteFinderTests {
    let analyzer = TextAnalyzer()

    func quotes(_ text: String) -> [Quote] { analyzer.analyze(text).quotes }

    @Test func peaceTalksArticleQuotesAndSpeakers() {
        let found = quotes(ArticleFixtures.peaceTalks)
        #expect(found.count == 2)
        #expect(found.first?.text == "I think President Putin wants peace and President Zelenskyy wants peace and I want peace,")
        #expect(found.first?.speaker == "Mr Trump")
        #expect(found.last?.text == "The aggressor must not be rewarded,")
        #expect(found.last?.speaker == "Alicia Kearns")
    }

    @Test func interruptedQuoteIsTwoQuotesWithOneSpeaker() {
        let found = quotes("“We will rebuild,” said Dr Amira Haddad, the hospital's director, “but we need fuel first.”")
        #expect(found.map(\.text) == ["We will rebuild,", "but we need fuel first."])
        #expect(found.allSatisfy { $0.speaker == "Dr Amira Haddad" })
    }

    @Test func speakerBeforeColonAndAccordingTo() {
        let found = quotes("""
        Transport secretary Owen Blake said: "The line will reopen on Monday."

        According to the rail operator, "engineers are working around the clock to fix the damage".
        """)
        #expect(found.count == 2)
        #expect(found[0].speaker == "Transport secretary Owen Blake" || found[0].speaker == "Owen Blake")
        #expect(found[1].speaker == "the rail operator")
    }

    @Test func multiParagraphQuoteIsJoined() {
        let found = quotes("""
        The coach, Gary Holt, was blunt.

        "We were not good enough today. Nobody can hide from that.

        "But we will be back next week and we will be better."
        """)
        #expect(found.count == 1)
        #expect(found.first?.text == "We were not good enough today. Nobody can hide from that. But we will be back next week and we will be better.")
        #expect(found.first?.speaker == "Gary Holt")
    }

    @Test func dashAttributionAndSpeakerFromTheVerbAfter() {
        let found = quotes("""
        “It is a disgrace,” said one nurse. “We are exhausted.”

        “Nobody wins a strike.” – Laura Finch
        """)
        #expect(found.map(\.speaker) == ["one nurse", "one nurse", "Laura Finch"])
    }

    @Test func pronounResolvesToLastNamedPerson() {
        let found = quotes("Maria Lind, the mayor, visited the flooded streets. “This is heartbreaking,” she said.")
        #expect(found.first?.speaker == "Maria Lind")
    }

    @Test func scareQuotesAndTitlesAreNotQuotes() {
        let found = quotes("The so-called \"smart\" city plan, known as \"Project Harbour\", was shown at the premiere of \"The Long Night\". Critics called it \"reckless\".")
        #expect(found.map(\.text) == ["reckless"])
    }

    @Test func signsHaveNoSpeaker() {
        let found = quotes("A banner on the bridge read: “No to the new runway.”")
        #expect(found.count == 1)
        #expect(found.first?.speaker == nil)
    }

    @Test func unbalancedMarksDoNotCrash() {
        _ = quotes("“Open and never closed")
        _ = quotes("Closed” without opening ” twice")
        _ = quotes(String(repeating: "\"", count: 101))
    }
}
