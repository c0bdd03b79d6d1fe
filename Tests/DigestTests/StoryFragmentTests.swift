import Foundation
import Testing
@testable import Digest

/// A day assembled from its stories' fragments, rendered once and reused while the stories only
/// move in the ranking, is byte for byte the day rendered whole; the content fingerprint made
/// from the fragments changes exactly when the JSON digest (its generation time aside) does.
@Suite struct StoryFragmentTests {
    /// Days with tags and feed problems on a clock change, without tags, with developing links,
    /// facts and reasons, with hostile text in every field, and with no stories at all.
    static var days: [DigestDay] {
        [DigestBuilder.build(DigestFixtures.dstDay), DigestBuilder.build(DigestFixtures.plainDay),
         DigestBuilder.build(StoryDetailFixtures.secondDay), DigestBuilder.build(hostileDay),
         DigestBuilder.build(DigestInput(date: DigestDate("2026-11-28")!, timeZone: DigestFixtures.london,
                                         generatedAt: DigestFixtures.t("2026-11-28T09:00:00Z")))]
    }

    /// Every field a feed controls holds a cross-site-scripting vector, Markdown syntax or a
    /// stray line break; stories continue others, quote, give figures and disagree on them.
    static var hostileDay: DigestInput {
        let t = DigestFixtures.t
        let vectors = XSSCorpus.vectors
        var stories: [StoryInput] = []
        for index in 0..<12 {
            let v = { (k: Int) in vectors[(index * 7 + k) % vectors.count] }
            let outlets = (0...(index % 4)).map { "Outlet \($0) " + v($0) }
            stories.append(StoryInput(
                id: index % 3 == 0 ? "story \(index) " + v(0) : "\(1000 + index)", headline: "Headline \(index) " + v(1),
                firstSeen: t("2026-11-27T0\(index % 10):15:00Z"),
                sources: outlets.enumerated().map { k, name in
                    SourceInput(name: name, feedURL: "https://feed\(k).example/rss?x=" + v(2), url: "https://news.example/\(index)/\(k)",
                                title: k == 0 ? nil : "Title \(k) *of* [\(index)](x) " + v(3),
                                published: k == 1 ? nil : t("2026-11-2\(6 + k % 2)T1\(k):0\(index % 10):00Z"), tags: [],
                                reason: k == 0 ? "first report" : "same event: " + v(4))
                },
                summary: "First paragraph " + v(5) + "\n\nSecond\nparagraph _with_ `code` " + v(6),
                label: index % 5 == 0 ? "paywalled" : nil,
                people: ["Anna " + v(7)], organizations: index % 2 == 0 ? ["Org # " + v(8)] : [], places: [],
                quotes: [QuoteInput(text: "We said " + v(9), speaker: "Speaker " + v(10), sourceURL: "javascript:alert(1)")],
                figures: [FigureInput(text: "1,200", context: "jobs " + v(11), sourceURL: "https://news.example/f")],
                reportedFigures: outlets.map { ReportedFigure(text: "\(1_200 + 100 * (index % 2))", sentence: "About \(1_200 + 100 * (index % 2)) jobs go.",
                                                              outlet: $0, url: "https://news.example/\(index)") },
                developingFrom: index % 4 == 1
                    ? DevelopingInput(id: "earlier " + v(12), date: DigestDate("2026-11-2\(index % 6)")!, headline: "Earlier " + v(13)) : nil))
        }
        return DigestInput(date: DigestDate("2026-11-27")!, timeZone: DigestFixtures.london, generatedAt: t("2026-11-27T18:00:00Z"),
                           feedsPolled: 5, newArticles: 40, tagOrder: [], stories: stories,
                           feedProblems: [FeedProblem(name: "Broken " + vectors[0], feedURL: "https://x.example/" + vectors[1],
                                                      problem: "HTTP 500 " + vectors[2], since: t("2026-11-26T07:00:00Z"),
                                                      consecutiveFailures: 3, lastSuccess: nil, kind: .failing)])
    }

    static func fragments(_ day: DigestDay) -> (html: [DigestStoryFragment], markdown: [DigestStoryFragment], json: [DigestStoryFragment]) {
        (day.stories.map { HTMLDigest.storyFragment($0, day: day) }, day.stories.map { MarkdownDigest.storyFragment($0, day: day) },
         day.stories.map(JSONDigest.storyFragment))
    }

