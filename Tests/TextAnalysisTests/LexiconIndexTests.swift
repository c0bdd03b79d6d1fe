import FeedwatchTesting
import Testing
@testable import TextAnalysis

/// The hashed index the entity tagger probes answers exactly as the bundled word lists do, for
/// every listed word and for words no list holds; a phrase's hash built word by word is the
/// hash of the phrase.
@Suite struct LexiconIndexTests {
    let lexicons = Lexicons.bundled

    func expected(_ word: String) -> LexiconIndex.Lists {
        var lists: LexiconIndex.Lists = []
        if lexicons.places.contains(word) { lists.insert(.place) }
        if lexicons.givenNames.contains(word) { lists.insert(.givenName) }
        if lexicons.surnames.contains(word) { lists.insert(.surname) }
        if lexicons.commonWords.contains(word) { lists.insert(.common) }
        if lexicons.demonyms.contains(word) { lists.insert(.demonym) }
        if lexicons.organisations.contains(word) { lists.insert(.organisation) }
        return lists
    }

    @Test func everyListedWordHasExactlyItsLists() {
        let all = lexicons.places.union(lexicons.givenNames).union(lexicons.surnames).union(lexicons.commonWords)
            .union(lexicons.demonyms).union(lexicons.organisations)
        #expect(all.count > 10_000)
        var wrong: [String] = []
        for word in all where lexicons.index.lists(of: word) != expected(word) { wrong.append(word) }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
    }

    @Test func wordsNoListHoldsHaveNone() {
        var random = SplitMix64(seed: 41)
        var wrong: [String] = []
        for _ in 0..<20_000 {
            let length = Int(random.next() % 9) + 3
            let word = String((0..<length).map { _ in Character(Unicode.Scalar(UInt8(97 + random.next() % 26))) })
            let variants = [word, word.capitalized, word.uppercased(), word + " " + word]
            for w in variants where lexicons.index.lists(of: w) != expected(w) { wrong.append(w) }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
    }

    @Test func aPhraseHashGrowsWordByWord() {
        let words = ["Bank", "of", "Nowhere", "Ltd"]
        var hash = FeatureHash.of(words[0])
        for word in words.dropFirst() { hash = FeatureHash.extend(FeatureHash.extend(hash, with: " "), with: word) }
        #expect(hash == FeatureHash.of(words.joined(separator: " ")))
    }
}
