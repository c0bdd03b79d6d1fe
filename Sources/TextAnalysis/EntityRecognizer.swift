/// Finds PERSON / ORG / LOC / MISC mentions without a statistical model: capitalised phrases are
/// chunked, typed by cues (titles, organisation and place words, gazetteers, context) and then
/// made consistent across the document ("Donald Trump" … "Mr Trump" … "Trump" are one person).
public struct EntityRecognizer: Sendable {
    public let lexicons: Lexicons

    public init(lexicons: Lexicons = .bundled) {
        self.lexicons = lexicons
    }

    /// How sure the typing of one mention is; weaker mentions follow stronger ones of the same name.
    enum Evidence: Int, Comparable {
        case guess = 0, context = 1, lexicon = 2, cue = 3
        static func < (a: Evidence, b: Evidence) -> Bool { a.rawValue < b.rawValue }
    }

    struct Mention {
        var first: Int          // token index
        var last: Int           // token index, inclusive
        var type: EntityType
        var evidence: Evidence
        var key: String         // normalised text
    }

    public func entities(in doc: AnalyzedText) -> [Entity] {
        let tokens = doc.tokens
        // Words seen capitalised in a position where capitals mean a name (not sentence-initial).
        var capitalisedInside = Set<String>()
        var lowercaseSeen = Set<String>()
        let uncertain = uncertainPositions(doc)
        for (i, t) in tokens.enumerated() where t.kind == .word {
            if t.isCapitalized {
                if !uncertain[i] { capitalisedInside.insert(t.text) }
            } else {
                lowercaseSeen.insert(t.text)
            }
        }
        var mentions: [Mention] = []
        for sentence in doc.sentences {
            var i = sentence.tokenRange.lowerBound
            let end = sentence.tokenRange.upperBound
            while i < end {
                guard startsName(tokens[i], uncertain: uncertain[i], capitalisedInside: capitalisedInside, lowercaseSeen: lowercaseSeen) else {
                    i += 1
                    continue
                }
                var j = i
                // extend the chunk
                while j + 1 < end {
                    let next = tokens[j + 1]
                    guard next.start - tokens[j].end <= 1 else { break }
                    if next.kind == .word && isNameToken(next) && !EntityCues.nonEntities.contains(next.text.lowercased()) {
                        j += 1
                        continue
                    }
                    // initials and abbreviations inside names: "Jonathan M. Stan", "St. Louis"
                    if next.text == ".", next.start == tokens[j].end, j + 2 < end, isNameToken(tokens[j + 2]),
                       tokens[j].text.count == 1 || ["st", "mt", "ft", "jr", "sr"].contains(tokens[j].text.lowercased()) {
                        j += 2
                        continue
                    }
                    if next.kind == .number, next.text.count <= 2, j + 2 >= end || !isNameToken(tokens[j + 2]) ,
                       ["explorer", "volume", "chapter", "part", "world", "windows", "xbox", "playstation", "iphone", "galaxy", "apollo", "formula"].contains(tokens[j].text.lowercased()) {
                        j += 1
                        continue
                    }
                    if next.kind == .word, j + 2 < end, isNameToken(tokens[j + 2]), tokens[j + 2].start - next.end <= 1 {
                        let w = next.text
                        if EntityCues.nameParticles.contains(w) { j += 2; continue }
                        if w == "at", tokens[i...j].contains(where: { $0.text == "University" }), tokens[i...j].contains(where: { $0.text == "of" }) {
                            j += 2
                            continue
                        }
                        if w == "of" || w == "for" || w == "and" || w == "&" || w == "on" || w == "de" {
                            if joinAllowed(tokens: tokens, chunkStart: i, joinerAt: j + 1) {
                                j += 2
                                // "of the X"
                                continue
                            }
                        }
                        if (w == "of" || w == "for"), j + 3 < end, tokens[j + 2].text == "the", isNameToken(tokens[j + 3]),
                           joinAllowed(tokens: tokens, chunkStart: i, joinerAt: j + 1) {
                            j += 3
                            continue
                        }
                    }
                    // "St Paul's Cathedral", "King's College": a possessive inside a place or organisation name
                    if next.text == "'s", j + 2 < end, isNameToken(tokens[j + 2]),
                       EntityCues.placeHeads.contains(tokens[j + 2].text.lowercased()) || EntityCues.orgHeads.contains(tokens[j + 2].text.lowercased()),
                       j + 3 >= end || !isNameToken(tokens[j + 3]) {
                        j += 2
                        continue
                    }
                    if next.kind == .punctuation, next.text == "&", j + 2 < end, isNameToken(tokens[j + 2]) {
                        j += 2
                        continue
                    }
                    break
                }
                if let m = makeMention(doc: doc, first: i, last: j, uncertain: uncertain, capitalisedInside: capitalisedInside) {
                    mentions.append(contentsOf: m)
                }
                i = j + 1
            }
        }
        mentions = harmonise(mentions, tokens: tokens)
        return mentions.map { m in
            Entity(text: doc.text(from: tokens[m.first].start, to: tokens[m.last].end), type: m.type,
                   start: tokens[m.first].start, end: tokens[m.last].end)
        }
    }

