import Foundation
import StoryClustering
import Testing

/// `feedwatch cluster` as a user runs it: the real binary on a JSON Lines file read in
/// chunks, with a blank line and no final newline. What it prints must be what a clusterer
/// fed the same items one by one decides, and a broken line must be named by its number.
@Suite struct ClusterCommandTests {
    static var binary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("feedwatch").path
    }

    /// Ten days of a small newsroom: events covered by several outlets with their own
    /// headlines, wire copies carrying each outlet's recurring footer, and unrelated items.
    static let items: [NewsItem] = {
        let outlets = ["Reuters", "Harbor City Times", "Valley Gazette", "Moorside Post", "Dale Courier"]
        let places = ["Leeds", "Bristol", "Glasgow", "Cardiff", "Belfast", "Norwich", "Exeter", "Aberdeen"]
        let events = ["council approves budget for new tram line", "hospital opens emergency wing after delays",
                      "floods close main roads as river bursts banks", "university strike ends after pay deal",
                      "airport reports record passengers in October", "police appeal after jewellery shop raid",
                      "library reopens after roof repairs", "bus fares rise by ten pence from January",
                      "new footbridge over the canal opens to walkers", "school inspectors praise primary academy"]
        var result: [NewsItem] = []
        var minute = 0.0
        for day in 0..<10 {
            for (e, event) in events.enumerated() {
                let place = places[(day * 3 + e) % places.count]
                let lead = "Officials in \(place) said on day \(day + 1) that the \(event), according to a statement issued by the city."
                for (o, outlet) in outlets.enumerated() where (o + e + day) % 3 != 0 {
                    minute += 7
                    let title = o % 2 == 0 ? "\(place): \(event)" : "\(event.prefix(1).uppercased())\(event.dropFirst()) in \(place)"
                    let footer = "More news from \(outlet) every morning: sign up for the briefing."
                    result.append(NewsItem(id: "d\(day)-e\(e)-o\(o)", source: outlet, title: title,
                                           text: "\(lead)\n\nA spokesperson added that further details would follow.\n\n\(footer)",
                                           published: 1_795_000_000 + minute * 60,
                                           url: "https://\(outlet.lowercased().filter(\.isLetter)).example/\(day)/\(e)?utm_source=rss"))
                }
            }
        }
        return result
    }()

    static func jsonLines(_ items: [NewsItem]) throws -> [String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try items.map { item in
            var object = try JSONSerialization.jsonObject(with: encoder.encode(item)) as! [String: Any]
            object["published"] = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: item.published!))
            return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        }
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let outPath = NSTemporaryDirectory() + "cluster-out-\(UUID().uuidString)"
        let errPath = outPath + ".err"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: outPath); try? FileManager.default.removeItem(atPath: errPath) }
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle(forWritingAtPath: errPath)
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOfFile: outPath, encoding: .utf8),
                try String(contentsOfFile: errPath, encoding: .utf8))
    }

    @Test func printsWhatTheClustererDecidesItemByItem() throws {
        #expect(Self.items.count > 300)
        var lines = try Self.jsonLines(Self.items)
        lines.insert("   ", at: 70)  // a blank line is skipped, not an error
        let path = NSTemporaryDirectory() + "cluster-\(UUID().uuidString).jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        // The last line has no newline.
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)

        var clusterer = StoryClusterer()
        var expected = ""
        for item in Self.items {
            let a = clusterer.add(item)
            expected += "{\"id\":\"\(item.id)\",\"story\":\"\(a.story)\",\"reason\":\"\(a.reason.description)\",\"nearDuplicate\":\(a.isNearDuplicate)"
            if let d = a.developingFrom { expected += ",\"developingFrom\":\"\(d)\"" }
            expected += "}\n"
        }
        let result = try Self.run(["cluster", "--explain", path])
        #expect(result.status == 0)
        #expect(result.out == expected)
        #expect(Set(clusterer.openStories.map(\.id)).count < Self.items.count / 3)  // stories, not items
    }

    @Test func aMalformedLineIsNamedByItsNumber() throws {
        var lines = try Self.jsonLines(Array(Self.items.prefix(200)))
        lines[149] = "{\"id\": \"broken\", \"title\": "
        let path = NSTemporaryDirectory() + "cluster-\(UUID().uuidString).jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let result = try Self.run(["cluster", path])
        #expect(result.status == 1)
        #expect(result.err.hasPrefix("feedwatch cluster: \(path):150: malformed JSON"))
    }
}
