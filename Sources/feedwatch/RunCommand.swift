import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import Watcher

/// `feedwatch run`: the daemon.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the daemon: poll feeds on schedule and keep today's digest current (systemd Type=notify).")

    @OptionGroup var options: ConfigOption

    func run() async throws {
        // SIGHUP's default action kills the process; ignore it until the reload service traps it.
        signal(SIGHUP, SIG_IGN)
        let config = Runtime.loadConfig(options.config)
        let logger = Runtime.logger(level: config.logLevel, format: config.logFormat)
        let store = Runtime.openStore(config)
        StaleTemporaryFiles.remove(in: [config.digestDir, config.stateDir], now: Date(), logger: logger)
        Runtime.syncFeeds(config, store: store, logger: logger)
        let fetcher = HTTPFetcher(userAgent: config.userAgent, maxDecompressedBytes: config.maxBodySize)
        let state = DaemonState(config: config, store: store, fetcher: fetcher, logger: logger)
        let notifier = SystemdNotifier()
        logger.notice("feedwatch \(FeedwatchVersion.current) starting: \(config.feeds.count) feeds, state in \(config.databaseDescription) (\(store.backendName)), digests in \(config.digestDir)")
        var groupConfig = ServiceGroupConfiguration(
            services: [
                .init(service: SchedulerService(state: state, notifier: notifier, logger: logger)),
                .init(service: ReloadService(state: state, notifier: notifier)),
                .init(service: WatchdogService(state: state, notifier: notifier)),
            ] + MetricsListener.services(config: config, state: state, logger: logger),
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        // systemd's TimeoutStopSec is 30 s: in-flight fetches get 20 s to finish, then are cancelled.
        groupConfig.maximumGracefulShutdownDuration = .seconds(20)
        let group = ServiceGroup(configuration: groupConfig)
        var failure: (any Error)?
        do { try await group.run() } catch {
            logger.critical("stopped on error: \(error)")
            failure = error
        }
        await fetcher.shutdown()
        try? store.close()
        logger.notice("feedwatch stopped")
        // A service that failed is a failed daemon: exit non-zero, so Restart=on-failure restarts it.
        if failure != nil { throw ExitCode.failure }
    }
}
