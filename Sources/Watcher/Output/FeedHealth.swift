import Digest
import Foundation
import Storage

/// Which feeds need the reader's attention, in plain words: failing ones and stale ones.
public enum FeedHealth {
    /// A feed that has published nothing new for this long is "stale".
    public static let staleAfter: TimeInterval = 14 * 86_400

    public static func problems(_ feeds: [FeedState], now: Date, networkDown: Bool) -> [FeedProblem] {
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
        return out
    }
}