    // MARK: chunking

    func isNameToken(_ t: Token) -> Bool {
        guard t.kind == .word else { return false }
        if t.text == "'s" { return false }
        if let dash = t.text.lastIndex(of: "-") {
            let suffix = t.text[t.text.index(after: dash)...]
            let modifiers: Set<String> = ["led", "based", "backed", "owned", "born", "run", "style", "inspired", "era", "funded", "speaking", "related", "friendly", "controlled", "made", "bound", "linked", "held", "allied", "occupied", "affiliated", "registered", "listed", "themed", "like", "wide", "type", "class"]
            if suffix.first?.isLowercase == true, modifiers.contains(String(suffix)) || (suffix.count > 4 && isCommonWord(String(suffix))) { return false }
        }
        if t.isCapitalized { return true }
        // camel-cased names ("wikiHow"), not hyphenated modifiers ("pro-Beijing")
        return !t.text.contains("-") && t.text.unicodeScalars.contains { $0.properties.isUppercase } && t.text.unicodeScalars.first.map { Tokenizer.isDigit($0) } == false
    }

    func startsName(_ t: Token, uncertain: Bool, capitalisedInside: Set<String>, lowercaseSeen: Set<String>) -> Bool {
        guard isNameToken(t) else { return false }
        let lower = t.text.lowercased()
        if EntityCues.nonEntities.contains(lower) { return false }
        return true
    }

    /// Token positions where a capital letter says nothing (sentence start, after an opening
    /// quote or colon, in a title-case headline line).
    func uncertainPositions(_ doc: AnalyzedText) -> [Bool] {
        let tokens = doc.tokens
        var out = [Bool](repeating: false, count: tokens.count)
        for s in doc.sentences {
            var k = s.tokenRange.lowerBound
            while k < s.tokenRange.upperBound, tokens[k].kind != .word && tokens[k].kind != .number { k += 1 }
            if k < s.tokenRange.upperBound { out[k] = true }
            // title-case line: most words capitalised
            let words = tokens[s.tokenRange].filter { $0.kind == .word }
            let isHeading = tokens[s.tokenRange.lowerBound].startsLine && words.count <= 6
                && !(tokens[s.tokenRange].last.map { [".", "!", "?", "\u{201D}", "\"", ":"].contains($0.text) } ?? false)
            if isHeading {
                for idx in s.tokenRange where tokens[idx].kind == .word { out[idx] = true }
            }
            if words.count >= 3, tokens[s.tokenRange.lowerBound].startsLine,
               !(tokens[s.tokenRange].last.map { [".", "!", "?", "\u{201D}", "\""].contains($0.text) } ?? false) {
                let caps = words.filter { $0.isCapitalized }.count
                if caps * 10 >= words.count * 7 {
                    for idx in s.tokenRange where tokens[idx].kind == .word { out[idx] = true }
                }
            }
        }
        for i in tokens.indices where i > 0 {
            let p = tokens[i - 1]
            if p.kind == .quote || p.text == ":" || p.text == "(" || p.text == "\u{2014}" || p.text == "\u{2018}" || p.text == "'" || p.text == "-" || p.text == "\u{2013}" || p.text == "[" {
                // a capital after an opening quote / colon / dash may be a sentence start
                out[i] = true
            }
        }
        return out
    }

