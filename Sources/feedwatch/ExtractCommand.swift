import ArgumentParser

/// `feedwatch extract`: placeholder until its stage lands.
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "extract", abstract: "Not yet implemented.")
    @Argument(help: "Input file.") var file: String
    func run() throws { CommandOutput.fail("feedwatch extract: not implemented yet") }
}
