import Foundation
import Storage

/// The per-host limits every worker on a shared database keeps together: request starts spaced
/// across all of them (`FeedStorage.reserveHostSlot`), at most `per_host_concurrency` requests in
/// flight across all of them (`acquireHostRequestSlot`), and Retry-After holds seen by one
/// applied to all. `HostGate` consults it after its own, local limits.
///
/// Every call goes to the database on its executor. When the database cannot be reached the
/// answer is "go ahead": the worker's own gate still bounds it, and a fetch is not lost to a
/// database hiccup.
public struct SharedHostLimits: Sendable {
    let store: any FeedStorage
    let holder: String
    /// How long a request slot is held at most if its worker dies mid-request.
    let slotLease: TimeInterval

    public init(store: any FeedStorage, holder: String, slotLease: TimeInterval) {
        self.store = store
        self.holder = holder
        self.slotLease = slotLease
    }

    /// Limits shared through `store`, or nil when the store is the single-process SQLite file.
    public static func forStore(_ store: any FeedStorage, slotLease: TimeInterval) -> SharedHostLimits? {
        !store.isShared ? nil : SharedHostLimits(store: store, holder: WorkLeases.workerName, slotLease: slotLease)
    }

    /// The start time reserved for a request to `host`, `gap` after the last reserved one.
    func reserveStart(_ host: String, gap: TimeInterval) async -> Date? {
        let store = self.store
        return try? await BlockingExecutor.database.run { try store.reserveHostSlot(host: host, spacing: gap, at: Date()) }
    }

    /// Waits for one of `limit` shared request slots on `host`; returns it (nil: go ahead
    /// without one, the database is unreachable). Polls every 50–150 ms while all are taken.
    func takeSlot(_ host: String, limit: Int) async -> Int? {
        let (store, holder, lease) = (self.store, self.holder, self.slotLease)
        while !Task.isCancelled {
            let outcome: Result<Int?, any Error> = await BlockingExecutor.database.run {
                Result { try store.acquireHostRequestSlot(host: host, limit: limit, holder: holder,
                                                          until: Date().addingTimeInterval(lease), at: Date()) }
            }
            switch outcome {
            case .success(let slot?): return slot
            case .success(nil): try? await Task.sleep(for: .milliseconds(Int64.random(in: 50...150)))
            case .failure: return nil
            }
        }
        return nil
    }

    func freeSlot(_ host: String, slot: Int) async {
        let (store, holder) = (self.store, self.holder)
        _ = try? await BlockingExecutor.database.run { try store.releaseHostRequestSlot(host: host, slot: slot, holder: holder) }
    }
}
