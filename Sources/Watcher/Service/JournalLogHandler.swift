import Foundation
import Logging

/// One log line per event on stderr, readable in a terminal and in the journal.
///
/// Under systemd ($JOURNAL_STREAM set) each line starts with the syslog priority `<N>` so
/// `journalctl -p warning` works, and carries no timestamp (the journal adds one). Otherwise:
/// `2026-11-27T07:00:03Z warning feed=https://… HTTP 404 …`. Metadata is printed as key=value.
public struct JournalLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    let label: String
    let journal: Bool

    public init(label: String, level: Logger.Level = .info, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.label = label
        self.logLevel = level
        self.journal = environment["JOURNAL_STREAM"] != nil
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = metadata
        if let extra = event.metadata { fields.merge(extra) { $1 } }
        var line = ""
        if journal {
            line = "<\(Self.priority(event.level))>"
        } else {
            line = Self.timestamp() + " " + event.level.rawValue + " "
        }
        line += Self.escaped(event.message.description)
        for key in fields.keys.sorted() {
            guard let value = fields[key] else { continue }
            line += " \(Self.escaped(key))=\(Self.quote(Self.escaped("\(value)")))"
        }
        line += "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: return 7
        case .info: return 6
        case .notice: return 5
        case .warning: return 4
        case .error: return 3
        case .critical: return 2
        }
    }

    /// Text made safe for one log line: feed titles, URLs and server messages are the publisher's
    /// words, and a newline in them would start a line of its own — one that could begin with
    /// `<2>` and reach the journal as a forged critical message. Line breaks, tabs and every other
    /// control character (C0, DEL, C1, the Unicode line and paragraph separators, bidi overrides) are written
    /// as escapes instead, so one event is always exactly one line.
    public static func escaped(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: needsEscape) else { return s }
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            guard needsEscape(scalar) else { out.append(scalar); continue }
            let replacement: String
            switch scalar {
            case "\n": replacement = "\\n"
            case "\r": replacement = "\\r"
            case "\t": replacement = "\\t"
            default:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                replacement = "\\u{" + hex + "}"
            }
            out.append(contentsOf: replacement.unicodeScalars)
        }
        return String(out)
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029
            // Bidirectional overrides and isolates, which can make a log line read backwards.
            || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0x061C
    }

    static func quote(_ s: String) -> String {
        s.contains(" ") || s.contains("\"") || s.isEmpty
            ? "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
            : s
    }

    /// "2026-11-27T07:00:03Z". A format style, not an `ISO8601DateFormatter`: that made an ICU
    /// formatter per line, most of a busy debug log's cost.
    static func timestamp(_ date: Date = Date()) -> String {
        date.formatted(timestampStyle)
    }

    static let timestampStyle = Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC") ?? .gmt)
}
