import Foundation
import Synchronization

/// A fixed set of threads of its own for work that blocks or burns CPU: DNS lookups, SQLite
/// writes, parsing, extraction, analysis, digest building.
///
/// Swift's cooperative pool has one thread per core — two here. A getaddrinfo that waits 30 s for
/// a dead DNS server, or an extraction that grinds through a hostile page, holds one of those
/// threads the whole time; two of them freeze every task in the process, the watchdog ping and the
/// signal handlers included. Work sent to a `BlockingExecutor` runs on its own threads instead, in
/// submission order, at most `threads` at a time, while the awaiting task is suspended and its
/// cooperative thread is free. The bound is the point: a burst of hostile pages queues here
/// instead of running sixteen extractions (and sixteen pages' worth of memory) at once.
public final class BlockingExecutor: Sendable {
    private struct Job: Sendable {
        let work: @Sendable () -> Void
    }

    private struct Queue {
        var jobs: [Job] = []
        var head = 0
        var closed = false
    }

    public let name: String
    public let threadCount: Int
    private let queue = Mutex(Queue())
    private let condition = NSCondition()

    /// - Parameters:
    ///   - name: the threads' name (seen in `top -H` and in crash reports).
    ///   - threads: how many jobs may run at once (at least 1).
    public init(name: String, threads: Int) {
        self.name = name
        self.threadCount = max(1, threads)
        for index in 0..<threadCount {
            let thread = Thread { [self] in self.drain() }
            thread.name = "\(name)-\(index)"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Runs `work` on one of the executor's threads and returns its result. The caller's task is
    /// suspended meanwhile; cancelling it does not interrupt `work` (blocking calls cannot be
    /// interrupted), but the caller may stop waiting — see `run(timeout:_:)`.
    @discardableResult
    public func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            submit {
                continuation.resume(with: Result { try work() })
            }
        }
    }

    /// `run` for work that cannot fail.
    @discardableResult
    public func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
            submit { continuation.resume(returning: work()) }
        }
    }

    /// Like `run`, but gives up waiting after `timeout`: the caller gets `nil` and carries on,
    /// while the abandoned job finishes on its thread and its result is dropped. For calls with
    /// no timeout of their own (getaddrinfo).
    public func run<T: Sendable>(timeout: Duration, _ work: @escaping @Sendable () -> T) async -> T? {
        let once = ResumeOnce<T?>()
        return await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
            once.set(continuation)
            submit { once.resume(work()) }
            Task {
                try? await Task.sleep(for: timeout)
                once.resume(nil)
            }
        }
    }

    /// The executor for CPU-bound work (parsing, extraction, analysis, digests): one thread per core.
    public static let cpu = BlockingExecutor(name: "feedwatch-cpu", threads: ProcessInfo.processInfo.activeProcessorCount)
    /// SQLite: one writer at a time anyway, so one thread; reads that feed a cycle go here too.
    public static let database = BlockingExecutor(name: "feedwatch-db", threads: 1)
    /// getaddrinfo, which has no timeout of its own: a few threads, so that one dead DNS server
    /// delays a few lookups, not all of them, and never the cooperative pool.
    public static let dns = BlockingExecutor(name: "feedwatch-dns", threads: 4)

    /// Jobs waiting for a thread (for status and metrics).
    public var queued: Int { queue.withLock { $0.jobs.count - $0.head } }

    private func submit(_ work: @escaping @Sendable () -> Void) {
        queue.withLock { $0.jobs.append(Job(work: work)) }
        condition.lock()
        condition.signal()
        condition.unlock()
    }

    private func take() -> Job? {
        queue.withLock { state -> Job? in
            guard state.head < state.jobs.count else { return nil }
            let job = state.jobs[state.head]
            state.head += 1
            if state.head > 64 && state.head * 2 > state.jobs.count {
                state.jobs.removeFirst(state.head)
                state.head = 0
            }
            return job
        }
    }

    private func drain() {
        while true {
            condition.lock()
            var job = take()
            while job == nil {
                condition.wait()
                job = take()
            }
            condition.unlock()
            job?.work()
        }
    }
}

/// A continuation that the first of several racers resumes; the others are ignored. It is set
/// before any racer starts, so a resume never finds it missing.
private final class ResumeOnce<T: Sendable>: Sendable {
    private let state = Mutex<CheckedContinuation<T, Never>?>(nil)

    func set(_ continuation: CheckedContinuation<T, Never>) {
        state.withLock { $0 = continuation }
    }

    func resume(_ value: T) {
        let continuation = state.withLock { c -> CheckedContinuation<T, Never>? in
            defer { c = nil }
            return c
        }
        continuation?.resume(returning: value)
    }
}
