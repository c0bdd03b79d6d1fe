/// The HTML digest: one self-contained page per day, and an index of the days.
///
/// Safe by construction: every string from a feed passes through `HTMLEscaper` into text or a
/// double-quoted attribute; the only URLs written are http(s) links (`WebLink`) and the
/// renderer's own `#story-N` and `s-<id>` anchors and day file names. There is no script at all, and a
/// strict Content-Security-Policy forbids any as a second wall.
public enum HTMLDigest: DigestDayRenderer {
    /// The policy in every page's `<meta http-equiv>`: nothing but inline style and web images.
    public static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src https: http:"

    /// `DigestDayRenderer.render(_:fragments:into:)`: the page, its stories from their fragments.
    public static func render(_ day: DigestDay, fragments: some DigestStoryFragments, into out: inout some TextOutputStream) {
        guard fits(fragments, day) else {
            render(day, fragments: day.stories.map { storyFragment($0, day: day) }, into: &out)
            return
        }
        out.write(head(title: "feedwatch digest · " + day.date.longName))
        out.write("<div class=\"page\">\n<header class=\"masthead\">\n")
        out.write("<p class=\"kicker\">feedwatch · daily digest</p>\n")
        out.write("<h1>" + HTMLEscaper.escape(day.date.longName) + "</h1>\n")
        out.write("<p class=\"edition\">" + editionLine(day) + "</p>\n")
        if let change = day.clockChange {
            out.write("<p class=\"notice\">" + HTMLEscaper.escape(DigestWording.clockChangeLine(change, day: day)) + "</p>\n")
        }
        out.write("<ul class=\"stats\">")
        for part in DigestWording.statsParts(day.stats) {
            out.write("<li><strong>\(part.value)</strong>" + HTMLEscaper.escape(part.label) + "</li>")
        }
        out.write("</ul>\n</header>\n<main>\n")

        if day.stories.isEmpty {
            out.write("<p class=\"empty\">No stories yet for this day.</p>\n")
        }
        if day.isGroupedByTag {
            out.write("<nav class=\"contents\" aria-label=\"All stories\">\n<h2>All stories</h2>\n<ol>\n")
            for story in day.stories { out.write(contentsItem(story)) }
            out.write("</ol>\n</nav>\n")
        }
        for group in day.groups {
            out.write("<section class=\"group\">\n<h2>" + HTMLEscaper.escape(group.title) + "</h2>\n")
            for rank in group.ranks where rank >= 1 && rank <= day.stories.count {
                fragments.fragment(at: rank - 1).append(rank: day.stories[rank - 1].rank, to: &out)
            }
            out.write("</section>\n")
        }
        if !day.feedErrors.isEmpty {
            out.write("<section class=\"attention\">\n<h2>Feeds needing attention</h2>\n<ul>\n")
            for error in day.feedErrors {
                out.write("<li><span class=\"kind\">" + DigestWording.kindName(error.kind) + "</span><strong>"
                    + HTMLEscaper.escape(error.name) + "</strong>: " + HTMLEscaper.escape(error.problem)
                    + "<span class=\"feed\">" + HTMLEscaper.escape(error.feedURL) + "</span>"
                    + "<span class=\"details\">"
                    + HTMLEscaper.escape(DigestWording.problemDetails(error, day: day).joined(separator: " "))
                    + "</span></li>\n")
            }
            out.write("</ul>\n</section>\n")
        }
        out.write("</main>\n<footer>Written by feedwatch. <a href=\"index.html\">All days</a></footer>\n</div>\n</body>\n</html>\n")
    }

    /// A story's line in the list of all stories that opens a day grouped by tag.
    static func contentsItem(_ story: DigestStory) -> String {
        "<li><span class=\"rank\">\(story.rank)</span><a href=\"#story-\(story.rank)\">"
            + HTMLEscaper.escape(story.headline) + "</a><span class=\"count\">"
            + DigestWording.sourceCount(story.sourceCount) + "</span></li>\n"
    }

    /// index.html: the days, newest first, with their story counts.
    public static func renderIndex(_ days: [DigestIndexEntry]) -> String {
        var out = head(title: "feedwatch digests")
        out += "<div class=\"page\">\n<header class=\"masthead\">\n<p class=\"kicker\">feedwatch</p>\n"
        out += "<h1>Daily digests</h1>\n<p class=\"edition\">"
        out += days.count == 1 ? "1 day" : "\(days.count) days"
        out += "</p>\n</header>\n<main>\n"
        if days.isEmpty {
            out += "<p class=\"empty\">No digests yet.</p>\n"
        } else {
            out += "<ul class=\"days\">\n"
            var seen = Set<DigestDate>()
            for entry in days.sorted(by: { $0.date > $1.date }) where seen.insert(entry.date).inserted {
                // The file name comes from the validated date, never from free text.
                out += "<li><a href=\"\(entry.date.description).html\">" + HTMLEscaper.escape(entry.date.longName)
                    + "</a><span class=\"count\">" + (entry.storyCount == 1 ? "1 story" : "\(max(0, entry.storyCount)) stories")
                    + (entry.isFinal ? "" : " · in progress") + "</span>"
                if let teaser = entry.topHeadline.map(TextCleaner.line), !teaser.isEmpty {
                    out += "<span class=\"teaser\">" + HTMLEscaper.escape(teaser) + "</span>"
                }
                out += "</li>\n"
            }
            out += "</ul>\n"
        }
        out += "</main>\n</div>\n</body>\n</html>\n"
        return out
    }

