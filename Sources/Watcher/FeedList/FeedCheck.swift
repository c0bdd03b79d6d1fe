import FeedParser
import Foundation

/// `feedwatch check`: test-fetch each configured feed once and say what is wrong with it —
/// dead (unreachable, 4xx/5xx), not a feed (a web page), stale (nothing new in weeks), thin
/// (headlines only) — without touching the database.
public struct FeedCheck: Sendable {
    public enum Verdict: String, Sendable {
        case ok, dead, notAFeed = "not-a-feed", stale, thin
    }

    public struct Result: Sendable {
        public var feed: FeedConfig
        public var verdict: Verdict
        public var detail: String
    }

    public static let staleAfter: TimeInterval = 30 * 86_400

    let fetcher: HTTPFetcher
    let config: WatcherConfig

    public init(config: WatcherConfig, fetcher: HTTPFetcher) {
        self.config = config
        self.fetcher = fetcher
    }

    public func check(_ feed: FeedConfig, now: Date = Date()) async -> Result {
        let request = FetchRequest(url: feed.url, maxBytes: config.maxBodySize, timeout: config.fetchTimeout,
                                   privateAddresses: .feeds(allowPrivateNetworks: config.allowPrivateNetworks))
        let response: FetchResponse
        do { response = try await fetcher.fetch(request) } catch {
            return Result(feed: feed, verdict: .dead, detail: error.description)
        }
        guard (200...299).contains(response.status) else {
            return Result(feed: feed, verdict: .dead, detail: FeedPoller.describe(status: response.status))
        }
        let parsed: Feed
        do { parsed = try Feed.parse(response.body, baseURL: response.finalURL, httpCharset: response.charset) } catch {
            return Result(feed: feed, verdict: .notAFeed, detail: "\(error.message)")
        }
        var notes: [String] = ["\(parsed.format.rawValue), \(parsed.entries.count) entries"]
        if let moved = response.permanentlyMovedTo { notes.append("moved permanently to \(moved): update the config") }
        let dates = parsed.entries.compactMap { ($0.published ?? $0.updated).map { Date(timeIntervalSince1970: TimeInterval($0.secondsSince1970)) } }
        if let newest = dates.max(), now.timeIntervalSince(newest) > Self.staleAfter {
            return Result(feed: feed, verdict: .stale,
                          detail: (notes + ["newest entry is \(Int(now.timeIntervalSince(newest) / 86_400)) days old"]).joined(separator: "; "))
        }
        if parsed.entries.isEmpty {
            return Result(feed: feed, verdict: .stale, detail: (notes + ["the feed has no entries"]).joined(separator: "; "))
        }
        let texts = parsed.entries.map { EntryMapping.feedText(summary: $0.summary, content: $0.content).count }
        let average = texts.reduce(0, +) / max(texts.count, 1)
        if average < 40 {
            return Result(feed: feed, verdict: .thin,
                          detail: (notes + ["headlines only (about \(average) characters of text per entry); full_text = true helps"]).joined(separator: "; "))
        }
        return Result(feed: feed, verdict: .ok, detail: notes.joined(separator: "; "))
    }
}
