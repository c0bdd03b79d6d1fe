/// The Markdown digest, for reading in an editor or a Markdown viewer.
///
/// Every piece of feed text goes through `MarkdownEscaper`; the only links are the renderer's
/// own `[outlet](url)` links, and only to http or https URLs.
public enum MarkdownDigest: DigestDayRenderer {
    /// `DigestDayRenderer.render(_:fragments:into:)`: the digest, its stories from their fragments.
    public static func render(_ day: DigestDay, fragments: some DigestStoryFragments, into target: inout some TextOutputStream) {
        guard fits(fragments, day) else {
            render(day, fragments: day.stories.map { storyFragment($0, day: day) }, into: &target)
            return
        }
        var out = Lines(target)
        defer { target = out.target }
        out.append("# feedwatch digest: \(day.date.longName)")
        out.append("")
        out.append(DigestWording.editionLine(day))
        if let change = day.clockChange {
            out.append("")
            out.append("> " + DigestWording.clockChangeLine(change, day: day))
        }
        out.append("")
        out.append(DigestWording.statsParts(day.stats).map { "**\($0.value)** \($0.label)" }.joined(separator: " · "))
        out.append("")

        if day.stories.isEmpty {
            out.append("No stories yet for this day.")
            out.append("")
        }
        if day.isGroupedByTag {
            out.append("## All stories")
            out.append("")
            for story in day.stories {
                out.append("\(story.rank). " + MarkdownEscaper.inline(story.headline) + " (" + DigestWording.sourceCount(story.sourceCount) + ")")
            }
            out.append("")
        }
        for group in day.groups {
            out.append("## " + MarkdownEscaper.inline(group.title))
            out.append("")
            for rank in group.ranks where rank >= 1 && rank <= day.stories.count {
                let fragment = fragments.fragment(at: rank - 1)
                out.append(fragment, rank: day.stories[rank - 1].rank)
                for _ in 0..<fragment.trailingBlankLines { out.append("") }
            }
        }
        if !day.feedErrors.isEmpty {
            out.append("## Feeds needing attention")
            out.append("")
            for error in day.feedErrors {
                out.append("- **" + MarkdownEscaper.inline(error.name) + "** (" + MarkdownEscaper.inline(error.feedURL)
                           + "), " + DigestWording.kindName(error.kind) + ": " + MarkdownEscaper.inline(error.problem)
                           + DigestWording.problemDetails(error, day: day).map { ". " + $0 }.joined())
            }
            out.append("")
        }
    }

    /// The digest's lines as they are written: each line ends with a line break, and blank lines
    /// wait until a line with text follows them, so that the file never ends with blank lines.
    private struct Lines<Target: TextOutputStream> {
        var target: Target
        private var pendingBlankLines = 0

        init(_ target: Target) {
            self.target = target
        }

        mutating func append(_ line: String) {
            guard !line.isEmpty else {
                pendingBlankLines += 1
                return
            }
            beginLine()
            target.write(line)
            target.write("\n")
        }

        mutating func append(_ fragment: DigestStoryFragment, rank: Int) {
            guard !fragment.isEmptyText else {
                pendingBlankLines += 1
                return
            }
            beginLine()
            fragment.append(rank: rank, to: &target)
            target.write("\n")
        }

        private mutating func beginLine() {
            for _ in 0..<pendingBlankLines { target.write("\n") }
            pendingBlankLines = 0
        }
    }

    /// One story's lines, its rank left out (see `DigestStoryFragment`): its blank lines at the end
    /// are counted apart, since the day drops those of its last story. It depends on the day only
    /// through `DigestStoryFragment.layoutKey`.
    public static func storyFragment(_ story: DigestStory, day: DigestDay) -> DigestStoryFragment {
        var lines: [String] = []
        render(story, day: day, into: &lines)
        var blanks = 0
        while lines.count > 1, lines.last == "" {
            lines.removeLast()
            blanks += 1
        }
        return DigestStoryFragment(pieces: ["### ", lines.joined(separator: "\n")], trailingBlankLines: blanks)
    }

    /// The story's lines, the first one without "### <rank>".
    private static func render(_ story: DigestStory, day: DigestDay, into out: inout [String]) {
        out.append(". " + MarkdownEscaper.inline(story.headline))
        out.append("")
        var meta = ["**" + DigestWording.sourceCount(story.sourceCount) + "**",
                    "first seen " + day.displayTime(story.firstSeen)]
        if story.latest > story.firstSeen { meta.append("latest report " + day.displayTime(story.latest)) }
        if let label = story.label { meta.append("*" + MarkdownEscaper.inline(label) + "*") }
        out.append(meta.joined(separator: " · "))
        out.append("")
        if let earlier = story.developingFrom {
            // The file name comes from the validated date: no feed text in the link target.
            out.append("Continues: [‘" + MarkdownEscaper.inline(earlier.headline) + "’](\(earlier.date).md) ("
                       + earlier.date.shortName + ")")
            out.append("")
        }
        if let summary = story.summary {
            for paragraph in summary.components(separatedBy: "\n\n") {
                out.append(MarkdownEscaper.lineStart(paragraph))
                out.append("")
            }
        }
        let entities = DigestWording.entityRows(story.entities)
        if !entities.isEmpty {
            out.append(entities.map { "**\($0.label):** " + $0.names.map(MarkdownEscaper.inline).joined(separator: ", ") }
                .joined(separator: " · "))
            out.append("")
        }
        for quote in story.quotes {
            out.append("> “" + MarkdownEscaper.inline(quote.text) + "”")
            var attribution: [String] = []
            if let speaker = quote.speaker { attribution.append(MarkdownEscaper.inline(speaker)) }
            if let url = WebLink.safe(quote.sourceURL) { attribution.append("[source](\(url))") }
            if !attribution.isEmpty {
                out.append(">")
                out.append("> — " + attribution.joined(separator: ", "))
            }
            out.append("")
        }
        if !story.figures.isEmpty {
            out.append("Figures:")
            out.append("")
            for figure in story.figures {
                var line = "- **" + MarkdownEscaper.inline(figure.text) + "**"
                if let context = figure.context { line += ": " + MarkdownEscaper.inline(context) }
                if let url = WebLink.safe(figure.sourceURL) { line += " ([source](\(url)))" }
                out.append(line)
            }
            out.append("")
        }
        let disagreements = DigestWording.disagreements(story)
        if !disagreements.isEmpty {
            for fact in disagreements {
                out.append("**Sources differ** · " + MarkdownEscaper.inline(fact.counted) + ": "
                           + MarkdownEscaper.inline(DigestWording.factValues(fact)))
                out.append("")
            }
        }
        let headlineKey = DigestWording.titleKey(story.headline)
        out.append("Sources:")
        out.append("")
        for source in story.sources {
            let name = MarkdownEscaper.inline(source.name)
            var line = "- " + (WebLink.safe(source.url).map { "[\(name)](\($0))" } ?? name)
            if let title = DigestWording.distinctTitle(source.title, headlineKey: headlineKey) {
                line += ": *" + MarkdownEscaper.inline(title) + "*"
            }
            if let published = source.published { line += " · " + day.displayTime(published) }
            out.append(line)
            if let reason = source.reason { out.append("  - *why:* " + MarkdownEscaper.inline(reason)) }
        }
        out.append("")
    }
}
