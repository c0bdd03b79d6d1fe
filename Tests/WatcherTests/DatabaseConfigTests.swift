import FeedwatchConfig
import FeedwatchTesting
import Foundation
import Testing

/// The `database`, `database_password_file` and `worker_lease` keys: where the state lives, and
/// that a secret never reaches the config file or a log line.
struct DatabaseConfigTests {
    @Test func theDatabaseIsTheSQLiteFileUnlessAURLOrAnotherFileIsNamed() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let file = dir.path + "/feedwatch.toml"
        let plain = try ConfigLoader.parse(text: "state_dir = \"state\"\n", file: file)
        #expect(!plain.usesPostgres)
        #expect(plain.databasePath == dir.path + "/state/feedwatch.sqlite")
        let shared = try ConfigLoader.parse(text: "database = \"postgres://feedwatch@db.example:6432/news?sslmode=require\"\n", file: file)
        #expect(shared.usesPostgres)
        #expect(shared.databaseDescription == "postgres://feedwatch@db.example:6432/news?sslmode=require")
        let other = try ConfigLoader.parse(text: "database = \"elsewhere/watch.sqlite\"\ndatabase_password_file = \"pw\"\n", file: file)
        #expect(!other.usesPostgres)
        #expect(other.databasePath == dir.path + "/elsewhere/watch.sqlite")
        #expect(other.databasePasswordFile == dir.path + "/pw")
        #expect(try ConfigLoader.parse(text: "worker_lease = \"30s\"\n", file: file).workerLease == 30)
        #expect(plain.workerLease == 180)
    }

    @Test func aPasswordInTheURLIsRefusedWithTheLineAndNeverRepeated() throws {
        let file = "/etc/feedwatch/feedwatch.toml"
        do {
            _ = try ConfigLoader.parse(text: "state_dir = \"/x\"\ndatabase = \"postgres://feedwatch:hunter2-secret@db.example/news\"\n", file: file)
            Issue.record("a password in the URL was accepted")
        } catch {
            #expect(error.location.line == 2)
            #expect(error.description.contains("password"))
            #expect(!error.description.contains("hunter2-secret"))
        }
        for bad in ["mysql://feedwatch@db.example/news", "https://db.example/news", "postgres://", "worker_lease"] {
            let text = bad == "worker_lease" ? "state_dir = \"/x\"\nworker_lease = \"5s\"\n" : "state_dir = \"/x\"\ndatabase = \"\(bad)\"\n"
            do {
                _ = try ConfigLoader.parse(text: text, file: file)
                Issue.record("'\(bad)' was accepted")
            } catch {
                #expect(error.location.line == 2, "\(bad): \(error)")
            }
        }
    }

    @Test func anUnreachableServerFailsWithTheURLAndTheConfigAndNoSecret() async throws {
        try #require(FileManager.default.fileExists(atPath: ChildProcess.feedwatchBinary))
        let dir = TempDir()
        defer { dir.remove() }
        // Port 1 on loopback: nothing listens there.
        let config = dir.file("feedwatch.toml", """
            state_dir = "state"
            database = "postgres://feedwatch@127.0.0.1:1/news?sslmode=disable"
            metrics_listen = ""
            [[feed]]
            url = "http://127.0.0.1:1/feed.xml"

            """)
        let child = try ChildProcess(["once", "--config", config], environment: ["FEEDWATCH_DATABASE_PASSWORD": "hunter2-secret"])
        let status = await child.waitForExit(timeout: 60)
        #expect(status != nil && status != 0)
        #expect(child.log.contains("cannot open the database postgres://feedwatch@127.0.0.1:1/news"), "\(child.log)")
        #expect(child.log.contains(config), "the message names the config file")
        #expect(!child.log.contains("hunter2-secret"))
    }
}
