/// Splits news text into normalised word tokens for clustering.
///
/// StoryClustering keeps its own small tokenizer (rather than TextAnalysis's) so that the
/// fingerprints it persists do not change when the analysis lexicons change. Tokens are
/// lower-cased, apostrophe-s is dropped, common newsroom abbreviations are folded onto one
/// spelling ("dlrs" and "dollars" both become "dollar") and simple plurals are stripped, so
/// that a wire copy which spells out its abbreviations still matches its original.
public enum NewsTokenizer {
    /// One word of a text, with whether it was written with a capital first letter.
    public struct Token: Sendable, Hashable {
        public var text: String
        public var capitalised: Bool
        /// True when the word begins a sentence or line (capitalisation then says little).
        public var sentenceInitial: Bool
    }

    /// All word tokens of `text`, folded and stemmed, stopwords kept.
    public static func tokens(_ text: String) -> [Token] {
        var result: [Token] = []
        result.reserveCapacity(text.utf8.count / 5)
        var current: [UInt8] = []
        var capitalised = false
        var sentenceStart = true
        var pendingStart = true
        func flush() {
            guard !current.isEmpty else { return }
            // Drop a trailing possessive: "albertson's" -> "albertson".
            if current.count > 2, current[current.count - 1] == UInt8(ascii: "s"),
               current[current.count - 2] == UInt8(ascii: "'") {
                current.removeLast(2)
            }
            while let last = current.last, last == UInt8(ascii: "'") || last == UInt8(ascii: ".") {
                current.removeLast()
            }
            if !current.isEmpty {
                let word = String(decoding: current, as: UTF8.self)
                result.append(Token(text: normalise(word), capitalised: capitalised,
                                    sentenceInitial: pendingStart))
            }
            current.removeAll(keepingCapacity: true)
            pendingStart = false
        }
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let isUpper = b >= 65 && b <= 90
            let isLower = b >= 97 && b <= 122
            let isDigit = b >= 48 && b <= 57
            if isUpper || isLower || isDigit || b >= 0x80 {
                if current.isEmpty {
                    capitalised = isUpper
                    pendingStart = sentenceStart
                    sentenceStart = false
                }
                current.append(isUpper ? b + 32 : b)
            } else if (b == UInt8(ascii: "'") || b == UInt8(ascii: ".") || b == UInt8(ascii: ",")),
                      !current.isEmpty, i + 1 < bytes.count, isWordByte(bytes[i + 1]),
                      b != UInt8(ascii: ",") || (isDigitByte(current.last!) && isDigitByte(bytes[i + 1])) {
                // Keep "10.3", "2,668,000", "u.s", "don't" in one token.
                if b == UInt8(ascii: ".") && !(isDigitByte(current.last!) && isDigitByte(bytes[i + 1]))
                    && current.count > 1 {
                    // "end.Next" : a sentence boundary, not an abbreviation.
                    flush()
                    sentenceStart = true
                } else if b != UInt8(ascii: ",") {
                    current.append(b)
                }
            } else {
                flush()
                if b == UInt8(ascii: ".") || b == UInt8(ascii: "!") || b == UInt8(ascii: "?")
                    || b == UInt8(ascii: "\n") || b == UInt8(ascii: ":") || b == UInt8(ascii: "|") {
                    sentenceStart = true
                }
            }
            i += 1
        }
        flush()
        return result
    }

    /// Content words only (stopwords and one-letter tokens removed), as strings.
    public static func contentWords(_ text: String) -> [String] {
        tokens(text).compactMap { isContent($0.text) ? $0.text : nil }
    }

    /// Whether a normalised token carries content (not a stopword, not a lone letter).
    public static func isContent(_ word: String) -> Bool {
        word.utf8.count > 1 && !Stopwords.english.contains(word)
    }

    private static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || (b >= 48 && b <= 57) || b >= 0x80
    }

    private static func isDigitByte(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }

    /// Folds newsroom abbreviations and strips simple plural endings.
    static func normalise(_ word: String) -> String {
        if let folded = Stopwords.variants[word] { return folded }
        let u = Array(word.utf8)
        let n = u.count
        guard n > 3, u.allSatisfy({ $0 >= 97 && $0 <= 122 }) else { return word }
        if u[n - 1] == UInt8(ascii: "s") {
            let p = u[n - 2]
            if p == UInt8(ascii: "s") || p == UInt8(ascii: "u") || p == UInt8(ascii: "i") { return word }
            if n > 4 && p == UInt8(ascii: "e") && u[n - 3] == UInt8(ascii: "i") {
                return String(decoding: u[0..<(n - 3)], as: UTF8.self) + "y"
            }
            let stem = String(decoding: u[0..<(n - 1)], as: UTF8.self)
            return Stopwords.variants[stem] ?? stem
        }
        return word
    }
}
