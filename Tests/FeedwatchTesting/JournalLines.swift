/// Checks what a process wrote to stderr under systemd (`JOURNAL_STREAM` set) the way journald
/// reads it: one entry per line, its priority taken from a leading `<N>`.
///
/// A line feedwatch did not start itself — text from a feed that carried a line break — would
/// become a journal entry of its own, with any priority the feed chose. So every line must start
/// with a priority, contain no raw control characters (ANSI escapes, C1 controls, NULs), and never
/// begin, after its priority, with the marker that hostile test inputs plant after line breaks.
public enum JournalLines {
    /// One line that breaks a rule, with the rule.
    public struct Violation: Sendable, CustomStringConvertible {
        public var line: Int
        public var rule: String
        public var text: String
        public var description: String { "line \(line): \(rule): \(JournalLines.visible(text))" }
    }

    /// Every violation in `log`; `forgeryMarker` is the text hostile inputs put after a line break.
    public static func violations(in log: String, forgeryMarker: String) -> [Violation] {
        var found: [Violation] = []
        let lines = log.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, raw) in lines.enumerated() {
            if index == lines.count - 1 && raw.isEmpty { break }   // the final newline
            let line = String(raw)
            func report(_ rule: String) { found.append(Violation(line: index + 1, rule: rule, text: line)) }
            let scalars = Array(line.unicodeScalars)
            let priority = scalars.count >= 3 && scalars[0] == "<" && (0x30...0x37).contains(scalars[1].value) && scalars[2] == ">"
            if !priority { report("no <N> priority at the start") }
            let message = priority ? String(String.UnicodeScalarView(scalars.dropFirst(3))) : line
            if message.hasPrefix(forgeryMarker) || message.hasPrefix("<") && message.dropFirst(3).hasPrefix(forgeryMarker) {
                report("a line forged by input")
            }
            if scalars.contains(where: isControl) { report("raw control character") }
        }
        return found
    }

    /// Lines holding bidirectional-override characters, which reorder what a terminal shows.
    public static func bidiLines(in log: String) -> [String] {
        log.split(separator: "\n").map(String.init).filter { $0.unicodeScalars.contains(where: isBidiControl) }
    }

    /// C0 controls but tab, DEL, C1 controls, and CR: none belongs in a journal line.
    public static func isControl(_ s: Unicode.Scalar) -> Bool {
        (s.value < 0x20 && s != "\t") || (0x7F...0x9F).contains(s.value) || s.value == 0x2028 || s.value == 0x2029
    }

    public static func isBidiControl(_ s: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(s.value) || (0x2066...0x2069).contains(s.value) || s.value == 0x200E || s.value == 0x200F
    }

    /// A line with its control characters shown as \u{…}, for failure messages.
    public static func visible(_ text: String) -> String {
        var out = ""
        for s in text.unicodeScalars.prefix(400) {
            if isControl(s) || isBidiControl(s) { out += "\\u{\(String(s.value, radix: 16))}" } else { out.unicodeScalars.append(s) }
        }
        return out
    }
}
