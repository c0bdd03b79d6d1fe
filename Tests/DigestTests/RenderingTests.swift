import Foundation
import Testing
@testable import Digest

/// What a reader sees: sections only when they have something, ordinary text left readable.
@Suite struct RenderingTests {
    let day = DigestBuilder.build(DigestFixtures.dstDay)

    @Test func sectionsAppearOnlyWhenPresent() {
        var input = DigestFixtures.plainDay
        input.stories = [StoryInput(id: "bare", headline: "Bare story", firstSeen: input.generatedAt,
                                    sources: [SourceInput(name: "Hudson Daily", feedURL: "https://hudsondaily.example/rss")])]
        let bare = DigestBuilder.build(input)
        let html = HTMLDigest.render(bare), markdown = MarkdownDigest.render(bare)
        for absent in ["class=\"summary\"", "class=\"entities\"", "class=\"quote\"", "class=\"figures\"",
                       "class=\"label\"", "class=\"attention\"", "class=\"notice\"", "class=\"contents\"", "latest report"] {
            #expect(!html.contains(absent), "\(absent)")
        }
        for absent in ["**People:**", "> “", "Figures:", "Feeds needing attention", "## All stories\n\n1.", "clocks"] {
            #expect(!markdown.contains(absent), "\(absent)")
        }
        let full = HTMLDigest.render(day)
        for present in ["class=\"summary\"", "class=\"entities\"", "class=\"quote\"", "class=\"figures\"",
                        "class=\"label\"", "class=\"attention\"", "class=\"notice\"", "class=\"contents\""] {
            #expect(full.contains(present), "\(present)")
        }
    }

    @Test func theHeaderSaysWhatDayItIsAndHowItStands() {
        let markdown = MarkdownDigest.render(day)
        #expect(markdown.hasPrefix("# feedwatch digest: Sunday 25 October 2026\n"))
        #expect(markdown.contains("Final edition"))
        #expect(markdown.contains("**2** covered by 3+ sources"))
        #expect(MarkdownDigest.render(DigestBuilder.build(DigestFixtures.plainDay)).contains("Updated through the day"))
        let html = HTMLDigest.render(day)
        #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src https: http:\">"))
        #expect(html.contains("<meta name=\"viewport\""))
        #expect(html.contains("prefers-color-scheme:dark"))
        #expect(!html.lowercased().contains("<script"))
    }

    @Test func storiesFollowTheirGroupsAndRanks() throws {
        let html = HTMLDigest.render(day)
        let positions = try day.groups.flatMap(\.ranks).map { rank in
            try #require(html.range(of: "id=\"story-\(rank)\"")).lowerBound
        }
        #expect(positions == positions.sorted())
        // Every "All stories" entry links to a story that exists on the page.
        for story in day.stories { #expect(html.contains("href=\"#story-\(story.rank)\"")) }
    }

    @Test func ordinaryTextStaysReadableInMarkdown() {
        let plain = "Prices rose 2.5% (the most since 2019), officials said: 'worse than expected' - AT&T and O'Neill agree."
        #expect(MarkdownEscaper.inline(plain) == plain)
        #expect(MarkdownEscaper.lineStart("1999. A year to forget") == "1999\\. A year to forget")
        #expect(MarkdownEscaper.lineStart("- not a list") == "\\- not a list")
        #expect(MarkdownEscaper.inline("<b>[x](javascript:1)</b> *y* _z_ `c` #tag a|b &amp; ~~s~~ me@example.org")
                == "\\<b\\>\\[x\\](javascript:1)\\</b\\> \\*y\\* \\_z\\_ \\`c\\` \\#tag a\\|b \\&amp; \\~\\~s\\~\\~ me\\@example.org")
    }

    @Test func theIndexHandlesNoDaysAndRepeatedDays() {
        #expect(HTMLDigest.renderIndex([]).contains("No digests yet."))
        let entry = DigestIndexEntry(day)
        let html = HTMLDigest.renderIndex([entry, entry])
        #expect(html.components(separatedBy: "href=\"2026-10-25.html\"").count == 2)
        #expect(html.contains("Storm Idris floods coastal towns"))
    }

    @Test func manyStoriesRenderQuickly() {
        var input = DigestFixtures.dstDay
        input.stories = (0..<600).map { index in
            var story = DigestFixtures.storm
            story.id = "s\(index)"
            story.headline += " \(index)"
            story.sources = Array(repeating: story.sources, count: 3).flatMap { $0 }
            return story
        }
        let started = Date()
        let built = DigestBuilder.build(input)
        let sizes = [MarkdownDigest.render(built).utf8.count, HTMLDigest.render(built).utf8.count,
                     JSONDigest.render(built).utf8.count]
        #expect(built.stories.count == 600)
        #expect(sizes.allSatisfy { $0 > 400_000 })
        #expect(Date().timeIntervalSince(started) < 30)
    }
}
