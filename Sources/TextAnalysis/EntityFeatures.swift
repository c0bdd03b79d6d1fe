/// What the entity tagger knows about each token, as hashed features: the word and its
/// neighbours, its shape and affixes, its word class (`WordClusters`), the bundled word lists
/// (as evidence, not as the decision), cue words of news writing, where it stands in its
/// sentence, whether its capital letter says anything (sentence start, title-case headline) and
/// how the same word is written elsewhere in the document. Training and tagging share this one
/// extractor, so they cannot drift apart.
public struct EntityFeatures: Sendable {
    public let lexicons: Lexicons
    public let clusters: WordClusters

    public init(lexicons: Lexicons = .bundled, clusters: WordClusters = .bundled) {
        self.lexicons = lexicons
        self.clusters = clusters
    }

    /// The features of every token that do not depend on the tags chosen so far, stored flat:
    /// token `i` owns `keys[offsets[i]..<offsets[i + 1]]` (none for a token that can only stand
    /// outside a name). Also the per-token values the decoder (`EntitySequenceDecoder`) needs for
    /// its tag-dependent features and the rules of names.
    public struct Table: Sendable {
        public var keys: [UInt64] = []
        public var offsets: [Int] = [0]
        var word: [UInt64] = []
        var lower: [UInt64] = []
        var shape: [UInt64] = []
        var capitalised: [Bool] = []
        /// Index one past the last token of the token's sentence.
        public var sentenceEnd: [Int] = []
        /// Whether the token may be inside a name (words, numbers, "&", "-", an initial's dot).
        var canContinueName: [Bool] = []
        /// Whether the token may end a name (words and numbers).
        var canEndName: [Bool] = []
        public var count: Int { word.count }
    }

    // Template numbers: part of every key, so a value under one template never meets another.
    // (`previousTags`, a second-order feature of the former greedy walk, is no longer used.)
    enum Template: UInt64 {
        case bias = 1, word, lower, shape, prefix2, prefix3, suffix2, suffix3, suffix4
        case lowerPrev, lowerNext, lowerPrev2, lowerNext2, shapePrev, shapeNext, bigramPrev, bigramNext
        case shapeTrigram, lexicon, lexiconPrev, lexiconNext, lexiconCased, gazetteer, gazetteerShape
        case cue, cuePrev, cueNext, cuePrev2, position, uncertainShape, headlineShape, seenCapitalised
        case seenLower, kind, allCapsLength, hyphenParts, previousTag, previousTags, previousTagWord
        case previousTagShape, history, historyShape, lowerPrevShape, nextIsPossessive, initial, uncertainLower
        case suffixShape, runHead, runHeadCue, runFirst, runPosition, runHeadLexicon, runBefore, runAfter
        case runFirstLexicon, runBeforeCue, runAfterCue, documentContext, documentContextAll
        case cluster
    }

    /// Bits of the closed cue lists (rules of news writing) for one lower-case word.
    struct CueBits: OptionSet {
        let rawValue: UInt64
        static let orgHead = CueBits(rawValue: 1)
        static let placeHead = CueBits(rawValue: 2)
        static let miscHead = CueBits(rawValue: 4)
        static let title = CueBits(rawValue: 8)
        static let honorific = CueBits(rawValue: 16)
        static let roleNoun = CueBits(rawValue: 32)
        static let orgOpener = CueBits(rawValue: 64)
        static let placeOpener = CueBits(rawValue: 128)
        static let particle = CueBits(rawValue: 256)
        static let calendar = CueBits(rawValue: 512)
        static let placePreposition = CueBits(rawValue: 1024)
        static let function = CueBits(rawValue: 2048)
        static let speechVerb = CueBits(rawValue: 4096)
    }

    static let boundary = FeatureHash.of("<boundary>")

    /// Depths of the word-class tree used as features (paths are at most 24 steps long).
    static let clusterDepths: [UInt32] = [4, 6, 10, 20]

