import ArgumentParser

/// The `feedwatch` command line: a thin layer that parses flags and calls the modules.
@main
struct FeedwatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedwatch",
        abstract: "Watch news feeds and write one readable digest a day.",
        subcommands: [
            ParseCommand.self,
            ExtractCommand.self,
            AnalyzeCommand.self,
            ClusterCommand.self,
        ]
    )
}
