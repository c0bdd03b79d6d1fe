/// A sentence as a range of tokens and of Unicode scalars in the document.
public struct Sentence: Sendable, Equatable {
    /// Index of the first token and one past the last token.
    public var tokenRange: Range<Int>
    /// Scalar offsets of the sentence text (from its first to its last token).
    public var start: Int
    public var end: Int
    /// Index of the paragraph (blank-line separated block) the sentence is in.
    public var paragraph: Int
}

/// Splits a token stream into sentences in a way that survives news text: abbreviations and
/// titles ("Mr.", "Dr.", "No. 10", "U.S."), initials, decimals, closing quotes after the full
/// stop, and line breaks (headlines, captions and datelines are their own sentences).
public enum SentenceSplitter {
    /// Words after which a full stop does not end a sentence.
    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "ft", "gen", "col", "lt", "sgt", "capt",
        "cmdr", "adm", "gov", "sen", "rep", "rev", "hon", "pres", "no", "nos", "vol", "vs", "v", "etc",
        "inc", "ltd", "corp", "co", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
        "nov", "dec", "approx", "est", "fig", "dept", "univ", "assn", "bros", "e.g", "i.e", "cf", "al",
    ]

    public static func split(_ tokens: [Token]) -> [Sentence] {
        var sentences: [Sentence] = []
        var first = 0
        var i = 0
        func close(_ endExclusive: Int) {
            guard endExclusive > first else { return }
            sentences.append(Sentence(tokenRange: first..<endExclusive, start: tokens[first].start,
                                      end: tokens[endExclusive - 1].end, paragraph: 0))
            first = endExclusive
        }
        while i < tokens.count {
            let t = tokens[i]
            if i > first && t.startsLine {
                close(i)
            }
            if t.kind == .punctuation && (t.text == "." || t.text == "!" || t.text == "?" || t.text == "\u{2026}") {
                var j = i + 1
                // absorb further terminal punctuation, closing quotes and brackets
                while j < tokens.count, !tokens[j].startsLine,
                      tokens[j].start == tokens[j - 1].end,
                      tokens[j].kind == .quote || [")", "]", "\u{2019}", "'", ".", "!", "?"].contains(tokens[j].text) {
                    j += 1
                }
                if j >= tokens.count { i = j; break }
                if isBoundary(tokens, period: i, next: j) {
                    close(j)
                    i = j
                    continue
                }
            }
            i += 1
        }
        close(tokens.count)
        // paragraph indices: recompute from tokens so they are exact
        var para = 0
        for k in sentences.indices {
            let ft = sentences[k].tokenRange.lowerBound
            if ft > 0 && tokens[ft].startsParagraph { para += 1 }
            sentences[k].paragraph = para
        }
        return sentences
    }

    static func isBoundary(_ tokens: [Token], period: Int, next: Int) -> Bool {
        let nextTok = tokens[next]
        if nextTok.startsLine { return true }
        if tokens[period].text != "." { return startsLikeSentence(nextTok) || nextTok.kind == .quote }
        guard period > 0 else { return true }
        let prev = tokens[period - 1]
        if prev.end == tokens[period].start {
            let lower = prev.text.lowercased()
            if abbreviations.contains(lower) {
                // "No. 10", "Mr. Smith": never a boundary; "etc." / "Inc." at the end may be
                if lower == "etc" || lower == "inc" || lower == "ltd" || lower == "co" || lower == "corp" {
                    return startsLikeSentence(nextTok) && nextTok.text != ","
                }
                return false
            }
            // initials: "George W. Bush"
            if prev.kind == .word, prev.text.unicodeScalars.count == 1, prev.isCapitalized, nextTok.isCapitalized {
                return false
            }
        }
        return startsLikeSentence(nextTok) || nextTok.kind == .quote || nextTok.text == "(" || nextTok.text == "\u{2018}" || nextTok.text == "'"
    }

    static func startsLikeSentence(_ t: Token) -> Bool {
        if t.kind == .number { return true }
        guard let f = t.text.unicodeScalars.first else { return false }
        return f.fastIsUppercase || t.isCapitalized || t.kind == .quote
    }
}
