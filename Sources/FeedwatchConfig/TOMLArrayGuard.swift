/// Finds the one shape of array that toml++ (under TOMLKit) aborts the process on instead of
/// reporting: a `}` where an array element should start (`[}`, `[1, }]`). toml++ hands that
/// character to its value parser, which asserts that it cannot be a terminator. A `}` right after
/// `[` or `,` is never valid TOML (inline tables take no trailing comma), so `ConfigLoader` reports
/// it as a syntax error with its line instead. Found by the FuzzConfig target.
///
/// Strings (basic, literal, and their multi-line forms) and comments are skipped; a `}` inside
/// them is text.
enum TOMLArrayGuard {
    /// The 1-based line of the first such `}`, or nil when there is none.
    static func firstUnsafeBraceLine(in text: String) -> Int? {
        let bytes = Array(text.utf8)
        var i = 0
        var line = 1
        var previous: UInt8 = 0    // the last significant byte outside strings and comments
        func at(_ k: Int) -> UInt8? { k < bytes.count ? bytes[k] : nil }
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "\n"):
                line += 1
                i += 1
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                i += 1
            case UInt8(ascii: "#"):
                while i < bytes.count, bytes[i] != UInt8(ascii: "\n") { i += 1 }
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                let multiline = at(i + 1) == b && at(i + 2) == b
                i += multiline ? 3 : 1
                while i < bytes.count {
                    let c = bytes[i]
                    if c == UInt8(ascii: "\n") {
                        if !multiline { break }    // a one-line string ends at the line's end
                        line += 1
                    }
                    if c == UInt8(ascii: "\\"), b == UInt8(ascii: "\"") { i += 2; continue }
                    if c == b {
                        if !multiline { i += 1; break }
                        if at(i + 1) == b && at(i + 2) == b {
                            i += 3
                            while at(i) == b { i += 1 }    // up to two quotes of content before the close
                            break
                        }
                    }
                    i += 1
                }
                previous = b
            default:
                if b == UInt8(ascii: "}"), previous == UInt8(ascii: "[") || previous == UInt8(ascii: ",") { return line }
                previous = b
                i += 1
            }
        }
        return nil
    }
}
