/// An item's body cut into lines and tokenized line by line, before the clusterer decides
/// which lines are boilerplate.
///
/// Which lines count as boilerplate depends on what the stream has shown so far, so it is the
/// one part of an item's features that must wait for the clusterer. Everything else — the
/// split, the line keys, the link lines, the tokens of each line — depends on the item alone
/// and is done here, where a reader thread can do it ahead of the clusterer. The clusterer then
/// only folds the tokens of the lines it keeps (`fold`), which gives exactly what tokenizing
/// the kept lines would have given.
struct BodyLines: Sendable {
    /// Non-empty lines, trimmed, in order.
    var lines: [Substring]
    /// One key per line of `lines`, for the boilerplate statistics.
    var keys: [BoilerplateFilter.LineKey]
    /// Indices of the lines that are not link lines ("Related: ...") nor boilerplate already
    /// known when the body was read: the only ones that can be kept.
    var candidates: [Int]
    /// Tokens of candidate lines, by line index; the first candidate is tokenized without its
    /// dateline. Lines past the point where the body has enough words are left nil.
    var scanned: [ScannedLine?]
    /// The body's tokens when no candidate line turns out to be boilerplate (the usual case).
    var assumingAllKept: Tokens

    /// The tokens of one line, with the display form of the words that may be names.
    struct ScannedLine: Sendable {
        var tokens: [NewsTokenizer.Scanned] = []
        /// (token position, display form) of capitalised content words mid-sentence that are
        /// not calendar words: the candidates for the item's entities.
        var names: [(position: Int, display: String)] = []
        /// (token position, figure key, display form) of the figures, dates and years left out.
        var figures: [(position: Int, key: UInt64, display: String)] = []
    }

    /// What the body contributes to an item's features: its word hashes (shingle source),
    /// its lead's content words (vector source) and its names.
    struct Tokens: Sendable {
        var words: [UInt64] = []
        var lead: [UInt64] = []
        var entities: [(UInt64, String)]
        /// Figures of the lead (key, display), first occurrence of each.
        var figures: [(UInt64, String)] = []
        /// How many of `entities` came from the headline.
        var titleNames = 0

        init(entities: [(UInt64, String)]) {
            self.entities = entities
            titleNames = entities.count
        }
    }

    /// Figures kept per item: the lead's, not a whole table's.
    static let maxFigures = 24

    /// Reads a body; `boilerplate`, when given, drops the lines it already knows.
    init(text: String, source: UInt64, leadWords: Int, titleEntities: [(UInt64, String)],
         boilerplate: BoilerplateFilter? = nil) {
        let lines = text.utf8.split(whereSeparator: { $0 == 0x0A || $0 == 0x0D })
            .map { Substring($0).trimmingCharacters() }.filter { !$0.isEmpty }
        let keys = BoilerplateFilter.lineKeys(lines, source: source)
        let candidates = lines.indices.filter {
            !BoilerplateFilter.looksLikeLinkLine(lines[$0]) && boilerplate?.isBoilerplate(keys[$0]) != true
        }
        var scanned = [ScannedLine?](repeating: nil, count: lines.count)
        // Tokenize as far as a body with every candidate kept would be read.
        var tokens = Tokens(entities: titleEntities)
        for (n, index) in candidates.enumerated() {
            let line = BodyLines.scan(n == 0 ? BodyFingerprint.strippingDateline(lines[index]) : lines[index])
            scanned[index] = line
            if BodyLines.append(line, to: &tokens, leadWords: leadWords) { break }
        }
        self.lines = lines
        self.keys = keys
        self.candidates = candidates
        self.scanned = scanned
        assumingAllKept = tokens
    }

    /// The body's tokens when the lines at `kept` (increasing indices into `lines`, a subset of
    /// `candidates`) are kept: the same as tokenizing those lines in order, the first without
    /// its dateline, and stopping once there are enough words.
    func fold(kept: [Int], leadWords: Int, titleEntities: [(UInt64, String)]) -> Tokens {
        var tokens = Tokens(entities: titleEntities)
        for (n, index) in kept.enumerated() {
            let line: ScannedLine
            if n == 0 && index != candidates.first {
                // A later line became the first: its dateline, if any, goes.
                let stripped = BodyFingerprint.strippingDateline(lines[index])
                if stripped.utf8.count == lines[index].utf8.count, let s = scanned[index] { line = s }
                else { line = BodyLines.scan(stripped) }
            } else if let s = scanned[index] {
                line = s
            } else {
                line = BodyLines.scan(lines[index])
            }
            if BodyLines.append(line, to: &tokens, leadWords: leadWords) { break }
        }
        return tokens
    }

