import Foundation
import Testing
@testable import Digest

/// The three formats on fixed days, compared byte for byte with reviewed files in Golden/.
/// `FEEDWATCH_UPDATE_GOLDEN=1 swift test --filter DigestTests` rewrites them (then review the diff).
@Suite struct GoldenTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func check(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["FEEDWATCH_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: file)
            return
        }
        let expected = try #require(try? String(contentsOf: file, encoding: .utf8),
                                    "missing golden \(name); run with FEEDWATCH_UPDATE_GOLDEN=1", sourceLocation: sourceLocation)
        if actual != expected {
            let a = actual.components(separatedBy: "\n"), e = expected.components(separatedBy: "\n")
            let line = Array(zip(a, e)).firstIndex { $0 != $1 } ?? min(a.count, e.count)
            Issue.record("\(name) differs at line \(line + 1):\n  got:      \(line < a.count ? a[line] : "<end>")\n  expected: \(line < e.count ? e[line] : "<end>")",
                         sourceLocation: sourceLocation)
        }
    }

    @Test func daylightSavingDayWithTagsAndFeedProblems() throws {
        let day = DigestBuilder.build(DigestFixtures.dstDay)
        try Self.check(MarkdownDigest.render(day), "2026-10-25.md")
        try Self.check(HTMLDigest.render(day), "2026-10-25.html")
        try Self.check(JSONDigest.render(day), "2026-10-25.json")
    }

    @Test func ordinaryDayInProgressWithoutTags() throws {
        let day = DigestBuilder.build(DigestFixtures.plainDay)
        try Self.check(MarkdownDigest.render(day), "2026-11-27.md")
        try Self.check(HTMLDigest.render(day), "2026-11-27.html")
        try Self.check(JSONDigest.render(day), "2026-11-27.json")
    }

    @Test func indexListsDaysNewestFirst() throws {
        let days = [DigestBuilder.build(DigestFixtures.dstDay), DigestBuilder.build(DigestFixtures.plainDay)]
        let html = HTMLDigest.renderIndex(days.map(DigestIndexEntry.init))
        try Self.check(html, "index.html")
        let newer = try #require(html.range(of: "2026-11-27.html")), older = try #require(html.range(of: "2026-10-25.html"))
        #expect(newer.lowerBound < older.lowerBound)
        #expect(html.contains("6 stories") && html.contains("2 stories · in progress"))
    }

    /// The page scripts/screenshot.sh loads in a real browser to prove no script runs.
    @Test func hostilePageForTheBrowserCheck() throws {
        try Self.check(HTMLDigest.render(DigestBuilder.build(XSSCorpus.titleProbeDay)), "title-probe.html")
    }
}