    public func table(for doc: AnalyzedText) -> Table {
        let tokens = doc.tokens
        let n = tokens.count
        var t = Table()
        t.keys.reserveCapacity(n * 44)
        t.offsets.reserveCapacity(n + 1)
        t.word.reserveCapacity(n)
        t.lower.reserveCapacity(n)
        t.shape.reserveCapacity(n)
        t.sentenceEnd = [Int](repeating: n, count: n)
        var lowerText: [String] = []
        lowerText.reserveCapacity(n)
        var lexicon: [UInt64] = []
        lexicon.reserveCapacity(n)
        var cues: [UInt64] = []
        cues.reserveCapacity(n)
        var sentenceStart = [Int](repeating: 0, count: n)
        for s in doc.sentences {
            for i in s.tokenRange {
                sentenceStart[i] = s.tokenRange.lowerBound
                t.sentenceEnd[i] = s.tokenRange.upperBound
            }
        }
        for (i, token) in tokens.enumerated() {
            let possessive = token.text == "'s"
            let isName = (token.kind == .word || token.kind == .number) && !possessive
            let initialDot = token.text == "." && i > 0 && tokens[i - 1].end == token.start
                && tokens[i - 1].kind == .word && tokens[i - 1].text.unicodeScalars.count == 1
            // Names end on a capitalised word ("iPhone" and "U.S." too) or a number, never on "wants".
            t.canEndName.append(isName && (token.kind == .number || token.isCapitalized
                || token.text.unicodeScalars.contains { $0.fastIsUppercase || Tokenizer.isDigit($0) }))
            // Inside a name a lower-case word is a joiner or particle ("Bank of England",
            // "Ludwig van Beethoven"), never an ordinary word ("Zelenskyy wants …").
            let lowerInside = token.kind == .word && !token.isCapitalized
                && !token.text.unicodeScalars.contains { $0.fastIsUppercase || Tokenizer.isDigit($0) }
            let continues = isName && (!lowerInside || EntityCues.nameJoiners.contains(token.text))
            // A possessive ends a name ("Acme 's chief"): no annotated name holds one.
            t.canContinueName.append(continues || initialDot || token.text == "&" || token.text == "-")
            let lower = token.text.lowercased()
            lowerText.append(lower)
            t.word.append(FeatureHash.of(token.text))
            t.lower.append(FeatureHash.of(lower))
            t.shape.append(Self.shape(token.text))
            t.capitalised.append(token.isCapitalized)
            lexicon.append(UInt64(lexiconBits(token, lower: lower, textHash: t.word[i], lowerHash: t.lower[i]).rawValue))
            cues.append(Self.cueBits(lower).rawValue)
        }
        let uncertain = uncertainCapitals(doc)
        let headline = headlineLines(doc)
        // How each word is written where its case means something.
        var seenCapitalised = Set<UInt64>()
        var seenLower = Set<UInt64>()
        for i in 0..<n where tokens[i].kind == .word {
            if t.capitalised[i] {
                if !uncertain[i] { seenCapitalised.insert(t.word[i]) }
            } else {
                seenLower.insert(t.lower[i])
            }
        }
        let gazetteer = gazetteerSpans(doc, sentenceEnd: t.sentenceEnd)
        let runs = capitalisedRuns(doc, capitalised: t.capitalised, sentenceEnd: t.sentenceEnd)

        let documentContext = contextElsewhere(doc, runs: runs, cues: cues, lexicon: lexicon, word: t.word,
                                               capitalised: t.capitalised, sentenceStart: sentenceStart)
        for i in 0..<n {
            // A token that can stand only outside a name (a lower-case word, punctuation) is
            // "outside" on every path the decoder may take: its own features would change nothing.
            guard t.canEndName[i] || t.canContinueName[i] else {
                t.offsets.append(t.keys.count)
                continue
            }
            let token = tokens[i]
            let lo = sentenceStart[i]
            let hi = t.sentenceEnd[i]
            func lowerAt(_ k: Int) -> UInt64 { k >= lo && k < hi ? t.lower[k] : Self.boundary }
            func shapeAt(_ k: Int) -> UInt64 { k >= lo && k < hi ? t.shape[k] : Self.boundary }
            func add(_ template: Template, _ value: UInt64) {
                t.keys.append(FeatureHash.combine(template.rawValue, value))
            }
            let shape = t.shape[i]
            add(.bias, 0)
            add(.kind, Self.kindCode(token.kind))
            add(.word, t.word[i])
            add(.lower, t.lower[i])
            add(.shape, shape)
            let scalars = lowerText[i].unicodeScalars
            if scalars.count > 2 {
                add(.prefix2, Self.hash(scalars.prefix(2)))
                add(.prefix3, Self.hash(scalars.prefix(3)))
                add(.suffix2, Self.hash(scalars.suffix(2)))
                add(.suffix3, Self.hash(scalars.suffix(3)))
                if scalars.count > 4 { add(.suffix4, Self.hash(scalars.suffix(4))) }
            }
            add(.lowerPrev, lowerAt(i - 1))
            add(.lowerNext, lowerAt(i + 1))
            add(.lowerPrev2, lowerAt(i - 2))
            add(.lowerNext2, lowerAt(i + 2))
            add(.shapePrev, shapeAt(i - 1))
            add(.shapeNext, shapeAt(i + 1))
            add(.bigramPrev, FeatureHash.fold(lowerAt(i - 1), t.lower[i]))
            add(.bigramNext, FeatureHash.fold(t.lower[i], lowerAt(i + 1)))
            add(.shapeTrigram, FeatureHash.fold(FeatureHash.fold(shapeAt(i - 1), shape), shapeAt(i + 1)))
            add(.lowerPrevShape, FeatureHash.fold(lowerAt(i - 1), shape))
            let bits = lexicon[i]
            if bits != 0 {
                add(.lexicon, bits)
                add(.lexiconCased, bits << 8 | (t.capitalised[i] ? 1 : 0) | (uncertain[i] ? 2 : 0))
            }
            if i - 1 >= lo, lexicon[i - 1] != 0 { add(.lexiconPrev, lexicon[i - 1] << 1 | (t.capitalised[i - 1] ? 1 : 0)) }
            if i + 1 < hi, lexicon[i + 1] != 0 { add(.lexiconNext, lexicon[i + 1] << 1 | (t.capitalised[i + 1] ? 1 : 0)) }
            if let g = gazetteer[i] {
                add(.gazetteer, g)
                add(.gazetteerShape, FeatureHash.fold(g, shape))
            }
            if cues[i] != 0 { add(.cue, cues[i]) }
            if i - 1 >= lo, cues[i - 1] != 0 { add(.cuePrev, cues[i - 1]) }
            if i + 1 < hi, cues[i + 1] != 0 { add(.cueNext, cues[i + 1]) }
            if i - 2 >= lo, cues[i - 2] != 0 { add(.cuePrev2, cues[i - 2]) }
            add(.position, UInt64(min(i - lo, 3)) | (i + 1 == hi ? 4 : 0) | (token.startsParagraph ? 8 : 0))
            if uncertain[i] { add(.uncertainShape, shape) }
            if headline[i] { add(.headlineShape, shape) }
            if token.kind == .word {
                let capitalisedElsewhere = seenCapitalised.contains(t.word[i])
                let lowerElsewhere = seenLower.contains(t.lower[i])
                add(.seenCapitalised, (capitalisedElsewhere ? 1 : 0) | (lowerElsewhere ? 2 : 0) | (uncertain[i] ? 4 : 0) | (t.capitalised[i] ? 8 : 0))
                if token.isAllCaps { add(.allCapsLength, UInt64(min(scalars.count, 6))) }
                if token.text.contains("-") {
                    for part in lowerText[i].split(separator: "-").prefix(3) {
                        add(.hyphenParts, FeatureHash.of(String(part)))
                    }
                }
            }
            if i + 1 < hi, tokens[i + 1].text == "'s" { add(.nextIsPossessive, 1) }
            // An initial's full stop ("George W. Bush"): part of the name, unlike a sentence's.
            if token.text == ".", i > lo, tokens[i - 1].end == token.start, tokens[i - 1].kind == .word,
               tokens[i - 1].text.unicodeScalars.count == 1, t.capitalised[i - 1] {
                add(.initial, i + 1 < hi && t.capitalised[i + 1] ? 1 : 2)
            }
            if token.kind == .word, token.text.unicodeScalars.count == 1, t.capitalised[i], i + 1 < hi, tokens[i + 1].text == "." {
                add(.initial, 3)
            }
            if uncertain[i] { add(.uncertainLower, t.lower[i]) }
            if t.capitalised[i], let bits = documentContext[t.word[i]], bits != 0 {
                add(.documentContextAll, bits)
                var rest = bits
                while rest != 0 {
                    let bit = rest & (~rest &+ 1)
                    add(.documentContext, bit)
                    rest &= rest - 1
                }
            }
            // The capitalised phrase around the token: its last word types the whole of it
            // ("… Water Company", "… Concert Hall"), wherever the token stands.
            if let run = runs[i] {
                add(.runHead, t.lower[run.last])
                if cues[run.last] != 0 { add(.runHeadCue, cues[run.last]) }
                if lexicon[run.last] != 0 { add(.runHeadLexicon, lexicon[run.last]) }
                add(.runFirst, t.lower[run.first])
                let length = UInt64(min(run.last - run.first + 1, 5))
                let place: UInt64 = i == run.first ? 0 : i == run.last ? 1 : 2
                add(.runPosition, length << 2 | place)
                let hasJoiner = tokens[run.first...run.last].contains { !$0.isCapitalized && $0.kind == .word }
                add(.runBefore, FeatureHash.fold(lowerAt(run.first - 1), hasJoiner ? 1 : 0))
                add(.runAfter, lowerAt(run.last + 1))
                if lexicon[run.first] != 0 { add(.runFirstLexicon, lexicon[run.first] << 1 | (run.first == run.last ? 1 : 0)) }
                if run.first - 1 >= lo, cues[run.first - 1] != 0 { add(.runBeforeCue, cues[run.first - 1]) }
                if run.last + 1 < hi, cues[run.last + 1] != 0 { add(.runAfterCue, cues[run.last + 1]) }
            }
            if scalars.count > 3 { add(.suffixShape, FeatureHash.fold(Self.hash(scalars.suffix(2)), shape)) }
            // The word's class at several depths of the cluster tree, coarse to fine. Depths
            // chosen under cross-validation; the neighbours' classes, the classes of a
            // capitalised phrase's head and surroundings, and word frequency added nothing there.
            // A word without a class gets no feature: "unknown to the corpus" says more about the
            // corpus's vintage than about the word, and taught the tagger to call new names places.
            let path = clusters.path(token.text, wordHash: t.word[i], lower: lowerText[i], lowerHash: t.lower[i])
            if path != 0 {
                for depth in Self.clusterDepths {
                    add(.cluster, UInt64(depth) << 32 | UInt64(path & (1 << depth - 1)))
                }
            }
            t.offsets.append(t.keys.count)
        }
        return t
    }

