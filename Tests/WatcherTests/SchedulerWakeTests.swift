import FeedwatchConfig
import Foundation
import Logging
import Storage
import Testing
@testable import Watcher

/// The scheduler's sleep between cycles, and what ends it early: a reload must never be lost,
/// whether it comes while the scheduler sleeps or while it is busy with a cycle.
@Suite struct SchedulerWakeTests {
    static func state(in dir: TempDir) throws -> (DaemonState, FeedStore, HTTPFetcher) {
        let config = try ConfigLoader.parse(text: "state_dir = \"state\"\n", file: dir.path + "/feedwatch.toml")
        try FileManager.default.createDirectory(atPath: config.stateDir, withIntermediateDirectories: true)
        let store = try FeedStore(path: config.databasePath)
        let fetcher = HTTPFetcher(userAgent: "t")
        let logger = Logger(label: "wake-test", factory: { _ in SwiftLogNoOpLogHandler() })
        return (DaemonState(config: config, store: store, fetcher: fetcher, logger: logger), store, fetcher)
    }

    @Test func aWakeWhileTheSchedulerIsBusyEndsItsNextSleepAtOnce() async throws {
        let dir = TempDir()
        defer { dir.remove() }
        let (state, store, fetcher) = try Self.state(in: dir)
        // The reload lands between the end of a cycle and the sleep after it.
        await state.wakeScheduler()
        let start = ContinuousClock.now
        await state.sleep(until: .now + .seconds(30), beatEvery: .seconds(10))
        #expect(ContinuousClock.now - start < .seconds(5))
        // It is used up: the sleep after that one runs its course.
        let second = ContinuousClock.now
        await state.sleep(until: .now + .milliseconds(600), beatEvery: .milliseconds(200))
        #expect(ContinuousClock.now - second >= .milliseconds(550))
        await fetcher.shutdown()
        try store.close()
    }

    @Test func aWakeDuringASleepEndsItAndATimedOutSleepLeavesNothingBehind() async throws {
        let dir = TempDir()
        defer { dir.remove() }
        let (state, store, fetcher) = try Self.state(in: dir)
        // Steps that time out (the heartbeat's) wake nobody later.
        let first = ContinuousClock.now
        await state.sleep(until: .now + .milliseconds(500), beatEvery: .milliseconds(100))
        #expect(ContinuousClock.now - first >= .milliseconds(450))
        let sleeper = Task { await state.sleep(until: .now + .seconds(30), beatEvery: .seconds(10)) }
        try await Task.sleep(for: .milliseconds(300))
        let woken = ContinuousClock.now
        await state.wakeScheduler()
        await sleeper.value
        #expect(ContinuousClock.now - woken < .seconds(5))
        await fetcher.shutdown()
        try store.close()
    }
}