    func joinAllowed(tokens: [Token], chunkStart: Int, joinerAt: Int) -> Bool {
        let w = tokens[joinerAt].text
        let before = tokens[joinerAt - 1].text.lowercased()
        let after = tokens[joinerAt + 1].text
        if w == "&" { return true }
        if w == "of" || w == "for" {
            if EntityCues.orgOpeners.contains(before) || EntityCues.orgHeads.contains(before) || EntityCues.placeOpeners.contains(before) { return true }
            if ["republic", "kingdom", "university", "bank", "gulf", "bay", "isle", "sea", "states", "islands", "city", "museum", "history", "anatomy", "secretary", "minister", "ministry", "department", "house", "duke", "prince", "church", "order", "friends", "people", "army", "sisters", "brothers", "state", "court", "federation", "union", "centre", "center", "institute"].contains(before) { return true }
            // "Pride and Prejudice"-like work titles are not joined; "Centre for X" is handled above
            _ = after
            return false
        }
        if w == "and" {
            // only inside a known organisation name ("Marks and Spencer")
            var parts: [String] = []
            for k in chunkStart...min(joinerAt + 1, tokens.count - 1) { parts.append(tokens[k].text) }
            return lexicons.organisations.contains(parts.joined(separator: " "))
        }
        return false
    }

    // MARK: typing

