/// Splits news text into normalised word tokens for clustering.
///
/// StoryClustering keeps its own small tokenizer (rather than TextAnalysis's) so that the
/// fingerprints it persists do not change when the analysis lexicons change. Tokens are
/// lower-cased, apostrophe-s is dropped, common newsroom abbreviations are folded onto one
/// spelling ("dlrs" and "dollars" both become "dollar") and simple plurals are stripped, so
/// that a wire copy which spells out its abbreviations still matches its original.
///
/// `scan` works on UTF-8 bytes and hands out hashes, so bodies are tokenized without creating
/// a `String` per word; `tokens` materialises the words (for headlines and tests).
public enum NewsTokenizer {
    /// One word of a text, with whether it was written with a capital first letter.
    public struct Token: Sendable, Hashable {
        public var text: String
        public var capitalised: Bool
        /// True when the word begins a sentence or line (capitalisation then says little).
        public var sentenceInitial: Bool
    }

    /// A scanned word: its hash (equal to `TermHash.of(text)`), whether it is a content word.
    public struct Scanned: Sendable {
        public var hash: UInt64
        public var isContent: Bool
        public var capitalised: Bool
        public var sentenceInitial: Bool
        /// The word holds a digit: a figure ("3700", "10.3", "€86m").
        public var hasDigit: Bool
    }

    /// All word tokens of `text`, folded and stemmed, stopwords kept.
    public static func tokens(_ text: String) -> [Token] {
        var result: [Token] = []
        scan(text) { token, bytes in
            result.append(Token(text: String(decoding: bytes, as: UTF8.self), capitalised: token.capitalised,
                                sentenceInitial: token.sentenceInitial))
        }
        return result
    }

    /// Content words only (stopwords and one-letter tokens removed), as strings.
    public static func contentWords(_ text: String) -> [String] {
        var result: [String] = []
        scan(text) { token, bytes in
            if token.isContent { result.append(String(decoding: bytes, as: UTF8.self)) }
        }
        return result
    }

    /// Whether a normalised token carries content (not a stopword, not a lone letter).
    public static func isContent(_ word: String) -> Bool {
        word.utf8.count > 1 && !Lexicon.shared.stopHashes.contains(TermHash.of(word))
    }

    /// Receives tokens from `scan(_:into:)`; a struct sink keeps the hot loop free of closures.
    public protocol Sink {
        mutating func accept(_ token: Scanned, _ normalised: ArraySlice<UInt8>)
        /// Also told where the word stands in the scanned text (UTF-8 offsets), for sinks that
        /// show words as written; by default the same as `accept(_:_:)`.
        mutating func accept(_ token: Scanned, _ normalised: ArraySlice<UInt8>, written: Range<Int>)
    }

    struct ClosureSink: Sink {
        let visit: (Scanned, ArraySlice<UInt8>) -> Void
        func accept(_ token: Scanned, _ normalised: ArraySlice<UInt8>) { visit(token, normalised) }
    }

    /// Calls `visit` for each token with its normalised bytes.
    public static func scan(_ text: String, _ visit: (Scanned, ArraySlice<UInt8>) -> Void) {
        withoutActuallyEscaping(visit) { v in
            var sink = ClosureSink(visit: v)
            scan(text, into: &sink)
        }
    }

    /// Hands each token of `text`, with its normalised bytes, to `sink`.
    public static func scan<S: Sink>(_ text: String, into sink: inout S) {
        scan(text[...], into: &sink)
    }

