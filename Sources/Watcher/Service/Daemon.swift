import Foundation
import CFeedwatchSystem
import Logging
import ServiceLifecycle
import Storage
import UnixSignals

/// The state `feedwatch run` shares between its services: the live config (swapped on SIGHUP),
/// the store, the HTTP client, and the scheduler's heartbeat for the watchdog.
public actor DaemonState {
    public private(set) var config: WatcherConfig
    public let store: any FeedStorage
    public let fetcher: HTTPFetcher
    /// One gate for the daemon's life: reloads reconfigure it, so Retry-After holds survive them.
    public let gate: HostGate
    let logger: Logger
    private(set) var lastBeat = ContinuousClock.now
    private var wake: CheckedContinuation<Void, Never>?
    public private(set) var reloads = 0
    /// The heartbeat, readiness and metrics that `MetricsListener` serves.
    public let monitor: DaemonMonitor
    /// What one cycle leaves the next so that a cycle costs what changed: the clusterer as last
    /// saved (not decoded again), and the digest stories already built (only changed ones rebuilt).
    public let clustererCache = ClustererCache()
    /// Its rendered fragments are kept in a file in the state directory, not in memory.
    public let storyCache: DigestStoryCache
    /// The digest feeds' entries of past days (today's edition changes; the thirty days before do not).
    public let feedEntryCache = DigestFeedEntryCache()
    /// Today's digest as last written, handed from the digest publisher to the feeds in memory.
    public let editionHandoff = DigestEditionHandoff()

    public init(config: WatcherConfig, store: any FeedStorage, fetcher: HTTPFetcher, logger: Logger, monitor: DaemonMonitor? = nil) {
        self.config = config
        self.store = store
        self.fetcher = fetcher
        self.gate = HostGate(perHostLimit: config.perHostConcurrency, spacing: config.perHostSpacing, store: store,
                            requestTimeout: config.fetchTimeout)
        self.logger = logger
        self.storyCache = DigestStoryCache(spillDirectory: config.stateDir)
        self.monitor = monitor ?? DaemonMonitor(store: store, databasePath: config.usesPostgres ? nil : config.databasePath)
    }

    /// Re-reads the config file. A bad file keeps the running config and says why.
    @discardableResult
    public func reload() async -> Bool {
        let new: WatcherConfig
        do { new = try ConfigLoader.load(path: config.sourceFile) } catch {
            logger.error("config reload failed; still running with the previous config: \(error)")
            return false
        }
        if new.stateDir != config.stateDir {
            logger.warning("state_dir changed in the config; that takes a restart (keeping \(config.stateDir))")
        }
        if new.metricsListen != config.metricsListen {
            logger.warning("metrics_listen changed in the config; that takes a restart")
        }
        var applied = new
        applied.stateDir = config.stateDir
        do { try store.syncConfiguredFeeds(applied.feeds.map(\.configuredFeed), now: Date()) } catch {
            logger.error("config reload failed to update the feed list in the database: \(error)")
            return false
        }
        for warning in new.warnings { logger.warning("\(warning)") }
        if applied.perHostConcurrency != config.perHostConcurrency || applied.perHostSpacing != config.perHostSpacing {
            await gate.reconfigure(perHostLimit: applied.perHostConcurrency, spacing: applied.perHostSpacing)
        }
        config = applied
        reloads += 1
        logger.notice("config reloaded: \(applied.feeds.count) feeds")
        wakeScheduler()
        return true
    }

    func beat() {
        lastBeat = ContinuousClock.now
        monitor.heartbeat.beat()
    }

    /// Sleeps until `deadline` or until woken (a reload), beating the heart on the way.
    func sleep(until deadline: ContinuousClock.Instant, beatEvery: Duration) async {
        while ContinuousClock.now < deadline, !Task.isCancelled {
            beat()
            let step = min(deadline, ContinuousClock.now + beatEvery)
            let woken = await sleepOnce(until: step)
            if woken { return }
        }
        beat()
    }

    private func sleepOnce(until instant: ContinuousClock.Instant) async -> Bool {
        if pendingWake {
            pendingWake = false
            return true
        }
        let timer = Task { [weak self] in
            // A timer cancelled because its sleep was woken wakes nobody: the next sleep is not its.
            do { try await Task.sleep(until: instant, clock: .continuous) } catch { return }
            await self?.wakeScheduler(timedOut: true)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { wake = $0 }
        } onCancel: {
            Task { await self.wakeScheduler(timedOut: true) }
        }
        timer.cancel()
        return !lastWakeWasTimer
    }

    private var lastWakeWasTimer = false
    /// A wake that came while the scheduler was not asleep (a reload in the middle of a cycle, or
    /// between its end and the sleep): the next sleep ends at once instead of losing it, which
    /// would leave a feed the reload added waiting for the next poll, minutes away.
    private var pendingWake = false

    func wakeScheduler(timedOut: Bool = false) {
        guard let wake else {
            if !timedOut { pendingWake = true }
            return
        }
        lastWakeWasTimer = timedOut
        wake.resume()
        self.wake = nil
    }
}