    func makeMention(doc: AnalyzedText, first: Int, last: Int, uncertain: [Bool], capitalisedInside: Set<String>) -> [Mention]? {
        let tokens = doc.tokens
        var a = first
        var b = last
        // leading "The"
        while a <= b, ["the", "a", "an", "this", "that", "these", "those", "his", "her", "their", "its", "our", "my", "your"].contains(tokens[a].text.lowercased()) && tokens[a].isCapitalized {
            a += 1
        }
        // sentence-initial common words ("Police said", "Infected ants")
        while a <= b, uncertain[a] {
            let w = tokens[a].text
            let lower = w.lowercased()
            let known = lexicons.places.contains(w) || lexicons.organisations.contains(w) || lexicons.demonyms.contains(w)
            let givenNameLead = a < b && lexicons.givenNames.contains(w) && !EntityCues.functionWords.contains(lower)
            if (EntityCues.functionWords.contains(lower) && !tokens[a].isAllCaps) || EntityCues.nonEntities.contains(lower)
                || (isCommonWord(lower) && !known && !capitalisedInside.contains(w) && !givenNameLead) {
                // keep if the whole phrase is a known name ("New York", "White House")
                if a < b, isKnownPhrase(tokens, a, b) { break }
                a += 1
                while a <= b, !isNameToken(tokens[a]) { a += 1 }
                continue
            }
            break
        }
        guard a <= b else { return nil }
        // titles
        var titled = false
        var honorific = false
        while a < b {
            let lower = tokens[a].text.lowercased().trimmingDot()
            let headWord = tokens[b].text.lowercased()
            if EntityCues.titles.contains(lower) && !isKnownPhrase(tokens, a, b)
                && !EntityCues.orgHeads.contains(headWord) && !EntityCues.placeHeads.contains(headWord) && !EntityCues.miscHeads.contains(headWord) {
                titled = true
                if EntityCues.honorifics.contains(lower) { honorific = true }
                a += 1
                while a <= b, !isNameToken(tokens[a]) { a += 1 }
                continue
            }
            break
        }
        guard a <= b else { return nil }
        if a == b, EntityCues.functionWords.contains(tokens[a].text.lowercased()), !tokens[a].isAllCaps { return nil }
        if a == b, EntityCues.titles.contains(tokens[a].text.lowercased().trimmingDot()) { return nil }
        if a == b, EntityCues.titles.contains(tokens[a].text.lowercased().trimmingDot()) && !titled {
            // a bare title ("President", "Minister") is not an entity
            if !capitalisedInside.contains(tokens[a].text) || EntityCues.honorifics.contains(tokens[a].text.lowercased()) { return nil }
        }
        // trailing joiners/particles and function words ("Australia On")
        while b > a, (!isNameToken(tokens[b]) && tokens[b].kind != .number)
                || (EntityCues.functionWords.contains(tokens[b].text.lowercased()) && !tokens[b].isAllCaps) { b -= 1 }
        // "US President Barack Obama": a place/organisation, then a title, then a person
        if !titled, b - a >= 2 {
            for t in (a + 1)..<b where EntityCues.honorifics.contains(tokens[t].text.lowercased().trimmingDot()) || (EntityCues.titles.contains(tokens[t].text.lowercased()) && t + 1 <= b && EntityCues.honorifics.contains(tokens[t + 1].text.lowercased())) {
                let left = tokens[a..<t].map(\.text).joined(separator: " ")
                let leftHead = tokens[t - 1].text.lowercased()
                let known = lexicons.places.contains(left) || lexicons.organisations.contains(left) || lexicons.demonyms.contains(left)
                    || EntityCues.orgHeads.contains(leftHead) || EntityCues.miscHeads.contains(leftHead)
                guard known else { break }
                var p = t
                while p <= b, EntityCues.titles.contains(tokens[p].text.lowercased().trimmingDot()) || !isNameToken(tokens[p]) { p += 1 }
                guard p <= b else { break }
                let leftType: EntityType = lexicons.organisations.contains(left) || EntityCues.orgHeads.contains(leftHead) ? .organization
                    : lexicons.demonyms.contains(left) || EntityCues.miscHeads.contains(leftHead) ? .miscellaneous : .location
                return [Mention(first: a, last: t - 1, type: leftType, evidence: .lexicon, key: left),
                        Mention(first: p, last: b, type: .person, evidence: .cue, key: tokens[p...b].map(\.text).joined(separator: " "))]
            }
        }
        // "Washington State University Simon Ličen": an organisation followed by a person
        if b - a >= 2 {
            for t in (a + 1)..<b where EntityCues.orgHeads.contains(tokens[t].text.lowercased()) && lexicons.givenNames.contains(tokens[t + 1].text) && t + 1 < b {
                let left = tokens[a...t].map(\.text).joined(separator: " ")
                return [Mention(first: a, last: t, type: .organization, evidence: .cue, key: left),
                        Mention(first: t + 1, last: b, type: .person, evidence: .lexicon, key: tokens[(t + 1)...b].map(\.text).joined(separator: " "))]
            }
        }
        let words = tokens[a...b].map(\.text)
        let phrase = words.joined(separator: " ")
        let lowerWords = words.map { $0.lowercased() }
        let key = phrase
        func mention(_ type: EntityType, _ ev: Evidence) -> [Mention] {
            [Mention(first: a, last: b, type: type, evidence: ev, key: key)]
        }
        // exact gazetteer matches
        if lexicons.organisations.contains(phrase) { return mention(.organization, .lexicon) }
        if lexicons.demonyms.contains(phrase) { return mention(.miscellaneous, .lexicon) }
        if lexicons.places.contains(phrase) && !(honorific && words.count > 1) {
            return mention(.location, titled && honorific ? .context : .lexicon)
        }
        if honorific || (titled && words.count >= 2) { return mention(.person, .cue) }
        let lastWord = lowerWords[lowerWords.count - 1]
        let firstWord = lowerWords[0]
        if words.count >= 2 {
            if EntityCues.orgHeads.contains(lastWord) || EntityCues.orgOpeners.contains(firstWord) && lowerWords.contains(where: { $0 == "of" || $0 == "for" }) {
                if EntityCues.placeHeads.contains(lastWord) && !EntityCues.orgHeads.contains(lastWord) { return mention(.location, .cue) }
                return mention(.organization, .cue)
            }
            if EntityCues.placeHeads.contains(lastWord) || EntityCues.placeOpeners.contains(firstWord) { return mention(.location, .cue) }
            if EntityCues.miscHeads.contains(lastWord) || lowerWords.dropFirst().contains(where: { EntityCues.miscHeads.contains($0) }) && lowerWords.contains("of") {
                return mention(.miscellaneous, .cue)
            }
            if lexicons.places.contains(words[0]), tokens[b].isAllCaps || words.count == 2 && lexicons.places.contains(words[1]) {
                return mention(.location, .cue)
            }
            if lexicons.givenNames.contains(words[0]) && !lexicons.places.contains(words[0]) {
                return mention(.person, .lexicon)
            }
            if words.count <= 3, lexicons.surnames.contains(capitalisedForm(words[words.count - 1])),
               !lowerWords.contains(where: { lexicons.commonWords.contains($0) && !lexicons.surnames.contains(capitalisedForm($0)) }) {
                return mention(.person, .guess)
            }
            // hyphenated given names ("Yau Wai-ching", "Leung Kwok-hung")
            if words.count <= 3, words.dropFirst().contains(where: { w in
                guard let d = w.firstIndex(of: "-") else { return false }
                let tail = w[w.index(after: d)...]
                return tail.count >= 2 && tail.count <= 5 && tail.first?.isLowercase == true && w.first?.isUppercase == true
            }) {
                return mention(.person, .guess)
            }
            // demonym + noun ("Korean War") -> MISC; place + noun ("London Zoo") -> ORG/LOC guess
            if lexicons.demonyms.contains(words[0]) { return mention(.miscellaneous, .guess) }
            // a company's name before an unknown word is one of its products ("Google Analytics")
            if lexicons.organisations.contains(words[0]), !lexicons.organisations.contains(phrase) { return mention(.miscellaneous, .guess) }
            if words.count <= 3, looksLikeSurname(words[words.count - 1])
                || (lexicons.surnames.contains(capitalisedForm(words[0])) && !isCommonWord(lowerWords[0]) && !lastWord.hasSuffix("s") && !isCommonWord(lastWord)) {
                return mention(.person, .guess)
            }
            if words.count <= 3 && lowerWords.allSatisfy({ !lexicons.commonWords.contains($0) }) {
                return mention(.person, .guess)
            }
            return mention(.organization, .guess)
        }
        // single word
        let w = words[0]
        if w.hasSuffix("s"), lexicons.demonyms.contains(String(w.dropLast())) { return mention(.miscellaneous, .lexicon) }
        let prev = a > 0 ? tokens[a - 1].text.lowercased() : ""
        let next = b + 1 < tokens.count ? tokens[b + 1].text.lowercased() : ""
        if ["said", "says", "told", "added", "wrote", "explained", "asked", "replied", "argued", "noted"].contains(next) && !tokens[a].isAllCaps {
            return mention(.person, .context)
        }
        // camel case, digits, hashtags: products, sites and other names ("wikiHow", "IE6", "#MeToo")
        if w.first?.isLowercase == true || w.first == "#" || w.contains(where: { $0.isNumber }) { return mention(.miscellaneous, .guess) }
        if tokens[a].isAllCaps && w.unicodeScalars.count <= 6 { return mention(.organization, .guess) }
        if looksLikeSurname(w) { return mention(.person, .guess) }
        if EntityCues.roleNouns.contains(prev) { return mention(.person, .context) }
        // an unknown capitalised plural ("Polaroids", "CDs") is a common noun used as a name
        if w.hasSuffix("s") && !w.hasSuffix("ss") && !lexicons.surnames.contains(capitalisedForm(w)) && !tokens[a].isAllCaps { return nil }
        if lexicons.givenNames.contains(w) && !lexicons.commonWords.contains(lowerWords[0]) { return mention(.person, .guess) }
        if EntityCues.placePrepositions.contains(prev) && prev != "to" { return mention(.location, .guess) }
        if lexicons.surnames.contains(capitalisedForm(w)) && !lexicons.commonWords.contains(lowerWords[0]) { return mention(.person, .guess) }
        return mention(defaultSingle(prev: prev, next: next), .guess)
    }

