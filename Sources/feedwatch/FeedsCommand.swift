import ArgumentParser
import Foundation
import Watcher

/// `feedwatch feeds list|add|remove|import|export`: manage the feed list in the config file.
struct FeedsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feeds",
        abstract: "List, add, remove, import (OPML) and export (OPML) feeds.",
        subcommands: [List.self, Add.self, Remove.self, Import.self, Export.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the configured feeds.")
        @OptionGroup var options: ConfigOption
        func run() throws {
            let config = Runtime.loadConfig(options.config)
            for feed in config.feeds {
                var line = feed.url
                if let name = feed.name { line += "  \"\(name)\"" }
                if !feed.tags.isEmpty { line += "  [\(feed.tags.joined(separator: ", "))]" }
                if let interval = feed.interval { line += "  every \(ConfigValues.format(duration: interval))" }
                print(line)
            }
            FileHandle.standardError.write(Data("\(config.feeds.count) feeds\n".utf8))
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a feed to the config (or to --to FILE, e.g. an included file).")
        @OptionGroup var options: ConfigOption
        @Argument(help: "The feed URL.") var url: String
        @Option(help: "A display name.") var name: String?
        @Option(help: "Comma-separated tags.") var tags: String?
        @Option(help: "The file to append to (default: the config file).") var to: String?
        func run() throws {
            let config = Runtime.loadConfig(options.config)
            if config.feeds.contains(where: { $0.url == url }) { CommandOutput.fail("feedwatch: \(url) is already in the feed list") }
            let tagList = tags?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } ?? []
            try FeedsCommand.append(FeedListFile.table(url: url, name: name, tags: tagList), to: to ?? config.sourceFile, config: config)
            print("added \(url) — `systemctl reload feedwatch` (or SIGHUP) applies it to a running daemon")
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a feed from the config file that lists it.")
        @OptionGroup var options: ConfigOption
        @Argument(help: "The feed URL, as listed.") var url: String
        func run() throws {
            let config = Runtime.loadConfig(options.config)
            guard let feed = config.feeds.first(where: { $0.url == url }) else { CommandOutput.fail("feedwatch: \(url) is not in the feed list") }
            let file = feed.location.file
            guard let text = try? String(contentsOfFile: file, encoding: .utf8),
                  let edited = FeedListFile.removing(url: url, from: text) else {
                CommandOutput.fail("feedwatch: cannot find the [[feed]] table of \(url) in \(file); edit it by hand")
            }
            try FeedsCommand.save(edited, to: file, config: config)
            print("removed \(url) from \(file); its stored entries are kept")
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "import", abstract: "Import feeds from an OPML file (folders become tags).")
        @OptionGroup var options: ConfigOption
        @Argument(help: "The OPML file.") var file: String
        @Option(help: "The file to append to (default: the config file).") var to: String?
        func run() throws {
            let config = Runtime.loadConfig(options.config)
            let outlines: [OPML.Outline]
            do { outlines = try OPML.parse(CommandOutput.readFile(file), file: file) } catch {
                CommandOutput.fail("feedwatch: \(error)")
            }
            var known = Set(config.feeds.map(\.url))
            var text = ""
            var added = 0
            for o in outlines where known.insert(o.url).inserted {
                text += FeedListFile.table(url: o.url, name: o.title, tags: o.tags)
                added += 1
            }
            if added > 0 { try FeedsCommand.append(text, to: to ?? config.sourceFile, config: config) }
            print("imported \(added) feeds (\(outlines.count - added) already listed)")
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "export", abstract: "Print the feed list as OPML.")
        @OptionGroup var options: ConfigOption
        func run() throws {
            print(OPML.render(Runtime.loadConfig(options.config).feeds), terminator: "")
        }
    }

    /// Appends to `file`, then re-reads the whole config; a result that does not load is not saved.
    static func append(_ text: String, to file: String, config: WatcherConfig) throws {
        let old = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        try save(old + (old.hasSuffix("\n") || old.isEmpty ? "" : "\n") + text, to: file, config: config)
    }

    static func save(_ text: String, to file: String, config: WatcherConfig) throws {
        let backup = try? String(contentsOfFile: file, encoding: .utf8)
        do { try AtomicFile.write(text, to: file) } catch { CommandOutput.fail("feedwatch: \(error)") }
        do { _ = try ConfigLoader.load(path: config.sourceFile) } catch {
            if let backup { try? AtomicFile.write(backup, to: file) }
            CommandOutput.fail("feedwatch: the edit would make the config invalid (\(error)); nothing changed")
        }
    }
}