    private static func head(title: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="\(contentSecurityPolicy)">
        <meta name="referrer" content="no-referrer">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        <title>\(HTMLEscaper.escape(title))</title>
        <style>
        \(DigestStyleSheet.css)
        </style>
        </head>
        <body>

        """
    }

    private static func editionLine(_ day: DigestDay) -> String {
        let edition = day.isFinal ? "<strong>Final edition</strong>" : "<strong>Updated through the day</strong>"
        let zone = day.clockChange.map { "\(day.timezone) (\($0.offsetBefore), then \($0.offsetAfter))" }
            ?? "\(day.timezone) (\(day.utcOffset))"
        return edition + " · generated " + time(day.generatedAt, day: day) + " · times in " + HTMLEscaper.escape(zone)
    }

    private static func time(_ time: DigestTime, day: DigestDay) -> String {
        "<time datetime=\"\(time.rfc3339)\">" + HTMLEscaper.escape(day.displayTime(time)) + "</time>"
    }

    /// One story's `<article>`, its rank left out (see `DigestStoryFragment`). It depends on the
    /// day only through `DigestStoryFragment.layoutKey`.
    public static func storyFragment(_ story: DigestStory, day: DigestDay) -> DigestStoryFragment {
        var pieces: [String] = []
        var out = "<article class=\"story\" id=\"story-"
        pieces.append(out)
        out = "\">\n<div class=\"story-top\">"
        out += "<span class=\"badge\(story.sourceCount > 1 ? "" : " single")\">" + DigestWording.sourceCount(story.sourceCount) + "</span>"
        if let label = story.label { out += "<span class=\"label\">" + HTMLEscaper.escape(label) + "</span>" }
        out += "<span>first seen " + time(story.firstSeen, day: day) + "</span>"
        if story.latest > story.firstSeen { out += "<span>latest report " + time(story.latest, day: day) + "</span>" }
        // The anchor is built from letters, digits, '-' and '_' only (StoryAnchor), so it needs no escaping.
        out += "</div>\n<h3 id=\"\(story.anchor)\"><span class=\"rankno\">"
        pieces.append(out)
        out = ".</span>" + HTMLEscaper.escape(story.headline) + "</h3>\n"
        if let earlier = story.developingFrom {
            // The file name comes from the validated date, the anchor from StoryAnchor: no feed text in the href.
            out += "<p class=\"continues\">Continues: <a href=\"\(earlier.htmlHref)\">‘" + HTMLEscaper.escape(earlier.headline)
                + "’</a> (" + earlier.date.shortName + ")</p>\n"
        }
        if let summary = story.summary {
            out += "<div class=\"summary\">"
            for paragraph in summary.components(separatedBy: "\n\n") { out += "<p>" + HTMLEscaper.escape(paragraph) + "</p>" }
            out += "</div>\n"
        }
        let entities = DigestWording.entityRows(story.entities)
        if !entities.isEmpty {
            out += "<dl class=\"entities\">"
            for row in entities {
                out += "<dt>" + row.label + "</dt><dd>" + HTMLEscaper.escape(row.names.joined(separator: ", ")) + "</dd>"
            }
            out += "</dl>\n"
        }
        for quote in story.quotes {
            out += "<figure class=\"quote\"><blockquote>“" + HTMLEscaper.escape(quote.text) + "”</blockquote>"
            var attribution: [String] = []
            if let speaker = quote.speaker { attribution.append(HTMLEscaper.escape(speaker)) }
            if WebLink.safe(quote.sourceURL) != nil { attribution.append(HTMLEscaper.link(quote.sourceURL, text: "source")) }
            if !attribution.isEmpty { out += "<figcaption>— " + attribution.joined(separator: ", ") + "</figcaption>" }
            out += "</figure>\n"
        }
        if !story.figures.isEmpty {
            out += "<ul class=\"figures\">"
            for figure in story.figures {
                out += "<li><strong>" + HTMLEscaper.escape(figure.text) + "</strong>"
                if let context = figure.context { out += " " + HTMLEscaper.escape(context) }
                if WebLink.safe(figure.sourceURL) != nil { out += " (" + HTMLEscaper.link(figure.sourceURL, text: "source") + ")" }
                out += "</li>"
            }
            out += "</ul>\n"
        }
        let disagreements = DigestWording.disagreements(story)
        if !disagreements.isEmpty {
            out += "<div class=\"disagree\">"
            for fact in disagreements {
                out += "<p><strong>Sources differ</strong> · " + HTMLEscaper.escape(fact.counted) + ": "
                    + HTMLEscaper.escape(DigestWording.factValues(fact)) + "</p>"
            }
            out += "</div>\n"
        }
        let headlineKey = DigestWording.titleKey(story.headline)
        out += "<ul class=\"sources\">"
        for source in story.sources {
            out += "<li>" + HTMLEscaper.link(source.url, text: source.name, className: "outlet")
            if let title = DigestWording.distinctTitle(source.title, headlineKey: headlineKey) {
                out += "<span class=\"title\">" + HTMLEscaper.escape(title) + "</span>"
            }
            if let published = source.published { out += time(published, day: day) }
            if let reason = source.reason {
                out += "<details class=\"why\"><summary>why it is here</summary>" + HTMLEscaper.escape(reason) + "</details>"
            }
            out += "</li>"
        }
        out += "</ul>\n</article>\n"
        pieces.append(out)
        return DigestStoryFragment(pieces: pieces)
    }
}
