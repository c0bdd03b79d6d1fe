/// Finds direct quotations and their speakers. Quoted spans come from `QuoteMarks`; a span is
/// kept when it is speech (attributed by a reporting verb, or long enough to be a statement) and
/// dropped when it is a title, a name or a scare quote. Speakers come from the patterns news
/// writing uses: "X said: “…”", "“…,” said X", "“…,” X wrote on X", "according to X", partial
/// quotes ("X described it as “…”"), colon introductions ("X: “…”"), and "he said" resolved by
/// `PronounResolver`. Every speaker passes `SpeakerShape` (a person or a body, never a clause)
/// or is left out; a speaker carries into a later quote only when nobody else could be meant.
public struct QuoteFinder: Sendable {
    static let pronouns: Set<String> = ["he", "she", "they", "it", "we", "i", "you"]
    static let leadingFillers: Set<String> = ["and", "but", "so", "then", "meanwhile", "however", "later", "yet", "also", "now", "still", "instead", "earlier"]
    static let trailingFillers: Set<String> = [
        "has", "have", "had", "was", "is", "were", "are", "also", "later", "then", "previously", "once",
        "recently", "further", "simply", "repeatedly", "again", "earlier", "would", "will", "could", "may",
        "might", "has since", "publicly", "reportedly", "subsequently", "quickly", "angrily", "flatly",
        "did", "does", "do", "not", "never", "often", "always", "since", "first", "last", "just",
        "been", "being", "shall", "should", "must", "can", "even", "allegedly", "famously",
    ]
    /// Words after which a quoted phrase is a name, a title or a term, not speech.
    static let strictNamingCues: Set<String> = ["so-called", "named", "titled", "entitled", "nicknamed", "term", "word", "phrase", "hashtag", "slogan"]
    static let namingCues: Set<String> = ["term", "word", "phrase", "hashtag", "slogan", "known", "label", "branded", "called", "album", "song", "film", "book", "novel", "show", "series", "programme", "program", "play", "poem", "article", "report", "campaign", "operation", "project", "movie", "single", "magazine", "newspaper", "journal", "exhibition", "painting"]
    static let npStops: Set<String> = [
        "who", "which", "that", "in", "at", "on", "during", "when", "as", "after", "before", "while", "adding",
        "told", "to", "with", "from", "via", "through", "because", "since", "about", "last", "this", "but",
        "and", "speaking", "writing", "where", "yesterday", "today", "tonight", "earlier", "later", "recently",
        "afterwards", "then", "also",
    ]

    public init() {}

    struct Attribution {
        var speaker: String?
        var explicitNull: Bool = false
        var continuesPrevious: Bool = false
        /// A speaker was named but is not usable (an unresolved pronoun, a clause): the quote
        /// is attributed, and nobody else's name is carried to it.
        var unresolved: Bool = false
        /// The phrase was "he" or "she".
        var personalPronoun: Bool = false
        /// The phrase was "it", and no body opened a sentence of reported speech before it.
        var unresolvedIt: Bool = false
        var strong: Bool
    }

    /// The speaker of the last attributed quote, where it was.
    struct LastSpeaker {
        var speaker: String
        var paragraph: Int
        var closeMark: Int
        /// A body ("the ministry", "Kestrel Airways"), not a person: what a following "it
        /// added" can mean.
        var isBody: Bool
    }

    /// Whether a speaker names a body rather than a person: its head is a body noun, or a
    /// capitalised word that is no tagged person's name and no role of a person.
    static func isBody(_ speaker: String, personKeys: Set<String>) -> Bool {
        let head = PronounResolver.key(speaker)
        if SpeakerShape.bodyNouns.contains(head) { return true }
        let capitalised = PronounResolver.lastWord(speaker).first?.isUppercase == true
        return capitalised && !personKeys.contains(head) && !SpeakerShape.personNouns.contains(head)
    }

    /// The last speaker, when the text lets an unattributed quote be theirs: in the same
    /// paragraph with no other person named in between, or in the next paragraph when that
    /// paragraph opens with the quote (a continuing quote paragraph) and no other person or
    /// body is named since.
    func carriedSpeaker(_ last: LastSpeaker, to span: QuoteMarks.Span, paragraph: Int, doc: AnalyzedText, entities: [Entity]) -> String? {
        guard paragraph == last.paragraph || paragraph == last.paragraph + 1 else { return nil }
        let lastKey = PronounResolver.key(last.speaker)
        var i = PronounResolver.firstIndex(entities, startingAtOrAfter: last.closeMark)
        var seen = 0
        while i < entities.count, entities[i].start < span.openMark {
            let e = entities[i]
            let candidate = e.type == .person || (e.type == .organization && paragraph != last.paragraph)
            if candidate && PronounResolver.key(e.text) != lastKey { return nil }
            seen += 1
            if seen > 64 { return nil }
            i += 1
        }
        if paragraph == last.paragraph { return last.speaker }
        let k = doc.tokenIndex(atOrAfter: span.openMark)
        guard k < doc.tokens.count, doc.tokens[k].startsParagraph, doc.tokens[k].kind == .quote else { return nil }
        return last.speaker
    }

