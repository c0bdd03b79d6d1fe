import Testing
@testable import TextAnalysis

@Suite struct TokenizerTests {
    func texts(_ s: String) -> [String] { Tokenizer.tokenize(Array(s.unicodeScalars)).map(\.text) }

    @Test func keepsAbbreviationsDecimalsAndHyphens() {
        #expect(texts("The U.S. economy grew 4.5% to $1,200.50 under al-Qaeda's threat.") ==
                ["The", "U.S.", "economy", "grew", "4.5", "%", "to", "$", "1,200.50", "under", "al-Qaeda", "'s", "threat", "."])
    }

    @Test func offsetsCountUnicodeScalarsNotBytes() {
        let text = "“Café” — Zoë said."
        let tokens = Tokenizer.tokenize(Array(text.unicodeScalars))
        let zoe = tokens.first { $0.text == "Zoë" }!
        #expect(zoe.start == 9 && zoe.end == 12)
        #expect(tokens[0].kind == .quote)
    }

    @Test func splitsListCommasButNotThousands() {
        #expect(texts("1,2 and 12,000") == ["1", ",", "2", "and", "12,000"])
    }

    @Test func hostileInputsDoNotCrash() {
        #expect(texts("").isEmpty)
        #expect(texts("\"\"\"“”’'...").count == 10)
        _ = texts(String(repeating: "a-", count: 5000))
        _ = texts("👩‍👩‍👧 🇺🇦 \u{0}\u{200B}")
    }
}

@Suite struct SentenceSplitterTests {
    func sentences(_ s: String) -> [String] {
        let doc = AnalyzedText(s)
        return doc.sentences.map { doc.text(of: $0) }
    }

    @Test func survivesTitlesAbbreviationsAndDecimals() {
        let s = sentences("Mr. Smith met Dr. Jones at No. 10 on Friday. Prices rose 4.5 per cent. The U.S. team won.")
        #expect(s == ["Mr. Smith met Dr. Jones at No. 10 on Friday.", "Prices rose 4.5 per cent.", "The U.S. team won."])
    }

    @Test func keepsClosingQuoteWithItsSentence() {
        let s = sentences("He said: “It is over.” Then he left. “Why?” she asked.")
        #expect(s == ["He said: “It is over.”", "Then he left.", "“Why?” she asked."])
    }

    @Test func headlinesAndParagraphsAreSeparateSentences() {
        let s = sentences("Storm hits coast\n\nWinds reached 90mph\nin places. Power was cut.")
        #expect(s.first == "Storm hits coast")
        #expect(s.count == 4)
        #expect(AnalyzedText("Storm hits coast\n\nWinds reached 90mph.").sentences.map(\.paragraph) == [0, 1])
    }

    @Test func initialsDoNotEndSentences() {
        #expect(sentences("George W. Bush spoke. It rained.").count == 2)
    }
}

@Suite struct LexiconsTests {
    @Test func listFormatSkipsCommentsAndBlankLines() {
        let text = "# header\nParis\n\n  New York \r\nKyiv"
        #expect(Lexicons.parse(text) == ["Paris", "New York", "Kyiv"])
        #expect(Lexicons.parse(bytes: Array(text.utf8)) == ["Paris", "New York", "Kyiv"])
    }

    @Test func bundledListsAreLoaded() {
        let lex = Lexicons.bundled
        #expect(lex.places.contains("London"))
        #expect(lex.givenNames.contains("Alicia"))
        #expect(lex.commonWords.contains("police"))
        #expect(lex.organisations.contains("United Nations"))
        #expect(lex.demonyms.contains("Ukrainian"))
    }
}
