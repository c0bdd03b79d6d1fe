/// A document prepared once for every analysis stage: its Unicode scalars (the unit of all
/// offsets), tokens and sentences.
public struct AnalyzedText: Sendable {
    public let scalars: [Unicode.Scalar]
    public let tokens: [Token]
    public let sentences: [Sentence]

    public init(_ text: String) {
        scalars = Array(text.unicodeScalars)
        tokens = Tokenizer.tokenize(scalars)
        sentences = SentenceSplitter.split(tokens)
    }

    /// The document text between two scalar offsets.
    public func text(from start: Int, to end: Int) -> String {
        let lo = max(0, min(start, scalars.count))
        let hi = max(lo, min(end, scalars.count))
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[lo..<hi])
        return String(view)
    }

    /// The text of a sentence, with inner line breaks and runs of spaces collapsed.
    public func text(of sentence: Sentence) -> String {
        var out = String.UnicodeScalarView()
        var lastSpace = false
        for s in scalars[sentence.start..<sentence.end] {
            if s.fastIsWhitespace {
                if !lastSpace { out.append(" ") }
                lastSpace = true
            } else {
                out.append(s)
                lastSpace = false
            }
        }
        return String(out)
    }

    /// The index of the sentence containing a scalar offset (the nearest one before it otherwise).
    public func sentenceIndex(containing offset: Int) -> Int? {
        guard !sentences.isEmpty else { return nil }
        var lo = 0
        var hi = sentences.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if sentences[mid].start <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// The index of the token starting at or after a scalar offset.
    public func tokenIndex(atOrAfter offset: Int) -> Int {
        var lo = 0
        var hi = tokens.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if tokens[mid].start < offset { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
