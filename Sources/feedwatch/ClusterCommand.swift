import ArgumentParser

/// `feedwatch cluster`: placeholder until its stage lands.
struct ClusterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cluster", abstract: "Not yet implemented.")
    @Argument(help: "Input file.") var file: String
    func run() throws { CommandOutput.fail("feedwatch cluster: not implemented yet") }
}
