import ArticleExtractor
import CoreMetrics

/// The daemon's metrics as swift-metrics handles: what each count, histogram and gauge is called,
/// its labels, and how a value from the store or the scheduler becomes a recording.
///
/// Takes its factory as a parameter (never the global `MetricsSystem`), so each daemon — and each
/// test — records into its own registry.
public final class DaemonMetrics: Sendable {
    let factory: any MetricsFactory
    let entriesNew: Counter
    let digestsWritten: Counter
    let cycles: Counter
    let fetchDuration: CoreMetrics.Timer
    let cycleDuration: CoreMetrics.Timer
    let dueFeeds: Gauge
    let pendingArticles: Gauge
    let pendingAnalysis: Gauge
    let openStories: Gauge
    let feedsNeedingAttention: Gauge
    let storyWindowItems: Gauge
    let storyWindowStories: Gauge
    let databaseBytes: Gauge
    let walBytes: Gauge
    let residentBytes: Gauge

    /// Metric names, in one place (Prometheus conventions: `_total` counts, base units).
    public enum Name {
        public static let fetches = "feedwatch_feed_fetches_total"
        public static let entriesNew = "feedwatch_entries_new_total"
        public static let articles = "feedwatch_articles_total"
        public static let digestsWritten = "feedwatch_digests_written_total"
        public static let cycles = "feedwatch_cycles_total"
        public static let fetchDuration = "feedwatch_feed_fetch_duration_seconds"
        public static let cycleDuration = "feedwatch_cycle_duration_seconds"
        public static let dueFeeds = "feedwatch_feeds_due"
        public static let pendingArticles = "feedwatch_articles_pending"
        public static let pendingAnalysis = "feedwatch_entries_pending_analysis"
        public static let openStories = "feedwatch_stories_open"
        public static let feedsNeedingAttention = "feedwatch_feeds_needing_attention"
        public static let storyWindowItems = "feedwatch_story_window_items"
        public static let storyWindowStories = "feedwatch_story_window_stories"
        public static let databaseBytes = "feedwatch_database_bytes"
        public static let residentBytes = "process_resident_memory_bytes"
    }

    /// Histogram buckets: a feed fetch from 50 ms to its 10 min cap; a cycle from 100 ms to an hour.
    public static let histogramBuckets: [String: [Duration]] = [
        Name.fetchDuration: [.milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
                             .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(600)],
        Name.cycleDuration: [.milliseconds(100), .milliseconds(500), .seconds(1), .seconds(5), .seconds(10), .seconds(30),
                             .seconds(60), .seconds(120), .seconds(300), .seconds(900), .seconds(3600)],
    ]

    public init(factory: any MetricsFactory) {
        self.factory = factory
        entriesNew = Counter(label: Name.entriesNew, factory: factory)
        digestsWritten = Counter(label: Name.digestsWritten, factory: factory)
        cycles = Counter(label: Name.cycles, factory: factory)
        fetchDuration = CoreMetrics.Timer(label: Name.fetchDuration, factory: factory)
        cycleDuration = CoreMetrics.Timer(label: Name.cycleDuration, factory: factory)
        dueFeeds = Gauge(label: Name.dueFeeds, factory: factory)
        pendingArticles = Gauge(label: Name.pendingArticles, factory: factory)
        pendingAnalysis = Gauge(label: Name.pendingAnalysis, factory: factory)
        openStories = Gauge(label: Name.openStories, factory: factory)
        feedsNeedingAttention = Gauge(label: Name.feedsNeedingAttention, factory: factory)
        storyWindowItems = Gauge(label: Name.storyWindowItems, factory: factory)
        storyWindowStories = Gauge(label: Name.storyWindowStories, factory: factory)
        databaseBytes = Gauge(label: Name.databaseBytes, dimensions: [("file", "database")], factory: factory)
        walBytes = Gauge(label: Name.databaseBytes, dimensions: [("file", "wal")], factory: factory)
        residentBytes = Gauge(label: Name.residentBytes, factory: factory)
    }

    /// One feed fetch from the fetch history.
    func recordFetch(outcome: String, httpStatus: Int?, durationMs: Int, newEntries: Int) {
        Counter(label: Name.fetches, dimensions: [("outcome", Self.outcomeLabel(outcome)),
                                                  ("status_class", Self.statusClass(httpStatus))], factory: factory)
            .increment()
        fetchDuration.recordMilliseconds(min(max(durationMs, 0), 86_400_000))
        if newEntries > 0 { entriesNew.increment(by: newEntries) }
    }

    /// `count` more article pages finished with this extraction label.
    func recordArticles(label: String, count: Int) {
        guard count > 0 else { return }
        Counter(label: Name.articles, dimensions: [("label", Self.articleLabel(label))], factory: factory).increment(by: count)
    }

    func recordCycle(duration: Duration) {
        cycles.increment()
        cycleDuration.recordNanoseconds(duration > .zero ? Self.nanoseconds(duration) : 0)
    }

    func recordDigests(_ count: Int) {
        if count > 0 { digestsWritten.increment(by: count) }
    }

    func setQueues(dueFeeds: Int, pendingArticles: Int, pendingAnalysis: Int, openStories: Int, feedsNeedingAttention: Int) {
        self.dueFeeds.record(dueFeeds)
        self.pendingArticles.record(pendingArticles)
        self.pendingAnalysis.record(pendingAnalysis)
        self.openStories.record(openStories)
        self.feedsNeedingAttention.record(feedsNeedingAttention)
    }

    /// What the clusterer holds in memory (the clusterer-role worker only).
    func setStoryWindow(items: Int, stories: Int) {
        storyWindowItems.record(items)
        storyWindowStories.record(stories)
    }

    func setProcess(residentBytes: Int?, databaseBytes: Int?, walBytes: Int?) {
        if let residentBytes { self.residentBytes.record(residentBytes) }
        self.databaseBytes.record(databaseBytes ?? 0)
        self.walBytes.record(walBytes ?? 0)
    }

    /// "2xx"…"5xx", "none" when no HTTP answer came (DNS, connect, timeout, file), "other" else.
    static func statusClass(_ status: Int?) -> String {
        guard let status else { return "none" }
        switch status {
        case 100...199: return "1xx"
        case 200...299: return "2xx"
        case 300...399: return "3xx"
        case 400...499: return "4xx"
        case 500...599: return "5xx"
        default: return "other"
        }
    }

    /// The history's outcome words; anything else (an older or newer database) is "other".
    static func outcomeLabel(_ outcome: String) -> String {
        ["updated", "not_modified", "failed", "deferred"].contains(outcome) ? outcome : "other"
    }

    /// The extractor's labels and "failed" (a page given up); anything else is "other", so a label
    /// value never comes from outside the program.
    static func articleLabel(_ label: String) -> String {
        label == "failed" || ArticleExtractor.ArticleStatus(rawValue: label) != nil ? label : "other"
    }

    static func nanoseconds(_ d: Duration) -> Int64 {
        let (seconds, attoseconds) = d.components
        guard seconds < 9_000_000_000 else { return .max }
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