    /// Unknown single names: organisations act and employ ("at Google", "Acme said"); other
    /// names (products, works, sites) are used.
    func defaultSingle(prev: String, next: String) -> EntityType {
        if ["at", "by", "with", "for", "from", "the", "joined", "of"].contains(prev) { return .organization }
        if ["said", "says", "announced", "reported", "has", "had", "is", "was", "will", "would", "spokesman", "spokeswoman", "spokesperson", "officials", "chief", "members", "member", "staff", "employees", "'s", "and"].contains(next) { return .organization }
        return .miscellaneous
    }

    /// Endings typical of surnames from many languages ("Gorbachev", "Kowalski", "Fernández").
    func looksLikeSurname(_ w: String) -> Bool {
        guard w.count >= 5, w.first?.isUppercase == true, !isCommonWord(w.lowercased()) else { return false }
        let lower = w.lowercased()
        return ["ov", "ova", "ev", "eva", "sky", "ski", "ska", "enko", "vich", "wicz", "ez", "ini", "elli", "etti", "yan", "ian", "sson", "sen", "stein", "berg", "poulos", "akis", "escu", "ovic", "ić", "shvili", "adze", "uddin", "ullah", "moto", "shima", "yama", "mura", "kawa", "naga", "oglu", "oğlu"].contains { lower.hasSuffix($0) }
            && !lexicons.places.contains(w) && !lexicons.demonyms.contains(w)
    }

