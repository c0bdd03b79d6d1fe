/// Resolves "he" and "she" in a document's narration (outside quotation marks) to the person
/// they refer to, so that "“…,” she said" names the speaker. One pass in reading order:
///
/// - a person's gender comes from a title ("Mr", "Mrs", "Ms", "Sir", "Dame"…), a gendered role
///   word before the name ("spokeswoman", "chairman") or a common given name (`GivenNames`);
///   when none says, the first pronoun resolved to that person decides it, and later pronouns
///   must agree;
/// - a pronoun looks back over its own sentence and the four before it, nearest sentence first;
///   in a sentence it prefers the first person named outside a prepositional phrase (the subject
///   usually comes first: in "Ms Lind met Mr Mensah, and she said…" she is Ms Lind);
/// - a person of the other gender is skipped; a person of unknown gender is taken only when no
///   other person who could be meant is in reach, otherwise the pronoun stays unresolved;
/// - a sentence that opens with a role subject ("The harbour master inspected…") offers it when
///   no person is named in that sentence.
struct PronounResolver {
    typealias Gender = GivenNames.Gender

    /// The speaker text for each resolved pronoun, by token index.
    private(set) var resolved: [Int: String] = [:]
    /// The longest form of each person's name, by its last word ("Mensah" -> "Ada Mensah").
    private(set) var fullest: [String: String] = [:]

    static let sentencesBack = 4
    static let maxMentionsInReach = 48
    static let maleTitles: Set<String> = ["mr", "mr.", "sir", "lord", "king", "prince", "duke", "earl", "baron", "count", "emperor", "sultan", "emir", "sheikh", "father", "brother", "uncle", "monsieur", "herr", "señor", "senor"]
    static let femaleTitles: Set<String> = ["mrs", "mrs.", "ms", "ms.", "miss", "dame", "lady", "queen", "princess", "duchess", "countess", "baroness", "empress", "sister", "aunt", "madame", "frau", "señora", "senora"]
    static let prepositions: Set<String> = [
        "in", "on", "at", "with", "to", "about", "by", "for", "from", "of", "alongside", "against", "after", "before",
        "than", "between", "toward", "towards", "like", "over", "under", "beside", "without", "including", "via",
        "among", "behind", "besides", "unlike", "despite", "into", "onto", "upon",
    ]

