import Testing
@testable import ArticleExtractor

/// The word matchers run on every class name and short paragraph of a page; these pin down
/// what they match, since the scans are written for speed.
@Suite("Class and phrase matchers")
struct MatcherTests {
    @Test("A word set finds its words anywhere, in any ASCII case, and nothing else")
    func wordSet() {
        let words: WordSet = ["sidebar", "-ad-", "share"]
        #expect(words.isFound(in: "page-sidebar left"))
        #expect(words.isFound(in: "SideBar"))
        #expect(words.isFound(in: "top-ad-slot"))
        #expect(words.isFound(in: "x share"))
        #expect(words.isFound(in: "sharing-share"))
        #expect(!words.isFound(in: "side bar"))
        #expect(!words.isFound(in: "shar"))
        #expect(!words.isFound(in: "ad-slot"))
        #expect(!words.isFound(in: ""))
        #expect(!words.isFound(in: "s"))
        // Non-ASCII around a word does not hide it.
        #expect(words.isFound(in: "über-sidebar-größe"))
    }

    @Test("A one-letter word matches at the last byte too")
    func singleByteWord() {
        let words: WordSet = ["x"]
        #expect(words.isFound(in: "ax"))
        #expect(words.isFound(in: "X"))
        #expect(!words.isFound(in: "ab"))
    }

    @Test("Share blocks: `share` or `sharedaddy` as a whole word, underscores separating")
    func shareBlock() {
        #expect(ClassPatterns.isShareBlock("share "))
        #expect(ClassPatterns.isShareBlock("post-share-buttons "))
        #expect(ClassPatterns.isShareBlock("entry_SHARE_bar "))
        #expect(ClassPatterns.isShareBlock("sharedaddy sd-block"))
        #expect(ClassPatterns.isShareBlock(" share"))
        #expect(!ClassPatterns.isShareBlock("shared-content "))
        #expect(!ClassPatterns.isShareBlock("timeshare "))
        #expect(!ClassPatterns.isShareBlock("sharedaddyx "))
        #expect(!ClassPatterns.isShareBlock(" "))
    }

    @Test("Notices are matched without lower-casing first, and long paragraphs never are")
    func notices() {
        #expect(WallDetector.isNotice("Subscribe to continue reading."))
        #expect(WallDetector.isNotice("WE USE COOKIES to improve your experience"))
        #expect(!WallDetector.isNotice("The council said it would subscribe to the plan."))
        let long = String(repeating: "The minister spoke at length about the budget. ", count: 5) + "Already a subscriber?"
        #expect(long.utf8.count > 220)
        #expect(!WallDetector.isNotice(long))
        // 170 characters: a paywall phrase still counts, a consent phrase no longer does.
        let padding = String(repeating: "é", count: 150)
        #expect(WallDetector.isNotice(padding + " subscribers only"))
        #expect(!WallDetector.isNotice(padding + " we use cookies"))
    }

    @Test("Only links whose text starts like a pager or teaser phrase are read closely")
    func linkPhrasePrefilter() {
        #expect(PageSignals.mayStartLinkPhrase("  Next page ›"))
        #expect(PageSignals.mayStartLinkPhrase("\u{a0}Continue reading"))
        #expect(PageSignals.mayStartLinkPhrase("page 2"))
        #expect(PageSignals.mayStartLinkPhrase("Read the full story"))
        #expect(!PageSignals.mayStartLinkPhrase("Home"))
        #expect(!PageSignals.mayStartLinkPhrase("  2"))
        #expect(!PageSignals.mayStartLinkPhrase(""))
    }
}
