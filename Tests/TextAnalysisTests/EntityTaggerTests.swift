import Foundation
import Testing
@testable import TextAnalysis

/// The trained tagger on news written for these tests (invented people, places and companies,
/// so that nothing here can come from a word list or the training data).
@Suite struct EntityTaggerTests {
    let analyzer = TextAnalyzer()

    func types(_ text: String) -> [String: EntityType] {
        Dictionary(analyzer.analyze(text).entities.map { ($0.text, $0.type) }, uniquingKeysWith: { a, _ in a })
    }

    @Test func bundledWeightsLoadAndReadBack() throws {
        let model = try #require(EntityTaggerModel.bundled)
        #expect(model.featureCount > 10_000)
        let copy = try #require(EntityTaggerModel(bytes: model.serialized()))
        #expect(copy.featureCount == model.featureCount)
        #expect(EntityTaggerModel(bytes: Array(model.serialized().dropLast())) == nil)
        #expect(EntityTaggerModel(bytes: Array("FWNER001".utf8) + [255, 255, 255, 255, 255, 255, 255, 255]) == nil)
    }

    @Test func unknownNamesAreTypedFromContext() {
        let found = types("""
        Clara Obuya, the chief executive of Harlan Water Company, said the utility would repair the \
        Keswick Bridge by March. Obuya added that the Northfield Council had approved the plan.

        Protesters gathered outside the Ministry of Finance in Lisbon, where Portuguese police blocked the road.
        """)
        #expect(found["Clara Obuya"] == .person)
        #expect(found["Obuya"] == .person)
        #expect(found["Harlan Water Company"] == .organization)
        #expect(found["Northfield Council"] == .organization)
        #expect(found["Keswick Bridge"] == .location)
        #expect(found["Ministry of Finance"] == .organization)
        #expect(found["Lisbon"] == .location)
        #expect(found["Portuguese"] == .miscellaneous)
        #expect(found["March"] == nil)
    }

    @Test func nationalitiesAreMiscNeverPeople() {
        let analysis = analyzer.analyze("""
        Valdrian officials said on Tuesday that the border would stay closed. The Valdrian foreign \
        minister, Tomas Reinholt, met his French counterpart in Geneva.
        """)
        let valdrian = analysis.entities.filter { $0.text == "Valdrian" }
        #expect(!valdrian.isEmpty)
        #expect(valdrian.allSatisfy { $0.type == .miscellaneous })
        #expect(!analysis.entities.contains { ($0.text == "Valdrian" || $0.text == "French") && $0.type == .person })
        #expect(analysis.entities.contains { $0.text == "Tomas Reinholt" && $0.type == .person })
    }

    @Test func oneNameOneTypeThroughTheDocument() {
        let found = analyzer.analyze("""
        Donald Trump spoke to reporters in Ohio. Mr Trump said the tariffs would stay. Later, Trump flew to Florida.

        Senator Marisol Quenby criticised the plan. Quenby said it would hurt farmers.
        """).entities
        let trump = found.filter { $0.text.contains("Trump") }
        #expect(trump.count == 3)
        #expect(trump.allSatisfy { $0.type == .person })
        #expect(!found.contains { $0.text.hasPrefix("Mr") || $0.text.hasPrefix("Senator") })
        #expect(found.filter { $0.text.contains("Quenby") }.allSatisfy { $0.type == .person })
        #expect(found.contains { $0.text == "Marisol Quenby" })
    }

    @Test func digestListsOnlyConfidentNames() {
        let analysis = analyzer.analyze(ArticleFixtures.peaceTalks)
        let confident = analysis.confidentEntities
        #expect(confident.allSatisfy { $0.confidence >= EntityRecognizer.confidentMargin })
        #expect(confident.count <= analysis.entities.count)
        #expect(confident.contains { $0.text == "Alicia Kearns" && $0.type == .person })
        #expect(!confident.contains { $0.type == .person && ["Ukrainian", "Western"].contains($0.text) })
    }

