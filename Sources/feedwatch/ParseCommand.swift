import ArgumentParser

/// `feedwatch parse`: placeholder until the feed parser lands.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "parse", abstract: "Not yet implemented.")
    @Argument(help: "Input file.") var file: String
    func run() throws { CommandOutput.fail("feedwatch parse: not implemented yet") }
}
