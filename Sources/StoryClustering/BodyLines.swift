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
    }

    /// What the body contributes to an item's features: its word hashes (shingle source),
    /// its lead's content words (vector source) and its names.
    struct Tokens: Sendable {
        var words: [UInt64] = []
        var lead: [UInt64] = []
        var entities: [(UInt64, String)]
    }

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
        var nextName = 0
        for (position, token) in line.tokens.enumerated() {
            t.words.append(token.hash)
            guard token.isContent else { continue }
            if t.lead.count < leadWords { t.lead.append(token.hash) }
            while nextName < line.names.count && line.names[nextName].position < position { nextName += 1 }
            if nextName < line.names.count && line.names[nextName].position == position && t.entities.count < 40
                && !t.entities.contains(where: { $0.0 == token.hash }) {
                t.entities.append((token.hash, line.names[nextName].display))
            }
        }
        return t.words.count > BodyFingerprint.maxShingles + BodyFingerprint.shingleWidth && t.lead.count >= leadWords
    }

    static func scan(_ text: Substring) -> ScannedLine {
        var sink = LineSink(calendar: NewsTokenizer.Lexicon.shared.calendarHashes)
        NewsTokenizer.scan(text, into: &sink)
        return sink.line
    }

    struct LineSink: NewsTokenizer.Sink {
        let calendar: TermTable<Bool>
        var line = ScannedLine()

        mutating func accept(_ token: NewsTokenizer.Scanned, _ bytes: ArraySlice<UInt8>) {
            if token.isContent && token.capitalised && !token.sentenceInitial && !calendar.contains(token.hash) {
                line.names.append((line.tokens.count, ItemFeatures.display(String(decoding: bytes, as: UTF8.self))))
            }
            line.tokens.append(token)
        }
    }
}
