import Foundation

/// Edits the `[[feed]]` tables of a config file as text, so `feeds add/remove/import` keep the
/// user's comments and layout; the result is re-read with the real loader before it is saved.
public enum FeedListFile {
    /// A `[[feed]]` table in TOML.
    public static func table(url: String, name: String?, tags: [String]) -> String {
        var s = "\n[[feed]]\nurl = \(quote(url))\n"
        if let name, !name.isEmpty { s += "name = \(quote(name))\n" }
        if !tags.isEmpty { s += "tags = [\(tags.map(quote).joined(separator: ", "))]\n" }
        return s
    }

    /// TOML basic string.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { out += String(format: "\\u%04X", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    /// The text with every `[[feed]]` table whose url is `url` removed (its comment lines
    /// directly above go with it). Returns nil when no such table exists.
    public static func removing(url: String, from text: String) -> String? {
        var lines = text.components(separatedBy: "\n")
        var removed = false
        var i = 0
        while i < lines.count {
            guard lines[i].trimmingCharacters(in: .whitespaces) == "[[feed]]" else { i += 1; continue }
            var end = i + 1
            while end < lines.count {
                let t = lines[end].trimmingCharacters(in: .whitespaces)
                if t.hasPrefix("[") { break }
                end += 1
            }
            let body = lines[(i + 1)..<end]
            let matches = body.contains { line in
                let t = line.trimmingCharacters(in: .whitespaces)
                guard t.hasPrefix("url"), let eq = t.firstIndex(of: "=") else { return false }
                let value = t[t.index(after: eq)...].trimmingCharacters(in: .whitespaces)
                return value == quote(url) || value == "'\(url)'"
            }
            if matches {
                // Trailing blank/comment lines belong to the next table; keep them.
                var stop = end
                while stop > i + 1, lines[stop - 1].trimmingCharacters(in: .whitespaces).isEmpty
                        || lines[stop - 1].trimmingCharacters(in: .whitespaces).hasPrefix("#") { stop -= 1 }
                var start = i
                while start > 0, lines[start - 1].trimmingCharacters(in: .whitespaces).hasPrefix("#") { start -= 1 }
                lines.removeSubrange(start..<stop)
                removed = true
                i = start
            } else {
                i = end
            }
        }
        return removed ? lines.joined(separator: "\n") : nil
    }
}
