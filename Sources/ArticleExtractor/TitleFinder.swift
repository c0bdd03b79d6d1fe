/// The article title from the page's `<title>`, stripped of the site name that pages add around
/// it ("Story headline | Site", "Site » Section » Story", "Site: Story"), checked against the
/// page's own headings.
enum TitleFinder {
    private static let separators: Set<Character> = ["|", "-", "–", "—", "\\", "/", ">", "»"]
    private static let hierarchical: Set<Character> = ["\\", "/", ">", "»"]

    static func title(documentTitle raw: String, headings: [String], singleH1: String?) -> String {
        let original = TextNormalizer.squash(raw)
        var current = original
        var hadHierarchicalSeparators = false
        let characters = Array(original)

        func separatorPositions(_ set: Set<Character>) -> [Int] {
            guard characters.count >= 3 else { return [] }
            return (1..<(characters.count - 1)).filter {
                set.contains(characters[$0]) && characters[$0 - 1] == " " && characters[$0 + 1] == " "
            }
        }

        if !separatorPositions(separators).isEmpty {
            hadHierarchicalSeparators = !separatorPositions(hierarchical).isEmpty
            // Cut at the last separator that is followed by a space.
            if let last = (0..<max(0, characters.count - 1)).last(where: { separators.contains(characters[$0]) && characters[$0 + 1] == " " }) {
                current = String(characters[..<last])
            }
            if TextNormalizer.splitWordCount(current) < 3,
               let first = characters.firstIndex(where: { separators.contains($0) }) {
                current = String(characters[(first + 1)...])
            }
        } else if original.contains(": ") {
            let trimmed = TextNormalizer.trim(original)
            if !headings.contains(where: { TextNormalizer.trim($0) == trimmed }) {
                if let lastColon = characters.lastIndex(of: ":") {
                    current = String(characters[(lastColon + 1)...])
                }
                let firstColon = characters.firstIndex(of: ":")!
                if TextNormalizer.splitWordCount(current) < 3 {
                    current = String(characters[(firstColon + 1)...])
                } else if TextNormalizer.splitWordCount(String(characters[..<firstColon])) > 5 {
                    current = original
                }
            }
        } else if original.utf16.count > 150 || original.utf16.count < 15, let h1 = singleH1 {
            current = h1
        }

        current = TextNormalizer.collapse(current)
        let words = TextNormalizer.splitWordCount(current)
        let originalWithoutSeparators = String(original.filter { !separators.contains($0) || $0 == "–" || $0 == "—" })
        if words <= 4 && (!hadHierarchicalSeparators || words != TextNormalizer.splitWordCount(originalWithoutSeparators) - 1) {
            current = original
        }
        // Still the whole "Site » Section » Story" string: take the part that is also the
        // page's own main heading, when there is one.
        if current == original, hadHierarchicalSeparators, let h1 = singleH1.map(TextNormalizer.squash),
           TextNormalizer.splitWordCount(h1) >= 3, h1.count < original.count, original.contains(h1) {
            current = h1
        }
        return current
    }
}
