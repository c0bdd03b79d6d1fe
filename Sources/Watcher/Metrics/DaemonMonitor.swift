import Foundation
import NIOConcurrencyHelpers
import Storage

/// What the metrics listener serves, and the scheduler's two calls that keep it current.
///
/// The counts come from the store after each cycle (the fetch history's new rows, the finished
/// articles by label) rather than from instrumentation inside the pipeline, so the pipeline's
/// code stays free of metrics; queue gauges come from the same read, and memory and file sizes
/// are read at scrape time.
public final class DaemonMonitor: Sendable {
    public let heartbeat: Heartbeat
    public let metrics: DaemonMetrics
    public let exposition: PrometheusExposition
    let store: any FeedStorage
    /// The database file (its WAL is beside it); nil for an in-memory store or a server, whose
    /// size the store reports after each cycle instead.
    let databasePath: String?
    let clock: @Sendable () -> Date

    private struct Cursor {
        /// The newest fetch-history id already counted; nil until the first cycle starts.
        var historyID: Int64?
        /// Finished articles by label as of the last read.
        var articlesAtLastRead: [String: Int] = [:]
        /// When a cycle's end last read the store for the counts.
        var lastRead: ContinuousClock.Instant?
        /// When the totals (open stories, finished articles by label) were last read, and the
        /// open stories then.
        var lastTotals: ContinuousClock.Instant?
        var openStories = 0
        /// A database server's size as of the last cycle (no file to look at).
        var serverDatabaseBytes: Int?
    }
    private let cursor = NIOLockedValueBox(Cursor())

    /// The analysis window the pipeline works in (entries of the last three days).
    static let window: TimeInterval = 3 * 86_400

    public init(store: any FeedStorage, databasePath: String?, heartbeat: Heartbeat = Heartbeat(),
                minReadInterval: Duration? = nil, totalsInterval: Duration = .seconds(300),
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.minReadInterval = minReadInterval ?? (store.isShared ? .seconds(15) : .zero)
        self.totalsInterval = totalsInterval
        self.heartbeat = heartbeat
        self.exposition = PrometheusExposition(histogramBuckets: DaemonMetrics.histogramBuckets)
        self.metrics = DaemonMetrics(factory: exposition.factory)
        self.store = store
        self.databasePath = databasePath
        self.clock = clock
        heartbeat.storeOpened()
    }

    /// The shortest time between two reads of the store's counts. On a shared database every
    /// worker cycles every few seconds, and reading the counts each time would be most of what
    /// an idle worker asks of the server; the counts a read misses are counted by the next one
    /// (fetches after the last history id counted, articles against the last read's totals).
    let minReadInterval: Duration

    /// The shortest time between two counts of the totals: the open stories (a pass over the
    /// window's entries) and the finished articles by label (a pass over every article). Counted
    /// every cycle, they made each cycle cost in proportion to the days the store holds; so
    /// `feedwatch_stories_open` and `feedwatch_articles_total` move every few minutes (no article
    /// is missed or counted twice: the count is the change since the last read).
    let totalsInterval: Duration

    /// Before a cycle: notes where the counts stand when nothing was counted yet, so the
    /// daemon's own work is what gets counted.
    public func cycleStarting() async -> ContinuousClock.Instant {
        let started = ContinuousClock.now
        guard cursor.withLockedValue({ $0.historyID == nil }) else { return started }
        let (store, now, known) = (self.store, clock(), cursor.withLockedValue { $0.historyID })
        let snapshot = try? await BlockingExecutor.database.run {
            try store.metricsSnapshot(at: now, windowStart: now.addingTimeInterval(-Self.window),
                                      historyAfter: known ?? .max, maxFetches: 0, totals: true)
        }
        if let snapshot {
            cursor.withLockedValue {
                $0.articlesAtLastRead = snapshot.articlesByLabel
                // The history before the daemon started is not this daemon's work.
                if $0.historyID == nil { $0.historyID = snapshot.lastHistoryID }
            }
        }
        return started
    }

