import ArgumentParser
import FeedParser

/// `feedwatch parse FILE`: one feed file to the parse contract's JSON, for inspection and tests.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse a feed file (RSS, RDF, Atom, JSON Feed) and print it as JSON.",
        discussion: "Exits 1 with one line on stderr when the file is not a feed."
    )

    @Argument(help: "The feed file to read.")
    var file: String

    @Option(name: .customLong("base-url"), help: "The URL the feed was fetched from; relative links resolve against it.")
    var baseURL: String?

    @Option(help: "The charset from the HTTP Content-Type header, if any.")
    var charset: String?

    func run() throws {
        let bytes = CommandOutput.readFile(file)
        do {
            let feed = try Feed.parse(bytes, baseURL: baseURL, httpCharset: charset)
            try CommandOutput.printJSON(feed)
        } catch {
            CommandOutput.fail("feedwatch parse: \(file): \(error)")
        }
    }
}