    public func quotes(in doc: AnalyzedText, entities: [Entity]) -> [Quote] {
        let s = doc.scalars
        let spans = QuoteMarks.spans(in: s)
        // spans are in document order and do not overlap: binary search the last one opening before
        let insideQuote: (Int) -> Bool = { offset in
            var lo = 0, hi = spans.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if spans[mid].openMark <= offset { lo = mid + 1 } else { hi = mid }
            }
            return lo > 0 && offset < spans[lo - 1].closeMark
        }
        let outside = entities.filter { !insideQuote($0.start) }
        let persons = outside.filter { $0.type == .person }
        var out: [Quote] = []
        let pronouns = PronounResolver(doc: doc, persons: persons, insideQuote: insideQuote)
        let personKeys = Set(persons.map { PronounResolver.key($0.text) })
        var last: LastSpeaker? = nil
        for (idx, span) in spans.enumerated() {
            let text = span.segments.map { doc.text(from: $0.lowerBound, to: $0.upperBound).trimmingSpaces() }.joined(separator: " ")
            let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
            guard !words.isEmpty else { continue }
            let prevSpanEnd = idx > 0 ? spans[idx - 1].closeMark + 1 : 0
            let nextSpanStart = idx + 1 < spans.count ? spans[idx + 1].openMark : s.count
            let paragraph = paragraphIndex(doc, span.openMark)
            var attribution = attributeAfter(doc: doc, span: span, limit: nextSpanStart, persons: persons, entities: outside, pronouns: pronouns, text: text)
            if attribution == nil {
                attribution = attributeBefore(doc: doc, span: span, limit: prevSpanEnd, persons: persons, entities: outside, pronouns: pronouns)
            }
            let named = followsNamingCue(doc: doc, span: span)
            let titleLike = isTitleLike(words: words) || named
            if titleLike && !(text.last.map { ".!?".contains($0) } ?? false) { continue }
            // a title keeps its full stop inside the marks in American style: CBS's “Face the Nation.”
            if isTitleLike(words: words), words.count >= 2, named || followsPossessiveName(doc: doc, span: span) { continue }
            let carried = last.flatMap { carriedSpeaker($0, to: span, paragraph: paragraph, doc: doc, entities: outside) }
            var speaker = attribution?.speaker
            if attribution == nil {
                // unattributed: keep statements, drop short scare quotes
                let endsSentence = text.last.map { ".!?".contains($0) } == true
                // a short reply that is a sentence of its own, right after someone spoke in the
                // same paragraph (“Victory?” she asked. “Not yet.”), is speech too
                let isStatement = words.count >= 6 || (words.count >= 3 && endsSentence)
                    || (endsSentence && last?.paragraph == paragraph && standsAsSentence(doc, span))
                guard isStatement else { continue }
                speaker = carried ?? introducedSpeaker(doc, span: span, persons: persons, pronouns: pronouns)
                    ?? reportedSpeaker(doc, span: span, persons: persons, pronouns: pronouns)
            } else if attribution?.explicitNull == true {
                speaker = nil
            } else if attribution?.continuesPrevious == true {
                guard let last, last.paragraph == paragraph else { continue }
                speaker = last.speaker
            } else if speaker == nil, attribution?.unresolved != true {
                speaker = carried
            } else if speaker == nil, attribution?.personalPronoun == true, let last, last.paragraph == paragraph {
                // "“…,” said one resident. “…,” she added." - no person named, the speaker goes on
                speaker = carried
            } else if speaker == nil, attribution?.unresolvedIt == true, let last, last.paragraph == paragraph, last.isBody {
                // "“…,” said the agency. “…,” it added." - the body that just spoke goes on
                speaker = carried
            }
            speaker = SpeakerShape.validated(speaker)
            if let sp = speaker {
                last = LastSpeaker(speaker: sp, paragraph: paragraph, closeMark: span.closeMark,
                                   isBody: Self.isBody(sp, personKeys: personKeys))
            }
            let start = span.segments.first!.lowerBound
            let end = span.segments.last!.upperBound
            out.append(Quote(text: text, speaker: speaker, start: start, end: end))
        }
        return out
    }

    /// A quote opening its paragraph after a sentence that introduces someone ("The coach,
    /// Gary Holt, was blunt.") is theirs: the one person named in the preceding sentence (with
    /// two people named there, either could be meant, and the quote keeps no speaker).
    func introducedSpeaker(_ doc: AnalyzedText, span: QuoteMarks.Span, persons: [Entity], pronouns: PronounResolver) -> String? {
        let k = doc.tokenIndex(atOrAfter: span.openMark)
        guard k < doc.tokens.count, doc.tokens[k].startsParagraph,
              let si = doc.sentenceIndex(containing: span.openMark), si > 0 else { return nil }
        let previous = doc.sentences[si - 1]
        let from = PronounResolver.firstIndex(persons, startingAtOrAfter: previous.start)
        let upTo = PronounResolver.firstIndex(persons, startingAtOrAfter: previous.end)
        guard upTo > from, persons[upTo - 1].end <= previous.end else { return nil }
        let named = Set(persons[from..<upTo].map { PronounResolver.key($0.text) })
        guard named.count == 1 else { return nil }
        return pronouns.fullestName(persons[upTo - 1])
    }

    /// A quote right after a sentence of reported speech ("Ms Lind told the council the money
    /// had run out. “…”"), in its paragraph or closing the one before, is that sentence's
    /// speaker: the person named before its reporting verb, when only one is.
    func reportedSpeaker(_ doc: AnalyzedText, span: QuoteMarks.Span, persons: [Entity], pronouns: PronounResolver) -> String? {
        guard let si = doc.sentenceIndex(containing: span.openMark), si > 0 else { return nil }
        let k = doc.tokenIndex(atOrAfter: span.openMark)
        guard k < doc.tokens.count else { return nil }
        // the quote starts its sentence, and the sentence before is in its paragraph, or ends
        // the paragraph before when the quote opens its own
        let own = doc.sentences[si]
        let previous = doc.sentences[si - 1]
        guard own.tokenRange.lowerBound == k || doc.sentences[si].start >= span.openMark,
              previous.paragraph == own.paragraph || (doc.tokens[k].startsParagraph && previous.paragraph + 1 == own.paragraph)
        else { return nil }
        let range = previous.tokenRange
        guard let verb = range.first(where: { isVerb(doc.tokens[$0]) && doc.tokens[$0].text != "according" }) else { return nil }
        let verbStart = doc.tokens[verb].start
        let from = PronounResolver.firstIndex(persons, startingAtOrAfter: previous.start)
        let upTo = PronounResolver.firstIndex(persons, startingAtOrAfter: verbStart)
        guard upTo - from == 1 else { return nil }
        return pronouns.fullestName(persons[from])
    }

    func paragraphIndex(_ doc: AnalyzedText, _ offset: Int) -> Int {
        guard let si = doc.sentenceIndex(containing: offset) else { return 0 }
        return doc.sentences[si].paragraph
    }

    func isTitleLike(words: [Substring]) -> Bool {
        guard words.count <= 12 else { return false }
        let small: Set<String> = ["of", "the", "and", "a", "an", "in", "on", "for", "to", "at", "with", "de", "&", "from", "by", "vs", "vs.", "or", "-", "\u{2013}", "is"]
        var caps = 0
        for (k, w) in words.enumerated() {
            if w.first?.isUppercase == true || w.first?.isNumber == true { caps += 1; continue }
            if k > 0 && small.contains(String(w)) { continue }
            return false
        }
        // a one-word capitalised quote ("Yes.") with end punctuation is speech
        if words.count == 1, let l = words[0].last, ".!?,".contains(l) { return false }
        return caps > 0
    }

    /// The quote opens a sentence: nothing but a finished sentence, a closing quotation mark or
    /// the paragraph's start comes before it.
    func standsAsSentence(_ doc: AnalyzedText, _ span: QuoteMarks.Span) -> Bool {
        let k = doc.tokenIndex(atOrAfter: span.openMark)
        guard k > 0, k < doc.tokens.count, !doc.tokens[k].startsParagraph else { return true }
        let before = doc.tokens[k - 1]
        return before.kind == .quote || (before.kind == .punctuation && [".", "!", "?"].contains(before.text))
    }

    /// The quote comes right after a name's possessive ("the network's", "Channel 4's"): a
    /// programme, a book or a report of theirs.
    func followsPossessiveName(doc: AnalyzedText, span: QuoteMarks.Span) -> Bool {
        let k = doc.tokenIndex(atOrAfter: span.openMark)
        guard k > 0 else { return false }
        let before = doc.tokens[k - 1]
        let lower = before.text.lowercased()
        if lower == "'s" || lower == "’s" { return k > 1 && doc.tokens[k - 2].isCapitalized }
        return before.kind == .word && before.isCapitalized && (lower.hasSuffix("'s") || lower.hasSuffix("’s"))
    }

    func followsNamingCue(doc: AnalyzedText, span: QuoteMarks.Span) -> Bool {
        let k = doc.tokenIndex(atOrAfter: span.openMark)
        var p = k - 1
        while p >= 0, doc.tokens[p].kind == .punctuation && doc.tokens[p].text != "," { p -= 1 }
        guard p >= 0 else { return false }
        let w = doc.tokens[p].text.lowercased()
        if w == "as", p > 0, doc.tokens[p - 1].text.lowercased() == "known" { return true }
        if w == "called" || w == "branded" {
            // "called it “reckless”" is speech; "a group called “X”" is a name
            return !(p + 1 < doc.tokens.count && ["it", "them", "him", "her", "this", "that"].contains(doc.tokens[p + 1].text.lowercased()))
                && !(p > 0 && ["it", "them", "him", "her", "this", "that"].contains(doc.tokens[p - 1].text.lowercased()))
        }
        if Self.strictNamingCues.contains(w) { return true }
        // noun cues need a determiner: "the report “X”", "his new album “Y”"
        guard Self.namingCues.contains(w) else { return false }
        let determiners: Set<String> = ["the", "a", "an", "his", "her", "their", "its", "our", "this"]
        let modifiers: Set<String> = ["new", "latest", "hit", "debut", "first", "second", "final", "annual", "recent", "famous", "short"]
        func word(_ k: Int) -> String { k >= 0 ? doc.tokens[k].text.lowercased() : "" }
        return determiners.contains(word(p - 1)) || (determiners.contains(word(p - 2)) && modifiers.contains(word(p - 1)))
    }

    // MARK: attribution after the closing mark: "“…,” said X" / "“…,” X said"

    func attributeAfter(doc: AnalyzedText, span: QuoteMarks.Span, limit: Int, persons: [Entity], entities: [Entity], pronouns: PronounResolver, text: String) -> Attribution? {
        guard span.closed else { return nil }
        let tokens = doc.tokens
        var k = doc.tokenIndex(atOrAfter: span.closeMark + 1)
        guard k < tokens.count, !tokens[k].startsParagraph else { return nil }
        // "“…” – Alicia Kearns": a dash and a name closing the line
        if ["\u{2014}", "\u{2013}", "-"].contains(tokens[k].text), k + 1 < tokens.count, !tokens[k + 1].startsLine, tokens[k + 1].isCapitalized {
            var e = k + 1
            while e + 1 < tokens.count, !tokens[e + 1].startsLine, e - k < 6,
                  tokens[e + 1].kind == .word || tokens[e + 1].text == "." { e += 1 }
            if e + 1 >= tokens.count || tokens[e + 1].startsLine || tokens[e + 1].text == "," || tokens[e + 1].text == "(" {
                let name = doc.text(from: tokens[k + 1].start, to: tokens[e].end)
                if SpeakerShape.isNounPhrase(name) { return Attribution(speaker: name, strong: true) }
            }
        }
        // a quote ending in a full stop ends its sentence; the next capitalised word starts a new one
        let endsSentence = text.last.map { $0 == "." } ?? false
        while k < tokens.count, tokens[k].kind == .punctuation, [",", "\u{2014}", "\u{2013}", "-"].contains(tokens[k].text) { k += 1 }
        var window: [Int] = []
        var m = k
        while m < tokens.count, tokens[m].start < limit, !tokens[m].startsParagraph, window.count < 14 {
            let t = tokens[m]
            if t.kind == .punctuation, [".", "!", "?", ";"].contains(t.text), !isAbbreviationDot(doc, m) { break }
            if t.kind == .quote { break }
            window.append(m)
            m += 1
        }
        guard let verbPos = window.firstIndex(where: { isVerb(tokens[$0]) }) else { return nil }
        if endsSentence, verbPos > 6, tokens[window[0]].isCapitalized { return nil }
        let verb = tokens[window[verbPos]].text.lowercased()
        if SpeechVerbs.sign.contains(verb) {
            return documentSpeaker(doc, Array(window[0..<verbPos]), entities: entities) ?? Attribution(speaker: nil, explicitNull: true, strong: true)
        }
        if verb == "according", verbPos + 1 < window.count, tokens[window[verbPos + 1]].text.lowercased() == "to" {
            // "“…,” according to a statement from the board."
            let np = accordingTo(doc, Array(window[(verbPos + 2)...]), entities: entities)
            guard !np.isEmpty else { return nil }
            return attribution(doc, np, persons: persons, pronouns: pronouns)
        }
        if verbPos == 0 || (verbPos <= 1 && ["also", "then", "later"].contains(tokens[window[0]].text.lowercased())) {
            // inverted: said X
            let np = nounPhraseAfter(doc, Array(window[(verbPos + 1)...]), entities: entities)
            guard !np.isEmpty else { return nil }
            return attribution(doc, np, persons: persons, pronouns: pronouns)
        }
        let np = cleanSubject(doc, Array(window[0..<verbPos]), entities: entities)
        guard !np.isEmpty, np.count <= 12 else { return nil }
        return attribution(doc, np, persons: persons, pronouns: pronouns)
    }

    /// The full stop of a title or an initial ("Rep. Delgado", "Sen. Hadley", "J. Mensah"),
    /// which does not end the attribution.
    func isAbbreviationDot(_ doc: AnalyzedText, _ m: Int) -> Bool {
        guard m > 0, doc.tokens[m].text == ".", doc.tokens[m - 1].end == doc.tokens[m].start else { return false }
        let before = doc.tokens[m - 1]
        guard before.kind == .word, before.isCapitalized else { return false }
        return SentenceSplitter.abbreviations.contains(before.text.lowercased()) || before.text.unicodeScalars.count == 1
    }

    /// A reporting verb as written in running text (lower case: "States" in "United States" is not one).
    func isVerb(_ t: Token) -> Bool {
        t.kind == .word && !t.isCapitalized && SpeechVerbs.reporting.contains(t.text)
    }

    // MARK: attribution before the opening mark: "X said: “…”", "X described it as “…”"

    func attributeBefore(doc: AnalyzedText, span: QuoteMarks.Span, limit: Int, persons: [Entity], entities: [Entity], pronouns: PronounResolver) -> Attribution? {
        let tokens = doc.tokens
        let k = doc.tokenIndex(atOrAfter: span.openMark)
        var window: [Int] = []
        var m = k - 1
        while m >= 0, tokens[m].end <= span.openMark, tokens[m].start >= limit {
            let t = tokens[m]
            if t.kind == .punctuation, [".", "!", "?", ";"].contains(t.text), !isAbbreviationDot(doc, m) { break }
            if t.kind == .quote { break }
            window.append(m)
            if t.startsParagraph { break }
            m -= 1
        }
        window.reverse()
        guard !window.isEmpty else { return nil }
        let reachedPreviousQuote = m >= 0 && tokens[m].kind == .quote && tokens[m].start < limit + 1 && !window.contains { tokens[$0].startsParagraph }
        // "according to X, “…”"
        for (p, ti) in window.enumerated() where tokens[ti].text.lowercased() == "according" && p + 1 < window.count && tokens[window[p + 1]].text.lowercased() == "to" {
            let np = accordingTo(doc, Array(window[(p + 2)...]), entities: entities)
            if !np.isEmpty, let found = attribution(doc, np, persons: persons, pronouns: pronouns) { return found }
        }
        guard let verbPos = window.firstIndex(where: { isVerb(tokens[$0]) && tokens[$0].text != "according" }) else {
            // "…“A” and “B”": the second part continues the first quote's sentence
            if reachedPreviousQuote, window.count <= 8 { return Attribution(speaker: nil, continuesPrevious: true, strong: true) }
            return colonIntroduction(doc, window, persons: persons, entities: entities)
        }
        let verb = tokens[window[verbPos]].text.lowercased()
        if SpeechVerbs.sign.contains(verb) {
            return documentSpeaker(doc, Array(window[0..<verbPos]), entities: entities) ?? Attribution(speaker: nil, explicitNull: true, strong: true)
        }
        if let np = participleSubject(doc, Array(window[0..<verbPos]), verb: verb) {
            return attribution(doc, np, persons: persons, pronouns: pronouns)
        }
        if verbPos == 0 {
            // "said X: “…”" is rare; "Said the minister: …"
            let np = nounPhraseAfter(doc, Array(window[1...]), entities: entities)
            if np.isEmpty { return nil }
            return attribution(doc, np, persons: persons, pronouns: pronouns)
        }
        let np = cleanSubject(doc, Array(window[0..<verbPos]), entities: entities)
        guard !np.isEmpty else { return nil }
        if np.count > 14 { return nil }
        return attribution(doc, np, persons: persons, pronouns: pronouns)
    }

    /// "…, with Holm stating: “…”": a participle's own subject, the words between "with" and
    /// the verb, rather than whoever the sentence named first.
    func participleSubject(_ doc: AnalyzedText, _ before: [Int], verb: String) -> [Int]? {
        guard verb.hasSuffix("ing"), before.count >= 2 else { return nil }
        let tokens = doc.tokens
        var np: [Int] = []
        for i in before.reversed() {
            let t = tokens[i]
            if t.kind == .word, t.text.lowercased() == "with" {
                return np.isEmpty ? nil : np.reversed()
            }
            if t.kind != .word, !["'", "’", "-", "."].contains(t.text) { return nil }
            np.append(i)
            if np.count > 6 { return nil }
        }
        return nil
    }

    /// "The agency's letter reads: “…”": a document of a body speaks for it, as written; a
    /// sign, a banner or a placard that reads something has no speaker (nil).
    func documentSpeaker(_ doc: AnalyzedText, _ before: [Int], entities: [Entity]) -> Attribution? {
        let np = cleanSubject(doc, before, entities: entities)
        guard let last = np.last, np.count <= 8 else { return nil }
        let tokens = doc.tokens
        let head = SpeakerShape.withoutPossessive(tokens[last].text.lowercased())
        guard SpeakerShape.bodyNouns.contains(head) else { return nil }
        let text = doc.text(from: tokens[np[0]].start, to: tokens[last].end)
        return SpeakerShape.isNounPhrase(text) ? Attribution(speaker: text, strong: true) : nil
    }

    /// "it said": the body that opened a sentence of reported speech just before ("The ministry
    /// said on Monday… “…,” it said."), named as written; never a person.
    func bodyAntecedent(_ doc: AnalyzedText, before offset: Int, persons: [Entity]) -> String? {
        let tokens = doc.tokens
        guard let si = doc.sentenceIndex(containing: offset) else { return nil }
        var s = si
        while s >= 0, s >= si - 2 {
            let sentence = doc.sentences[s]
            var k = sentence.tokenRange.lowerBound
            while k < sentence.tokenRange.upperBound, Self.leadingFillers.contains(tokens[k].text.lowercased()) { k += 1 }
            let subjectStart = k
            while k < sentence.tokenRange.upperBound, k - subjectStart < 7, tokens[k].kind == .word || tokens[k].text == "'s" || tokens[k].text == "’s" || tokens[k].text == "&" {
                if isVerb(tokens[k]) { break }
                k += 1
            }
            if k > subjectStart, k < sentence.tokenRange.upperBound, isVerb(tokens[k]), tokens[k].text != "according", tokens[k].start < offset {
                let lo = tokens[subjectStart].start, hi = tokens[k - 1].end
                let text = doc.text(from: lo, to: hi)
                let from = PronounResolver.firstIndex(persons, startingAtOrAfter: lo)
                let upTo = PronounResolver.firstIndex(persons, startingAtOrAfter: hi)
                let isPerson = persons[from..<max(from, upTo)].contains { $0.end == hi }
                let head = SpeakerShape.withoutPossessive(tokens[k - 1].text.lowercased())
                let named = tokens[k - 1].isCapitalized && !SpeakerShape.determiners.contains(head)
                if !isPerson, SpeakerShape.isNounPhrase(text), SpeakerShape.bodyNouns.contains(head) || named {
                    return text
                }
                return nil
            }
            s -= 1
        }
        return nil
    }

    /// "Ms Lind: “…”" or "The harbour master: “…”": a colon right before the quote, after a
    /// short noun phrase that opens its sentence and names a person or body.
    func colonIntroduction(_ doc: AnalyzedText, _ window: [Int], persons: [Entity], entities: [Entity]) -> Attribution? {
        let tokens = doc.tokens
        guard let colon = window.last, tokens[colon].text == ":", window.count >= 2, window.count <= 7 else { return nil }
        let np = Array(window.dropLast())
        guard np.allSatisfy({ tokens[$0].kind == .word || [".", "'", "’", "-", "&"].contains(tokens[$0].text) }) else { return nil }
        let lo = tokens[np[0]].start, hi = tokens[np[np.count - 1]].end
        let text = doc.text(from: lo, to: hi)
        let named = entities.contains { ($0.type == .person || $0.type == .organization) && $0.start >= lo && $0.end <= hi }
        let last = tokens[np[np.count - 1]].text.lowercased()
        guard named || SpeakerShape.isPersonOrBodyNoun(last), SpeakerShape.isNounPhrase(text) else { return nil }
        return Attribution(speaker: text, strong: true)
    }

    // MARK: noun phrases

    /// The subject before a reporting verb: drops leading conjunctions and adverbial openers
    /// ("In a statement, the bank"), trailing auxiliaries ("has also"), and picks the comma
    /// segment holding a name ("The operator, Westbay Power,").
    func cleanSubject(_ doc: AnalyzedText, _ idx: [Int], entities: [Entity]) -> [Int] {
        let tokens = doc.tokens
        var items = Self.quotedAs(tokens, idx)
        while let l = items.last, Self.trailingFillers.contains(tokens[l].text.lowercased()) || tokens[l].kind == .punctuation { items.removeLast() }
        while let f = items.first, Self.leadingFillers.contains(tokens[f].text.lowercased()) || tokens[f].kind == .punctuation { items.removeFirst() }
        // "As the author told the paper, “…”": the subject follows the "as"
        if let f = items.first, items.count > 1, tokens[f].text.lowercased() == "as" { items.removeFirst() }
        // comma segments
        var segments: [[Int]] = [[]]
        for i in items {
            if tokens[i].text == "," || tokens[i].text == "\u{2014}" || tokens[i].text == "(" || tokens[i].text == ")" { segments.append([]); continue }
            segments[segments.count - 1].append(i)
        }
        segments = segments.filter { !$0.isEmpty }
        guard !segments.isEmpty else { return [] }
        if segments.count == 1 { return withoutReducedRelative(doc, segments[0]) }
        let adverbialOpeners: Set<String> = ["in", "on", "at", "after", "before", "during", "speaking", "writing", "asked", "when", "while", "for", "from", "with", "of", "about", "responding", "commenting", "referring"]
        // a relative clause ("who spoke on condition of anonymity") is never the subject
        let candidates = segments.filter { seg in
            let opener = tokens[seg[0]].text.lowercased()
            return !adverbialOpeners.contains(opener) && !SpeakerShape.clauseWords.contains(opener)
        }
        func holds(_ seg: [Int], _ type: EntityType) -> Bool {
            let lo = tokens[seg.first!].start, hi = tokens[seg.last!].end
            return entities.contains { $0.type == type && $0.start >= lo && $0.end <= hi }
        }
        if let seg = candidates.first(where: { holds($0, .person) }) { return seg }
        if let seg = candidates.first(where: { $0.count <= 3 && Self.pronouns.contains(tokens[$0.last!].text.lowercased()) }) { return seg }
        if let seg = candidates.first(where: { holds($0, .organization) }) { return seg }
        // "Piet Varga, the trade minister," when the tagger named neither: the segment that is a name
        let isName: ([Int]) -> Bool = { seg in
            seg.count <= 5 && seg.allSatisfy { tokens[$0].isCapitalized || EntityCues.nameParticles.contains(tokens[$0].text) }
                && !self.isCommonCapital(doc, seg[0])
        }
        if let seg = candidates.first(where: isName) { return seg }
        return candidates.last ?? segments.last!
    }

    /// "The senator was quoted as (saying)" -> "The senator was"; "the paper quoted him as" ->
    /// "him": whoever is quoted is the speaker, not whoever did the quoting.
    static func quotedAs(_ tokens: [Token], _ idx: [Int]) -> [Int] {
        guard let last = idx.lastIndex(where: { tokens[$0].kind != .punctuation }),
              tokens[idx[last]].text.lowercased() == "as",
              let quoted = idx[..<last].lastIndex(where: { tokens[$0].text.lowercased() == "quoted" }),
              last - quoted <= 6 else { return idx }
        let object = Array(idx[(quoted + 1)..<last])
        return object.isEmpty ? Array(idx[..<quoted]) : object
    }

    /// "A leaked letter seen by reporters" -> "A leaked letter": a past participle with "by"
    /// after the head of a subject describes it and is not part of its name.
    func withoutReducedRelative(_ doc: AnalyzedText, _ np: [Int]) -> [Int] {
        let tokens = doc.tokens
        guard np.count >= 4 else { return np }
        for p in 1..<(np.count - 1) where tokens[np[p + 1]].text == "by" {
            let word = tokens[np[p]].text
            guard !tokens[np[p]].isCapitalized, word.hasSuffix("ed") || word.hasSuffix("en") || word == "seen" else { continue }
            return Array(np[..<p])
        }
        return np
    }

    func isCommonCapital(_ doc: AnalyzedText, _ i: Int) -> Bool {
        let lower = doc.tokens[i].text.lowercased()
        return ["the", "a", "an", "in", "on", "at", "after", "his", "her", "their", "its", "our", "one", "another", "some", "many"].contains(lower)
    }

    /// The one "according to" names: "according to the ministry" -> "the ministry"; "according
    /// to a statement from the electoral board" -> "the electoral board" (a document speaks for
    /// whoever issued it).
    func accordingTo(_ doc: AnalyzedText, _ idx: [Int], entities: [Entity]) -> [Int] {
        let tokens = doc.tokens
        for (p, i) in idx.prefix(4).enumerated() where Self.documentNouns.contains(tokens[i].text.lowercased()) {
            var q = p + 1
            if q < idx.count, ["issued", "released", "published", "sent"].contains(tokens[idx[q]].text.lowercased()) { q += 1 }
            guard q + 1 < idx.count, ["from", "by", "of"].contains(tokens[idx[q]].text.lowercased()) else { break }
            let issuer = nounPhraseAfter(doc, Array(idx[(q + 1)...]), entities: entities)
            if !issuer.isEmpty { return issuer }
            break
        }
        return nounPhraseAfter(doc, idx, entities: entities)
    }

    /// Documents that speak for whoever issued them, in "according to a statement from X".
    static let documentNouns: Set<String> = [
        "statement", "statements", "report", "letter", "filing", "document", "documents", "memo", "note",
        "release", "post", "email", "message", "transcript", "notice", "announcement", "remarks", "comments",
        "readout", "communique", "communiqué",
    ]

    /// The noun phrase after an inverted reporting verb: "Dr Ines Varga, who chairs…",
    /// "harbour engineer Jonas Albrecht of the University of Eastmoor" -> up to the name.
    func nounPhraseAfter(_ doc: AnalyzedText, _ idx: [Int], entities: [Entity] = []) -> [Int] {
        let tokens = doc.tokens
        var out: [Int] = []
        var sawCapital = false
        for i in idx {
            let t = tokens[i]
            let lower = t.text.lowercased()
            if t.kind == .punctuation && t.text != "-" && t.text != "&" && t.text != "." { break }
            if t.kind == .quote { break }
            if !out.isEmpty, Self.npStops.contains(lower) { break }
            // "of" inside a name the tagger found ("the Royal College of Nursing") is part of it
            if sawCapital, lower == "of" || lower == "for", !t.isCapitalized,
               !entities.contains(where: { $0.type != .person && $0.start < t.start && $0.end > t.end }) { break }
            if t.isCapitalized { sawCapital = true }
            out.append(i)
            if out.count >= 10 { break }
        }
        return out
    }

    /// The attribution a noun phrase gives: a person named in it, the phrase as written, or for
    /// "he"/"she" the person `PronounResolver` found. Nil when the phrase is not a noun phrase
    /// naming someone (a clause, a fragment), so that another pattern may try.
    func attribution(_ doc: AnalyzedText, _ np: [Int], persons: [Entity], pronouns: PronounResolver) -> Attribution? {
        let tokens = doc.tokens
        guard let first = np.first, let last = np.last else { return nil }
        let lo = tokens[first].start
        let hi = tokens[last].end
        if np.count == 1, Self.pronouns.contains(tokens[first].text.lowercased()) {
            // "they said", "it said", or a pronoun the text does not settle: attributed, unnamed
            let word = tokens[first].text.lowercased()
            let name = word == "it" ? bodyAntecedent(doc, before: lo, persons: persons) : pronouns.resolved[first]
            return Attribution(speaker: name, unresolved: name == nil, personalPronoun: word == "he" || word == "she",
                               unresolvedIt: word == "it" && name == nil, strong: true)
        }
        if np.count == 1, ["him", "her"].contains(tokens[first].text.lowercased()) {
            // "the paper quoted him as saying"
            let name = pronouns.resolved[first]
            return Attribution(speaker: name, unresolved: name == nil, personalPronoun: true, strong: true)
        }
        var text = doc.text(from: lo, to: hi)
        // a long phrase ("the rail operator's spokesperson Sam Eriksen") is named by the person
        // at its end; a phrase that does not end on a person is kept as written when it can be
        let upTo = PronounResolver.firstIndex(persons, startingAtOrAfter: hi)
        if np.count > 4, upTo > 0, persons[upTo - 1].start >= lo, persons[upTo - 1].end <= hi,
           persons[upTo - 1].end == hi || !SpeakerShape.isNounPhrase(text) {
            // the name, widened over given names and particles the tagger left out ("Ursula von der")
            var k = doc.tokenIndex(atOrAfter: persons[upTo - 1].start)
            while k - 1 >= first, tokens[k - 1].kind == .word,
                  tokens[k - 1].isCapitalized && !EntityCues.titles.contains(tokens[k - 1].text.lowercased())
                    || EntityCues.nameParticles.contains(tokens[k - 1].text) {
                k -= 1
            }
            while k < last, EntityCues.nameParticles.contains(tokens[k].text) { k += 1 }
            text = doc.text(from: tokens[k].start, to: persons[upTo - 1].end)
        }
        guard SpeakerShape.isNounPhrase(text) else { return nil }
        return Attribution(speaker: text, strong: true)
    }
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self).unicodeScalars[...]
        while let f = scalars.first, f.fastIsWhitespace { scalars = scalars.dropFirst() }
        while let l = scalars.last, l.fastIsWhitespace { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
