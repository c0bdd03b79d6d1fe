import Testing
@testable import TextAnalysis

@Suite struct EntityRecognizerTests {
    let analyzer = TextAnalyzer()

    func entities(_ text: String) -> [Entity] { analyzer.analyze(text).entities }

    @Test func peaceTalksArticlePeopleAndPlaces() {
        let found = entities(ArticleFixtures.peaceTalks)
        let people = Set(found.filter { $0.type == .person }.map(\.text))
        #expect(people.isSuperset(of: ["Donald Trump", "Trump", "Putin", "Zelenskyy", "Alicia Kearns"]))
        #expect(!found.contains { $0.text == "UN" && $0.type == .person })
        #expect(found.contains { $0.text == "White House" })
        #expect(found.contains { $0.text == "Ukrainian" && $0.type == .miscellaneous })
        // titles are not part of spans
        #expect(!found.contains { $0.text.hasPrefix("President") || $0.text.hasPrefix("Mr") })
    }

    @Test func offsetsPointIntoTheTextInUnicodeScalars() {
        let text = ArticleFixtures.peaceTalks
        let scalars = Array(text.unicodeScalars)
        for e in entities(text) {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[e.start..<e.end])
            #expect(String(view) == e.text)
        }
    }

    @Test func shortFormsFollowTheFullName() {
        let found = entities("Mikhail Volkov, the miner's leader, met officials in Leeds. Later Volkov said the strike would go on. Mr Volkov left.")
        #expect(found.filter { $0.text == "Volkov" }.allSatisfy { $0.type == .person })
        #expect(found.contains { $0.text == "Leeds" && $0.type == .location })
    }

    @Test func organisationCuesAndPlaceCues() {
        let found = entities("Officials from the Ministry of Defence and the Royal College of Nursing met at Lake Geneva with staff of Westbay Power Ltd.")
        #expect(found.contains { $0.text == "Ministry of Defence" && $0.type == .organization })
        #expect(found.contains { $0.text == "Royal College of Nursing" && $0.type == .organization })
        #expect(found.contains { $0.text == "Lake Geneva" && $0.type == .location })
        #expect(found.contains { $0.text == "Westbay Power Ltd" && $0.type == .organization })
    }

    @Test func sentenceInitialCommonWordsAreNotNames() {
        let found = entities("Police said the road was closed. Hundreds of people gathered in Bristol. Officials were unavailable.")
        #expect(found.map(\.text) == ["Bristol"])
    }

    @Test func titleBeforeNameAfterPlace() {
        let found = entities("The talks were welcomed by US President Joe Biden and French officials.")
        #expect(found.contains { $0.text == "US" && $0.type == .location })
        #expect(found.contains { $0.text == "Joe Biden" && $0.type == .person })
        #expect(found.contains { $0.text == "French" && $0.type == .miscellaneous })
    }

    @Test func typicalWorldNewsParagraph() {
        let text = """
        In London, Rishi Sunak said the UK would send £30m in aid. The Labour leader, Keir Starmer, welcomed it, \
        and Sir Keir later met the Bishop of London. Shares rose on Wall Street \
        while the Bank of England held rates.
        """
        let found = Dictionary(entities(text).map { ($0.text, $0.type) }, uniquingKeysWith: { a, _ in a })
        #expect(found["Rishi Sunak"] == .person)
        #expect(found["Keir Starmer"] == .person)
        #expect(found["Keir"] == .person)
        #expect(found["Labour"] == .organization)
        #expect(found["UK"] == .location)
        #expect(found["Wall Street"] == .location)
        #expect(found["Bank of England"] == .organization)
    }

    @Test func emptyAndNameFreeTextsGiveNothing() {
        #expect(entities("").isEmpty)
        #expect(entities("it was a quiet day and nothing happened.").isEmpty)
    }
}