    // MARK: token properties

    /// The word-list evidence for one token, as bits (`LexiconIndex.Lists`): the place,
    /// organisation and demonym lists as written (a demonym also in the plural), given names and
    /// surnames for a capitalised word (in capitalised form for one in capitals), common words in
    /// lower case. `textHash` and `lowerHash` are `FeatureHash.of` the text and its lower case.
    func lexiconBits(_ token: Token, lower: String, textHash: UInt64, lowerHash: UInt64) -> LexiconIndex.Lists {
        guard token.kind == .word else { return [] }
        let index = lexicons.index
        let text = token.text
        let asWritten = index.lists(ofHash: textHash)
        var bits = asWritten.intersection([.place, .organisation, .demonym])
        if text.hasSuffix("s"), index.lists(of: String(text.dropLast())).contains(.demonym) { bits.insert(.demonym) }
        if token.isCapitalized {
            let capitalised = Self.capitalisedForm(lower)
            let asCapitalised = capitalised == text ? asWritten : index.lists(of: capitalised)
            bits.formUnion((token.isAllCaps ? asCapitalised : asWritten).intersection(.givenName))
            bits.formUnion(asCapitalised.intersection(.surname))
        }
        bits.formUnion(index.lists(ofHash: lowerHash).intersection(.common))
        return bits
    }

