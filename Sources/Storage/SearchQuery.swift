/// What a person typed into `feedwatch search`, made safe for SQLite's full-text index.
///
/// FTS5's query language has operators (`AND`, `OR`, `NOT`, `NEAR(…)`, `*`, `^`, `-`, column
/// filters with `:`) and a syntax error is an SQL error. The words a person types are meant as
/// words, so none of that is ever passed through: each word — or each "quoted phrase" — becomes
/// an FTS5 string (inside double quotes, its own quotes doubled), and the strings are joined by
/// spaces, which FTS5 reads as AND. Words with no letter or digit are dropped (the index has no
/// tokens for them), and the query is bounded: at most `maxTerms` terms of at most
/// `maxTermLength` characters, read from the first `maxInputLength` characters.
public struct SearchQuery: Sendable, Equatable {
    /// The terms, cleaned: each is one word or one phrase.
    public let terms: [String]

    public static let maxTerms = 16
    public static let maxTermLength = 64
    public static let maxInputLength = 1000

    public init(_ text: String) {
        var terms: [String] = []
        var current = ""
        var inPhrase = false
        func finish() {
            let words = current.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            if terms.count < Self.maxTerms, words.contains(where: { $0.isLetter || $0.isNumber }) {
                terms.append(String(words.prefix(Self.maxTermLength)))
            }
            current = ""
        }
        for character in text.prefix(Self.maxInputLength) {
            if character == "\"" {
                finish()
                inPhrase.toggle()
            } else if character.isWhitespace && !inPhrase {
                finish()
            } else if character.unicodeScalars.allSatisfy({ $0.value >= 0x20 && !(0x7F...0x9F).contains($0.value) }) {
                current.append(character)
            } else {
                current.append(" ")
            }
        }
        finish()
        self.terms = terms
    }

    /// Nothing to search for (no word with a letter or digit).
    public var isEmpty: Bool { terms.isEmpty }

    /// The FTS5 MATCH expression: every term as a quoted string, all of them required.
    public var matchExpression: String {
        terms.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " ")
    }
}
