import Foundation
import Testing
@testable import Digest

/// The digest as Atom and JSON feeds: one entry per day with the day's HTML body, every link
/// absolute, every string escaped — with the XSS corpus in every field a feed controls.
@Suite struct DigestFeedRenderingTests {
    static let site = DigestFeedSite(baseURL: "https://news.example.org/digests")

    /// The DST day (final) and the New York day (today's edition, not final).
    static var editions: [DigestEdition] {
        [DigestEdition(day: DigestBuilder.build(DigestFixtures.dstDay), isToday: false),
         DigestEdition(day: DigestBuilder.build(DigestFixtures.plainDay), isToday: true)]
    }

    // MARK: - Reading the feeds back, with no XML library: only what the renderer writes

    /// The text of every `<name …>…</name>` in the document, unescaped (the renderer writes only
    /// the five predefined references).
    static func elements(_ name: String, in xml: String) -> [String] {
        var found: [String] = []
        var rest = Substring(xml)
        while let open = rest.range(of: "<\(name)>") ?? rest.range(of: "<\(name) "),
              let end = rest[open.lowerBound...].range(of: ">"),
              let close = rest[end.upperBound...].range(of: "</\(name)>") {
            found.append(unescape(String(rest[end.upperBound..<close.lowerBound])))
            rest = rest[close.upperBound...]
        }
        return found
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    static func jsonItems(_ text: String) throws -> (root: [String: Any], items: [[String: Any]]) {
        let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let items = try #require(root["items"] as? [[String: Any]])
        return (root, items)
    }

    /// Every way an entry's HTML could do more than show text, or link somewhere relative; empty
    /// when it is safe. The digest's own links must now be absolute, under the site's base.
    static func contentEscapes(_ html: String, base: String) -> [String] {
        var problems: [String] = []
        let page = HTMLTokenizer(html)
        if page.strayLessThan > 0 { problems.append("\(page.strayLessThan) raw '<' in text") }
        if !page.comments.isEmpty { problems.append("comment: \(page.comments)") }
        if !page.doctypes.isEmpty { problems.append("doctype/processing: \(page.doctypes)") }
        if !page.rawText.isEmpty { problems.append("raw text elements: \(page.rawText.map(\.element))") }
        let bodyTags = XSSTests.allowedTags.subtracting(["html", "head", "meta", "title", "style", "body"])
        for tag in page.tags {
            if !bodyTags.contains(tag.name) { problems.append("tag <\(tag.name)>") }
            for (name, value) in tag.attributes {
                if !["class", "href", "rel", "id", "datetime", "aria-label"].contains(name) {
                    problems.append("attribute \(name)= on <\(tag.name)>")
                }
                if name == "id", !XSSTests.isStoryAnchor("#" + value), !XSSTests.isStableAnchor(value) {
                    problems.append("id \(value)")
                }
                guard name == "href" else { continue }
                if value.hasPrefix(base) {
                    let own = String(value.dropFirst(base.count))
                    let page = own.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                    let anchorOK = page.count == 1 || XSSTests.isStoryAnchor("#" + page[1]) || XSSTests.isStableAnchor(String(page[1]))
                    if !((own == "index.html" || XSSTests.isDayFile(String(page[0]))) && anchorOK) {
                        problems.append("own link \(value)")
                    }
                    continue
                }
                let lower = value.lowercased()
                let web = (lower.hasPrefix("https://") || lower.hasPrefix("http://"))
                    && !value.unicodeScalars.contains { $0.value < 0x21 || "\"'<>`".unicodeScalars.contains($0) }
                if !web { problems.append("href \(value)") }
                if tag.attributes.first(where: { $0.name == "rel" })?.value != "noopener noreferrer nofollow" {
                    problems.append("link without rel: \(value)")
                }
            }
        }
        return problems
    }

    /// The Atom document's own markup: only Atom's elements, in the renderer's shape.
    static func atomEscapes(_ xml: String) -> [String] {
        let atomTags: Set<String> = ["feed", "id", "title", "subtitle", "link", "updated", "author", "name", "generator",
                                     "entry", "summary", "content"]
        let document = HTMLTokenizer(xml)
        var problems: [String] = []
        if document.strayLessThan > 0 { problems.append("raw '<'") }
        if !document.comments.isEmpty { problems.append("comments") }
        if document.doctypes != ["xml version=\"1.0\" encoding=\"utf-8\"?"] { problems.append("prolog \(document.doctypes)") }
        for tag in document.tags where !atomTags.contains(tag.name) { problems.append("tag <\(tag.name)>") }
        // A title is one title: no vector may close it early and open another element.
        let titles = document.tags.filter { $0.name == "title" && !$0.isEnd }.count
        let entries = document.tags.filter { $0.name == "entry" && !$0.isEnd }.count
        if titles != entries + 1 { problems.append("\(titles) titles for \(entries) entries") }
        return problems
    }

    // MARK: - Atom

    @Test func atomHasOneEntryPerDayNewestFirstWithTheDaysBody() {
        let xml = DigestAtomFeed.render(Self.editions, site: Self.site)
        #expect(Self.atomEscapes(xml) == [])
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""))
        let ids = Self.elements("id", in: xml)
        #expect(ids == ["https://news.example.org/digests/feed.xml",
                        "https://news.example.org/digests/2026-11-27.html",
                        "https://news.example.org/digests/2026-10-25.html"])
        let titles = Self.elements("title", in: xml)
        #expect(titles == ["feedwatch digest",
                           "Friday 27 November 2026 · today's edition, updated through the day",
                           "Sunday 25 October 2026 · final edition"])
        // Entry dates are the days' own; the feed's is the newest of them.
        #expect(Self.elements("updated", in: xml) == ["2026-11-27T14:05:00-05:00", "2026-11-27T14:05:00-05:00",
                                                      "2026-10-26T00:05:00+00:00"])
        let contents = Self.elements("content", in: xml)
        #expect(contents.count == 2)
        let dst = contents[1]
        // The body of the HTML page, not the page: no head, style sheet or policy.
        for part in ["<!DOCTYPE", "<html", "<head>", "<style", "<body", "</body>", "Content-Security-Policy"] {
            #expect(!dst.contains(part), "\(part)")
        }
        #expect(dst.hasPrefix("<div class=\"page\">"))
        #expect(dst.contains("Sunday 25 October 2026"))
        #expect(dst.contains(HTMLEscaper.escape(DigestBuilder.build(DigestFixtures.dstDay).stories[0].headline)))
        #expect(Self.contentEscapes(dst, base: Self.site.baseURL) == [])
    }

    /// A day of `count` stories made from the plain day's, each its own story; with `tags`, the
    /// stories are dealt into sections by tag, as a config with tags groups them.
    static func busyDay(stories count: Int, tags: [String] = []) -> DigestDay {
        var day = DigestBuilder.build(DigestFixtures.plainDay)
        let models = day.stories
        day.stories = (0..<count).map { index in
            var story = models[index % models.count]
            story.rank = index + 1
            story.id = "busy-\(index + 1)"
            story.anchor = StoryAnchor.anchor(forStoryID: story.id)
            story.headline = "Story number \(index + 1): " + story.headline
            return story
        }
        day.groups = tags.isEmpty ? [DigestGroup(title: "All stories", tag: nil, ranks: Array(1...count))]
            : tags.enumerated().map { t, tag in
                DigestGroup(title: tag.capitalized, tag: tag, ranks: Array(stride(from: t + 1, through: count, by: tags.count)))
            }
        return day
    }

    /// A busy day's page runs to megabytes; its feed entry carries the top stories up to the
    /// budget, says how many it leaves out, and links to the page that has them all. Thirty such
    /// days stay a feed a reader can fetch.
    @Test(arguments: [[], ["world", "business", "science"]])
    func aBusyDaysEntryCarriesItsTopStoriesAndLinksToTheRest(tags: [String]) throws {
        let day = Self.busyDay(stories: 3_000, tags: tags)
        #expect(HTMLDigest.render(day).utf8.count > 10 * DigestFeedContent.storyBudgetBytes)
        let content = DigestFeedContent.html(of: day, site: Self.site)
        #expect(content.utf8.count <= DigestFeedContent.storyBudgetBytes + 16_384)
        let shown = (1...3_000).filter { content.contains("Story number \($0):") }
        let top = try #require(shown.last)
        #expect(shown == Array(1...top), "the best stories, in rank order, and no other")
        #expect(top > 20 && top < 3_000)
        #expect(content.hasPrefix("<p class=\"feed-note\">The top \(top) of 3000 stories. "
                                  + "<a href=\"https://news.example.org/digests/2026-11-27.html\">All 3000 on the day’s page</a>.</p>\n"))
        #expect(Self.contentEscapes(content, base: Self.site.baseURL) == [])
        // Each section keeps its own shown stories; none is left empty.
        let sections = content.components(separatedBy: "<section class=\"group\">").count - 1
        #expect(sections == max(1, tags.count))
        // With sections, the list of all stories at the top lists the stories shown.
        #expect(content.components(separatedBy: "<li><span class=\"rank\">").count - 1 == (tags.isEmpty ? 0 : top))
        // A day within the budget is carried whole, with no note.
        let small = Self.busyDay(stories: 3)
        let whole = DigestFeedContent.html(of: small, site: Self.site)
        #expect(whole.hasPrefix("<div class=\"page\">"))
        #expect((1...3).allSatisfy { whole.contains("Story number \($0):") })
        // Thirty busy days: the Atom feed stays within thirty budgets, escaped.
        let editions = (0..<30).map { offset in
            var past = day
            past.date = day.date.advanced(byDays: -offset) ?? day.date
            return DigestEdition(day: past, isToday: offset == 0)
        }
        let xml = DigestAtomFeed.render(editions, site: Self.site)
        #expect(Self.atomEscapes(xml) == [])
        #expect(xml.utf8.count < 30 * 2 * DigestFeedContent.storyBudgetBytes)
    }

    /// The daemon hands the feeds only a busy day's leading stories and the day's count: the entry
    /// is the one the whole day gives whenever those stories hold the first that did not fit, and
    /// too few are known for what they are.
    @Test(arguments: [[], ["world", "business", "science"]])
    func aDaysLeadingStoriesGiveTheEntryTheWholeDayGives(tags: [String]) throws {
        let day = Self.busyDay(stories: 3_000, tags: tags)
        let whole = DigestEdition(day: day, isToday: true)
        let rendered = DigestFeedContent.storiesRendered(of: day)
        #expect(rendered > 20 && rendered < 3_000)
        for count in [rendered, rendered + 1, 2 * rendered] {
            let leading = DigestFeedContent.leadingDay(day, count: count)
            #expect(leading.stories.count == count)
            #expect(leading.groups.allSatisfy { group in !group.ranks.isEmpty && group.ranks.allSatisfy { $0 <= count } })
            #expect(DigestFeedContent.rendersWithin(leading: leading, storyCount: day.stories.count))
            let edition = DigestEdition(day: leading, isToday: true, storyCount: day.stories.count)
            #expect(edition.summary == whole.summary)
            #expect(DigestFeedEntry(edition, site: Self.site) == DigestFeedEntry(whole, site: Self.site))
        }
        // The sizes of the stories' HTML fragments alone say how many the entry may render: never
        // fewer than it does, and about as many, whatever the stories' other fields weigh (more
        // when sections add a list of all stories, which the sizes leave out).
        let estimate = DigestFeedContent.storiesRendered(ofFragments: day.stories.map { HTMLDigest.storyFragment($0, day: day) })
        #expect(estimate >= rendered && estimate <= (tags.isEmpty ? rendered + 2 : 2 * rendered), "\(estimate), \(rendered)")
        // Short of the first story that did not fit, the entry could show fewer than the day's.
        for count in [0, 1, rendered - 1] {
            #expect(!DigestFeedContent.rendersWithin(leading: DigestFeedContent.leadingDay(day, count: count), storyCount: day.stories.count))
        }
        // A small day is its own leading stories.
        let small = Self.busyDay(stories: 3, tags: tags)
        #expect(DigestFeedContent.rendersWithin(leading: small, storyCount: 3))
        #expect(DigestFeedContent.leadingDay(small, count: 5) == small)
    }

    @Test func everyLinkInTheContentIsAbsolute() throws {
        let xml = DigestAtomFeed.render(Self.editions, site: Self.site)
        for content in Self.elements("content", in: xml) {
            let hrefs = HTMLTokenizer(content).tags.flatMap { $0.attributes.filter { $0.name == "href" }.map(\.value) }
            #expect(!hrefs.isEmpty)
            for href in hrefs {
                #expect(href.hasPrefix("https://") || href.hasPrefix("http://"), "\(href)")
            }
        }
        let dst = Self.elements("content", in: xml)[1]
        // The page's own links: the contents list, the index, a story of an earlier day.
        #expect(dst.contains("href=\"https://news.example.org/digests/2026-10-25.html#story-1\""))
        #expect(dst.contains("href=\"https://news.example.org/digests/index.html\""))
        #expect(!dst.contains("href=\"#") && !dst.contains("href=\"index.html\""))
        // The entry links to the day's page.
        #expect(xml.contains("<link rel=\"alternate\" type=\"text/html\" href=\"https://news.example.org/digests/2026-10-25.html\"/>"))
        #expect(xml.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://news.example.org/digests/feed.xml\"/>"))
    }

    @Test func aDevelopingLinkPointsIntoTheEarlierDaysPage() throws {
        var input = DigestFixtures.plainDay
        input.stories[0].developingFrom = DevelopingInput(id: "story-77", date: DigestDate("2026-11-25")!,
                                                          headline: "Transit agency weighs holiday service")
        let day = DigestBuilder.build(input)
        let content = DigestFeedContent.html(of: day, site: Self.site)
        #expect(content.contains("href=\"https://news.example.org/digests/2026-11-25.html#s-story-77\""))
        #expect(Self.contentEscapes(content, base: Self.site.baseURL) == [])
    }

    @Test func aFileBaseGivesFileLinksAndABaseGetsItsSlash() {
        let site = DigestFeedSite(baseURL: "file:///var/lib/feedwatch/digests")
        #expect(site.baseURL == "file:///var/lib/feedwatch/digests/")
        let xml = DigestAtomFeed.render(Self.editions, site: site)
        #expect(Self.elements("id", in: xml)[1] == "file:///var/lib/feedwatch/digests/2026-11-27.html")
        #expect(Self.elements("content", in: xml)[0].contains("href=\"file:///var/lib/feedwatch/digests/index.html\""))
    }

    @Test func aBaseWithMarkupInItIsEscapedNotObeyed() {
        let site = DigestFeedSite(baseURL: "https://news.example.org/a&b\"<x>/")
        let xml = DigestAtomFeed.render(Self.editions, site: site)
        #expect(Self.atomEscapes(xml) == [])
        #expect(xml.contains("https://news.example.org/a&amp;b&quot;&lt;x&gt;/feed.xml"))
        let content = Self.elements("content", in: xml)[0]
        #expect(content.contains("href=\"https://news.example.org/a&amp;b&quot;&lt;x&gt;/index.html\""))
    }

    @Test func emptyFeedIsStillAFeed() throws {
        let xml = DigestAtomFeed.render([], site: Self.site)
        #expect(Self.atomEscapes(xml) == [])
        #expect(Self.elements("updated", in: xml) == ["1970-01-01T00:00:00+00:00"])
        let (root, items) = try Self.jsonItems(DigestJSONFeed.render([], site: Self.site))
        #expect(items.isEmpty)
        #expect(root["version"] as? String == "https://jsonfeed.org/version/1.1")
    }

    @Test func oneEntryPerDayEvenWhenADayIsGivenTwice() {
        var twice = Self.editions
        twice.append(DigestEdition(day: DigestBuilder.build(DigestFixtures.plainDay), isToday: false))
        let xml = DigestAtomFeed.render(twice, site: Self.site)
        #expect(Self.elements("entry", in: xml).count == 2)
        #expect(Self.elements("title", in: xml)[1].contains("today's edition"))
    }

    @Test func updatedIsTheEditionsNotTheGenerationTime() {
        let day = DigestBuilder.build(DigestFixtures.plainDay)
        let earlier = DigestTime(secondsSince1970: day.generatedAt.secondsSince1970 - 7200, utcOffsetSeconds: -18_000)
        let xml = DigestAtomFeed.render([DigestEdition(day: day, isToday: true, updated: earlier)], site: Self.site)
        #expect(Self.elements("updated", in: xml) == ["2026-11-27T12:05:00-05:00", "2026-11-27T12:05:00-05:00"])
    }

    @Test func charactersXMLCannotCarryBecomeReplacementCharacters() throws {
        var day = DigestBuilder.build(DigestFixtures.plainDay)
        // A day read back from a file is not cleaned by the builder: controls can reach the renderer.
        day.stories[0].headline = "Trains\u{01} late\u{1B}[31m \u{7F}\u{FFFE} tonight"
        let xml = DigestAtomFeed.render([DigestEdition(day: day, isToday: true)], site: Self.site)
        for bad: Unicode.Scalar in ["\u{01}", "\u{1B}", "\u{7F}", "\u{FFFE}"] {
            #expect(!xml.unicodeScalars.contains(bad))
        }
        #expect(xml.contains("Trains\u{FFFD} late\u{FFFD}[31m \u{FFFD}\u{FFFD} tonight"))
        let json = DigestJSONFeed.render([DigestEdition(day: day, isToday: true)], site: Self.site)
        let content = try #require(try Self.jsonItems(json).items.first?["content_html"] as? String)
        #expect(content.contains("Trains\u{FFFD} late"))
        #expect(!content.unicodeScalars.contains("\u{01}"))
    }

    @Test func anAnchorThatIsNotAnAnchorIsDerivedAgain() {
        var day = DigestBuilder.build(DigestFixtures.plainDay)
        day.stories[0].anchor = "x\"><script>alert(1)</script>"
        day.stories[1].developingFrom = DigestDevelopingLink(id: "ny-0", date: DigestDate("2026-11-26")!, headline: "Earlier",
                                                             anchor: "s-1\" onclick=\"alert(1)")
        let content = DigestFeedContent.html(of: day, site: Self.site)
        #expect(Self.contentEscapes(content, base: Self.site.baseURL) == [])
        #expect(content.contains("id=\"\(StoryAnchor.anchor(forStoryID: "ny-1"))\""))
        #expect(content.contains("2026-11-26.html#\(StoryAnchor.anchor(forStoryID: "ny-0"))\""))
        #expect(!content.contains("<script"))
    }

    // MARK: - JSON Feed

    @Test func jsonFeedHasTheRequiredFieldsAndTheSameEntries() throws {
        let text = DigestJSONFeed.render(Self.editions, site: Self.site)
        let (root, items) = try Self.jsonItems(text)
        #expect(root["version"] as? String == "https://jsonfeed.org/version/1.1")
        #expect(root["title"] as? String == "feedwatch digest")
        #expect(root["home_page_url"] as? String == "https://news.example.org/digests/index.html")
        #expect(root["feed_url"] as? String == "https://news.example.org/digests/feed.json")
        #expect(items.map { $0["id"] as? String } == ["https://news.example.org/digests/2026-11-27.html",
                                                      "https://news.example.org/digests/2026-10-25.html"])
        #expect(items.map { $0["url"] as? String } == items.map { $0["id"] as? String })
        #expect(items.map { $0["date_modified"] as? String } == ["2026-11-27T14:05:00-05:00", "2026-10-26T00:05:00+00:00"])
        #expect((items[0]["title"] as? String)?.hasSuffix("today's edition, updated through the day") == true)
        #expect((items[1]["title"] as? String)?.hasSuffix("final edition") == true)
        let atom = DigestAtomFeed.render(Self.editions, site: Self.site)
        #expect(items.compactMap { $0["content_html"] as? String } == Self.elements("content", in: atom))
        #expect(items.compactMap { $0["summary"] as? String } == Self.elements("summary", in: atom))
        let stories = DigestBuilder.build(DigestFixtures.dstDay).stories.count
        #expect((items[1]["summary"] as? String)?.hasPrefix("\(stories) stories from ") == true)
    }

    // MARK: - The XSS corpus in every field

    @Test(arguments: XSSCorpus.vectors.indices)
    func noVectorEscapesTheFeeds(_ index: Int) throws {
        let vector = XSSCorpus.vectors[index]
        let urls = XSSCorpus.urls
        for url in [urls[index], urls[urls.count - 1 - index % 4]] {
            let day = DigestBuilder.build(XSSCorpus.day(with: vector, url: url))
            let editions = [DigestEdition(day: day, isToday: index % 2 == 0)]
            let xml = DigestAtomFeed.render(editions, site: Self.site)
            #expect(Self.atomEscapes(xml) == [], "vector \(index): \(vector)")
            let contents = Self.elements("content", in: xml)
            #expect(contents.count == 1)
            let content = contents.first ?? ""
            #expect(Self.contentEscapes(content, base: Self.site.baseURL) == [], "vector \(index): \(vector)")
            #expect(!content.lowercased().contains("<script"))
            // Shown, escaped, not dropped: in the content and in the summary.
            #expect(content.contains(HTMLEscaper.escape(TextCleaner.line(vector))), "vector \(index) missing")
            #expect(Self.elements("summary", in: xml).first?.hasSuffix("Top story: " + TextCleaner.line(day.stories[0].headline)) == true)

            let (_, items) = try Self.jsonItems(DigestJSONFeed.render(editions, site: Self.site))
            let html = try #require(items.first?["content_html"] as? String)
            #expect(html == content)
            #expect(Self.contentEscapes(html, base: Self.site.baseURL) == [], "vector \(index): \(vector)")
        }
    }

    static let xmllint: String? = ["/usr/bin/xmllint", "/usr/local/bin/xmllint"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// One feed with a day per vector, each vector in every field: xmllint finds it well-formed.
    @Test(.enabled(if: xmllint != nil, "xmllint is not installed (apt-get install libxml2-utils); skipped"))
    func xmllintFindsTheCorpusFeedWellFormed() throws {
        let editions = XSSCorpus.vectors.enumerated().map { index, vector in
            var day = DigestBuilder.build(XSSCorpus.day(with: vector, url: XSSCorpus.urls[index]))
            day.date = DigestDate("2026-10-25")!.advanced(byDays: -index)!
            return DigestEdition(day: day, isToday: index == 0)
        }
        let xml = DigestAtomFeed.render(editions, site: DigestFeedSite(baseURL: "https://news.example.org/d&x/"))
        #expect(Self.elements("entry", in: xml).count == XSSCorpus.vectors.count)
        let file = NSTemporaryDirectory() + "feedwatch-corpus-\(UUID().uuidString).xml"
        try xml.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.xmllint))
        process.arguments = ["--noout", "--nonet", file]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let complaints = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0 && complaints.isEmpty, "\(complaints.prefix(2000))")
    }

    @Test func theCheckersCatchRealEscapes() {
        let good = DigestFeedContent.html(of: DigestBuilder.build(DigestFixtures.dstDay), site: Self.site)
        #expect(Self.contentEscapes(good, base: Self.site.baseURL) == [])
        for bad in ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href=\"#story-1\">relative</a>",
                    "<a href=\"index.html\">relative</a>", "<a href=\"https://ok.example/\">no rel</a>",
                    "<a href=\"https://news.example.org/digests/../secret\">x</a>", "<style>x</style>", "a < b"] {
            let page = good.replacingOccurrences(of: "<main>", with: "<main>" + bad)
            #expect(!Self.contentEscapes(page, base: Self.site.baseURL).isEmpty, "\(bad)")
        }
        let xml = DigestAtomFeed.render(Self.editions, site: Self.site)
        for bad in ["<script>x</script>", "<title>second</title>", "<!-- x -->", "a < b"] {
            #expect(!Self.atomEscapes(xml.replacingOccurrences(of: "<generator>", with: bad + "<generator>")).isEmpty, "\(bad)")
        }
    }

    // MARK: - Day arithmetic the window and the retention use

    @Test func daysStepAcrossMonthsYearsAndLeapDays() {
        let day = DigestDate("2028-03-01")!
        #expect(day.advanced(byDays: -1)?.description == "2028-02-29")
        #expect(day.advanced(byDays: -29 - 31)?.description == "2028-01-01")
        #expect(day.advanced(byDays: -61)?.description == "2027-12-31")
        #expect(day.advanced(byDays: 366)?.description == "2029-03-02")
        #expect(day.advanced(byDays: 0) == day)
        #expect(DigestDate("2028-03-01")!.days(since: DigestDate("2027-03-01")!) == 366)
        #expect(DigestDate("0001-01-01")!.advanced(byDays: -1) == nil)
        #expect(DigestDate("9999-12-31")!.advanced(byDays: 1) == nil)
        #expect(day.advanced(byDays: Int.max) == nil && day.advanced(byDays: Int.min) == nil)
    }
}
