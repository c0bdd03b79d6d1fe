import ArgumentParser
import Foundation
import Watcher

/// `feedwatch once`: one full cycle, the digest written, then exit (timers, cron, the demo).
struct OnceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "once",
        abstract: "Poll due feeds once, write today's digest, and exit (non-zero when every feed failed).")

    @OptionGroup var options: ConfigOption

    @Flag(name: .long, help: "Poll every feed now, not only those that are due.")
    var all = false

    @Flag(name: .shortAndLong, help: "Log every feed on a terminal too (instead of a progress bar).")
    var verbose = false

    func run() async throws {
        let config = Runtime.loadConfig(options.config)
        let bar = Runtime.stderrIsTerminal && !verbose
        let logger = Runtime.logger(level: bar ? "warning" : config.logLevel, format: config.logFormat)
        let store = Runtime.openStore(config)
        StaleTemporaryFiles.remove(in: [config.digestDir, config.stateDir], now: Date(), logger: logger)
        Runtime.syncFeeds(config, store: store, logger: logger)
        let fetcher = HTTPFetcher(userAgent: config.userAgent, maxDecompressedBytes: config.maxBodySize)
        let gate = HostGate(perHostLimit: config.perHostConcurrency, spacing: config.perHostSpacing, store: store,
                            requestTimeout: config.fetchTimeout)
        let cycle = PollCycle(config: config, store: store, fetcher: fetcher, gate: gate, logger: logger)
        let progress = ProgressBar(enabled: bar)
        let report = await cycle.run(everything: all) { event in progress.update(event) }
        progress.finish()
        await fetcher.shutdown()
        let publisher = DigestPublisher(config: config, store: store, logger: logger)
        var written: [String] = []
        // On a shared database the worker that holds the clusterer role writes the digests.
        if report.clusterer {
            do {
                written = try await BlockingExecutor.cpu.run { try publisher.publish(publisher.day(of: Date()), now: Date(), force: false) }
            } catch {
                logger.error("digest not written: \(error)")
            }
            // Old digest files pruned (at most once a day), then the digest as feeds (feed.xml, feed.json).
            _ = await BlockingExecutor.cpu.run { () -> [String] in
                DigestRetention(config: config, store: store, logger: logger).pruneIfDue(now: Date())
                    + DigestFeedPublisher(config: config, store: store, logger: logger).publish(now: Date())
            }
        } else {
            logger.notice("another worker holds the clusterer role: it assigns the stories and writes the digests")
        }
        _ = try? await BlockingExecutor.database.run { try store.releaseLeases(holder: WorkLeases.workerName) }
        try? store.close()
        var summary = report.oneLine + "\n"
        if let first = written.first(where: { $0.hasSuffix(".md") }) ?? written.first {
            summary += "digest: \(first)\n"
        } else {
            // Nothing the digest shows changed: its files are already current.
            summary += "digest: unchanged\n"
        }
        if config.logFormat == .json {
            // One JSON object per line, like the log lines before it (a priority first under systemd).
            let priority = ProcessInfo.processInfo.environment["JOURNAL_STREAM"] != nil ? "<5>" : ""
            summary = summary.split(separator: "\n").map {
                priority + JSONLogHandler.line(level: .notice, label: "feedwatch", message: String($0)) + "\n"
            }.joined()
        } else if ProcessInfo.processInfo.environment["JOURNAL_STREAM"] != nil {
            // Under systemd every line carries a priority, like the log lines before it.
            summary = summary.split(separator: "\n").map { "<5>" + JournalLogHandler.escaped(String($0)) + "\n" }.joined()
        }
        FileHandle.standardError.write(Data(summary.utf8))
        if report.allFailed { throw ExitCode(2) }
    }
}

/// A one-line progress bar on a terminal; nothing otherwise (the log lines are the progress).
final class ProgressBar: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()
    private var total = 0
    private var done = 0
    private var failed = 0
    private var stage = "feeds"

    init(enabled: Bool) { self.enabled = enabled }

    func update(_ event: CycleProgress) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        switch event {
        case .feedsStarted(let n): total = n
        case .feedDone(_, _, let bad): done += 1; if bad { failed += 1 }
        case .stage(let name): stage = name
        }
        let width = 30
        let filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let line = "\r\(bar) \(done)/\(total) feeds\(failed > 0 ? ", \(failed) failed" : "") · \(stage)   "
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
