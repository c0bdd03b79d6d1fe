import Dispatch
import Synchronization

/// A value being computed on another thread, to be waited for later.
///
/// The analysis pipeline overlaps two stages that cannot share a thread: while the clusterer
/// assigns one chunk's entries on the calling thread (one item after another, in published
/// order), the next chunk is analysed on the other cores. `PendingResult` starts the work on a
/// dispatch thread at once and `value()` blocks until it is done. Like `ParallelMap`, it is for
/// `BlockingExecutor` threads, never the cooperative pool.
public final class PendingResult<Value: Sendable>: Sendable {
    private let slot = Mutex<Value?>(nil)
    private let done = DispatchSemaphore(value: 0)

    /// Starts `work` on a dispatch thread.
    public init(_ work: @escaping @Sendable () -> Value) {
        DispatchQueue.global().async {
            let value = work()
            self.slot.withLock { $0 = value }
            self.done.signal()
        }
    }

    /// The value, once computed (blocks until then).
    public func value() -> Value {
        done.wait()
        done.signal()  // later calls get through at once
        guard let value = slot.withLock({ $0 }) else {
            preconditionFailure("the work signals only after it has stored its value")
        }
        return value
    }
}
