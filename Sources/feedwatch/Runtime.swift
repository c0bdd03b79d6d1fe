import Foundation
import Logging
import PostgresStorage
import Storage
import TextAnalysis
import Watcher

/// `--config FILE`, shared by every command that reads the configuration.
struct ConfigOption: ParsableArguments {
    @Option(name: .long, help: "The config file (TOML).")
    var config: String = WatcherConfig.defaultPath
}

/// What the daemon commands share: loading the config, logging, opening the store.
enum Runtime {
    static func loadConfig(_ path: String) -> WatcherConfig {
        do { return try ConfigLoader.load(path: path) } catch {
            CommandOutput.fail("feedwatch: config error: \(error)")
        }
    }

    /// Logging to stderr, journald-aware, as text lines or JSON objects (`log_format`). Call once, first.
    static func logger(level: String, format: LogFormat = .text) -> Logger {
        let parsed = Logger.Level(rawValue: level) ?? .info
        switch format {
        case .text: LoggingSystem.bootstrap { label in JournalLogHandler(label: label, level: parsed) }
        case .json: LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: parsed) }
        }
        var logger = Logger(label: "feedwatch")
        logger.logLevel = parsed
        return logger
    }

    static func openStore(_ config: WatcherConfig) -> any FeedStorage {
        do {
            try FileManager.default.createDirectory(atPath: config.stateDir, withIntermediateDirectories: true)
        } catch {
            CommandOutput.fail("feedwatch: cannot create the state directory \(config.stateDir): \(error.localizedDescription)")
        }
        if let url = config.databaseURL {
            do {
                let location = try PostgresLocation(url: url)
                let password = try PostgresPassword.resolve(file: config.databasePasswordFile)
                return try PostgresFeedStore(location: location, password: password)
            } catch {
                CommandOutput.fail("feedwatch: cannot open the database \(config.databaseDescription) (\(config.sourceFile), key 'database'): \(error)")
            }
        }
        do { return try FeedStore(path: config.databasePath) } catch {
            CommandOutput.fail("feedwatch: cannot open the database \(config.databasePath): \(error)")
        }
    }

    static func syncFeeds(_ config: WatcherConfig, store: any FeedStorage, logger: Logger) {
        for warning in config.warnings { logger.warning("\(warning)") }
        if EntityTaggerModel.bundled == nil {
            logger.error("the entity tagger's weights (entity_tagger.bin) were not found or are damaged; looked in \(ResourceLocator.searchDirectories.joined(separator: ", ")); set \(ResourceLocator.environmentKey) to the directory that holds them. Entities will be missing from the digest.")
        }
        do { try store.syncConfiguredFeeds(config.feeds.map(\.configuredFeed), now: Date()) } catch {
            CommandOutput.fail("feedwatch: cannot update the feed list in \(config.databaseDescription): \(error)")
        }
    }

    static var stderrIsTerminal: Bool { isatty(2) == 1 }
}

import ArgumentParser
