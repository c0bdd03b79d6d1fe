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
        line += event.message.description
        for key in fields.keys.sorted() { line += " \(key)=\(Self.quote("\(fields[key]!)"))" }
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

    static func quote(_ s: String) -> String {
        s.contains(" ") || s.contains("\"") || s.isEmpty
            ? "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
            : s
    }

    static func timestamp() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date())
    }
}
