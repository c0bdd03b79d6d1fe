import LibXML

/// The lines blogging platforms and feed generators add to an item's text that are not the
/// story: WordPress's "The post … appeared first on …", "Continue reading →", "Read more…",
/// a trailing "[…]". Left in, they become summary sentences and their site names entity-list
/// entries; they are taken out of the feed text before analysis.
enum FeedTextFurniture {
    /// Whole lines that are only a link onwards, compared without case, punctuation or arrows.
    static let onwardLinks: Set<String> = [
        "continue reading", "read more", "read the full story", "read the full article", "read full story",
        "read full article", "keep reading", "more", "read on", "full story", "view full article",
        "click here to read more", "the rest of this entry", "read the rest of this entry",
    ]

    /// `text` (lines as `HTMLText.plainText` gives them) without those lines, and without an
    /// onward link or ellipsis mark closing its last line.
    static func removed(from text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeAll(where: isFurnitureLine)
        while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
        if let last = lines.last {
            let trimmed = trailingLinkRemoved(trailingFooterRemoved(last))
            if trimmed.isEmpty { lines.removeLast() } else { lines[lines.count - 1] = trimmed }
        }
        return lines.joined(separator: "\n")
    }

    /// Feed text comes as one line when its paragraphs are joined: a closing footer sentence
    /// ("… said. The post X appeared first on Y.") is cut where it starts.
    static func trailingFooterRemoved(_ line: String) -> String {
        // A footer is a furniture line, under 400 bytes: it starts within the last 400
        // characters, and only those are searched (a feed's whole text can be this one line).
        let window = line[(line.index(line.endIndex, offsetBy: -400, limitedBy: line.startIndex) ?? line.startIndex)...]
        // Every footer says where it appeared: without those words there is none to look for.
        guard hasFooterMark(Array(window.lowercased().utf8)) else { return line }
        for opening in ["The post ", "This article ", "This post ", "The article "] {
            guard let range = window.range(of: opening, options: .backwards) else { continue }
            let before = line[..<range.lowerBound]
            guard before.isEmpty || before.last == " " && before.dropLast().last.map({ ".!?\"”’)".contains($0) }) == true
            else { continue }
            if isFurnitureLine(String(line[range.lowerBound...])) { return trimmed(before) }
        }
        return line
    }

    /// Words every footer line has (see `isFurnitureLine`).
    static let footerMarks: [StaticString] = [" appeared first on ", "originally published", "first appeared on"]

    /// Whether lowercased UTF-8 `bytes` hold one of `footerMarks`. Searched with `ByteScan`
    /// (memmem): `String.contains` goes through Foundation and the standard library's generic
    /// `firstRange(of:)` walks string indices, together a few percent of the daemon's CPU, for
    /// every entry.
    static func hasFooterMark(_ bytes: [UInt8]) -> Bool {
        footerMarks.contains { ByteScan.indexAfter($0, in: bytes, from: 0, end: bytes.count) != nil }
    }

    static func isFurnitureLine(_ line: String) -> Bool {
        let bytes = line.utf8.count
        guard bytes < 400 else { return false }
        // A footer starts with "The"/"This"; an onward link is a short line. A paragraph of the
        // story is neither, and is let through without lowering its case.
        guard bytes <= onwardLinkWindow || line.utf8.first.map({ $0 | 0x20 == UInt8(ascii: "t") }) == true else { return false }
        let lower = line.lowercased()
        // "The post Storm closes bridge appeared first on Riverside News."
        if lower.hasPrefix("the post ") && lower.contains(" appeared first on ") { return true }
        // "This article was originally published on …", "The article … first appeared on …"
        if (lower.hasPrefix("this article ") || lower.hasPrefix("this post ") || lower.hasPrefix("the article "))
            && (lower.contains("originally published") || lower.contains("first appeared on")) { return true }
        return onwardLinks.contains(core(lower))
    }

    /// The words of a line without punctuation, arrows and ellipses at either end.
    static func core(_ lower: String) -> String {
        let edge: (Character) -> Bool = { c in
            c.isWhitespace || c.isPunctuation || c.isSymbol || c == "…"
        }
        return String(lower.drop(while: edge).reversed().drop(while: edge).reversed())
    }

    /// The text without trailing spaces and line breaks.
    static func trimmed(_ text: Substring) -> String {
        var s = String(text)
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return s
    }

    /// How far from the end of a line an onward link is looked for: the longest phrase and a
    /// generous run of arrows, punctuation and spaces after it.
    static let onwardLinkWindow = 160

    /// Characters in the longest onward-link phrase.
    static let longestOnwardLink = onwardLinks.map(\.count).max() ?? 0

    /// "… said on Monday. Continue reading →" → "… said on Monday."; "… the [&hellip;]" → "… the".
    static func trailingLinkRemoved(_ line: String) -> String {
        var text = Substring(line)
        for marker in ["[…]", "[...]", "(more…)", "(more...)", "…", "..."] where text.hasSuffix(marker) {
            text = text.dropLast(marker.count)
            break
        }
        // The phrase closes the line: only arrows, punctuation and spaces may follow it, within
        // the line's last `onwardLinkWindow` characters.
        let window = text[(text.index(text.endIndex, offsetBy: -onwardLinkWindow, limitedBy: text.startIndex) ?? text.startIndex)...]
        var end = window.endIndex
        while end > window.startIndex {
            let c = window[window.index(before: end)]
            guard c.isWhitespace || c.isPunctuation || c.isSymbol || c == "…" else { break }
            end = window.index(before: end)
        }
        let closing = window[..<end]
        let tail = String(closing.suffix(longestOnwardLink)).lowercased()
        for phrase in onwardLinks where phrase.count > 4 && tail.hasSuffix(phrase) {
            // After the last sentence (or alone on the line).
            let before = trimmed(text[..<closing.dropLast(phrase.count).endIndex])
            guard before.isEmpty || before.last.map({ ".!?\"”’)".contains($0) }) == true else { continue }
            return before
        }
        return trimmed(text)
    }
}