    init(doc: AnalyzedText, persons: [Entity], insideQuote: (Int) -> Bool) {
        let tokens = doc.tokens
        for p in persons {
            let word = Self.lastWord(p.text)
            if p.text.count > (fullest[word]?.count ?? 0) { fullest[word] = p.text }
        }
        guard !tokens.isEmpty else { return }
        // every person's gender, from titles, gendered roles and given names anywhere in the text
        var gender: [String: Gender] = [:]
        for p in persons {
            let key = Self.key(p.text)
            if gender[key] != nil { continue }
            if let g = Self.evidence(doc, p) { gender[key] = g }
        }
        let pronounTokens = tokens.indices.filter { i in
            let w = tokens[i].text.lowercased()
            return tokens[i].kind == .word && ["he", "she", "his", "her", "him"].contains(w) && !insideQuote(tokens[i].start)
        }
        for t in pronounTokens {
            let offset = tokens[t].start
            var word = tokens[t].text.lowercased()
            let g: Gender = word == "he" || word == "his" || word == "him" ? .male : .female
            guard let si = doc.sentenceIndex(containing: offset) else { continue }
            // an object ("quoted him as saying") is resolved like a subject, but being an object
            // it is weaker evidence: it settles no one's gender
            let isObject = word == "him" || (word == "her" && !Self.isPossessive(doc, t))
            if isObject { word = g == .male ? "he" : "she" }
            if word == "his" || word == "her" {
                // a possessive refers to its clause's subject ("Ms Baptiste met her counterpart"):
                // the one person named before it in the sentence, whose gender it then settles
                let from = Self.firstIndex(persons, startingAtOrAfter: doc.sentences[si].start)
                let upTo = Self.firstIndex(persons, startingAtOrAfter: offset)
                let keys = Set(persons[from..<max(from, upTo)].suffix(Self.maxMentionsInReach).map { Self.key($0.text) })
                if keys.count == 1, let key = keys.first, gender[key] == nil { gender[key] = g }
                continue
            }
            let lowest = max(0, si - Self.sentencesBack)
            // the persons named in reach, found by binary search and capped, so that the pass
            // stays linear on any input
            let from = Self.firstIndex(persons, startingAtOrAfter: doc.sentences[lowest].start)
            let upTo = Self.firstIndex(persons, startingAtOrAfter: offset)
            let reach = persons[max(from, upTo - Self.maxMentionsInReach)..<max(from, upTo)].filter { $0.end <= offset }
            let compatible = reach.filter { gender[Self.key($0.text)] != g.opposite }
            let compatibleKeys = Set(compatible.map { Self.key($0.text) })
            var s = si
            var answer: String? = nil
            while s >= lowest {
                let sentence = doc.sentences[s]
                let here = compatible.filter { $0.start >= sentence.start && $0.start < sentence.end }
                if !here.isEmpty {
                    let chosen = here.first(where: { !Self.inPrepositionalPhrase(doc, $0) }) ?? here[here.count - 1]
                    let key = Self.key(chosen.text)
                    if gender[key] == g || compatibleKeys.count == 1 {
                        if !isObject { gender[key] = g }
                        answer = fullest[Self.lastWord(chosen.text)] ?? chosen.text
                    }
                    break
                }
                let named = reach.contains { $0.start >= sentence.start && $0.start < sentence.end }
                if !named, let role = Self.roleSubject(doc, sentence, gender: g) {
                    answer = role
                    break
                }
                // "Kowalczyk said…" with a name the tagger missed: someone else is speaking
                if !named, s < si, Self.opensWithUntaggedSpeaker(doc, sentence) { break }
                s -= 1
            }
            if let answer { resolved[t] = answer }
        }
    }

    /// "her" before a noun ("her counterpart") rather than as an object ("thanked her for").
    static func isPossessive(_ doc: AnalyzedText, _ t: Int) -> Bool {
        guard t + 1 < doc.tokens.count else { return false }
        let next = doc.tokens[t + 1]
        let w = next.text.lowercased()
        return next.kind == .word && !next.isCapitalized && !prepositions.contains(w) && !SpeakerShape.edgeWords.contains(w)
            && !SpeakerShape.determiners.contains(w) && !SpeakerShape.timeWords.contains(w) && !SpeechVerbs.reporting.contains(w)
    }

    /// A sentence that opens with capitalised words and a reporting verb ("Kowalczyk said",
    /// "Mayor Dunne told") names a speaker, whether or not the tagger saw a person there.
    static func opensWithUntaggedSpeaker(_ doc: AnalyzedText, _ sentence: Sentence) -> Bool {
        let tokens = doc.tokens
        var k = sentence.tokenRange.lowerBound
        var words = 0
        while k < sentence.tokenRange.upperBound, words <= 4 {
            let t = tokens[k]
            guard t.kind == .word else { return false }
            let lower = t.text.lowercased()
            if words == 0, QuoteFinder.leadingFillers.contains(lower) { k += 1; continue }
            if !t.isCapitalized {
                if EntityCues.nameParticles.contains(t.text), words > 0 { k += 1; continue }
                return words > 0 && SpeechVerbs.reporting.contains(t.text) && t.text != "according"
            }
            if words == 0, SpeakerShape.determiners.contains(lower) || SpeakerShape.edgeWords.contains(lower) { return false }
            words += 1
            k += 1
        }
        return false
    }

    /// The identity of a person mention: its last word without a possessive ("Mr Mensah",
    /// "Ada Mensah" and "Mensah's" are one person).
    static func key(_ name: String) -> String {
        let last = name.split(separator: " ").last.map(String.init) ?? name
        return SpeakerShape.withoutPossessive(last.lowercased())
    }