    static func cueBits(_ lower: String) -> CueBits {
        let bare = lower.hasSuffix(".") ? String(lower.dropLast()) : lower
        return CueBits(rawValue: cueTable[bare] ?? 0)
    }

    /// Every cue word with all its bits, so a token costs one lookup.
    static let cueTable: [String: UInt64] = {
        var table: [String: UInt64] = [:]
        let lists: [(Set<String>, CueBits)] = [
            (EntityCues.orgHeads, .orgHead), (EntityCues.placeHeads, .placeHead), (EntityCues.miscHeads, .miscHead),
            (EntityCues.titles, .title), (EntityCues.honorifics, .honorific), (EntityCues.roleNouns, .roleNoun),
            (EntityCues.orgOpeners, .orgOpener), (EntityCues.placeOpeners, .placeOpener),
            (EntityCues.nameParticles, .particle), (EntityCues.calendarWords, .calendar),
            (EntityCues.placePrepositions, .placePreposition), (EntityCues.functionWords, .function),
            (EntityCues.speechVerbs, .speechVerb),
        ]
        for (words, bit) in lists {
            for w in words { table[w, default: 0] |= bit.rawValue }
        }
        return table
    }()

    /// The word's shape: upper-case letters X, lower-case x, digits d, other characters as
    /// they are; runs longer than two are cut to two ("Xxx", "XX", "dd,ddd", "X.X.").
    static func shape(_ text: String) -> UInt64 {
        var h = FeatureHash.offsetBasis
        var last: UInt64 = 0
        var run = 0
        var length = 0
        for s in text.unicodeScalars {
            let c: UInt64 = s.fastIsUppercase ? 88 : s.fastIsLowercase ? 120 : Tokenizer.isDigit(s) ? 100
                : s.fastIsAlphabetic ? 97 : UInt64(min(s.value, 0x3000))
            if c == last {
                run += 1
                if run > 2 { continue }
            } else {
                run = 1
                last = c
            }
            length += 1
            if length > 12 { break }
            h = FeatureHash.fold(h, c)
        }
        return h
    }