    /// Hands each token of `text` (a line of a body, say), with its normalised bytes, to `sink`.
    public static func scan<S: Sink>(_ text: Substring, into sink: inout S) {
        let bytes = text.utf8.span
        var word: [UInt8] = []
        word.reserveCapacity(32)
        var capitalised = false
        var sentenceStart = true
        var tokenIsInitial = true
        let lexicon = Lexicon.shared
        // One position past the end reads as a space, which ends the last word.
        let n = bytes.count + 1
        @inline(__always) func byte(_ i: Int) -> UInt8 { i < bytes.count ? bytes[i] : 0x20 }
        var i = 0
        var wordStart = 0
        while i < n {
            let b = byte(i)
            let isUpper = b >= 65 && b <= 90
            if isUpper || (b >= 97 && b <= 122) || (b >= 48 && b <= 57) || b >= 0x80 {
                if word.isEmpty {
                    wordStart = i
                    capitalised = isUpper
                    tokenIsInitial = sentenceStart
                    sentenceStart = false
                }
                word.append(isUpper ? b + 32 : b)
                i += 1
                continue
            }
            // Keep "10.3", "2,668,000", "u.s", "don't" in one token.
            if !word.isEmpty && i + 1 < n && (b == 0x27 || b == 0x2E || b == 0x2C) && isWordByte(byte(i + 1)) {
                let digits = isDigit(word[word.count - 1]) && isDigit(byte(i + 1))
                if b == 0x2C {
                    if digits { i += 1; continue }
                } else if b == 0x27 || digits || word.count == 1 {
                    word.append(b)
                    i += 1
                    continue
                }
            }
            if !word.isEmpty {
                emit(&word, capitalised: capitalised, initial: tokenIsInitial, written: wordStart..<i, lexicon: lexicon,
                     into: &sink)
                word.removeAll(keepingCapacity: true)
            }
            if b == 0x2E || b == 0x21 || b == 0x3F || b == 0x0A || b == 0x3A || b == 0x7C {
                sentenceStart = true
            }
            i += 1
        }
    }

    static func emit<S: Sink>(_ word: inout [UInt8], capitalised: Bool, initial: Bool, written: Range<Int>,
                              lexicon: Lexicon, into sink: inout S) {
        // Drop a trailing possessive ("albertson's") and trailing apostrophes or dots.
        if word.count > 2 && word[word.count - 1] == 0x73 && word[word.count - 2] == 0x27 { word.removeLast(2) }
        while let last = word.last, last == 0x27 || last == 0x2E { word.removeLast() }
        guard !word.isEmpty else { return }
        var hash = TermHash.of(bytes: word[...])
        var text = word[...]
        if let folded = lexicon.variants[hash] {
            hash = folded.hash
            text = folded.text[...]
        } else if word.count > 3 && word[word.count - 1] == 0x73 && word.allSatisfy({ $0 >= 97 && $0 <= 122 }) {
            let p = word[word.count - 2]
            if p != 0x73 && p != 0x75 && p != 0x69 {
                if word.count > 4 && p == 0x65 && word[word.count - 3] == 0x69 {
                    word.removeLast(3)
                    word.append(0x79)
                } else {
                    word.removeLast()
                }
                hash = TermHash.of(bytes: word[...])
                text = word[...]
                if let folded = lexicon.variants[hash] {
                    hash = folded.hash
                    text = folded.text[...]
                }
            }
        }
        let content = text.count > 1 && !lexicon.stopHashes.contains(hash)
        let digit = text.contains { $0 >= 48 && $0 <= 57 }
        sink.accept(Scanned(hash: hash, isContent: content, capitalised: capitalised, sentenceInitial: initial,
                            hasDigit: digit), text, written: written)
    }

    @inline(__always) static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || (b >= 48 && b <= 57) || b >= 0x80
    }

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }

    /// The stopword and variant tables keyed by hash, built once.
    final class Lexicon: Sendable {
        static let shared = Lexicon()
        // Looked up once or twice per word of every body: tables keyed by the hash itself.
        let stopHashes: TermTable<Bool>
        let calendarHashes: TermTable<Bool>
        let variants: TermTable<(hash: UInt64, text: [UInt8])>

        init() {
            var stop = TermTable<Bool>()
            for word in Stopwords.english.sorted() { stop.insert(TermHash.of(word), true) }
            stopHashes = stop
            var calendar = TermTable<Bool>()
            for word in Stopwords.calendar.sorted() { calendar.insert(TermHash.of(word), true) }
            calendarHashes = calendar
            var v = TermTable<(hash: UInt64, text: [UInt8])>()
            for (from, to) in Stopwords.variants.sorted(by: { $0.key < $1.key }) {
                v.insert(TermHash.of(from), (TermHash.of(to), Array(to.utf8)))
            }
            variants = v
        }
    }
}

extension NewsTokenizer.Sink {
    public mutating func accept(_ token: NewsTokenizer.Scanned, _ normalised: ArraySlice<UInt8>, written: Range<Int>) {
        accept(token, normalised)
    }
}
