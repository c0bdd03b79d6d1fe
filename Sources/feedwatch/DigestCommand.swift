import ArgumentParser
import Digest
import Foundation
import Watcher

/// `feedwatch digest`: (re)write one day's digest from the store.
struct DigestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "Rewrite a day's digest files from the database.")

    @OptionGroup var options: ConfigOption

    @Option(help: "The day, YYYY-MM-DD in the configured time zone (default: today).")
    var date: String?

    @Option(help: "Only this format: md, html or json (default: the configured formats).")
    var format: String?

    func run() throws {
        let config = Runtime.loadConfig(options.config)
        let logger = Runtime.logger(level: "warning", format: config.logFormat)
        guard config.usesPostgres || FileManager.default.fileExists(atPath: config.databasePath) else {
            CommandOutput.fail("feedwatch: no database yet at \(config.databasePath); run `feedwatch once` first")
        }
        let store = Runtime.openStore(config)
        let publisher = DigestPublisher(config: config, store: store, logger: logger)
        let day: DigestDate
        if let date {
            guard let parsed = DigestDate(date) else { CommandOutput.fail("feedwatch: --date wants YYYY-MM-DD, got '\(date)'") }
            day = parsed
        } else {
            day = publisher.day(of: Date())
        }
        var formats: [DigestFormat]?
        if let format {
            guard let f = DigestFormat(rawValue: format.lowercased()) else { CommandOutput.fail("feedwatch: --format is md, html or json") }
            formats = [f]
        }
        do {
            for path in try publisher.publish(day, now: Date(), force: true, formats: formats) { print(path) }
        } catch {
            CommandOutput.fail("feedwatch: \(error)")
        }
    }
}
