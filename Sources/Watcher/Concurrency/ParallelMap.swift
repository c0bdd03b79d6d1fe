import Dispatch
import Foundation
import Synchronization

/// Runs a pure transform over a list on every core at once, and returns the results in the
/// list's order, exactly as a sequential `map` would.
///
/// The pipeline's analysis of entries is pure and CPU-bound: one core would do it in order, the
/// others would idle. Here `width` workers take the next unclaimed item from a shared counter
/// (so a long article on one worker does not hold up the rest) and file each result under its
/// item's index. The caller's thread is one of the workers; the call returns when every item is
/// done. Called from a `BlockingExecutor` thread, never from the cooperative pool.
public enum ParallelMap {
    /// One worker per core.
    public static var defaultWidth: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// `items.map(transform)`, computed by up to `width` threads.
    public static func map<Item: Sendable, Result: Sendable>(
        _ items: [Item], width: Int = ParallelMap.defaultWidth, _ transform: @Sendable (Item) -> Result
    ) -> [Result] {
        let workers = min(max(1, width), items.count)
        if workers <= 1 { return items.map(transform) }
        let next = Atomic<Int>(0)
        let results = Mutex<[Result?]>(Array(repeating: nil, count: items.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < items.count else { return }
                let result = transform(items[index])
                results.withLock { $0[index] = result }
            }
        }
        return results.withLock { slots in slots.compactMap { $0 } }
    }
}
