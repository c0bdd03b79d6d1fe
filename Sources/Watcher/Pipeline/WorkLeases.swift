import Foundation
import Logging
import Storage
import Synchronization

/// This process as a worker on a shared database: its name on the leases it holds, how long a
/// lease lasts, and the task that renews them while a cycle runs.
///
/// A worker that dies stops renewing; its leases run out after `worker_lease` (3 min by default)
/// and other workers take its feeds and pages. A live worker renews every third of that, so a
/// slow cycle (a feed that answers in 60 s, a page that takes 30 s to extract) never loses work
/// it is doing.
public enum WorkLeases {
    /// Feeds one worker claims per cycle on a shared database, so that the due feeds spread over
    /// every worker instead of all going to the first one that wakes.
    public static func feedBatch(maxConcurrentFetches: Int) -> Int { min(2000, max(64, maxConcurrentFetches * 8)) }
    /// Article pages one worker claims per cycle on a shared database.
    public static let articleBatch = 200

    /// host-pid-start: unique to this process among every worker on the database.
    public static let workerName: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        let host = gethostname(&buffer, buffer.count - 1) == 0
            ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "host"
        return "\(host.prefix(64))-\(getpid())-\(Int64(Date().timeIntervalSince1970))"
    }()

    /// The lease a claim made at `now` takes.
    public static func lease(at now: Date, duration: TimeInterval) -> WorkLease {
        WorkLease(holder: workerName, until: now.addingTimeInterval(duration))
    }

    /// Renews this worker's leases every `duration / 3` until cancelled (nothing to do on SQLite).
    public static func keepRenewing(_ store: any FeedStorage, duration: TimeInterval,
                                    clock: @escaping @Sendable () -> Date) -> Task<Void, Never>? {
        guard store.isShared else { return nil }
        return Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(duration / 3))
                if Task.isCancelled { return }
                let lease = WorkLeases.lease(at: clock(), duration: duration)
                _ = try? await BlockingExecutor.database.run { try store.renewLeases(lease) }
            }
        }
    }

    private static let roleHeld = Mutex<Bool?>(nil)

    /// Logs when this worker takes or loses the clusterer role (on a shared database; on SQLite
    /// the one process always holds it and nothing is said).
    static func noteClustererRole(_ held: Bool, store: any FeedStorage, logger: Logger) {
        guard store.isShared else { return }
        let previous = roleHeld.withLock { state -> Bool? in
            defer { state = held }
            return state
        }
        guard previous != held else { return }
        if held {
            logger.notice("clusterer role taken: this worker assigns stories and writes the digests")
        } else {
            logger.notice("another worker holds the clusterer role: this one fetches and extracts")
        }
    }
}
