import Foundation

/// SQLite is the single-process backend: one `feedwatch` process owns the file, so a claim is a
/// plain read, leases are nothing to renew, the clusterer role is always held, and per-host
/// spacing and concurrency are kept by the process's own `HostGate`.
extension FeedStore: FeedStorage {
    public var backendName: String { "sqlite" }
    public var quarantineAfter: Int { Self.quarantineAfter }

    public func claimDueFeeds(at now: Date, limit: Int, lease: WorkLease) throws -> [FeedState] {
        try dueFeeds(at: now, limit: limit)
    }

    public func claimPendingArticles(at now: Date, limit: Int, lease: WorkLease) throws -> [PendingArticle] {
        try pendingArticles(at: now, limit: limit)
    }

    public func claimEntriesForAnalysis(firstSeenFrom start: Date, to end: Date, at now: Date, limit: Int,
                                        lease: WorkLease) throws -> [StoredEntry]? { nil }

    public func renewLeases(_ lease: WorkLease) throws {}

    public func releaseLeases(holder: String) throws {}

    public func acquireClustererRole() throws -> Bool { true }

    public func reserveHostSlot(host: String, spacing: TimeInterval, at now: Date) throws -> Date { now }

    public func acquireHostRequestSlot(host: String, limit: Int, holder: String, until: Date, at now: Date) throws -> Int? { 0 }

    public func releaseHostRequestSlot(host: String, slot: Int, holder: String) throws {}
}
