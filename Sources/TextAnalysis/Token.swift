/// One token of a document, with its position in Unicode scalars (the offsets the JSON contract
/// uses), so that every later stage can point back into the original text exactly.
public struct Token: Sendable, Equatable {
    /// What kind of characters the token is made of.
    public enum Kind: Sendable, Equatable {
        case word
        case number
        case punctuation
        /// A double quotation mark, straight or curly.
        case quote
    }

    public var kind: Kind
    public var text: String
    /// Scalar offset of the first scalar.
    public var start: Int
    /// Scalar offset one past the last scalar.
    public var end: Int
    /// True when a blank line (paragraph break) precedes this token.
    public var startsParagraph: Bool
    /// True when a line break (of any kind) precedes this token.
    public var startsLine: Bool

    public init(kind: Kind, text: String, start: Int, end: Int, startsParagraph: Bool = false, startsLine: Bool = false) {
        self.kind = kind
        self.text = text
        self.start = start
        self.end = end
        self.startsParagraph = startsParagraph
        self.startsLine = startsLine
    }

    /// First scalar is an upper-case letter, or the word is camel-cased like "eHow" / "iPhone".
    public var isCapitalized: Bool {
        guard kind == .word, let first = text.unicodeScalars.first else { return false }
        if first.fastIsUppercase { return true }
        if first == "#" { return text.unicodeScalars.dropFirst().first?.fastIsUppercase ?? false }
        var rest = text.unicodeScalars.dropFirst().makeIterator()
        guard first.fastIsLowercase, let second = rest.next() else { return false }
        return second.fastIsUppercase
    }

    /// Two or more letters, all upper case ("NATO", "BBC", "U.S.").
    public var isAllCaps: Bool {
        guard kind == .word else { return false }
        var letters = 0
        for s in text.unicodeScalars where s.fastIsAlphabetic {
            if !s.fastIsUppercase { return false }
            letters += 1
        }
        return letters >= 2
    }
}
