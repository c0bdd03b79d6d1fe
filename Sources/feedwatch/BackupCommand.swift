import ArgumentParser
import Foundation
import Storage
import Watcher

/// `feedwatch backup FILE`: a consistent copy of the database, taken while the daemon runs.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the database to FILE (one consistent snapshot, safe while `run` is running).")

    @OptionGroup var options: ConfigOption

    @Argument(help: "Where to write the copy.")
    var file: String

    @Flag(name: .long, help: "Replace FILE if it exists.")
    var force = false

    func run() throws {
        let config = Runtime.loadConfig(options.config)
        if let url = config.databaseURL {
            CommandOutput.fail("feedwatch: the state is on PostgreSQL (\(url)); back it up with the server's tools: pg_dump --format=custom --file=\(file) …")
        }
        guard FileManager.default.fileExists(atPath: config.databasePath) else {
            CommandOutput.fail("feedwatch: no database yet at \(config.databasePath); nothing to back up")
        }
        let target = URL(fileURLWithPath: file).standardizedFileURL.path
        let source = URL(fileURLWithPath: config.databasePath).standardizedFileURL.path
        guard target != source else { CommandOutput.fail("feedwatch: the backup cannot be the database itself") }
        if FileManager.default.fileExists(atPath: target), !force {
            CommandOutput.fail("feedwatch: \(target) exists; use --force to replace it")
        }
        let temporary = target + ".tmp"
        // A leftover of an interrupted backup: VACUUM INTO refuses to write into a non-empty file.
        try? FileManager.default.removeItem(atPath: temporary)
        let store = Runtime.openStore(config)
        let clock = ContinuousClock()
        let started = clock.now
        do {
            try store.backup(to: temporary)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            CommandOutput.fail("feedwatch: \(error)")
        }
        let elapsed = clock.now - started
        try? store.close()
        guard rename(temporary, target) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            CommandOutput.fail("feedwatch: cannot move the backup into place at \(target): \(reason)")
        }
        let size = ((try? FileManager.default.attributesOfItem(atPath: target))?[.size] as? NSNumber)?.int64Value ?? 0
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("backup written: \(target) (\(ConfigValues.format(bytes: Int(size))), \(String(format: "%.3f", seconds)) s)")
    }
}
