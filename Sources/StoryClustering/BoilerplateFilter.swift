/// Learns which body lines are boilerplate ("Advertisement", "Share this article",
/// "Copyright ... All rights reserved.") from the stream itself, so they do not make two
/// unrelated articles look alike or hide a wire copy behind different footers.
///
/// A line is boilerplate when it recurs in two earlier items of one source, or when it has been seen
/// in items of two or more different stories (real content recurs only within its story:
/// that is what a wire copy is). Counts are kept for the items in the window and dropped with
/// them, so memory stays bounded.
public struct BoilerplateFilter: Sendable, Codable {
    struct LineStat: Sendable, Codable {
        var count: Int32
        var firstStory: Int64
        var otherStories: Int32
    }

    /// (source, line) -> items of that source with the line.
    var perSource = TermTable<Int32>()
    /// line -> occurrences and distinct stories.
    var lines = TermTable<LineStat>()

    /// A body line's key, alone and together with its source.
    struct LineKey: Sendable, Codable, Hashable {
        var line: UInt64
        var bySource: UInt64
    }

    public init() {}

    /// The line keys of a body: one per non-empty line.
    static func lineKeys(_ lines: [Substring], source: UInt64) -> [LineKey] {
        lines.map { line in
            var h: UInt64 = 0xcbf29ce484222325
            for b in line.utf8 { h = (h ^ UInt64(b >= 65 && b <= 90 ? b + 32 : b)) &* 0x100000001b3 }
            let key = TermHash.mix(h)
            return LineKey(line: key, bySource: TermHash.combine(source, key))
        }
    }

    /// Whether a body line is known boilerplate: it recurred in two earlier items of its
    /// source, or in items of two different stories.
    func isBoilerplate(_ key: LineKey) -> Bool {
        if let n = perSource[key.bySource], n >= 2 { return true }
        if let stat = lines[key.line], stat.otherStories >= 1 { return true }
        return false
    }

    /// Lines that point elsewhere ("Related: ...", "Read more: ...") rather than report.
    static func looksLikeLinkLine(_ line: Substring) -> Bool {
        // Every marker starts with one of these letters: other ASCII starts are settled at once.
        if let first = line.utf8.first, first < 0x80 {
            switch first | 0x20 {
            case UInt8(ascii: "r"), UInt8(ascii: "s"), UInt8(ascii: "m"), UInt8(ascii: "a"),
                 UInt8(ascii: "c"), UInt8(ascii: "f"): break
            default: return false
            }
        }
        let lower = line.prefix(24).lowercased()
        return ["related:", "read more", "see also", "more:", "also read", "recommended:", "click here",
                "follow us", "sign up", "subscribe"].contains { lower.hasPrefix($0) }
    }

    /// The keys with each line once (its first occurrence), in order.
    static func distinct(_ keys: [LineKey]) -> [LineKey] {
        // Bodies have a handful of lines: a scan beats building a set for each item.
        guard keys.count > 32 else {
            var result: [LineKey] = []
            result.reserveCapacity(keys.count)
            for key in keys where !result.contains(where: { $0.line == key.line }) { result.append(key) }
            return result
        }
        var seen = Set<UInt64>()
        return keys.filter { seen.insert($0.line).inserted }
    }

    /// Records the lines of an item assigned to `story`.
    mutating func record(_ keys: [LineKey], story: Int64) {
        for key in BoilerplateFilter.distinct(keys) {
            perSource[key.bySource, default: 0] += 1
            if var stat = lines[key.line] {
                stat.count += 1
                if stat.firstStory != story { stat.otherStories += 1 }
                lines[key.line] = stat
            } else {
                lines[key.line] = LineStat(count: 1, firstStory: story, otherStories: 0)
            }
        }
    }

    /// Forgets the lines of an item that left the window.
    mutating func forget(_ keys: [LineKey]) {
        for key in BoilerplateFilter.distinct(keys) {
            if let n = perSource[key.bySource] {
                if n <= 1 { perSource.removeValue(forKey: key.bySource) } else { perSource[key.bySource] = n - 1 }
            }
            if var stat = lines[key.line] {
                stat.count -= 1
                if stat.count <= 0 { lines.removeValue(forKey: key.line) } else { lines[key.line] = stat }
            }
        }
    }
}

extension Substring {
    func trimmingCharacters() -> Substring {
        // Most text starts and ends with a printable ASCII byte: such a first or last
        // character cannot be whitespace, and nothing needs trimming.
        if let first = utf8.first, let last = utf8.last, first > 0x20 && first < 0x7F, last > 0x20 && last < 0x7F {
            return self
        }
        var s = self
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return s
    }
}
