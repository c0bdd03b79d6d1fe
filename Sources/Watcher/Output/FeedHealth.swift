import Digest
import Foundation
import Storage

/// Which feeds need the reader's attention, in plain words: failing ones and stale ones.
public enum FeedHealth {
    /// A feed that has published nothing new for this long is "stale".
    public static let staleAfter: TimeInterval = 14 * 86_400

    /// - Parameter quarantined: pages and entries set aside because the process died on them
    ///   (quarantined feeds show as failing feeds, with the reason as their error).
    public static func problems(_ feeds: [FeedState], now: Date, networkDown: Bool,
                                quarantined: [QuarantinedItem] = []) -> [FeedProblem] {
        var out: [FeedProblem] = []
        if networkDown {
            out.append(FeedProblem(name: "All feeds", feedURL: "", problem: "the network was down at the last poll; feeds will be retried",
                                   since: nil, consecutiveFailures: 0, lastSuccess: nil, kind: .networkDown))
        }
        for feed in feeds {
            let name = feed.name ?? feed.title ?? feed.configuredURL
            if feed.consecutiveFailures > 0, let error = feed.lastError {
                var problem = error
                if let since = feed.failingSince, now.timeIntervalSince(since) >= PollPolicy.deadFeedAfter {
                    problem += " — failing for \(Int(now.timeIntervalSince(since) / 86_400)) days; now retried once a day"
                }
                out.append(FeedProblem(name: name, feedURL: feed.configuredURL, problem: problem, since: feed.failingSince,
                                       consecutiveFailures: feed.consecutiveFailures, lastSuccess: feed.lastSuccessAt, kind: .failing))
            } else if let last = feed.lastNewEntryAt ?? (feed.lastSuccessAt != nil ? feed.createdAt : nil),
                      now.timeIntervalSince(last) >= staleAfter {
                out.append(FeedProblem(name: name, feedURL: feed.configuredURL,
                                       problem: "nothing new for \(Int(now.timeIntervalSince(last) / 86_400)) days",
                                       since: last, consecutiveFailures: 0, lastSuccess: feed.lastSuccessAt, kind: .stale))
            }
        }
        // Pages and entries set aside, one line per feed (a hostile site can have many).
        var byFeed: [String: [QuarantinedItem]] = [:]
        var order: [String] = []
        for item in quarantined where item.kind != .feedFetch {
            let key = item.feedURL ?? ""
            if byFeed[key] == nil { order.append(key) }
            byFeed[key, default: []].append(item)
        }
        let names = Dictionary(feeds.map { ($0.configuredURL, $0.name ?? $0.title ?? $0.configuredURL) }) { first, _ in first }
        for key in order {
            guard let items = byFeed[key], let first = items.first else { continue }
            let what = items.count == 1 ? "1 item set aside" : "\(items.count) items set aside"
            let example = first.link.map { " (\($0))" } ?? ""
            out.append(FeedProblem(name: names[key] ?? (key.isEmpty ? "Unknown feed" : key), feedURL: key,
                                   problem: "\(what): \(first.reason)\(example)", since: items.map(\.at).min(),
                                   consecutiveFailures: 0, lastSuccess: nil, kind: .failing))
        }
        return out
    }
}
