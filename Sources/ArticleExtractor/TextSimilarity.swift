/// How much of text B is made of words that also occur in text A (1 = all of it, 0 = none).
/// Used to recognise a heading that repeats the article title, and which of two JSON-LD names
/// is the headline.
enum TextSimilarity {
    static func tokens(_ text: String) -> [String] {
        var result: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars {
            if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") || scalar == "_" {
                current.append(scalar)
            } else if !current.isEmpty {
                result.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { result.append(String(current)) }
        return result
    }

    static func similarity(_ a: String, _ b: String) -> Double {
        let tokensA = tokens(a)
        let tokensB = tokens(b)
        guard !tokensA.isEmpty, !tokensB.isEmpty else { return 0 }
        let known = Set(tokensA)
        let unique = tokensB.filter { !known.contains($0) }
        let distance = Double(unique.joined(separator: " ").utf16.count) / Double(tokensB.joined(separator: " ").utf16.count)
        return 1 - distance
    }
}
