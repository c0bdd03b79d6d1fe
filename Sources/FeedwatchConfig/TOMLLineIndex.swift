/// Where each key of a TOML file sits, so that errors found after parsing can still name a line.
///
/// TOMLKit reports lines for syntax errors only; values carry no positions. This scans the text
/// once, tracking the current `[table]` / `[[array-of-tables]]` header, which is enough for the
/// flat shape of feedwatch's config.
struct TOMLLineIndex {
    private var topLevel: [String: Int] = [:]
    private var feedHeaders: [Int] = []
    private var feedKeys: [[String: Int]] = []

    init(text: String) {
        var lineNumber = 0
        var inFeed = false
        var inOtherTable = false
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = raw.drop { $0 == " " || $0 == "\t" }
            if line.hasPrefix("[[") {
                let name = line.dropFirst(2).prefix { $0 != "]" }.trimmingCharacters(in: .whitespaces)
                inFeed = name == "feed"
                inOtherTable = !inFeed
                if inFeed {
                    feedHeaders.append(lineNumber)
                    feedKeys.append([:])
                }
                continue
            }
            if line.hasPrefix("[") {
                inFeed = false
                inOtherTable = true
                continue
            }
            guard let eq = line.firstIndex(of: "="), !line.hasPrefix("#") else { continue }
            var key = line[..<eq].trimmingCharacters(in: .whitespaces)
            if key.hasPrefix("\"") && key.hasSuffix("\"") && key.count >= 2 { key = String(key.dropFirst().dropLast()) }
            if inFeed {
                if feedKeys[feedKeys.count - 1][key] == nil { feedKeys[feedKeys.count - 1][key] = lineNumber }
            } else if !inOtherTable, topLevel[key] == nil {
                topLevel[key] = lineNumber
            }
        }
    }

    /// The line of a top-level key.
    func line(ofKey key: String) -> Int? { topLevel[key] }

    /// The line of `key` inside the `index`-th `[[feed]]` table, else the table's header line.
    func line(ofFeed index: Int, key: String? = nil) -> Int? {
        guard index < feedHeaders.count else { return nil }
        if let key, let line = feedKeys[index][key] { return line }
        return feedHeaders[index]
    }
}
