import ArgumentParser

/// `feedwatch analyze`: placeholder until its stage lands.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "analyze", abstract: "Not yet implemented.")
    @Argument(help: "Input file.") var file: String
    func run() throws { CommandOutput.fail("feedwatch analyze: not implemented yet") }
}