    static func lastWord(_ name: String) -> String {
        name.split(separator: " ").last.map(String.init) ?? name
    }

    /// The index of the first entity starting at or after `offset` (entities are in text order).
    static func firstIndex(_ entities: [Entity], startingAtOrAfter offset: Int) -> Int {
        var lo = 0, hi = entities.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if entities[mid].start < offset { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The longest way the document names the person of a mention ("Mensah" -> "Ada Mensah").
    func fullestName(_ e: Entity) -> String {
        fullest[Self.lastWord(e.text)] ?? e.text
    }

    /// What the text says about a person's gender at one mention: a title or gendered role word
    /// just before it, or its first word as a common given name.
    static func evidence(_ doc: AnalyzedText, _ p: Entity) -> Gender? {
        let words = p.text.split(separator: " ").map { $0.lowercased() }
        if let first = words.first {
            if maleTitles.contains(first) { return .male }
            if femaleTitles.contains(first) { return .female }
        }
        let k = doc.tokenIndex(atOrAfter: p.start)
        if k > 0 {
            let before = doc.tokens[k - 1].text.lowercased()
            if maleTitles.contains(before) { return .male }
            if femaleTitles.contains(before) { return .female }
            if let g = roleGender(before) { return g }
        }
        if words.count >= 2, let g = GivenNames.gender(of: words[0]) { return g }
        if words.count == 1, p.text.first?.isUppercase == true, let g = GivenNames.gender(of: words[0]) { return g }
        return nil
    }

    /// "spokeswoman", "chairwoman", "actress" -> female; "spokesman", "chairman", "actor" -> male.
    static func roleGender(_ word: String) -> Gender? {
        if word.hasSuffix("woman") || word.hasSuffix("women") || word == "actress" || word == "waitress" { return .female }
        if (word.hasSuffix("man") && word.count > 4 && !word.hasSuffix("woman")) || word == "actor" || word == "waiter" { return .male }
        return nil
    }

    /// True when a person mention sits in a prepositional phrase ("talks with Mr Mensah").
    static func inPrepositionalPhrase(_ doc: AnalyzedText, _ p: Entity) -> Bool {
        var k = doc.tokenIndex(atOrAfter: p.start) - 1
        var steps = 0
        // skip titles and roles between the preposition and the name ("with Finance Minister X")
        while k >= 0, steps < 3, doc.tokens[k].kind == .word,
              EntityCues.titles.contains(doc.tokens[k].text.lowercased()) || doc.tokens[k].isCapitalized && steps > 0 {
            k -= 1
            steps += 1
        }
        guard k >= 0, doc.tokens[k].kind == .word else { return false }
        return prepositions.contains(doc.tokens[k].text.lowercased())
    }

    /// A role subject opening a sentence ("The harbour master", "A police spokeswoman") whose
    /// gender does not contradict the pronoun.
    static func roleSubject(_ doc: AnalyzedText, _ sentence: Sentence, gender: Gender) -> String? {
        let tokens = doc.tokens
        let range = sentence.tokenRange
        var k = range.lowerBound
        guard k < range.upperBound, ["the", "a", "an", "his", "her", "their"].contains(tokens[k].text.lowercased()) else { return nil }
        k += 1
        var count = 0
        while k < range.upperBound, count < 4, tokens[k].kind == .word, !tokens[k].isCapitalized {
            let w = tokens[k].text.lowercased()
            if EntityCues.roleNouns.contains(w) || w.hasSuffix("man") || w.hasSuffix("woman") {
                if k + 1 < range.upperBound, EntityCues.roleNouns.contains(tokens[k + 1].text.lowercased()) { k += 1 }
                if let g = roleGender(tokens[k].text.lowercased()), g != gender { return nil }
                return doc.text(from: tokens[range.lowerBound].start, to: tokens[k].end)
            }
            k += 1
            count += 1
        }
        return nil
    }
}

extension GivenNames.Gender {
    var opposite: GivenNames.Gender { self == .male ? .female : .male }
}
