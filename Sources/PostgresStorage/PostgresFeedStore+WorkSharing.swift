import Foundation
import PostgresNIO
import Storage

/// Work sharing between the workers on one database: due feeds and article pages are leased to
/// one worker at a time (`FOR UPDATE SKIP LOCKED`, so claims never wait for one another), the
/// clusterer role is a session advisory lock, and per-host politeness is a shared table of next
/// free slots.
///
/// A lease is a holder's name and an end time, both on the row. Recording the work
/// (`recordFetch`, `recordArticle`) ends it; a worker that stops renewing loses its leases when
/// they run out, and others take the work. Times are the callers' clocks, as everywhere in the
/// store: workers on several machines should keep them in step (NTP).
extension PostgresFeedStore {
    /// Due feeds leased to `lease.holder` until `lease.until`: active feeds whose `nextPollAt`
    /// has come and that no other worker holds (a lease of this holder's is taken again), soonest
    /// first. Rows another worker is claiming at this very moment are skipped, not waited for.
    public func claimDueFeeds(at now: Date, limit: Int, lease: WorkLease) throws -> [FeedState] {
        guard limit > 0 else { return [] }
        let t = now.timeIntervalSince1970
        let holder = Self.withoutNULs(lease.holder)
        let feeds = try session.query("""
            UPDATE feed SET lease_holder = \(holder), lease_until = \(lease.until.timeIntervalSince1970)
            WHERE id IN (
                SELECT id FROM feed
                WHERE active AND next_poll_at <= \(t)
                  AND (lease_until IS NULL OR lease_until < \(t) OR lease_holder = \(holder))
                ORDER BY next_poll_at, id LIMIT \(limit)
                FOR UPDATE SKIP LOCKED)
            RETURNING \(unescaped: Self.feedColumns)
            """).map(FeedState.init(postgresRow:))
        return feeds.sorted { ($0.nextPollAt, $0.id) < ($1.nextPollAt, $1.id) }
    }

    /// Due article pages (`pendingArticles`' rule) leased the same way until `recordArticle`.
    public func claimPendingArticles(at now: Date, limit: Int, lease: WorkLease) throws -> [PendingArticle] {
        guard limit > 0 else { return [] }
        let t = now.timeIntervalSince1970
        let holder = Self.withoutNULs(lease.holder)
        return try session.query("""
            WITH claimed AS (
                UPDATE article SET lease_holder = \(holder), lease_until = \(lease.until.timeIntervalSince1970)
                WHERE entry_id IN (
                    SELECT entry_id FROM article
                    WHERE status IN ('pending', 'retry') AND next_attempt_at <= \(t)
                      AND (lease_until IS NULL OR lease_until < \(t) OR lease_holder = \(holder))
                    ORDER BY next_attempt_at, entry_id LIMIT \(limit)
                    FOR UPDATE SKIP LOCKED)
                RETURNING entry_id, url, attempts, next_attempt_at
            )
            SELECT c.entry_id, c.url, c.attempts, f.configured_url
            FROM claimed c JOIN entry e ON e.id = c.entry_id JOIN feed f ON f.id = e.feed_id
            ORDER BY c.next_attempt_at, c.entry_id
            """).map(PendingArticle.init(postgresRow:))
    }

    /// Extends every lease `lease.holder` still holds to `lease.until` (a lease another worker
    /// has taken since is not its any more).
    public func renewLeases(_ lease: WorkLease) throws {
        let holder = Self.withoutNULs(lease.holder)
        let until = lease.until.timeIntervalSince1970
        try session.transaction { tx in
            try tx.execute("UPDATE feed SET lease_until = \(until) WHERE lease_holder = \(holder)")
            try tx.execute("UPDATE article SET lease_until = \(until) WHERE lease_holder = \(holder)")
            try tx.execute("UPDATE entry SET analysis_until = \(until) WHERE analysis_holder = \(holder)")
        }
    }

    /// Gives back every lease of `holder` (at a clean stop): the work is free for others at once.
    public func releaseLeases(holder: String) throws {
        let holder = Self.withoutNULs(holder)
        try session.transaction { tx in
            try tx.execute("UPDATE feed SET lease_holder = NULL, lease_until = NULL WHERE lease_holder = \(holder)")
            try tx.execute("UPDATE article SET lease_holder = NULL, lease_until = NULL WHERE lease_holder = \(holder)")
            try tx.execute("UPDATE entry SET analysis_holder = NULL, analysis_until = NULL WHERE analysis_holder = \(holder)")
        }
    }

    /// The advisory lock key of the clusterer role ('fwcl').
    static let clustererLock: Int64 = 0x6677_636C

    /// Takes the clusterer role if it is free and says whether this store holds it.
    ///
    /// The role is a session advisory lock held by the store's connection: it ends when the
    /// connection does (the process died, the store closed, the network dropped it), and another
    /// worker's next try takes it. Whether this connection holds it already is asked of the
    /// server (`pg_locks`) rather than remembered, so the lock is never taken twice on one
    /// connection (it would need two unlocks), and after a reconnect — a new connection that holds
    /// nothing — the role is simply tried for again.
    public func acquireClustererRole() throws -> Bool {
        let key = Self.clustererLock
        let high = Int64(UInt64(bitPattern: key) >> 32)
        let low = Int64(UInt64(bitPattern: key) & 0xFFFF_FFFF)
        let rows = try session.query("""
            SELECT CASE WHEN EXISTS (
                SELECT 1 FROM pg_locks
                WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND classid::bigint = \(high) AND objid::bigint = \(low) AND objsubid = 1
            ) THEN TRUE ELSE pg_try_advisory_lock(\(key)) END
            """)
        guard let row = rows.first else { return false }
        return try PostgresRowReader(row).value(0, as: Bool.self)
    }

    /// The longest spacing a host slot keeps (a day): a larger or non-finite one is cut to it.
    static let maxHostSpacing: TimeInterval = 86_400

    /// Reserves the next request slot of `host` for this worker and returns its start: `now` when
    /// the host is free, else the end of the latest slot any worker reserved. One atomic upsert,
    /// so workers reserving at once get distinct slots `spacing` apart. The caller waits until
    /// the returned time before it sends the request.
    public func reserveHostSlot(host: String, spacing: TimeInterval, at now: Date) throws -> Date {
        let spacing = spacing.isFinite ? min(max(spacing, 0), Self.maxHostSpacing) : (spacing > 0 ? Self.maxHostSpacing : 0)
        let t = now.timeIntervalSince1970
        guard t.isFinite else { return now }
        let key = Self.hostSlotKey(host)
        let rows = try session.query("""
            INSERT INTO host_slot AS s (host, next_at) VALUES (\(key), \(t) + \(spacing))
            ON CONFLICT (host) DO UPDATE SET next_at = GREATEST(s.next_at, \(t)) + \(spacing)
            RETURNING s.next_at - \(spacing)
            """)
        guard let row = rows.first else { return now }
        return try PostgresRowReader(row).date(0)
    }

    /// The key of `host` in `host_slot`: lowercased, without NULs, at most 255 UTF-8 bytes (a
    /// longer name shares its slot with the names that begin the same way, which only slows them).
    static func hostSlotKey(_ host: String) -> String {
        let lowered = withoutNULs(host).lowercased()
        guard lowered.utf8.count > 255 else { return lowered }
        var out = ""
        var bytes = 0
        for character in lowered {
            let size = character.utf8.count
            if bytes + size > 255 { break }
            out.append(character)
            bytes += size
        }
        return out
    }
}
