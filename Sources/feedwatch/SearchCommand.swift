import ArgumentParser
import Digest
import Foundation
import Storage
import Watcher

/// `feedwatch search`: past stories by headline, summary, names and text, best first.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find stories in past digests by headline, summary, names and text (ranked; works while `run` is running).")

    @OptionGroup var options: ConfigOption

    @Argument(help: "The words to look for; all must match. \"Quoted words\" must appear together.")
    var query: String

    @Option(help: "Only stories seen on or after this day (YYYY-MM-DD, configured time zone).")
    var since: String?

    @Option(help: "Only stories seen on or before this day (YYYY-MM-DD, configured time zone).")
    var until: String?

    @Option(help: "At most this many stories (1-1000).")
    var limit = 20

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    func validate() throws {
        guard query.contains(where: { !$0.isWhitespace }) else { throw ValidationError("the search query is empty") }
        guard (1...1000).contains(limit) else { throw ValidationError("--limit must be between 1 and 1000") }
        for (name, value) in [("--since", since), ("--until", until)] {
            if let value, DigestDate(value) == nil { throw ValidationError("\(name) wants a day as YYYY-MM-DD, got '\(value)'") }
        }
    }

    func run() throws {
        let config = Runtime.loadConfig(options.config)
        guard config.usesPostgres || FileManager.default.fileExists(atPath: config.databasePath) else {
            CommandOutput.fail("feedwatch: no database yet at \(config.databasePath); run `feedwatch once` or start the service first")
        }
        let store = Runtime.openStore(config)
        let results: [StorySearch.Result]
        do {
            results = try StorySearch(config: config, store: store)
                .run(query, since: since.flatMap(DigestDate.init), until: until.flatMap(DigestDate.init), limit: limit)
        } catch {
            CommandOutput.fail("feedwatch: search failed in \(config.databaseDescription): \(error)")
        }
        try? store.close()
        if json {
            try CommandOutput.printJSON(results)
        } else {
            let bold = isatty(1) == 1
            print(StorySearch.text(results) { bold ? "\u{1B}[1m\($0)\u{1B}[0m" : "[\($0)]" }, terminator: "")
        }
    }
}
