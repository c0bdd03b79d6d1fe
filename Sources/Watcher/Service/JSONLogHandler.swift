import Foundation
import Logging

/// One JSON object per log event, one event per line on stderr (`log_format = "json"`).
///
/// `{"label":…,"level":"warning","message":…,"metadata":{…},"timestamp":"2026-11-27T07:00:03.120Z"}`
/// with the keys in that order. Messages carry feed titles, URLs and server text, so every string
/// is escaped here by hand: quotes, backslashes, every control character (C0, DEL, C1), the line
/// and paragraph separators and the bidi controls become `\u` escapes, so an event is always one
/// line of valid JSON whatever a feed sends (Swift strings are valid Unicode; bytes that were not
/// UTF-8 arrive as U+FFFD). Under systemd the line starts with the syslog priority `<N>`, which
/// the journal strips and keeps as the priority, leaving the JSON as the message.
public struct JSONLogHandler: LogHandler {
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
        var line = journal ? "<\(JournalLogHandler.priority(event.level))>" : ""
        line += Self.line(level: event.level, label: label, message: event.message.description, metadata: fields)
        line += "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// The JSON object of one event, without its line break (also for text a command writes
    /// straight to stderr, so that every line there is JSON).
    public static func line(level: Logger.Level, label: String, message: String, metadata: Logger.Metadata = [:],
                            timestamp: Date = Date()) -> String {
        var out = "{\"label\":" + Self.string(label)
        out += ",\"level\":" + Self.string(level.rawValue)
        out += ",\"message\":" + Self.string(message)
        out += ",\"metadata\":" + Self.object(metadata)
        out += ",\"timestamp\":" + Self.string(Self.timestamp(timestamp))
        return out + "}"
    }

    static func object(_ metadata: Logger.Metadata) -> String {
        "{" + metadata.keys.sorted().compactMap { key in metadata[key].map { Self.string(key) + ":" + Self.value($0) } }
            .joined(separator: ",") + "}"
    }

    static func value(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let s): return Self.string(s)
        case .stringConvertible(let c): return Self.string(c.description)
        case .array(let items): return "[" + items.map(Self.value).joined(separator: ",") + "]"
        case .dictionary(let d): return Self.object(d)
        }
    }

    /// `s` as a JSON string literal, safe on one line and in any terminal.
    public static func string(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        out.append("\"")
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out.append(contentsOf: "\\\"".unicodeScalars)
            case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
            case "\n": out.append(contentsOf: "\\n".unicodeScalars)
            case "\r": out.append(contentsOf: "\\r".unicodeScalars)
            case "\t": out.append(contentsOf: "\\t".unicodeScalars)
            default:
                if JournalLogHandler.needsEscape(scalar) {
                    let hex = String(scalar.value, radix: 16)
                    out.append(contentsOf: ("\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex).unicodeScalars)
                } else {
                    out.append(scalar)
                }
            }
        }
        out.append("\"")
        return String(out)
    }

    /// RFC 3339 in UTC with milliseconds.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!))
    }
}
