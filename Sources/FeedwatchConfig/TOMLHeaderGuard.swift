/// Finds the one shape of table header that toml++ (under TOMLKit) aborts the process on instead
/// of reporting: `[` or `[[`, optional blanks, then a character that cannot start a key — not a
/// letter, digit, `-`, `_` or quote (`[é]`, `[[ é ]]`, `[,]`, `[.a]`, `[` and a line break);
/// `[]` it reports itself. toml++ asserts that a key starts with a
/// bare-key character or a quote and does not check it first on this path, so such a line must
/// never reach it: `ConfigLoader` reports it as a config error with its line instead. Found by
/// the FuzzConfig target.
///
/// Every line is looked at, even one inside a multi-line string: telling where such a string ends
/// the way toml++ does (runs of quotes, escapes) is a parser of its own, and a feedwatch config has
/// no multi-line text in which a line would start like that.
enum TOMLHeaderGuard {
    /// The 1-based line of the first such header, or nil when there is none.
    static func firstUnsafeHeaderLine(in text: String) -> Int? {
        var line = 1
        var bytes = Array(text.utf8)[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }    // toml++ skips a BOM
        for content in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            if unsafeHeader(at: content) { return line }
            line += 1
        }
        return nil
    }

    /// `[` or `[[` after optional blanks at the start of `line`, then blanks, then a byte that
    /// cannot start a key (the line's end included).
    private static func unsafeHeader(at line: ArraySlice<UInt8>) -> Bool {
        var rest = line.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        guard rest.first == UInt8(ascii: "[") else { return false }
        rest = rest.dropFirst()
        if rest.first == UInt8(ascii: "[") { rest = rest.dropFirst() }
        rest = rest.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        guard let first = rest.first else { return true }
        return !startsKey(first) && first != UInt8(ascii: "]")
    }

    /// A bare-key character (ASCII letters, digits, `-`, `_`) or a quote.
    private static func startsKey(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "\""), UInt8(ascii: "'"):
            return true
        default:
            return false
        }
    }
}