    /// A common lower-case word, also in inflected form ("Results", "Prompted", "Teams").
    func isCommonWord(_ lower: String) -> Bool {
        if lexicons.commonWords.contains(lower) { return true }
        for suffix in ["s", "es", "ed", "d", "ing", "ly"] where lower.hasSuffix(suffix) && lower.count > suffix.count + 2 {
            let base = String(lower.dropLast(suffix.count))
            if lexicons.commonWords.contains(base) || lexicons.commonWords.contains(base + "e") { return true }
        }
        return false
    }

    func isKnownPhrase(_ tokens: [Token], _ a: Int, _ b: Int) -> Bool {
        let phrase = tokens[a...b].map(\.text).joined(separator: " ")
        return lexicons.places.contains(phrase) || lexicons.organisations.contains(phrase) || lexicons.demonyms.contains(phrase)
    }

    func capitalisedForm(_ w: String) -> String {
        guard let f = w.first else { return w }
        return f.uppercased() + w.dropFirst().lowercased()
    }

    // MARK: document consistency

    func harmonise(_ input: [Mention], tokens: [Token]) -> [Mention] {
        var mentions = input
        // per exact text: the strongest evidence wins; among equals, the most frequent type
        var votes: [String: [EntityType: Int]] = [:]
        var strongest: [String: Evidence] = [:]
        for m in mentions {
            let top = strongest[m.key] ?? .guess
            if m.evidence > top || strongest[m.key] == nil {
                strongest[m.key] = m.evidence
                votes[m.key] = [m.type: 1]
            } else if m.evidence == top {
                votes[m.key, default: [:]][m.type, default: 0] += 1
            }
        }
        // names of people: their parts point to the person
        var personParts: [String: Evidence] = [:]
        var orgAcronyms = Set<String>()
        for m in mentions where m.type == .person && m.last > m.first {
            let parts = tokens[m.first...m.last].filter { isNameToken($0) }.map(\.text)
            guard parts.count >= 2, let l = parts.last, let f = parts.first else { continue }
            let firstIsGiven = lexicons.givenNames.contains(f)
            guard m.evidence >= .lexicon || firstIsGiven || lexicons.surnames.contains(capitalisedForm(l)) || looksLikeSurname(l) else { continue }
            personParts[l] = max(personParts[l] ?? .guess, max(m.evidence, .lexicon))
            if firstIsGiven { personParts[f] = max(personParts[f] ?? .guess, .lexicon) } else if personParts[f] == nil, !lexicons.places.contains(f) { personParts[f] = .guess }
        }
        for m in mentions where m.type == .organization && m.last > m.first {
            let initials = tokens[m.first...m.last].compactMap { t -> Character? in
                guard t.isCapitalized, let f = t.text.first else { return nil }
                return f
            }
            orgAcronyms.insert(String(initials))
        }
        for k in mentions.indices {
            let m = mentions[k]
            if m.first == m.last {
                let w = tokens[m.first].text
                if let ev = personParts[w], m.evidence < .lexicon || (m.evidence == .lexicon && m.type == .location && ev >= .lexicon) {
                    mentions[k].type = .person
                    continue
                }
                if orgAcronyms.contains(w), m.evidence < .lexicon {
                    mentions[k].type = .organization
                    continue
                }
            }
            if let v = votes[m.key], let top = strongest[m.key], top >= m.evidence,
               let best = v.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key.rawValue > $1.key.rawValue) }) {
                mentions[k].type = best.key
            }
        }
        return mentions
    }
}

extension String {
    func trimmingDot() -> String {
        hasSuffix(".") ? String(dropLast()) : self
    }
}