    @Test func namesStayInsideSentencesAndEndOnWords() {
        let found = analyzer.analyze("The bridge was built by Aldwick Steel. Crews from Kestrel Rail arrived later.").entities
        for e in found {
            #expect(e.text.last.map { $0.isLetter || $0.isNumber } == true)
            #expect(!e.text.contains(". "))
        }
    }

    @Test func possessivesEndNames() {
        let found = analyzer.analyze("Brenholt Dairies's chief executive, Ilse Marrow, said Corvena's farmers were paid late.").entities
        #expect(!found.contains { $0.text.contains("'s") }, "\(found.map(\.text))")
        #expect(found.contains { $0.text == "Ilse Marrow" && $0.type == .person })
    }

    /// The decoder's output is always a well-formed BILOU sequence, inside sentences and across
    /// the cuts of an over-long sentence, with a margin per token.
    @Test func decodedTagsAreWellFormed() throws {
        let model = try #require(EntityTaggerModel.bundled)
        let long = String(repeating: "Officials in Maravel met Jonas Tebbe and the Orlin Transit Board, ", count: 40)
        for text in [ArticleFixtures.peaceTalks, long + "then left."] {
            let doc = AnalyzedText(text)
            var decoder = EntitySequenceDecoder(table: EntityFeatures().table(for: doc))
            let (tags, margins) = decoder.tagAll(scorer: model)
            #expect(tags.count == doc.tokens.count && margins.count == tags.count)
            for range in decoder.chunks() {
                #expect(range.count <= EntitySequenceDecoder.maxChunk)
                var previous: EntityTag?
                for i in range {
                    #expect(tags[i].canFollow(previous, atSentenceEnd: i + 1 == range.upperBound))
                    previous = tags[i]
                }
            }
            #expect(tags.contains { $0.type != nil })
        }
    }

    @Test func hostileTextStaysLinear() {
        // A megabyte of capitalised words with no sentence end, and one of stray punctuation.
        let words = String(repeating: "Alpha Beta Gamma Delta ", count: 45_000)
        let marks = String(repeating: "\u{201C}A.\u{201D} & - 's ", count: 60_000)
        let clock = ContinuousClock()
        for text in [words, marks] {
            let elapsed = clock.measure { _ = analyzer.analyze(text) }
            #expect(elapsed < .seconds(20))
        }
    }
}

/// What a reader's entity list may hold, whatever the weights say.
@Suite struct EntityShapeTests {
    @Test func numbersPronounsAndBylineDatesAreNeverNames() {
        let text = """
        The council's £40m plan was drawn up by Oskar Lindqvist Nov 26 and approved on Tuesday. \
        I’m told it will be finished by Theresa May's successor. Bids came in at 95m.
        """
        let names = TextAnalyzer().analyze(text).entities.map(\.text)
        #expect(!names.contains { $0.first?.isNumber == true }, "\(names)")
        #expect(!names.contains { $0.hasPrefix("I’") || $0 == "I" }, "\(names)")
        #expect(!names.contains { $0.hasSuffix("26") || $0.hasSuffix("Nov") }, "\(names)")
    }

    @Test func spansAreTrimmedNotDroppedWhenANameRemains() {
        let tokens = Tokenizer.tokenize(Array("by Oskar Lindqvist Nov 26 and Theresa May said".unicodeScalars))
        let oskar = tokens.firstIndex { $0.text == "Oskar" }!
        let twentySix = tokens.firstIndex { $0.text == "26" }!
        let range = EntityShape.plausible(first: oskar, last: twentySix, tokens: tokens)
        #expect(range.map { tokens[$0.upperBound].text } == "Lindqvist")
        let theresa = tokens.firstIndex { $0.text == "Theresa" }!
        #expect(EntityShape.plausible(first: theresa, last: theresa + 1, tokens: tokens) == theresa...(theresa + 1))
    }
}
