import Foundation
import Storage

/// Politeness per host: at most N requests at once, a minimum gap between request starts, and a
/// "come back later" time set by 429/503 Retry-After that holds every feed on that host.
///
/// Workers that share a PostgreSQL database share all three (`SharedHostLimits`): N workers
/// together are exactly as polite to a host as one.
///
/// One gate lives as long as the daemon: a reload that changes the per-host settings reconfigures
/// it (`reconfigure`), so the Retry-After holds it keeps are never dropped. Per-host entries are
/// forgotten once they no longer matter (no request in flight or waiting, the spacing and any
/// hold over), so the tables do not grow with every host ever seen.
public actor HostGate {
    private var perHostLimit: Int
    private var spacing: TimeInterval
    private var active: [String: Int] = [:]
    private var lastStart: [String: ContinuousClock.Instant] = [:]
    private var waiters: [String: [CheckedContinuation<Void, Never>]] = [:]
    private var blockedUntil: [String: Date] = [:]
    private let shared: SharedHostLimits?

    public init(perHostLimit: Int, spacing: TimeInterval, shared: SharedHostLimits? = nil) {
        self.perHostLimit = max(1, perHostLimit)
        self.spacing = max(0, spacing)
        self.shared = shared
    }

    /// A gate for `store`: shared through it when other workers can use the same database. A
    /// request slot is held at most `requestTimeout` plus 5 s if its worker dies (a fetch never
    /// outlives its timeout).
    public init(perHostLimit: Int, spacing: TimeInterval, store: any FeedStorage, requestTimeout: TimeInterval) {
        self.init(perHostLimit: perHostLimit, spacing: spacing,
                  shared: SharedHostLimits.forStore(store, slotLease: requestTimeout + 5))
    }

    /// New per-host settings from a reloaded config; slots taken and holds set stay as they are.
    public func reconfigure(perHostLimit: Int, spacing: TimeInterval) {
        self.perHostLimit = max(1, perHostLimit)
        self.spacing = max(0, spacing)
        // A higher limit may free waiters at once: wake them all; each checks the limit again
        // and waits once more if it is still over it.
        let waiting = waiters
        waiters = [:]
        for queue in waiting.values { for waiter in queue { waiter.resume() } }
    }

    /// Hosts the gate holds any state for (for tests and metrics).
    public var trackedHosts: Int { Set(active.keys).union(lastStart.keys).union(waiters.keys).union(blockedUntil.keys).count }

    /// Drops what no longer matters: spacing records older than the spacing, holds that are over.
    public func forgetIdleHosts(now: Date) {
        let clockNow = ContinuousClock.now
        lastStart = lastStart.filter { clockNow - $0.value < .seconds(spacing) }
        blockedUntil = blockedUntil.filter { $0.value > now }
    }

    /// Waits for a free slot on `host` (this worker's, then, on a shared database, one of every
    /// worker's) and for the spacing since the last start, then takes the slot. Returns the
    /// shared slot to give back, if one was taken.
    @discardableResult
    public func acquire(_ host: String) async -> Int? {
        while (active[host] ?? 0) >= perHostLimit {
            await withCheckedContinuation { waiters[host, default: []].append($0) }
        }
        active[host, default: 0] += 1
        let slot = await shared?.takeSlot(host, limit: perHostLimit)
        if spacing > 0 {
            let now = ContinuousClock.now
            let earliest = (lastStart[host] ?? now - .seconds(spacing)) + .seconds(spacing)
            lastStart[host] = max(now, earliest)
            if earliest > now { try? await Task.sleep(until: earliest, clock: .continuous) }
            if let shared, let start = await shared.reserveStart(host, gap: spacing) {
                // Bounded: a clock-skewed or hostile row cannot park the fetch for long.
                let wait = min(max(0, start.timeIntervalSinceNow), 600)
                if wait > 0 { try? await Task.sleep(for: .milliseconds(Int64(wait * 1000))) }
            }
        }
        return slot
    }

    public func release(_ host: String, sharedSlot: Int? = nil) async {
        if let sharedSlot { await shared?.freeSlot(host, slot: sharedSlot) }
        active[host, default: 1] -= 1
        if active[host] == 0 { active[host] = nil }
        if var queue = waiters[host], !queue.isEmpty {
            let next = queue.removeFirst()
            waiters[host] = queue.isEmpty ? nil : queue
            next.resume()
        }
    }

    /// Runs `body` holding a slot on `host`. Local files (no host) need no politeness.
    public func withSlot<T: Sendable>(_ host: String, _ body: @Sendable () async throws -> T) async rethrows -> T {
        if host.isEmpty { return try await body() }
        let slot = await acquire(host)
        do {
            let value = try await body()
            await release(host, sharedSlot: slot)
            return value
        } catch {
            await release(host, sharedSlot: slot)
            throw error
        }
    }

    /// The server asked us to stay away until `date` (429/503 with Retry-After). On a shared
    /// database the hold is written before this returns, so no other worker's next request to
    /// the host can be reserved ahead of it.
    public func block(_ host: String, until date: Date) async {
        if let current = blockedUntil[host], current >= date { return }
        blockedUntil[host] = date
        if let shared {
            // Pushes every worker's next start on this host past the hold.
            let gap = min(max(0, date.timeIntervalSinceNow), 86_400)
            _ = await shared.reserveStart(host, gap: gap)
        }
    }

    /// When requests to `host` may resume, if it is held back now.
    public func blocked(_ host: String, at now: Date) -> Date? {
        guard let until = blockedUntil[host] else { return nil }
        if until <= now { blockedUntil[host] = nil; return nil }
        return until
    }
}
