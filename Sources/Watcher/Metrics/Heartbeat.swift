import NIOConcurrencyHelpers

/// The scheduler's pulse and the daemon's readiness, as `/healthz` and `/readyz` report them.
///
/// Exists apart from `DaemonState` (an actor) because the listener answers on a NIO event loop,
/// synchronously: a lock, not an `await`. The clock is injected so that a test can make the pulse
/// old without waiting.
public final class Heartbeat: Sendable {
    /// The answer of a health or readiness check: fine, or why not.
    public struct Verdict: Sendable, Equatable {
        public var ok: Bool
        public var reason: String
    }

    private struct State {
        var lastBeat: ContinuousClock.Instant?
        var storeOpen = false
        var cyclesFinished = 0
    }

    private let state = NIOLockedValueBox(State())
    private let now: @Sendable () -> ContinuousClock.Instant
    /// A pulse older than this is a stalled scheduler.
    public let staleAfter: Duration

    /// `staleAfter` defaults to the rule below for this process's systemd watchdog (if any).
    public init(staleAfter: Duration = Heartbeat.staleAfter(beatPeriod: Heartbeat.beatPeriod(
                    watchdogInterval: SystemdNotifier().watchdogInterval)),
                now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.staleAfter = staleAfter
        self.now = now
    }

    /// How often the idle scheduler beats: a quarter of systemd's watchdog interval, else 15 s.
    public static func beatPeriod(watchdogInterval: Duration?) -> Duration {
        watchdogInterval.map { $0 / 4 } ?? .seconds(15)
    }

    /// Three missed beats, but never under 2 min (a cycle beats only as feeds and stages finish, and
    /// one fetch may take `fetch_timeout`) and never over 10 min. With the unit's WatchdogSec=3min
    /// that is 135 s: `/healthz` fails before the watchdog restarts the daemon.
    public static func staleAfter(beatPeriod: Duration) -> Duration {
        min(max(beatPeriod * 3, .seconds(120)), .seconds(600))
    }

    public func beat() {
        let t = now()
        state.withLockedValue { $0.lastBeat = t }
    }

    public func storeOpened() { state.withLockedValue { $0.storeOpen = true } }

    public func cycleFinished() { state.withLockedValue { $0.cyclesFinished += 1 } }

    public var cyclesFinished: Int { state.withLockedValue { $0.cyclesFinished } }

    /// Healthy while the scheduler's last beat is younger than `staleAfter`.
    public func health() -> Verdict {
        let (last, t) = (state.withLockedValue { $0.lastBeat }, now())
        guard let last else { return Verdict(ok: false, reason: "the scheduler has not started") }
        let age = t - last
        if age <= staleAfter { return Verdict(ok: true, reason: "ok") }
        return Verdict(ok: false, reason: "the scheduler has not beaten for \(age.components.seconds) s (limit \(staleAfter.components.seconds) s)")
    }

    /// Ready once the store is open and the first cycle is done.
    public func readiness() -> Verdict {
        let s = state.withLockedValue { $0 }
        if !s.storeOpen { return Verdict(ok: false, reason: "the database is not open") }
        if s.cyclesFinished == 0 { return Verdict(ok: false, reason: "the first poll cycle is not done yet") }
        return Verdict(ok: true, reason: "ok")
    }
}
