import Foundation
import Storage

/// `feedwatch status`: per feed, last success, last error, consecutive failures, next poll and
/// entry count, as an aligned table (or JSON for scripts).
public enum StatusReport {
    public struct Row: Sendable, Codable, Equatable {
        public var url: String
        public var name: String?
        public var state: String
        public var lastSuccess: Date?
        public var lastError: String?
        public var consecutiveFailures: Int
        public var failingSince: Date?
        public var nextPoll: Date?
        public var entries: Int
    }

    public static func rows(store: FeedStore, now: Date) throws -> [Row] {
        try store.allFeeds().filter(\.active).map { feed in
            let state: String
            if feed.consecutiveFailures > 0 {
                state = (feed.failingSince.map { now.timeIntervalSince($0) >= PollPolicy.deadFeedAfter } ?? false) ? "DEAD?" : "failing"
            } else if feed.lastSuccessAt == nil {
                state = "new"
            } else {
                state = "ok"
            }
            return Row(url: feed.configuredURL, name: feed.name ?? feed.title, state: state, lastSuccess: feed.lastSuccessAt,
                       lastError: feed.consecutiveFailures > 0 ? feed.lastError : nil, consecutiveFailures: feed.consecutiveFailures,
                       failingSince: feed.failingSince, nextPoll: feed.nextPollAt, entries: try store.entryCount(feedURL: feed.configuredURL))
        }
    }

    public static func table(_ rows: [Row], now: Date) -> String {
        func ago(_ date: Date?) -> String {
            guard let date else { return "never" }
            let s = now.timeIntervalSince(date)
            if s < 0 { return "in " + ConfigValues.format(duration: (-s / 60).rounded() * 60) }
            return s < 60 ? "just now" : ConfigValues.format(duration: (s / 60).rounded() * 60) + " ago"
        }
        var lines = [["STATE", "FEED", "LAST OK", "FAILS", "NEXT POLL", "ENTRIES", "LAST ERROR"]]
        for r in rows {
            lines.append([r.state, r.name ?? r.url, ago(r.lastSuccess), String(r.consecutiveFailures), ago(r.nextPoll),
                          String(r.entries), r.lastError ?? ""])
        }
        let widths = (0..<6).map { col in min(48, lines.map { $0[col].count }.max() ?? 0) }
        var out = ""
        for line in lines {
            var cells: [String] = []
            for col in 0..<6 {
                var cell = line[col]
                if cell.count > widths[col] { cell = String(cell.prefix(widths[col] - 1)) + "…" }
                cells.append(cell.padding(toLength: widths[col], withPad: " ", startingAt: 0))
            }
            cells.append(line[6])
            out += cells.joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
        }
        let failing = rows.filter { $0.consecutiveFailures > 0 }.count
        out += "\n\(rows.count) feeds, \(failing) failing, \(rows.reduce(0) { $0 + $1.entries }) entries stored\n"
        return out
    }
}
