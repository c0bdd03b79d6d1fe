import Foundation
import Testing
@testable import Watcher
@testable import FeedwatchConfig
@testable import FetchPolicy

/// A temporary directory per test, removed at the end.
struct TempDir {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "feedwatch-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    func file(_ name: String, _ text: String) -> String {
        let p = (path as NSString).appendingPathComponent(name)
        try! FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try! text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }
    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

@Suite struct ConfigTests {
    @Test func readsTheDocumentedKeysAndIncludes() throws {
        let dir = TempDir()
        defer { dir.remove() }
        _ = dir.file("feeds.d/uk.toml", """
        [[feed]]
        url = "https://www.theguardian.com/uk/rss"
        tags = ["uk"]
        """)
        _ = dir.file("feeds.d/tech.toml", """
        [[feed]]
        url = "https://feeds.arstechnica.com/arstechnica/index"
        name = "Ars Technica"
        tags = ["tech"]
        interval = "1h"
        """)
        let main = dir.file("feedwatch.toml", """
        # a comment
        state_dir = "state"
        digest_dir = "/srv/digests"
        timezone = "Europe/London"
        poll_interval = "30m"
        max_body_size = "5MiB"
        full_text = "auto"
        include = ["feeds.d/*.toml"]

        [[feed]]
        url = "https://www.theguardian.com/world/rss"
        name = "The Guardian - World"
        tags = ["world"]
        full_text = true
        interval = "15m"
        """)
        let config = try ConfigLoader.load(path: main)
        #expect(config.stateDir == dir.path + "/state")
        #expect(config.digestDir == "/srv/digests")
        #expect(config.timeZone.identifier == "Europe/London")
        #expect(config.pollInterval == 1800)
        #expect(config.maxBodySize == 5 * 1_048_576)
        #expect(config.feeds.map(\.url) == [
            "https://www.theguardian.com/world/rss",
            "https://feeds.arstechnica.com/arstechnica/index",   // includes in sorted file order: tech, uk
            "https://www.theguardian.com/uk/rss",
        ])
        #expect(config.feeds[0].fullText == true)
        #expect(config.feeds[0].interval == 900)
        #expect(config.feeds[1].name == "Ars Technica")
        #expect(config.feeds[1].location.file.hasSuffix("feeds.d/tech.toml"))
        #expect(config.feeds[1].location.line == 1)
    }

    @Test func errorsNameTheFileAndLine() throws {
        let dir = TempDir()
        defer { dir.remove() }
        func error(_ text: String) -> ConfigError? {
            do { _ = try ConfigLoader.parse(text: text, file: dir.path + "/f.toml"); return nil } catch { return error }
        }
        let typo = error("state_dir = \"/x\"\npol_interval = \"30m\"\n")
        #expect(typo?.location.line == 2)
        #expect(typo?.message.contains("did you mean 'poll_interval'") == true)

        let badInterval = error("[[feed]]\nurl = \"https://a.example/rss\"\n\n[[feed]]\nurl = \"https://b.example/rss\"\ninterval = \"soon\"\n")
        #expect(badInterval?.location.line == 6)
        #expect(badInterval?.description.hasPrefix(dir.path + "/f.toml:6: interval") == true)

        let zone = error("timezone = \"Europe/Londn\"\n")
        #expect(zone?.location.line == 1)
        #expect(zone?.message.contains("unknown time zone") == true)

        let syntax = error("state_dir = \"/x\"\n[[feed]\nurl = 3\n")
        #expect(syntax?.location.line == 2)

        let noURL = error("[[feed]]\nname = \"x\"\n")
        #expect(noURL?.message.contains("no url") == true)

        let scheme = error("[[feed]]\nurl = \"www.bbc.co.uk/news/rss.xml\"\n")
        #expect(scheme?.message.contains("did you mean \"https://www.bbc.co.uk/news/rss.xml\"") == true)

        let included = error("include = [\"missing.toml\"]\n")
        #expect(included?.message.contains("does not exist") == true)
    }

    @Test func anIncludedFileMayOnlyHoldFeeds() throws {
        let dir = TempDir()
        defer { dir.remove() }
        _ = dir.file("more.toml", "[[feed]]\nurl = \"https://a.example/rss\"\n\nstate_dir = \"/tmp\"\n")
        let main = dir.file("main.toml", "include = [\"more.toml\"]\n")
        #expect(throws: ConfigError.self) { try ConfigLoader.load(path: main) }
    }

    @Test func localPathsBecomeFileURLsRelativeToTheConfig() throws {
        let dir = TempDir()
        defer { dir.remove() }
        _ = dir.file("demo/feeds/a.xml", "<rss/>")
        let config = try ConfigLoader.parse(text: "[[feed]]\nurl = \"demo/feeds/a.xml\"\n", file: dir.path + "/demo.toml")
        #expect(config.feeds[0].url == URL(fileURLWithPath: dir.path + "/demo/feeds/a.xml").absoluteString)
    }

    @Test func duplicateFeedsAreWarnedAboutNotFatal() throws {
        let config = try ConfigLoader.parse(text: """
        [[feed]]
        url = "https://a.example/rss"
        [[feed]]
        url = "https://a.example/rss"
        """, file: "/etc/feedwatch/feedwatch.toml")
        #expect(config.feeds.count == 1)
        #expect(config.warnings.count == 1)
        #expect(config.warnings[0].contains("feedwatch.toml:3"))
    }

    @Test func durationsAndSizes() {
        #expect(ConfigValues.duration("1h30m") == 5400)
        #expect(ConfigValues.duration("90s") == 90)
        #expect(ConfigValues.duration("2d") == 172_800)
        #expect(ConfigValues.duration("600") == 600)
        #expect(ConfigValues.duration("30x") == nil)
        #expect(ConfigValues.duration("-5m") == nil)
        #expect(ConfigValues.duration("m") == nil)
        #expect(ConfigValues.byteSize("15MiB") == 15 << 20)
        #expect(ConfigValues.byteSize("512 KB") == 512_000)
        #expect(ConfigValues.byteSize("lots") == nil)
        #expect(ConfigValues.format(duration: 5400) == "1h30m")
    }

    @Test func theShippedConfigsLoad() throws {
        // Feeds/feedwatch.toml (the documented example) and Feeds/demo.toml must always be valid.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for name in ["Feeds/feedwatch.toml", "Feeds/demo.toml"] {
            let path = root.appendingPathComponent(name).path
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let config = try ConfigLoader.load(path: path)
            #expect(!config.feeds.isEmpty, "\(name) lists no feeds")
        }
    }
}
