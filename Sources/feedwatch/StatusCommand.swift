import ArgumentParser
import Foundation
import Watcher

/// `feedwatch status`: the health of every feed, from the database.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each feed's last success, last error, consecutive failures, next poll and entry count.")

    @OptionGroup var options: ConfigOption

    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        let config = Runtime.loadConfig(options.config)
        guard config.usesPostgres || FileManager.default.fileExists(atPath: config.databasePath) else {
            CommandOutput.fail("feedwatch: no database yet at \(config.databasePath); run `feedwatch once` or start the service first")
        }
        let store = Runtime.openStore(config)
        let rows: [StatusReport.Row]
        do { rows = try StatusReport.rows(store: store, now: Date()) } catch {
            CommandOutput.fail("feedwatch: cannot read \(config.databaseDescription): \(error)")
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            FileHandle.standardOutput.write(try encoder.encode(rows) + Data("\n".utf8))
        } else {
            print(StatusReport.table(rows, now: Date()), terminator: "")
        }
    }
}
