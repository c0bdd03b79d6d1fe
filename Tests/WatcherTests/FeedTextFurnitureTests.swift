import Foundation
import Storage
import Testing
@testable import Watcher

/// What feed generators append to an item's text never reaches the analysis (and so never the
/// summary or the entity lists).
@Suite struct FeedTextFurnitureTests {
    @Test func wordPressFooterAndOnwardLinksLeaveTheFeedText() {
        let html = """
        <p>Harbour Road will close for three weeks from Monday while the sea wall is rebuilt, the council said.</p>
        <p>Buses will divert via Mill Lane.</p>
        <p>The post <a href="https://news.example/road">Harbour Road to close for sea wall works</a> appeared first on <a href="https://news.example">Kestrel Bay News</a>.</p>
        """
        let text = EntryMapping.feedText(summary: nil, content: html)
        #expect(text.contains("Buses will divert via Mill Lane."))
        #expect(!text.contains("appeared first on"))
        #expect(!text.contains("Kestrel Bay News"))
    }

    @Test func aTrailingContinueReadingOrEllipsisMarkIsCutTheSentenceKept() {
        let summary = "Ferries were cancelled on Friday as winds reached 70mph. Continue reading →"
        #expect(EntryMapping.feedText(summary: summary, content: nil) == "Ferries were cancelled on Friday as winds reached 70mph.")
        let excerpt = "The union said members had voted to accept the offer [&#8230;]"
        #expect(EntryMapping.feedText(summary: excerpt, content: nil) == "The union said members had voted to accept the offer")
        let more = "<p>Shares rose 4% in early trading.</p><p><a href=\"https://x.example/a\">Read more</a></p>"
        #expect(EntryMapping.feedText(summary: more, content: nil) == "Shares rose 4% in early trading.")
    }

    @Test func aWholeArticleOnOneLineLosesOnlyItsClosingFurniture() {
        // Feeds that put a whole article in one paragraph: the closing link and footer are found
        // at its end; "read more" and "The post" earlier in it stay.
        let sentence = "Readers who read more than the headline learned that the post office will stay open. "
        let body = String(repeating: sentence, count: 2_000)
        let footer = "The post Post office to stay open appeared first on Kestrel Bay News."
        let cleaned = FeedTextFurniture.removed(from: body + footer)
        #expect(cleaned == String(body.dropLast()))
        #expect(FeedTextFurniture.removed(from: body + "Continue reading →") == String(body.dropLast()))
        #expect(FeedTextFurniture.removed(from: body + "Continue reading " + String(repeating: "→", count: 300))
                == body + "Continue reading " + String(repeating: "→", count: 300),
                "a closing run longer than the window is left as it is")
    }

    /// The footer marks are looked for as bytes: found at either end, after a false start, and
    /// after multi-byte characters; never found across a near miss.
    @Test func footerMarksAreFoundWhereverTheyAreInTheWindow() {
        let cases: [(String, Bool)] = [
            ("first appeared on", true),
            ("zürich’s story first appeared on", true),
            ("first appeared on the site", true),
            ("first first appeared on", true),
            ("firs appeared on", false),
            ("first appeared o", false),
            ("", false),
        ]
        for (text, expected) in cases {
            #expect(FeedTextFurniture.hasFooterMark(Array(text.utf8)) == expected, "\(text)")
        }
        let footer = "Crews worked overnight. This article first appeared on Kestrel Bay News — "
        #expect(FeedTextFurniture.removed(from: footer + "Zürich edition.") == "Crews worked overnight.")
    }

    /// `full_text = "auto"` fetches the page when the feed's own text is under 600 characters;
    /// short markup is decided without a parse, and the decision is the same as with one.
    @Test func autoFullTextFetchesThePageExactlyWhenTheFeedTextIsShort() {
        let sentence = "Fares rise by 4% from 1 January, the operator said. "
        let samples: [(summary: String?, content: String?)] = [
            (String(repeating: sentence, count: 11), nil),  // 583 bytes of text
            (String(repeating: sentence, count: 12), nil),  // 636: long enough
            ("<p>" + String(repeating: "&amp;", count: 118) + "</p>", nil),  // 597 bytes, 118 characters
            (nil, "<div class=\"wrap\">" + String(repeating: "<span class=\"x\"></span>", count: 40) + "<p>Short.</p></div>"),
            (String(repeating: sentence, count: 20), "<p>A teaser.</p>"),  // the content is what counts
            (nil, "<p>" + String(repeating: "€", count: 250) + "</p>"),  // 757 bytes, 250 characters
            (nil, "<p>" + String(repeating: "e", count: 599) + "</p>"),
            (nil, "<p>" + String(repeating: "e", count: 600) + "</p>"),
        ]
        for (summary, content) in samples {
            let input = EntryInput(link: "https://news.example/a", summary: summary, content: content, firstSeen: Date())
            let short = EntryMapping.feedText(summary: summary, content: content).count < 600
            #expect(EntryMapping.wantsArticle(input, feedSetting: nil, mode: .auto) == short, "\(summary ?? content ?? "")")
        }
    }

    @Test func storiesThatMerelyMentionTheWordsAreKept() {
        // "read more" inside a sentence, a post that is a story: not furniture.
        let text = "Children who read more than an hour a day did better, the study found."
        #expect(EntryMapping.feedText(summary: text, content: nil) == text)
        let post = "The post office in Millbrook will close in March, the operator said."
        #expect(EntryMapping.feedText(summary: post, content: nil) == post)
    }
}
