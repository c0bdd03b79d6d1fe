import ArgumentParser
import Foundation
import Watcher

/// `feedwatch check`: validate the config and test-fetch every feed.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the config and test-fetch each feed, flagging dead, stale, thin and non-feed URLs.")

    @OptionGroup var options: ConfigOption

    @Flag(name: .long, help: "Only validate the config file; fetch nothing.")
    var configOnly = false

    func run() async throws {
        let config = Runtime.loadConfig(options.config)
        print("config OK: \(config.sourceFile) — \(config.feeds.count) feeds, state in \(config.stateDir), digests in \(config.digestDir)")
        for warning in config.warnings { print("warning: \(warning)") }
        if configOnly { return }
        let fetcher = HTTPFetcher(userAgent: config.userAgent, maxDecompressedBytes: config.maxBodySize)
        let checker = FeedCheck(config: config, fetcher: fetcher)
        let results = ResultsBox()
        await Concurrently.forEach(config.feeds, limit: config.maxConcurrentFetches) { feed in
            await results.add(await checker.check(feed))
        }
        await fetcher.shutdown()
        let all = await results.items.sorted { $0.feed.location.description < $1.feed.location.description }
        for r in all {
            print("\(r.verdict.rawValue.uppercased().padding(toLength: 10, withPad: " ", startingAt: 0)) \(r.feed.name ?? r.feed.url)  \(r.detail)  [\(r.feed.location)]")
        }
        let bad = all.filter { $0.verdict == .dead || $0.verdict == .notAFeed }.count
        let warn = all.filter { $0.verdict == .stale || $0.verdict == .thin }.count
        print("\n\(all.count) feeds: \(all.count - bad - warn) ok, \(warn) stale or thin, \(bad) dead or not a feed")
        if bad > 0 { throw ExitCode(1) }
    }
}

actor ResultsBox {
    var items: [FeedCheck.Result] = []
    func add(_ r: FeedCheck.Result) { items.append(r) }
}