extension FeedConfig {
    /// What the store keeps of a configured feed.
    public var configuredFeed: ConfiguredFeed {
        ConfiguredFeed(url: url, name: name, tags: tags, fullText: fullText, interval: interval)
    }
}

/// The scheduler loop of `feedwatch run`: poll what is due, refresh the digest, sleep until the
/// next feed is due; drain on graceful shutdown.
public struct SchedulerService: Service {
    let state: DaemonState
    let notifier: SystemdNotifier
    let logger: Logger

    public init(state: DaemonState, notifier: SystemdNotifier, logger: Logger) {
        self.state = state
        self.notifier = notifier
        self.logger = logger
    }

    public func run() async throws {
        let beatEvery = Heartbeat.beatPeriod(watchdogInterval: notifier.watchdogInterval)
        var ready = false
        var lastPurge = Date.distantPast
        var feedSchedule = DigestFeedSchedule()
        var refreshSchedule = DigestRefreshSchedule(refresh: await state.config.digestRefresh)
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let config = await state.config
            let cycle = PollCycle(config: config, store: state.store, fetcher: state.fetcher, gate: state.gate, logger: logger,
                                  clustererCache: state.clustererCache)
            if !ready {
                notifier.ready(status: "starting the first poll of \(config.feeds.count) feeds")
                ready = true
            }
            await state.beat()
            let cycleStart = await state.monitor.cycleStarting()
            // Not cancelled on SIGTERM: the cycle starts nothing new and drains what is in flight;
            // the service group's maximumGracefulShutdownDuration bounds the drain.
            let report = await withGracefulShutdownHandler {
                await cycle.run(progress: { _ in Task { await state.beat() } })
            } onGracefulShutdown: {
                // Say so at once — systemd, the log — even while a page is still being extracted;
                // the cycle then starts nothing new and drains what is in flight.
                notifier.stopping()
                logger.notice("shutting down: finishing the work in flight")
            }
            if Task.isShuttingDownGracefully {
                // The stop writes what this cycle changed (below).
                if report.clusterer { refreshSchedule.isBehind = true }
                break
            }
            // Building digests and purging are CPU and disk work: on executors of their own. On a
            // shared database only the clusterer writes digests (the others have no stories to add).
            var written: [String] = []
            if report.clusterer {
                let publisher = DigestPublisher(config: config, store: state.store, logger: logger, storyCache: state.storyCache,
                                                editionHandoff: state.editionHandoff)
                let now = Date()
                let today = "\(publisher.day(of: now))"
                refreshSchedule.refresh = config.digestRefresh
                if refreshSchedule.isDue(now: now, today: today) {
                    written = await BlockingExecutor.cpu.run { publisher.publishCurrent(now: now) }
                }
                // Old digest files pruned (at most once a day), then the digest as feeds (feed.xml,
                // feed.json) when `DigestFeedSchedule` says so.
                let feedsDue = feedSchedule.isDue(now: now, written: written, today: today)
                let digestHousekeeping = (DigestRetention(config: config, store: state.store, logger: logger),
                                          DigestFeedPublisher(config: config, store: state.store, logger: logger,
                                                              entryCache: state.feedEntryCache,
                                                              editionHandoff: state.editionHandoff))
                _ = await BlockingExecutor.cpu.run { () -> [String] in
                    digestHousekeeping.0.pruneIfDue(now: now) + (feedsDue ? digestHousekeeping.1.publish(now: now) : [])
                }
            }
            await state.monitor.cycleFinished(startedAt: cycleStart, digestsWritten: written.count,
                                              storyWindow: state.clustererCache.windowSize)
            await state.gate.forgetIdleHosts(now: Date())
            if Date().timeIntervalSince(lastPurge) > 86_400 {
                let cutoff = Date().addingTimeInterval(-Double(config.retentionDays) * 86_400)
                let store = state.store
                if let purged = try? await BlockingExecutor.database.run({ try store.purge(firstSeenBefore: cutoff) }), purged > 0 {
                    logger.info("purged \(purged) entries older than \(config.retentionDays) days")
                }
                lastPurge = Date()
            }
            // The cycle's commits are in: copy the WAL back (passive, never waits), so the next
            // commit restarts it and cuts it to the journal size limit.
            let checkpointed = state.store
            _ = try? await BlockingExecutor.database.run { try checkpointed.checkpoint() }
            // A cycle's parse trees, texts and clusterer state are freed by now; hand the pages back
            // to the system, so the daemon idles small instead of at its peak.
            _ = fw_release_free_memory()
            let next = try? await BlockingExecutor.database.run { try checkpointed.nextPollTime() }
            // On a shared database every worker looks again within seconds: one without the role,
            // so that when the holder dies stories stop for seconds, not a poll interval; the
            // holder, because other workers store entries and analyses meanwhile that wait for
            // their stories. Work left over from a full claim is taken up at once, too.
            let shared = state.store.isShared
            let longest: TimeInterval = shared || report.moreWork ? 5 : 300
            let wait = report.moreWork ? 1 : max(5, min(next.flatMap { $0 }.map { $0.timeIntervalSinceNow } ?? longest, longest))
            let nextText = next.flatMap { $0 }.map { ISO8601DateFormatter().string(from: $0) } ?? "in 5 min"
            if report.feedsPolled > 0 || !written.isEmpty {
                logger.info("cycle done: \(report.oneLine)")
            }
            notifier.status("\(report.feedsPolled > 0 ? report.oneLine : "idle")\(written.isEmpty ? "" : "; digest updated"); next poll \(nextText)")
            // SIGTERM while idle ends the sleep at once, rather than after the shutdown deadline.
            await withGracefulShutdownHandler {
                await state.sleep(until: .now + .milliseconds(Int64(wait * 1000)), beatEvery: beatEvery)
            } onGracefulShutdown: {
                Task { await state.wakeScheduler() }
            }
        }
        notifier.stopping()
        let store = state.store
        let stopConfig = await state.config
        if refreshSchedule.isBehind {
            let publisher = DigestPublisher(config: stopConfig, store: store, logger: logger, storyCache: state.storyCache,
                                            editionHandoff: state.editionHandoff)
            let now = Date()
            let written = await BlockingExecutor.cpu.run { publisher.publishCurrent(now: now) }
            if !written.isEmpty { feedSchedule.markBehind() }
        }
        if feedSchedule.isBehind {
            let feeds = DigestFeedPublisher(config: stopConfig, store: store, logger: logger,
                                            entryCache: state.feedEntryCache, editionHandoff: state.editionHandoff)
            _ = await BlockingExecutor.cpu.run { feeds.publish(now: Date()) }
        }
        // Feeds and pages claimed but not done go back to the other workers at once.
        _ = try? await BlockingExecutor.database.run { try store.releaseLeases(holder: WorkLeases.workerName) }
        // The story state's journal since the last checkpoint becomes one, so the next start
        // decodes it instead of replaying the items.
        let clustererCache = state.clustererCache
        let stopLogger = logger
        await BlockingExecutor.database.run { clustererCache.checkpoint(into: store, logger: stopLogger) }
        logger.notice("scheduler stopped")
    }
}

/// Pings the systemd watchdog — only while the scheduler's heartbeat is fresh, so a wedged
/// scheduler gets the daemon restarted instead of kept alive by a blind timer.
public struct WatchdogService: Service {
    let state: DaemonState
    let notifier: SystemdNotifier

    public init(state: DaemonState, notifier: SystemdNotifier) {
        self.state = state
        self.notifier = notifier
    }

    public func run() async throws {
        guard let interval = notifier.watchdogInterval else {
            try? await gracefulShutdown()
            return
        }
        while !Task.isShuttingDownGracefully {
            if ContinuousClock.now - (await state.lastBeat) < interval {
                notifier.watchdog()
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval / 3) }
        }
    }
}

/// SIGHUP: re-read the config without a restart (RELOADING=1 … READY=1 around it).
public struct ReloadService: Service {
    let state: DaemonState
    let notifier: SystemdNotifier

    public init(state: DaemonState, notifier: SystemdNotifier) {
        self.state = state
        self.notifier = notifier
    }

    public func run() async throws {
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            notifier.reloading()
            let ok = await state.reload()
            notifier.notify(["READY=1", "STATUS=\(ok ? "configuration reloaded" : "configuration reload failed; running the previous one")"])
        }
    }
}
