/// Finds direct quotations and their speakers. Quoted spans come from `QuoteMarks`; a span is
/// kept when it is speech (attributed by a reporting verb, or long enough to be a statement) and
/// dropped when it is a title, a name or a scare quote. Speakers come from the patterns news
/// writing uses: "X said: “…”", "“…,” said X", "“…,” X wrote on X", "according to X", partial
/// quotes ("X described it as “…”"), and "he said" resolved to the last person named.
public struct QuoteFinder: Sendable {
    static let speechVerbs: Set<String> = [
        "said", "says", "say", "saying", "told", "tells", "added", "adds", "asked", "asks", "wrote", "writes",
        "tweeted", "posted", "stated", "states", "explained", "explains", "noted", "notes", "warned", "warns",
        "argued", "argues", "claimed", "claims", "insisted", "insists", "replied", "replies", "responded",
        "continued", "continues", "declared", "declares", "announced", "admitted", "admits", "acknowledged",
        "suggested", "suggests", "recalled", "recalls", "described", "describes", "called", "calls", "urged",
        "urges", "vowed", "vows", "promised", "confirmed", "denied", "commented", "remarked", "observed",
        "shouted", "joked", "conceded", "concedes", "predicted", "concluded", "emphasised", "emphasized",
        "stressed", "complained", "praised", "criticised", "criticized", "accused", "labelled", "labeled",
        "branded", "dismissed", "hailed", "reported", "testified", "blogged", "cautioned", "pleaded",
        "demanded", "lamented", "boasted", "agreed", "answered", "countered", "whispered", "screamed",
        "yelled", "chanted", "texted", "insisting", "adding", "telling", "writing", "explaining", "warning",
        "describing", "calling", "read", "reads", "reading", "believes", "thinks", "thought", "felt", "feels",
        "announces", "maintained", "maintains", "reiterated", "revealed", "reveals", "assured", "quipped",
        "exclaimed", "cried", "sang", "mused", "noting", "arguing", "claiming", "stating", "according", "dubbed", "characterized", "characterised",
        "characterizes", "characterises", "promising", "recommending", "recommended", "pledged", "pledging",
    ]
    /// Verbs that report written signs rather than a speaker: their quotes have no speaker.
    static let signVerbs: Set<String> = ["read", "reads", "reading"]
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
        var strong: Bool
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
        var lastSpeakerAt: (speaker: String, paragraph: Int, end: Int)? = nil
        for (idx, span) in spans.enumerated() {
            let text = span.segments.map { doc.text(from: $0.lowerBound, to: $0.upperBound).trimmingSpaces() }.joined(separator: " ")
            let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
            guard !words.isEmpty else { continue }
            let prevSpanEnd = idx > 0 ? spans[idx - 1].closeMark + 1 : 0
            let nextSpanStart = idx + 1 < spans.count ? spans[idx + 1].openMark : s.count
            let paragraph = paragraphIndex(doc, span.openMark)
            var attribution = attributeAfter(doc: doc, span: span, limit: nextSpanStart, persons: persons, entities: outside, text: text)
            if attribution == nil {
                attribution = attributeBefore(doc: doc, span: span, limit: prevSpanEnd, persons: persons, entities: outside)
            }
            let titleLike = isTitleLike(words: words) || followsNamingCue(doc: doc, span: span)
            if titleLike && !(text.last.map { ".!?".contains($0) } ?? false) { continue }
            var speaker = attribution?.speaker
            if attribution == nil {
                // unattributed: keep statements, drop short scare quotes
                let isStatement = words.count >= 6 || (words.count >= 3 && text.last.map { ".!?".contains($0) } == true)
                guard isStatement else { continue }
                if let last = lastSpeakerAt, paragraph - last.paragraph <= 1 {
                    speaker = last.speaker
                } else {
                    speaker = introducedSpeaker(doc, span: span, persons: persons)
                }
            } else if attribution?.explicitNull == true {
                speaker = nil
            } else if attribution?.continuesPrevious == true {
                guard let last = lastSpeakerAt, paragraph - last.paragraph <= 1 else { continue }
                speaker = last.speaker
            } else if speaker == nil, let last = lastSpeakerAt, paragraph - last.paragraph <= 1 {
                speaker = last.speaker
            }
            if let sp = speaker { lastSpeakerAt = (sp, paragraph, span.closeMark) }
            let start = span.segments.first!.lowerBound
            let end = span.segments.last!.upperBound
            out.append(Quote(text: text, speaker: speaker, start: start, end: end))
        }
        return out
    }

    /// A quote opening its paragraph after a sentence that introduces someone ("The coach,
    /// Gary Holt, was blunt.") is theirs: the last person named in the preceding sentence.
    func introducedSpeaker(_ doc: AnalyzedText, span: QuoteMarks.Span, persons: [Entity]) -> String? {
        let k = doc.tokenIndex(atOrAfter: span.openMark)
        guard k < doc.tokens.count, doc.tokens[k].startsParagraph,
              let si = doc.sentenceIndex(containing: span.openMark), si > 0 else { return nil }
        let previous = doc.sentences[si - 1]
        guard let p = persons.last(where: { $0.start >= previous.start && $0.end <= previous.end }) else { return nil }
        return fullestName(p, persons)
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

    func attributeAfter(doc: AnalyzedText, span: QuoteMarks.Span, limit: Int, persons: [Entity], entities: [Entity], text: String) -> Attribution? {
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
                return Attribution(speaker: doc.text(from: tokens[k + 1].start, to: tokens[e].end), strong: true)
            }
        }
        // a quote ending in a full stop ends its sentence; the next capitalised word starts a new one
        let endsSentence = text.last.map { $0 == "." } ?? false
        while k < tokens.count, tokens[k].kind == .punctuation, [",", "\u{2014}", "\u{2013}", "-"].contains(tokens[k].text) { k += 1 }
        var window: [Int] = []
        var m = k
        while m < tokens.count, tokens[m].start < limit, !tokens[m].startsParagraph, window.count < 14 {
            let t = tokens[m]
            if t.kind == .punctuation, [".", "!", "?", ";"].contains(t.text) { break }
            if t.kind == .quote { break }
            window.append(m)
            m += 1
        }
        guard let verbPos = window.firstIndex(where: { isVerb(tokens[$0]) }) else { return nil }
        if endsSentence, verbPos > 6, tokens[window[0]].isCapitalized { return nil }
        let verb = tokens[window[verbPos]].text.lowercased()
        if Self.signVerbs.contains(verb) { return Attribution(speaker: nil, explicitNull: true, strong: true) }
        if verbPos == 0 || (verbPos <= 1 && ["also", "then", "later"].contains(tokens[window[0]].text.lowercased())) {
            // inverted: said X
            let np = nounPhraseAfter(doc, Array(window[(verbPos + 1)...]))
            guard !np.isEmpty else { return nil }
            return Attribution(speaker: speakerName(doc, np, persons: persons, before: span.openMark), strong: true)
        }
        let np = cleanSubject(doc, Array(window[0..<verbPos]), entities: entities)
        guard !np.isEmpty, np.count <= 12 else { return nil }
        return Attribution(speaker: speakerName(doc, np, persons: persons, before: span.openMark), strong: true)
    }

    /// A reporting verb as written in running text (lower case: "States" in "United States" is not one).
    func isVerb(_ t: Token) -> Bool {
        t.kind == .word && !t.isCapitalized && Self.speechVerbs.contains(t.text)
    }

    // MARK: attribution before the opening mark: "X said: “…”", "X described it as “…”"

    func attributeBefore(doc: AnalyzedText, span: QuoteMarks.Span, limit: Int, persons: [Entity], entities: [Entity]) -> Attribution? {
        let tokens = doc.tokens
        let k = doc.tokenIndex(atOrAfter: span.openMark)
        var window: [Int] = []
        var m = k - 1
        while m >= 0, tokens[m].end <= span.openMark, tokens[m].start >= limit {
            let t = tokens[m]
            if t.kind == .punctuation, [".", "!", "?", ";"].contains(t.text) { break }
            if t.kind == .quote { break }
            window.insert(m, at: 0)
            if t.startsParagraph { break }
            m -= 1
        }
        guard !window.isEmpty else { return nil }
        let reachedPreviousQuote = m >= 0 && tokens[m].kind == .quote && tokens[m].start < limit + 1 && !window.contains { tokens[$0].startsParagraph }
        // "according to X, “…”"
        for (p, ti) in window.enumerated() where tokens[ti].text.lowercased() == "according" && p + 1 < window.count && tokens[window[p + 1]].text.lowercased() == "to" {
            let np = nounPhraseAfter(doc, Array(window[(p + 2)...]))
            if !np.isEmpty { return Attribution(speaker: speakerName(doc, np, persons: persons, before: span.openMark), strong: true) }
        }
        guard let verbPos = window.firstIndex(where: { isVerb(tokens[$0]) && tokens[$0].text != "according" }) else {
            // "…“A” and “B”": the second part continues the first quote's sentence
            if reachedPreviousQuote, window.count <= 8 { return Attribution(speaker: nil, continuesPrevious: true, strong: true) }
            return nil
        }
        let verb = tokens[window[verbPos]].text.lowercased()
        if Self.signVerbs.contains(verb) { return Attribution(speaker: nil, explicitNull: true, strong: true) }
        if verbPos == 0 {
            // "said X: “…”" is rare; "Said the minister: …"
            let np = nounPhraseAfter(doc, Array(window[1...]))
            if np.isEmpty { return nil }
            return Attribution(speaker: speakerName(doc, np, persons: persons, before: span.openMark), strong: true)
        }
        let np = cleanSubject(doc, Array(window[0..<verbPos]), entities: entities)
        guard !np.isEmpty else { return nil }
        if np.count > 14 { return nil }
        return Attribution(speaker: speakerName(doc, np, persons: persons, before: span.openMark), strong: true)
    }

    // MARK: noun phrases

    /// The subject before a reporting verb: drops leading conjunctions and adverbial openers
    /// ("In a statement, the bank"), trailing auxiliaries ("has also"), and picks the comma
    /// segment holding a name ("The operator, Westbay Power,").
    func cleanSubject(_ doc: AnalyzedText, _ idx: [Int], entities: [Entity]) -> [Int] {
        let tokens = doc.tokens
        var items = idx
        while let l = items.last, Self.trailingFillers.contains(tokens[l].text.lowercased()) || tokens[l].kind == .punctuation { items.removeLast() }
        while let f = items.first, Self.leadingFillers.contains(tokens[f].text.lowercased()) || tokens[f].kind == .punctuation { items.removeFirst() }
        // comma segments
        var segments: [[Int]] = [[]]
        for i in items {
            if tokens[i].text == "," || tokens[i].text == "\u{2014}" || tokens[i].text == "(" || tokens[i].text == ")" { segments.append([]); continue }
            segments[segments.count - 1].append(i)
        }
        segments = segments.filter { !$0.isEmpty }
        guard !segments.isEmpty else { return [] }
        if segments.count == 1 { return segments[0] }
        let adverbialOpeners: Set<String> = ["in", "on", "at", "after", "before", "during", "speaking", "writing", "asked", "when", "while", "for", "from", "with", "of", "about", "responding", "commenting", "referring"]
        let candidates = segments.filter { seg in !adverbialOpeners.contains(tokens[seg[0]].text.lowercased()) }
        func holds(_ seg: [Int], _ type: EntityType) -> Bool {
            let lo = tokens[seg.first!].start, hi = tokens[seg.last!].end
            return entities.contains { $0.type == type && $0.start >= lo && $0.end <= hi }
        }
        if let seg = candidates.first(where: { holds($0, .person) }) { return seg }
        if let seg = candidates.first(where: { $0.count <= 3 && Self.pronouns.contains(tokens[$0.last!].text.lowercased()) }) { return seg }
        if let seg = candidates.first(where: { holds($0, .organization) }) { return seg }
        return candidates.last ?? segments.last!
    }

    func isCommonCapital(_ doc: AnalyzedText, _ i: Int) -> Bool {
        let lower = doc.tokens[i].text.lowercased()
        return ["the", "a", "an", "in", "on", "at", "after", "his", "her", "their", "its", "our", "one", "another", "some", "many"].contains(lower)
    }

    /// The noun phrase after an inverted reporting verb: "Dr Ines Varga, who chairs…",
    /// "harbour engineer Jonas Albrecht of the University of Eastmoor" -> up to the name.
    func nounPhraseAfter(_ doc: AnalyzedText, _ idx: [Int]) -> [Int] {
        let tokens = doc.tokens
        var out: [Int] = []
        var sawCapital = false
        for i in idx {
            let t = tokens[i]
            let lower = t.text.lowercased()
            if t.kind == .punctuation && t.text != "-" && t.text != "&" && t.text != "." { break }
            if t.kind == .quote { break }
            if !out.isEmpty, Self.npStops.contains(lower) { break }
            if sawCapital, lower == "of" || lower == "for", !t.isCapitalized { break }
            if t.isCapitalized { sawCapital = true }
            out.append(i)
            if out.count >= 10 { break }
        }
        return out
    }

    /// The speaker text for a noun phrase: a person named in it, the phrase as written, or for a
    /// pronoun the last person named before the quote.
    func speakerName(_ doc: AnalyzedText, _ np: [Int], persons: [Entity], before: Int) -> String? {
        let tokens = doc.tokens
        let lo = tokens[np.first!].start
        let hi = tokens[np.last!].end
        if np.count == 1, Self.pronouns.contains(tokens[np[0]].text.lowercased()) {
            let p = tokens[np[0]].text.lowercased()
            guard p == "he" || p == "she" else { return nil }
            return resolvePronoun(doc, at: lo, persons: persons)
        }
        if np.count > 4, let person = persons.first(where: { $0.start >= lo && $0.end <= hi }) {
            return person.text
        }
        return doc.text(from: lo, to: hi)
    }

    /// "he"/"she": the last person named before, or a role subject ("The prime minister
    /// thanked her…") when that is more recent than any name.
    func resolvePronoun(_ doc: AnalyzedText, at offset: Int, persons: [Entity]) -> String? {
        let tokens = doc.tokens
        guard var si = doc.sentenceIndex(containing: offset) else { return nil }
        let lastPerson = persons.last(where: { $0.end <= offset })
        var steps = 0
        while si >= 0, steps < 4 {
            let sent = doc.sentences[si]
            if let p = lastPerson, p.start >= sent.start { return fullestName(p, persons) }
            // role subject at the start of the sentence
            var k = sent.tokenRange.lowerBound
            if k < sent.tokenRange.upperBound, ["the", "a", "an", "his", "her", "their"].contains(tokens[k].text.lowercased()) {
                k += 1
                var count = 0
                while k < sent.tokenRange.upperBound, count < 4, tokens[k].kind == .word, !tokens[k].isCapitalized {
                    let w = tokens[k].text.lowercased()
                    if EntityCues.roleNouns.contains(w) || w.hasSuffix("man") || w.hasSuffix("woman") {
                        if k + 1 < sent.tokenRange.upperBound, EntityCues.roleNouns.contains(tokens[k + 1].text.lowercased()) { k += 1 }
                        return doc.text(from: tokens[sent.tokenRange.lowerBound].start, to: tokens[k].end)
                    }
                    k += 1
                    count += 1
                }
            }
            si -= 1
            steps += 1
        }
        return lastPerson.map { fullestName($0, persons) }
    }

    func fullestName(_ e: Entity, _ persons: [Entity]) -> String {
        guard let lastWord = e.text.split(separator: " ").last else { return e.text }
        let forms = persons.filter { $0.text.split(separator: " ").last == lastWord }
        return forms.max(by: { $0.text.count < $1.text.count })?.text ?? e.text
    }
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self).unicodeScalars[...]
        while let f = scalars.first, f.properties.isWhitespace { scalars = scalars.dropFirst() }
        while let l = scalars.last, l.properties.isWhitespace { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
