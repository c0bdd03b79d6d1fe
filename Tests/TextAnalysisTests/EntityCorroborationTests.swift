import Foundation
import Testing
@testable import TextAnalysis

/// What a reader's entity list may show: names whose type the document backs. Invented
/// companies, people and places throughout, so no word list can know them.
@Suite struct EntityCorroborationTests {
    let analyzer = TextAnalyzer()

    func listed(_ text: String, as type: EntityType) -> Set<String> {
        Set(analyzer.analyze(text).confidentEntities.filter { $0.type == type }.map(\.text))
    }

    @Test func aCompanyNamedForItsTradeIsNeverAPerson() {
        let text = """
        Velmora Semiconductor will build a second factory outside Dunhaven, the company said on Tuesday. \
        Chief executive Petra Lindqvist said the plant would employ 900 people. Shares in Velmora Semiconductor \
        rose 4% in early trading, while Ostrander Securities raised its price target.
        """
        let people = listed(text, as: .person)
        #expect(!people.contains("Velmora Semiconductor"))
        #expect(!people.contains("Ostrander Securities"))
        #expect(people.contains("Petra Lindqvist"))
        let all = analyzer.analyze(text).entities
        #expect(all.filter { $0.text == "Velmora Semiconductor" }.allSatisfy { $0.type != .person })
    }

    @Test func aLoneUnknownWordIsNotListedAsAPerson() {
        // "Zentrova" is a company the text never calls one; a person would be introduced in full.
        let text = """
        Zentrova said it had found no evidence that payment details were taken. The breach affected \
        1.2 million accounts, according to regulator Miriam Okonjo, who said Zentrova had reported it late.
        """
        let people = listed(text, as: .person)
        #expect(!people.contains("Zentrova"))
        #expect(people.contains("Miriam Okonjo"))
    }

    @Test func aSurnameAfterTheFullNameIsStillThePerson() {
        let text = """
        Harbour master Tobias Renwick closed the channel at dawn. Renwick said the closure would last until \
        the wind dropped, and Mr Aldane, his deputy, agreed.
        """
        let people = listed(text, as: .person)
        #expect(people.contains("Tobias Renwick"))
        #expect(people.contains("Renwick"))
    }

    @Test func aWordCutFromALongerPlaceNameIsNotAPersonOfItsOwn() throws {
        let text = """
        Ferries from Port Kessaly were cancelled on Friday. Dock workers at Kessaly said the harbour gates \
        stayed shut, and the Port Kessaly authority promised an update by noon.
        """
        let people = listed(text, as: .person)
        #expect(!people.contains("Kessaly"))
        #expect(!people.contains("Port Kessaly"))
        // The rule itself, whatever the weights read: a lone "person" word that is part of a
        // longer place name is marked unsure.
        let tokens = Tokenizer.tokenize(Array(text.unicodeScalars))
        let words = tokens.indices.filter { tokens[$0].text == "Port" || tokens[$0].text == "Kessaly" }
        let port = try #require(words.first)
        let lone = try #require(words.first { $0 > port + 1 && tokens[$0].text == "Kessaly" })
        let names = EntityCorroboration.apply([
            EntityRecognizer.Name(first: port, last: port + 1, type: .location, confidence: 30),
            EntityRecognizer.Name(first: lone, last: lone, type: .person, confidence: 30),
        ], tokens: tokens, lexicons: .bundled)
        #expect(names.count == 2 && names[1].confidence < Float(EntityRecognizer.confidentMargin))
        #expect(names[0].confidence == 30)
    }

    @Test func anOrdinaryWordWithACapitalIsNotAName() {
        let text = "The Union said members would vote next week. Union leaders met ministers in Calderford on Monday."
        let listedNames = analyzer.analyze(text).confidentEntities.map(\.text)
        #expect(!listedNames.contains("Union"))
    }
}