    /// After a cycle (and its digest): counts what it did and refreshes the queue gauges.
    /// `storyWindow`: what the clusterer holds in memory after the cycle (nil on a worker that
    /// does not hold the clusterer role, whose gauges then keep what they had).
    public func cycleFinished(startedAt: ContinuousClock.Instant, digestsWritten: Int,
                              storyWindow: (items: Int, stories: Int)? = nil) async {
        metrics.recordCycle(duration: ContinuousClock.now - startedAt)
        metrics.recordDigests(digestsWritten)
        if let storyWindow { metrics.setStoryWindow(items: storyWindow.items, stories: storyWindow.stories) }
        let (store, now) = (self.store, clock())
        defer { heartbeat.cycleFinished() }
        // No starting point (the first read failed): take one now and count from the next cycle on.
        let (after, before, lastRead, lastTotals) = cursor.withLockedValue {
            ($0.historyID, $0.articlesAtLastRead, $0.lastRead, $0.lastTotals)
        }
        if after != nil, let lastRead, ContinuousClock.now - lastRead < minReadInterval { return }
        let totals = after == nil || lastTotals.map { ContinuousClock.now - $0 >= totalsInterval } ?? true
        if let s = try? await BlockingExecutor.database.run({
            try store.metricsSnapshot(at: now, windowStart: now.addingTimeInterval(-Self.window),
                                      historyAfter: after ?? .max, maxFetches: after == nil ? 0 : 10_000, totals: totals)
        }) {
            for fetch in s.fetches {
                metrics.recordFetch(outcome: fetch.outcome, httpStatus: fetch.httpStatus, durationMs: fetch.durationMs,
                                    newEntries: fetch.newEntries)
            }
            for (label, count) in s.articlesByLabel where after != nil && s.hasTotals {
                metrics.recordArticles(label: label, count: count - (before[label] ?? 0))
            }
            let openStories = s.hasTotals ? s.openStories : cursor.withLockedValue { $0.openStories }
            metrics.setQueues(dueFeeds: s.dueFeeds, pendingArticles: s.pendingArticles, pendingAnalysis: s.pendingAnalysis,
                              openStories: openStories, feedsNeedingAttention: s.feedsNeedingAttention)
            cursor.withLockedValue {
                $0.historyID = max($0.historyID ?? 0, s.lastHistoryID)
                $0.lastRead = .now
                if s.hasTotals {
                    $0.articlesAtLastRead = s.articlesByLabel
                    $0.openStories = s.openStories
                    $0.lastTotals = .now
                }
            }
        }
        if databasePath == nil, store.isShared {
            let size = await BlockingExecutor.database.run { Int(clamping: store.fileSizes().database) }
            cursor.withLockedValue { $0.serverDatabaseBytes = size }
        }
    }

    /// The answer to `GET path` (`/metrics`, `/healthz`, `/readyz`; anything else is 404).
    public func respond(to path: String) -> MonitorReply {
        let route = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        switch route {
        case "/metrics":
            metrics.setProcess(residentBytes: ProcessStats.residentBytes(),
                               databaseBytes: databasePath.flatMap(ProcessStats.fileSize) ?? cursor.withLockedValue { $0.serverDatabaseBytes },
                               walBytes: databasePath.flatMap { ProcessStats.fileSize($0 + "-wal") })
            return MonitorReply(status: 200, contentType: PrometheusExposition.contentType, body: exposition.render())
        case "/healthz": return .verdict(heartbeat.health())
        case "/readyz": return .verdict(heartbeat.readiness())
        default: return .text(404, "not found: this listener serves /metrics, /healthz and /readyz")
        }
    }
}

/// One HTTP answer of the metrics listener, free of any HTTP library's types.
public struct MonitorReply: Sendable, Equatable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]

    static func text(_ status: Int, _ text: String) -> MonitorReply {
        MonitorReply(status: status, contentType: "text/plain; charset=utf-8", body: Array((text + "\n").utf8))
    }

    static func verdict(_ v: Heartbeat.Verdict) -> MonitorReply {
        v.ok ? .text(200, "ok") : .text(503, "unavailable: \(v.reason)")
    }
}
