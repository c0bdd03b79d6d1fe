import ArgumentParser
import Watcher

/// The `feedwatch` command line: a thin layer that parses flags and calls the modules.
@main
struct FeedwatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedwatch",
        abstract: "Watch news feeds and write one readable digest a day.",
        version: FeedwatchVersion.current,
        subcommands: [
            RunCommand.self,
            OnceCommand.self,
            DigestCommand.self,
            StatusCommand.self,
            SearchCommand.self,
            BackupCommand.self,
            CheckCommand.self,
            FeedsCommand.self,
            ParseCommand.self,
            ExtractCommand.self,
            AnalyzeCommand.self,
            ClusterCommand.self,
        ]
    )
}
