/// Finds PERSON / ORG / LOC / MISC names with a trained sequence tagger (an averaged perceptron
/// over BILOU tags, decoded by Viterbi search sentence by sentence; see `EntityFeatures` and
/// `EntitySequenceDecoder`),
/// then makes the document consistent: one spelling gets one type, and the parts of a person's
/// full name are that person ("Donald Trump" … "Mr Trump" … "Trump").
public struct EntityRecognizer: Sendable {
    public let lexicons: Lexicons
    let features: EntityFeatures
    let model: EntityTaggerModel?

    /// Margin (score of the chosen type over the best other reading, "not a name" included)
    /// under which the tagger is not sure of a name's type; such names stay in the analysis
    /// (quotes and summaries use them) but a reader's list leaves them out. The margin of a tag is
    /// a max-marginal one: the best tag sequence against the best that types the token otherwise.
    /// Chosen under cross-validation on the dev set: names below it were right 35% of the time,
    /// names at or above it 80%; it sets aside about a tenth of all names. Retraining changes the
    /// score scale, so scripts/train-ner.sh prints the table to re-check it.
    public static let confidentMargin: Double = 8

    /// Whether the document-consistency pass runs (off only to measure what it adds).
    public var documentConsistency = true

    public init(lexicons: Lexicons = .bundled, model: EntityTaggerModel? = .bundled) {
        self.lexicons = lexicons
        features = EntityFeatures(lexicons: lexicons)
        self.model = model
    }

    /// One name as tagged: token range, type, and the smallest margin of its tokens.
    struct Name {
        var first: Int
        var last: Int
        var type: EntityType
        var confidence: Float
    }

    public func entities(in doc: AnalyzedText) -> [Entity] {
        // Without its weights (a damaged install) the tagger finds nothing rather than guessing.
        guard let model else { return [] }
        let tagged = tag(doc, model: model)
        let tokens = doc.tokens
        let names = documentConsistency
            ? EntityCorroboration.apply(harmonise(tagged, doc: doc), tokens: tokens, lexicons: lexicons) : tagged
        return names.compactMap { n in
            guard let span = EntityShape.plausible(first: n.first, last: n.last, tokens: tokens) else { return nil }
            return Entity(text: doc.text(from: tokens[span.lowerBound].start, to: tokens[span.upperBound].end), type: n.type,
                          start: tokens[span.lowerBound].start, end: tokens[span.upperBound].end,
                          confidence: Double(min(n.confidence, 1000)))
        }
    }

    // MARK: tagging

    func tag(_ doc: AnalyzedText, model: EntityTaggerModel) -> [Name] {
        var decoder = EntitySequenceDecoder(table: features.table(for: doc))
        let (tags, margins) = decoder.tagAll(scorer: model)
        return Self.names(tags: tags, margins: margins)
    }

    /// The names a tag sequence spells out, each as sure as its least sure token.
    static func names(tags: [EntityTag], margins: [Float]) -> [Name] {
        var names: [Name] = []
        var open: Name?
        for (i, tag) in tags.enumerated() {
            let margin = i < margins.count ? margins[i] : 0
            guard let type = tag.type, let position = tag.position else {
                open = nil
                continue
            }
            switch position {
            case .begin:
                open = Name(first: i, last: i, type: type, confidence: margin)
            case .inside, .last:
                if var name = open {
                    name.last = i
                    name.confidence = min(name.confidence, margin)
                    open = name
                }
                if position == .last, let name = open {
                    names.append(name)
                    open = nil
                }
            case .unit:
                open = nil
                names.append(Name(first: i, last: i, type: type, confidence: margin))
            }
        }
        return names
    }

    // MARK: document consistency

    /// One type per spelling (the type with the most confidence behind it), the parts of a
    /// person's full name typed as that person, and nationalities kept out of the people.
    func harmonise(_ input: [Name], doc: AnalyzedText) -> [Name] {
        let tokens = doc.tokens
        var names = recoverTitled(input.flatMap { splitAtTitles($0, tokens: tokens) }, doc: doc)
        func key(_ n: Name) -> String { tokens[n.first...n.last].map(\.text).joined(separator: " ") }
        let keys = names.map(key)
        // Parts of full names of people.
        var personParts: [String: Float] = [:]
        for n in names where n.type == .person && n.last > n.first {
            let span = tokens[n.first...n.last]
            // Only plain names ("Anna Kovacs", "Ana María López"), not "Duke of Northfield".
            guard span.allSatisfy({ $0.kind == .word && $0.isCapitalized || $0.text == "." }) else { continue }
            let words = span.filter { $0.kind == .word }
            guard words.count >= 2, let surname = words.last else { continue }
            for part in [words[0].text, surname.text] where !isOtherKindOfName(part) {
                if part == surname.text || lexicons.givenNames.contains(part) {
                    personParts[part] = max(personParts[part] ?? 0, n.confidence)
                }
            }
        }
        for k in names.indices where names[k].first == names[k].last {
            if let confidence = personParts[keys[k]], names[k].type != .person {
                names[k].type = .person
                names[k].confidence = max(names[k].confidence, confidence)
            }
        }
        // One type per spelling: summed confidence decides; the name is as sure as its surest mention.
        var votes: [String: [Float]] = [:]
        for (k, n) in names.enumerated() {
            votes[keys[k], default: [Float](repeating: 0, count: 4)][EntityTag.typeIndex(n.type)] += max(n.confidence, 0.01)
        }
        var surest: [String: Float] = [:]
        for k in names.indices {
            guard let v = votes[keys[k]] else { continue }
            var best = 0
            for t in 1..<4 where v[t] > v[best] { best = t }
            if EntityTag.typeIndex(names[k].type) == best {
                surest[keys[k]] = max(surest[keys[k]] ?? 0, names[k].confidence)
            }
            names[k].type = EntityType.allCases[best]
        }
        for k in names.indices {
            names[k].confidence = surest[keys[k]] ?? names[k].confidence
        }
        // A name ending in "Company", "University", "Council"… is never a person.
        for k in names.indices where names[k].type == .person && names[k].last > names[k].first {
            if EntityCues.institutionHeads.contains(tokens[names[k].last].text.lowercased()) {
                names[k].type = .organization
            }
        }
        // A nationality or people is never a person.
        for k in names.indices where names[k].type == .person && names[k].first == names[k].last {
            let w = tokens[names[k].first].text
            if lexicons.demonyms.contains(w) || (w.hasSuffix("s") && lexicons.demonyms.contains(String(w.dropLast()))) {
                names[k].type = .miscellaneous
            }
        }
        return names
    }

