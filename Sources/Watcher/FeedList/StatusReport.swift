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
        /// Work set aside because feedwatch died on it: this feed itself, or pages and entries of it.
        public var quarantined: [String]
    }

    public static func rows(store: any FeedStorage, now: Date) throws -> [Row] {
        var quarantined: [String: [String]] = [:]
        for item in try store.quarantinedItems() {
            let what = item.kind == .feedFetch ? item.reason : "\(item.link ?? "entry \(item.itemID)"): \(item.reason)"
            quarantined[item.feedURL ?? "", default: []].append(what)
        }
        return try store.allFeeds().filter(\.active).map { feed in
            let state: String
            if try store.isQuarantined(.feedFetch, id: feed.id, at: now) {
                state = "quarantined"
            } else if feed.consecutiveFailures > 0 {
                state = (feed.failingSince.map { now.timeIntervalSince($0) >= PollPolicy.deadFeedAfter } ?? false) ? "DEAD?" : "failing"
            } else if let last = try store.fetchHistory(feedID: feed.id, limit: 1).first, last.outcome == "deferred" {
                state = "deferred"
            } else if feed.lastSuccessAt == nil {
                state = "new"
            } else {
                state = "ok"
            }
            return Row(url: feed.configuredURL, name: feed.name ?? feed.title, state: state, lastSuccess: feed.lastSuccessAt,
                       lastError: feed.consecutiveFailures > 0 ? feed.lastError
                           : state == "deferred" ? try store.fetchHistory(feedID: feed.id, limit: 1).first?.error : nil, consecutiveFailures: feed.consecutiveFailures,
                       failingSince: feed.failingSince, nextPoll: feed.nextPollAt, entries: try store.entryCount(feedURL: feed.configuredURL),
                       quarantined: quarantined[feed.configuredURL] ?? [])
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
        let setAside = rows.filter { !$0.quarantined.isEmpty }
        if !setAside.isEmpty {
            out += "\nQuarantined (feedwatch stopped unexpectedly while working on these):\n"
            for row in setAside {
                for what in row.quarantined { out += "  \(row.name ?? row.url): \(what)\n" }
            }
        }
        out += "\n\(rows.count) feeds, \(failing) failing, \(rows.reduce(0) { $0 + $1.entries }) entries stored\n"
        return out
    }
}
