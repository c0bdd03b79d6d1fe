import FeedwatchTesting
import Foundation
import Logging
import Testing
@testable import Watcher

/// `log_format = "json"`: one JSON object per line on stderr, whatever a feed puts in its text.
@Suite struct LogFormatTests {
    static func decode(_ line: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
    }

    @Test func theKeyIsReadAndCheckedWithItsLine() throws {
        let file = "/etc/feedwatch/feedwatch.toml"
        #expect(try ConfigLoader.parse(text: "state_dir = \"/tmp/s\"\n", file: file).logFormat == .text)
        #expect(try ConfigLoader.parse(text: "state_dir = \"/tmp/s\"\nlog_format = \"json\"\n", file: file).logFormat == .json)
        #expect(try ConfigLoader.parse(text: "log_format = \"JSON\"\n", file: file).logFormat == .json)
        do {
            _ = try ConfigLoader.parse(text: "state_dir = \"/tmp/s\"\n\nlog_format = \"logfmt\"\n", file: file)
            Issue.record("an unknown log format was accepted")
        } catch {
            #expect(error.location.line == 3)
            #expect(error.description.contains("log_format"))
        }
        #expect(throws: ConfigError.self) { try ConfigLoader.parse(text: "log_format = 2\n", file: file) }
    }

    @Test func aHostileMessageStaysOneLineOfValidJSON() throws {
        // A feed title as a hostile publisher writes it: a forged journal priority on a new line,
        // a terminal escape, a bidi override, quotes and backslashes, a NUL, bytes that were not UTF-8.
        let invalid = String(decoding: [0x48, 0xFF, 0xFE, 0x69], as: UTF8.self)
        let title = "Harbour \"wall\" \\ falls\n<2>critical: forged\r\u{1B}[31mred\u{202E}desrever\u{0}\u{2028}end " + invalid
        let line = JSONLogHandler.line(level: .warning, label: "feedwatch", message: "feed title: \(title)",
                                       metadata: ["feed": "https://harbourgazette.example/rss", "title": .string(title),
                                                  "tries": .stringConvertible(3), "tags": ["local", "uk\n"]],
                                       timestamp: Date(timeIntervalSince1970: 1_795_000_000.25))
        #expect(!line.contains("\n") && !line.contains("\r") && !line.contains("\u{1B}") && !line.contains("\u{202E}")
                && !line.contains("\u{2028}") && !line.contains("\u{0}"))
        let object = try #require(Self.decode(line))
        #expect(object["message"] as? String == "feed title: \(title)")
        #expect(object["level"] as? String == "warning")
        #expect(object["label"] as? String == "feedwatch")
        #expect(object["timestamp"] as? String == "2026-11-18T11:06:40.250Z")
        let metadata = try #require(object["metadata"] as? [String: Any])
        #expect(metadata["title"] as? String == title)
        #expect(metadata["tries"] as? String == "3")
        #expect(metadata["tags"] as? [String] == ["local", "uk\n"])
        #expect((metadata["title"] as? String)?.contains("\u{FFFD}") == true)
    }

    @Test func onceWritesOnlyJSONLinesToStderr() async throws {
        try #require(FileManager.default.fileExists(atPath: ChildProcess.feedwatchBinary))
        let dir = TempDir()
        defer { dir.remove() }
        let feed = dir.file("feeds/gazette.xml", SearchCommandTests.gazetteFeed)
        // A feed that is not there: a warning with the path in it.
        let config = dir.file("feedwatch.toml", """
            state_dir = "state"
            timezone = "UTC"
            full_text = false
            log_format = "json"
            log_level = "info"

            [[feed]]
            url = "\(feed)"
            name = "Harbour Gazette"

            [[feed]]
            url = "\(dir.path)/feeds/missing.xml"
            """)
        let once = try ChildProcess(["once", "--config", config, "--all"])
        #expect(await once.waitForExit(timeout: 120) != nil)
        let lines = once.log.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        #expect(lines.count >= 3, "\(once.log)")
        for line in lines {
            let object = Self.decode(line)
            #expect(object != nil, "not JSON: \(line)")
            #expect(object?["timestamp"] is String && object?["level"] is String && object?["message"] is String
                    && object?["label"] is String && object?["metadata"] is [String: Any], "\(line)")
        }
        #expect(lines.contains { $0.contains("missing.xml") }, "the failed feed is logged")
    }
}
