/// The range every numeric config key must fall in.
///
/// A value outside is an error with its file and line, found by `feedwatch check --config-only`,
/// never a crash at the first poll (a `fetch_timeout = "1e300"` once got that far). The ranges are
/// wide enough for any real use and narrow enough that every later conversion — to timer
/// milliseconds, to dates, to byte counts — is finite and cannot overflow.
public enum ConfigLimits {
    /// `poll_interval`, `min_interval`, `max_interval` and a feed's `interval`: 10 s to 30 days.
    public static let pollInterval: ClosedRange<Double> = 10...(30 * 86_400)
    /// `per_host_spacing`: none to one hour between request starts on one host.
    public static let perHostSpacing: ClosedRange<Double> = 0...3600
    /// `fetch_timeout`: 1 s to 10 min for a whole request.
    public static let fetchTimeout: ClosedRange<Double> = 1...600
    /// `worker_lease`: how long a worker's claim on a feed or page holds on a shared database.
    public static let workerLease: ClosedRange<Double> = 10...3600
    /// `digest_refresh`: every cycle (0) to once an hour.
    public static let digestRefresh: ClosedRange<Double> = 0...3600
    /// `max_concurrent_fetches`.
    public static let concurrentFetches: ClosedRange<Int> = 1...1024
    /// `per_host_concurrency`.
    public static let perHostConcurrency: ClosedRange<Int> = 1...64
    /// `retention_days`: a day to a century.
    public static let retentionDays: ClosedRange<Int> = 1...36_500
    /// `digest_retention_days`: 0 (keep digest files forever) or a day to a century.
    public static let digestRetentionDays: ClosedRange<Int> = 0...36_500
    /// `max_body_size`: 64 KiB to 1 GiB (the unit's MemoryMax is 1G).
    public static let bodySize: ClosedRange<Int> = (64 << 10)...(1 << 30)
    /// `max_items_per_fetch`: how many of a feed's items one fetch keeps (the newest).
    public static let itemsPerFetch: ClosedRange<Int> = 1...100_000
    /// `story_window_items`: the most items the story clusterer keeps in memory (about 4 KB each).
    public static let storyWindowItems: ClosedRange<Int> = 1_000...50_000_000
}