    /// The JSON encoder's own text of the whole day, the reference for the assembled JSON.
    static func encoded(_ day: DigestDay) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(day), as: UTF8.self) + "\n"
    }

    @Test func eachFormatAssembledFromFragmentsIsTheWholeRender() throws {
        for day in Self.days {
            let parts = Self.fragments(day)
            #expect(HTMLDigest.render(day, fragments: parts.html) == HTMLDigest.render(day))
            #expect(MarkdownDigest.render(day, fragments: parts.markdown) == MarkdownDigest.render(day))
            #expect(JSONDigest.render(day, fragments: parts.json) == (try Self.encoded(day)), "\(day.date)")
            #expect(parts.json.allSatisfy { $0.pieces.count == 2 })
        }
    }

    /// Fragments rendered for one edition fit the next, where a new story pushed the others down
    /// and one story changed: only the new and the changed story are rendered again.
    @Test func fragmentsKeptFromTheLastEditionFitTheNextWhereStoriesMoved() throws {
        var input = Self.hostileDay
        let before = DigestBuilder.build(input)
        let kept = Dictionary(uniqueKeysWithValues: zip(before.stories, zip(Self.fragments(before).html,
                                                                            zip(Self.fragments(before).markdown, Self.fragments(before).json)))
            .map { story, parts in
                var key = story
                key.rank = 0
                return (story.id, (story: key, html: parts.0, markdown: parts.1.0, json: parts.1.1))
            })
        input.stories[5].sources.append(SourceInput(name: "Late outlet", feedURL: "https://late.example/rss", url: "https://late.example/1",
                                                    published: DigestFixtures.t("2026-11-27T17:00:00Z")))
        input.stories.append(StoryInput(id: "new-top", headline: "A story everyone covers", firstSeen: DigestFixtures.t("2026-11-27T17:30:00Z"),
                                        sources: (0..<6).map { SourceInput(name: "Wire \($0)", feedURL: "https://w\($0).example/rss") }))
        let after = DigestBuilder.build(input)
        #expect(after.stories[0].id == "new-top")
        var html: [DigestStoryFragment] = [], markdown: [DigestStoryFragment] = [], json: [DigestStoryFragment] = []
        var rendered = 0
        for story in after.stories {
            var key = story
            key.rank = 0
            if let old = kept[story.id], old.story == key {
                html.append(old.html)
                markdown.append(old.markdown)
                json.append(old.json)
            } else {
                rendered += 1
                html.append(HTMLDigest.storyFragment(story, day: after))
                markdown.append(MarkdownDigest.storyFragment(story, day: after))
                json.append(JSONDigest.storyFragment(story))
            }
        }
        #expect(rendered == 2)
        #expect(zip(before.stories, after.stories.dropFirst()).contains { $0.rank != $1.rank || $0.id != $1.id })
        #expect(HTMLDigest.render(after, fragments: html) == HTMLDigest.render(after))
        #expect(MarkdownDigest.render(after, fragments: markdown) == MarkdownDigest.render(after))
        #expect(JSONDigest.render(after, fragments: json) == (try Self.encoded(after)))
        #expect(JSONDigest.contentFingerprint(after, fragments: json) == JSONDigest.contentFingerprint(after))
    }

    @Test func aFragmentPutsTheRankInEveryPlaceItGoes() {
        let day = DigestBuilder.build(StoryDetailFixtures.secondDay)
        let story = day.stories[1]
        let html = HTMLDigest.storyFragment(story, day: day).text(rank: 17)
        #expect(html.hasPrefix("<article class=\"story\" id=\"story-17\">") && html.contains("<span class=\"rankno\">17.</span>"))
        #expect(MarkdownDigest.storyFragment(story, day: day).text(rank: 17).hasPrefix("### 17. "))
        #expect(JSONDigest.storyFragment(story).text(rank: 17).contains("\n      \"rank\" : 17,\n"))
    }

    @Test func theContentFingerprintMovesWithTheContentButNotTheGenerationTime() {
        for day in Self.days {
            let fingerprint = JSONDigest.contentFingerprint(day)
            #expect(fingerprint.hasPrefix(JSONDigest.contentFingerprintPrefix))
            var later = day
            later.generatedAt = DigestTime(secondsSince1970: day.generatedAt.secondsSince1970 + 3600,
                                           utcOffsetSeconds: day.generatedAt.utcOffsetSeconds)
            #expect(JSONDigest.contentFingerprint(later) == fingerprint)
            var final = day
            final.isFinal.toggle()
            #expect(JSONDigest.contentFingerprint(final) != fingerprint)
            var stats = day
            stats.stats.feedsPolled += 1
            #expect(JSONDigest.contentFingerprint(stats) != fingerprint)
            guard day.stories.count >= 2 else { continue }
            var edited = day
            edited.stories[1].sources[0].reason = "another reason"
            #expect(JSONDigest.contentFingerprint(edited) != fingerprint)
            var swapped = day
            swapped.stories.swapAt(0, 1)
            #expect(JSONDigest.contentFingerprint(swapped) != fingerprint)
            var reranked = day
            reranked.stories[0].rank += 1
            #expect(JSONDigest.contentFingerprint(reranked) != fingerprint)
        }
    }

    /// A fingerprint an older version kept is the FNV-1a of the JSON with the generation time zeroed.
    @Test func theLegacyFingerprintIsThatOfTheWholeJSON() {
        let day = DigestBuilder.build(DigestFixtures.plainDay)
        let zero = DigestTime(secondsSince1970: 0, utcOffsetSeconds: 0)
        var probe = day
        probe.generatedAt = zero
        #expect(JSONDigest.legacyContentFingerprint(day, generatedAtZero: zero) == DigestFingerprint.of(JSONDigest.render(probe)))
        #expect(!JSONDigest.legacyContentFingerprint(day, generatedAtZero: zero).hasPrefix(JSONDigest.contentFingerprintPrefix))
    }

    /// Fragments fit any day of the same layout key and only such a day.
    @Test func theLayoutKeyNamesWhatAStorysTextTakesFromItsDay() {
        let day = DigestBuilder.build(DigestFixtures.dstDay)
        var other = day
        other.generatedAt = DigestTime(secondsSince1970: 0, utcOffsetSeconds: 0)
        other.stats.feedsPolled = 99
        other.isFinal.toggle()
        #expect(DigestStoryFragment.layoutKey(of: other) == DigestStoryFragment.layoutKey(of: day))
        #expect(day.stories.allSatisfy { HTMLDigest.storyFragment($0, day: other) == HTMLDigest.storyFragment($0, day: day) })
        var shifted = day
        shifted.clockChange = nil
        #expect(DigestStoryFragment.layoutKey(of: shifted) != DigestStoryFragment.layoutKey(of: day))
        var nextDay = day
        nextDay.date = DigestDate("2026-10-26")!
        #expect(DigestStoryFragment.layoutKey(of: nextDay) != DigestStoryFragment.layoutKey(of: day))
    }

    @Test func fragmentsThatDoNotFitFallBackToTheWholeRender() {
        let day = DigestBuilder.build(DigestFixtures.dstDay)
        #expect(HTMLDigest.render(day, fragments: []) == HTMLDigest.render(day))
        #expect(MarkdownDigest.render(day, fragments: []) == MarkdownDigest.render(day))
        var broken = Self.fragments(day).json
        broken[0] = DigestStoryFragment(pieces: [])
        #expect(JSONDigest.render(day, fragments: broken) == JSONDigest.render(day))
    }
}

/// The shortcuts for plain ASCII text give what the general rules give.
@Suite struct PlainTextShortcutTests {
    static var samples: [String] {
        XSSCorpus.vectors + ["", " ", "a", " a", "a ", "a  b", "a b", "a\tb", "Storm Idris floods coastal towns", "x\r\ny",
                             "Crème brûlée", "Ｆｕｌｌ width", "ÀB ç 12,3", "tab\tand\u{7F}delete", "Ω mega"]
    }

    @Test func aCleanASCIILineIsWhatTheScalarRulesGive() {
        for sample in Self.samples {
            // The invisible zero-width space is dropped, and makes the text take the general path.
            #expect(TextCleaner.line(sample) == TextCleaner.line("\u{200B}" + sample), "\(sample)")
            #expect(TextCleaner.line(TextCleaner.line(sample)) == TextCleaner.line(sample))
        }
    }

    @Test func anASCIITitleKeyIsTheCharacterRulesKey() {
        for sample in Self.samples {
            #expect(DigestWording.titleKey(sample) == sample.lowercased().filter { $0.isLetter || $0.isNumber }, "\(sample)")
        }
    }
}