    /// Adds a line's tokens; true when the body has enough words to stop reading.
    static func append(_ line: ScannedLine, to t: inout Tokens, leadWords: Int) -> Bool {
        let titleNames = t.titleNames
        var nextName = 0
        if t.lead.count < leadWords {
            for figure in line.figures where t.figures.count < BodyLines.maxFigures
                && !t.figures.contains(where: { $0.0 == figure.key }) {
                t.figures.append((figure.key, figure.display))
            }
        }
        for (position, token) in line.tokens.enumerated() {
            t.words.append(token.hash)
            guard token.isContent else { continue }
            if t.lead.count < leadWords { t.lead.append(token.hash) }
            while nextName < line.names.count && line.names[nextName].position < position { nextName += 1 }
            if nextName < line.names.count && line.names[nextName].position == position {
                let display = line.names[nextName].display
                if let known = t.entities.firstIndex(where: { $0.0 == token.hash }) {
                    // A headline name ("Vat", "Port") reads better as the body writes it
                    // ("VAT", "Port Adrana").
                    if known < titleNames && t.entities[known].1.utf8.count <= display.utf8.count {
                        t.entities[known].1 = display
                    }
                } else if t.entities.count < 40 {
                    t.entities.append((token.hash, display))
                }
            }
        }
        return t.words.count > BodyFingerprint.maxShingles + BodyFingerprint.shingleWidth && t.lead.count >= leadWords
    }

    static func scan(_ text: Substring) -> ScannedLine {
        var sink = LineSink(calendar: NewsTokenizer.Lexicon.shared.calendarHashes, text: text, textLength: text.utf8.count)
        NewsTokenizer.scan(text, into: &sink)
        return sink.line
    }

    struct LineSink: NewsTokenizer.Sink {
        /// A name as the text writes it, without a possessive ("Teodorescu's" → "Teodorescu").
        func writtenName(_ range: Range<Int>) -> String? {
            let utf8 = text.utf8
            guard !range.isEmpty, range.lowerBound >= 0, range.upperBound <= textLength, range.count <= 64 else { return nil }
            let from = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
            let to = utf8.index(from, offsetBy: range.count)
            var word = String(decoding: utf8[from..<to], as: UTF8.self)
            for suffix in ["'s", "\u{2019}s", "'", "\u{2019}", "."] where word.hasSuffix(suffix) && word.count > suffix.count + 1 {
                word.removeLast(suffix.count)
                break
            }
            return word
        }

        /// Whether the text between two offsets is one space, or a plural's apostrophe and a
        /// space ("Workers' Union").
        func onlySpaceBetween(_ from: Int, _ to: Int) -> Bool {
            guard from >= 0, to > from, to - from <= 4, to <= textLength else { return false }
            let utf8 = text.utf8
            let start = utf8.index(utf8.startIndex, offsetBy: from)
            let gap = Array(utf8[start..<utf8.index(start, offsetBy: to - from)])
            return gap == [0x20] || gap == [0x27, 0x20] || gap == [0xE2, 0x80, 0x99, 0x20]
        }

        let calendar: TermTable<Bool>
        let text: Substring
        let textLength: Int
        var line = ScannedLine()
        /// Index in `line.names` where the current run of adjacent names began, and where the
        /// last name ended in the text (and whether it was written with a possessive).
        var runStart = 0
        var lastNameEnd = -2
        var lastNameWasPossessive = false

        /// The previous token was a bare number whose display may take this word as its unit.
        var openFigure = false

        mutating func accept(_ token: NewsTokenizer.Scanned, _ bytes: ArraySlice<UInt8>) {
            accept(token, bytes, written: 0..<0)
        }

        mutating func accept(_ token: NewsTokenizer.Scanned, _ bytes: ArraySlice<UInt8>, written: Range<Int>) {
            let isCalendar = calendar.contains(token.hash)
            if token.isContent && token.capitalised && !token.sentenceInitial && !isCalendar {
                let shown = writtenName(written) ?? ItemFeatures.display(String(decoding: bytes, as: UTF8.self))
                let position = line.tokens.count
                // Adjacent names read as one ("Port Adrana"): each word of the run shows the run.
                // A comma, a possessive or anything but one space between them ends the run.
                let adjacent = !lastNameWasPossessive && onlySpaceBetween(lastNameEnd, written.lowerBound)
                lastNameEnd = written.upperBound
                // "Morland's" ('s or ’s dropped) ends a run; "Workers'" (a plural's apostrophe) does not.
                let dropped = written.count - shown.utf8.count
                lastNameWasPossessive = dropped == 2 || dropped == 4
                if adjacent, let last = line.names.last, last.position == position - 1,
                   position - line.names[runStart].position < 4 {
                    let phrase = last.display + " " + shown
                    for n in runStart..<line.names.count { line.names[n].display = phrase }
                    line.names.append((position, phrase))
                } else {
                    runStart = line.names.count
                    line.names.append((position, shown))
                }
            }
            let afterCalendar = line.tokens.last.map { calendar.contains($0.hash) } ?? false
            if isCalendar, let last = line.figures.last, last.position == line.tokens.count - 1,
               bytes.count > 0, (line.tokens.last.map { !$0.isContent } ?? false) || last.display.utf8.count <= 2 {
                // "26 November": a date, not a figure.
                line.figures.removeLast()
            }
            if openFigure, let last = line.figures.last, token.isContent && !token.hasDigit && !isCalendar {
                let unit = writtenName(written) ?? String(decoding: bytes, as: UTF8.self)
                line.figures[line.figures.count - 1].display = last.display + " " + unit
            }
            openFigure = false
            if token.hasDigit && !afterCalendar && !FigureKey.isYear(bytes), let key = FigureKey.key(bytes) {
                line.figures.append((line.tokens.count, key, writtenName(written) ?? FigureKey.display(bytes)))
                openFigure = FigureKey.isBareNumber(bytes)
            }
            line.tokens.append(token)
        }
    }
}