    /// Capitalised words right after a personal title ("Mr", "Dr", "President") that the tagger
    /// left out are a person's name: news grammar, whatever the word.
    func recoverTitled(_ names: [Name], doc: AnalyzedText) -> [Name] {
        let tokens = doc.tokens
        var covered = [Bool](repeating: false, count: tokens.count)
        for n in names { for k in n.first...n.last { covered[k] = true } }
        var added: [Name] = []
        for s in doc.sentences {
            var k = s.tokenRange.lowerBound
            while k + 1 < s.tokenRange.upperBound {
                let lower = tokens[k].text.lowercased()
                let title = EntityCues.personalTitles.contains(lower.hasSuffix(".") ? String(lower.dropLast()) : lower)
                guard title, tokens[k].isCapitalized || lower.count <= 3, !covered[k + 1], tokens[k + 1].isCapitalized,
                      !EntityCues.honorifics.contains(tokens[k + 1].text.lowercased()) else {
                    k += 1
                    continue
                }
                var last = k + 1
                while last + 1 < s.tokenRange.upperBound, !covered[last + 1], tokens[last + 1].isCapitalized,
                      tokens[last + 1].start - tokens[last].end <= 1, last - k < 4 { last += 1 }
                added.append(Name(first: k + 1, last: last, type: .person, confidence: Float(Self.confidentMargin)))
                k = last + 1
            }
        }
        guard !added.isEmpty else { return names }
        return (names + added).sorted { $0.first < $1.first }
    }

    /// Titles are not part of a name: "President Joe Biden" is "Joe Biden", and "US President
    /// Joe Biden" is a place and a person.
    func splitAtTitles(_ name: Name, tokens: [Token]) -> [Name] {
        func isTitle(_ k: Int) -> Bool {
            let lower = tokens[k].text.lowercased()
            return EntityCues.honorifics.contains(lower.hasSuffix(".") ? String(lower.dropLast()) : lower)
        }
        // "General Motors", "King's College", "Prince Edward Island" keep their first word.
        let whole = tokens[name.first...name.last].map(\.text).joined(separator: " ")
        let head = tokens[name.last].text.lowercased()
        if name.type != .person && (isOtherKindOfName(whole) || EntityCues.orgHeads.contains(head)
            || EntityCues.placeHeads.contains(head) || EntityCues.miscHeads.contains(head)) {
            return [name]
        }
        var first = name.first
        while first < name.last, isTitle(first) || tokens[first].kind != .word { first += 1 }
        // After "Mr", "Sir", "President": a person.
        let type: EntityType = first > 0 && isTitle(first - 1) ? .person : name.type
        guard first < name.last else {
            return isTitle(name.last) ? [] : [Name(first: first, last: name.last, type: type, confidence: name.confidence)]
        }
        guard let title = (first + 1..<name.last).first(where: isTitle) else {
            return [Name(first: first, last: name.last, type: type, confidence: name.confidence)]
        }
        var rest = title + 1
        while rest < name.last, isTitle(rest) || tokens[rest].kind != .word { rest += 1 }
        let left = tokens[first..<title].map(\.text).joined(separator: " ")
        let leftType: EntityType = lexicons.places.contains(left) ? .location : lexicons.organisations.contains(left) ? .organization
            : lexicons.demonyms.contains(left) ? .miscellaneous : name.type == .person ? .organization : name.type
        return [Name(first: first, last: title - 1, type: leftType, confidence: name.confidence),
                Name(first: rest, last: name.last, type: .person, confidence: name.confidence)]
    }

    /// A word the lists know as a place, organisation or nationality.
    func isOtherKindOfName(_ word: String) -> Bool {
        lexicons.places.contains(word) || lexicons.organisations.contains(word) || lexicons.demonyms.contains(word)
    }
}