    static func hash(_ scalars: Substring.UnicodeScalarView) -> UInt64 {
        var h = FeatureHash.offsetBasis
        for s in scalars { h = FeatureHash.fold(h, UInt64(s.value)) }
        return h
    }

    static func kindCode(_ kind: Token.Kind) -> UInt64 {
        switch kind {
        case .word: 0
        case .number: 1
        case .punctuation: 2
        case .quote: 3
        }
    }

    static func capitalisedForm(_ lower: String) -> String {
        guard let f = lower.first else { return lower }
        return f.uppercased() + lower.dropFirst()
    }

    // MARK: document-level evidence

    /// Token positions where a capital letter says nothing about a name: the first word of a
    /// sentence, after an opening quote, colon, bracket or dash, and every word of a headline.
    func uncertainCapitals(_ doc: AnalyzedText) -> [Bool] {
        let tokens = doc.tokens
        var out = headlineLines(doc)
        for s in doc.sentences {
            var k = s.tokenRange.lowerBound
            while k < s.tokenRange.upperBound, tokens[k].kind != .word && tokens[k].kind != .number { k += 1 }
            if k < s.tokenRange.upperBound { out[k] = true }
        }
        for i in tokens.indices.dropFirst() {
            let p = tokens[i - 1]
            if p.kind == .quote || [":", "(", "[", "-", "\u{2014}", "\u{2013}", "\u{2018}", "'"].contains(p.text) {
                out[i] = true
            }
        }
        return out
    }

    /// Tokens of lines written in title case or as a short heading without a full stop.
    func headlineLines(_ doc: AnalyzedText) -> [Bool] {
        let tokens = doc.tokens
        var out = [Bool](repeating: false, count: tokens.count)
        for s in doc.sentences where tokens[s.tokenRange.lowerBound].startsLine {
            guard let last = tokens[s.tokenRange].last, ![".", "!", "?", "\u{201D}", "\"", ":"].contains(last.text) else { continue }
            var words = 0
            var capitals = 0
            for k in s.tokenRange where tokens[k].kind == .word {
                words += 1
                if tokens[k].isCapitalized { capitals += 1 }
            }
            if words <= 6 || capitals * 10 >= words * 7 {
                for k in s.tokenRange { out[k] = true }
            }
        }
        return out
    }

