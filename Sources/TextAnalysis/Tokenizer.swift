/// Splits news text into word, number, punctuation and quote tokens with scalar offsets.
///
/// Keeps together what news text needs kept together: abbreviations with inner dots ("U.S.",
/// "a.m."), decimals and thousands ("1,200.50"), hyphenated and apostrophe words ("al-Qaeda",
/// "O'Brien"), web names ("Gawker.com"), hashtags; splits a possessive "'s" off its word.
public enum Tokenizer {
    public static func tokenize(_ scalars: [Unicode.Scalar]) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(scalars.count / 4)
        var i = 0
        let n = scalars.count
        var newlines = 0
        while i < n {
            let c = scalars[i]
            if c.fastIsWhitespace {
                if c == "\n" || c == "\u{2029}" { newlines += 1 }
                i += 1
                continue
            }
            let startsParagraph = newlines >= 2 || tokens.isEmpty
            let startsLine = newlines >= 1 || tokens.isEmpty
            newlines = 0
            let start = i
            var kind: Token.Kind
            if isLetterOrDigit(c) || (c == "#" && i + 1 < n && isLetter(scalars[i + 1])) {
                i += 1
                while i < n {
                    let d = scalars[i]
                    if isLetterOrDigit(d) { i += 1; continue }
                    // Joiners are kept only between letters/digits.
                    let next: Unicode.Scalar? = i + 1 < n ? scalars[i + 1] : nil
                    if d == "," {
                        // thousands separator: digit , ddd (exactly three digits)
                        if isDigit(scalars[i - 1]), threeDigitsFollow(scalars, i + 1) { i += 1; continue }
                        break
                    }
                    if d == "." {
                        guard let nx = next else {
                            // abbreviation like "U.S." at end of text
                            if isAbbreviationDot(scalars, start: start, dot: i) { i += 1 }
                            break
                        }
                        if isLetterOrDigit(nx) { i += 1; continue }
                        if isAbbreviationDot(scalars, start: start, dot: i) { i += 1 }
                        break
                    }
                    if d == "-" || d == "\u{2010}" || d == "\u{2011}" {
                        if let nx = next, isLetterOrDigit(nx) { i += 1; continue }
                        break
                    }
                    if d == "'" || d == "\u{2019}" {
                        if let nx = next, isLetter(nx) {
                            // possessive 's splits off
                            if (nx == "s" || nx == "S"), i + 2 >= n || !isLetterOrDigit(scalars[i + 2]) { break }
                            i += 1; continue
                        }
                        break
                    }
                    break
                }
                let text = String(String.UnicodeScalarView(scalars[start..<i]))
                kind = text.unicodeScalars.allSatisfy({ isDigit($0) || $0 == "," || $0 == "." }) ? .number : .word
                tokens.append(Token(kind: kind, text: text, start: start, end: i, startsParagraph: startsParagraph, startsLine: startsLine))
                continue
            }
            if (c == "'" || c == "\u{2019}"), i + 1 < n, scalars[i + 1] == "s" || scalars[i + 1] == "S",
               i + 2 >= n || !isLetterOrDigit(scalars[i + 2]), let last = tokens.last, last.kind == .word || last.kind == .number,
               i + 2 >= n || scalars[i + 2] != "'" {
                tokens.append(Token(kind: .word, text: "'s", start: i, end: i + 2, startsParagraph: startsParagraph, startsLine: startsLine))
                i += 2
                continue
            }
            i += 1
            kind = (c == "\"" || c == "\u{201C}" || c == "\u{201D}" || c == "\u{201E}") ? .quote : .punctuation
            tokens.append(Token(kind: kind, text: String(c), start: start, end: i, startsParagraph: startsParagraph, startsLine: startsLine))
        }
        return tokens
    }

    static func isLetter(_ c: Unicode.Scalar) -> Bool { c.fastIsAlphabetic }
    static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }
    static func isLetterOrDigit(_ c: Unicode.Scalar) -> Bool {
        if c.value < 128 {
            let v = c.value
            return (v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122)
        }
        return c.fastIsAlphabetic || c.properties.numericType != nil || c.properties.generalCategory == .nonspacingMark
    }

    private static func threeDigitsFollow(_ s: [Unicode.Scalar], _ j: Int) -> Bool {
        guard j + 2 < s.count else { return false }
        guard isDigit(s[j]), isDigit(s[j + 1]), isDigit(s[j + 2]) else { return false }
        return j + 3 >= s.count || !isDigit(s[j + 3])
    }

    /// "U.S." / "a.m." / "Mr." style: the word so far is single letters separated by dots,
    /// or a short known abbreviation. Only the dot of single-letter groups is absorbed.
    private static func isAbbreviationDot(_ s: [Unicode.Scalar], start: Int, dot: Int) -> Bool {
        // single letter groups: X.Y. pattern
        let len = dot - start
        if len == 1 { return false }
        var j = start
        var sawInnerDot = false
        while j < dot {
            if !isLetter(s[j]) { return false }
            if j + 1 < dot {
                if s[j + 1] != "." { return false }
                sawInnerDot = true
                j += 2
            } else {
                j += 1
            }
        }
        return sawInnerDot
    }
}
