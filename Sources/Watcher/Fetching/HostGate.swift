import Foundation

/// Politeness per host: at most N requests at once, a minimum gap between request starts, and a
/// "come back later" time set by 429/503 Retry-After that holds every feed on that host.
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

    public init(perHostLimit: Int, spacing: TimeInterval) {
        self.perHostLimit = max(1, perHostLimit)
        self.spacing = max(0, spacing)
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

    /// Waits for a free slot on `host` and for the spacing since the last start, then takes the slot.
    public func acquire(_ host: String) async {
        while (active[host] ?? 0) >= perHostLimit {
            await withCheckedContinuation { waiters[host, default: []].append($0) }
        }
        active[host, default: 0] += 1
        if spacing > 0 {
            let now = ContinuousClock.now
            let earliest = (lastStart[host] ?? now - .seconds(spacing)) + .seconds(spacing)
            lastStart[host] = max(now, earliest)
            if earliest > now { try? await Task.sleep(until: earliest, clock: .continuous) }
        }
    }

    public func release(_ host: String) {
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
        await acquire(host)
        do {
            let value = try await body()
            release(host)
            return value
        } catch {
            release(host)
            throw error
        }
    }

    /// The server asked us to stay away until `date` (429/503 with Retry-After).
    public func block(_ host: String, until date: Date) {
        if let current = blockedUntil[host], current >= date { return }
        blockedUntil[host] = date
    }

    /// When requests to `host` may resume, if it is held back now.
    public func blocked(_ host: String, at now: Date) -> Date? {
        guard let until = blockedUntil[host] else { return nil }
        if until <= now { blockedUntil[host] = nil; return nil }
        return until
    }
}