    /// For each capitalised token, the run of capitalised words it belongs to, joined across
    /// "of", "for", "and", "&", "de" and "the" when a capitalised word follows ("Bank of England").
    func capitalisedRuns(_ doc: AnalyzedText, capitalised: [Bool], sentenceEnd: [Int]) -> [(first: Int, last: Int)?] {
        let tokens = doc.tokens
        var out = [(first: Int, last: Int)?](repeating: nil, count: tokens.count)
        var i = 0
        while i < tokens.count {
            guard capitalised[i] else { i += 1; continue }
            var j = i
            let end = min(sentenceEnd[i], tokens.count)
            while j + 1 < end {
                if capitalised[j + 1] || (tokens[j + 1].kind == .number && j + 1 > i) { j += 1; continue }
                if j + 2 < end, capitalised[j + 2], ["of", "for", "and", "&", "de", "the"].contains(tokens[j + 1].text) {
                    j += 2
                    continue
                }
                break
            }
            if j - i < 8 {
                for k in i...j { out[k] = (i, j) }
            }
            i = j + 1
        }
        return out
    }

    /// How each capitalised word is used across the whole document, as bits: after a title or
    /// honorific, after a place preposition, before a verb of speech or a possessive, inside a
    /// phrase ending in an organisation, place or event word, after "the", alone. The tagger
    /// sees every use when it tags any one of them (context aggregation).
    func contextElsewhere(_ doc: AnalyzedText, runs: [(first: Int, last: Int)?], cues: [UInt64], lexicon: [UInt64],
                          word: [UInt64], capitalised: [Bool], sentenceStart: [Int]) -> [UInt64: UInt64] {
        let tokens = doc.tokens
        var out: [UInt64: UInt64] = [:]
        for i in tokens.indices where capitalised[i] {
            guard let run = runs[i] else { continue }
            var bits: UInt64 = 0
            let before = run.first - 1
            if before >= sentenceStart[i] {
                let c = CueBits(rawValue: cues[before])
                if c.contains(.honorific) { bits |= 1 }
                if c.contains(.title) { bits |= 2 }
                if c.contains(.placePreposition) { bits |= 4 }
                if tokens[before].text == "the" { bits |= 1024 }
            }
            if run.last + 1 < tokens.count {
                if CueBits(rawValue: cues[run.last + 1]).contains(.speechVerb) { bits |= 8 }
                if tokens[run.last + 1].text == "'s" { bits |= 128 }
            }
            let head = CueBits(rawValue: cues[run.last])
            if head.contains(.orgHead) { bits |= 16 }
            if head.contains(.placeHead) { bits |= 32 }
            if head.contains(.miscHead) { bits |= 64 }
            if run.first < run.last, LexiconIndex.Lists(rawValue: UInt8(truncatingIfNeeded: lexicon[run.first])).contains(.givenName) { bits |= 256 }
            if run.first == run.last { bits |= 512 }
            out[word[i], default: 0] |= bits
        }
        return out
    }

    /// Multi-word names found in the word lists, greedily longest first, as one value per token
    /// (list and position in the match), nil outside any match. Single words are `lexicon` bits.
    func gazetteerSpans(_ doc: AnalyzedText, sentenceEnd: [Int]) -> [UInt64?] {
        let tokens = doc.tokens
        var out = [UInt64?](repeating: nil, count: tokens.count)
        var i = 0
        while i < tokens.count {
            guard tokens[i].kind == .word, tokens[i].isCapitalized else { i += 1; continue }
            // The phrase so far, as its hash (`FeatureHash.of` of the words joined by spaces).
            var phrase = FeatureHash.of(tokens[i].text)
            var best: (end: Int, list: UInt64)?
            var j = i + 1
            while j < min(sentenceEnd[i], i + 6), tokens[j].kind == .word || tokens[j].kind == .number,
                  tokens[j].start - tokens[j - 1].end <= 1 {
                phrase = FeatureHash.extend(FeatureHash.extend(phrase, with: " "), with: tokens[j].text)
                let lists = lexicons.index.lists(ofHash: phrase)
                if lists.contains(.place) { best = (j, 1) }
                else if lists.contains(.organisation) { best = (j, 2) }
                else if lists.contains(.demonym) { best = (j, 3) }
                j += 1
            }
            guard let match = best else { i += 1; continue }
            for k in i...match.end {
                let position: UInt64 = k == i ? 0 : k == match.end ? 2 : 1
                out[k] = match.list << 2 | position
            }
            i = match.end + 1
        }
        return out
    }
}
