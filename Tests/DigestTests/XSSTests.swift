import Testing
@testable import Digest

/// Every vector of `XSSCorpus` in every feed-controlled field: the HTML must contain only the
/// renderer's own tags and attributes, and the Markdown no raw HTML and no non-web links.
@Suite struct XSSTests {
    static let allowedTags: Set<String> = [
        "html", "head", "meta", "title", "style", "body", "div", "header", "p", "h1", "h2", "h3", "ul", "ol", "li",
        "strong", "main", "nav", "span", "a", "section", "article", "time", "dl", "dt", "dd", "figure", "blockquote",
        "figcaption", "footer", "details", "summary",
    ]
    static let allowedAttributes: Set<String> = [
        "class", "href", "rel", "id", "datetime", "charset", "http-equiv", "content", "name", "lang", "aria-label",
    ]

    /// Every way the HTML could let a feed do more than show text; empty when the page is safe.
    static func htmlEscapes(_ html: String) -> [String] {
        var problems: [String] = []
        let page = HTMLTokenizer(html)
        if page.strayLessThan > 0 { problems.append("\(page.strayLessThan) raw '<' in text") }
        if !page.comments.isEmpty { problems.append("comment: \(page.comments)") }
        if page.doctypes != ["DOCTYPE html"] { problems.append("doctype/processing: \(page.doctypes)") }
        for tag in page.tags {
            if !allowedTags.contains(tag.name) { problems.append("tag <\(tag.name)>") }
            for attribute in tag.attributes {
                let name = attribute.name, value = attribute.value
                if !allowedAttributes.contains(name) { problems.append("attribute \(name)= on <\(tag.name)>") }
                if name == "href" {
                    let lower = value.lowercased()
                    let ownLink = tag.attributes.count == 1 && (value == "index.html" || isStoryAnchor(value)
                        || isDayFile(value) || isStoryInDayFile(value))
                    let web = (lower.hasPrefix("https://") || lower.hasPrefix("http://"))
                        && !value.unicodeScalars.contains { $0.value < 0x21 || "\"'<>`".unicodeScalars.contains($0) }
                    if !(ownLink || web) { problems.append("href \(value)") }
                    if web, tag.attributes.first(where: { $0.name == "rel" })?.value != "noopener noreferrer nofollow" {
                        problems.append("link without rel: \(value)")
                    }
                }
                if name == "http-equiv", value != "Content-Security-Policy" { problems.append("http-equiv \(value)") }
                if name == "content", tag.attributes.contains(where: { $0.name == "http-equiv" }),
                   value != HTMLDigest.contentSecurityPolicy { problems.append("CSP \(value)") }
                if name == "id", !isStoryAnchor("#" + value), !isStableAnchor(value) { problems.append("id \(value)") }
            }
        }
        for raw in page.rawText {
            if raw.element == "style", raw.text != "\n" + DigestStyleSheet.css + "\n" { problems.append("style changed") }
            if raw.element == "script" || raw.element == "textarea" { problems.append("raw \(raw.element)") }
        }
        if page.rawText.filter({ $0.element == "style" }).count != 1 { problems.append("style count") }
        if page.tags.filter({ $0.name == "title" && !$0.isEnd }).count != 1 { problems.append("title count") }
        return problems
    }

    static func isStoryAnchor(_ value: String) -> Bool {
        value.hasPrefix("#story-") && value.dropFirst(7).allSatisfy { $0.isASCII && $0.isNumber } && value.count > 7
    }

    static func isDayFile(_ value: String) -> Bool {
        value.hasSuffix(".html") && DigestDate(String(value.dropLast(5))) != nil
    }

    /// `s-<id>`: a story's stable anchor, made of letters, digits, '-' and '_' only.
    static func isStableAnchor(_ value: String) -> Bool {
        value.hasPrefix("s-") && value.count > 2
            && value.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }
    }

    /// "2026-11-26.html#s-17": a story of another day's digest.
    static func isStoryInDayFile(_ value: String) -> Bool {
        let parts = value.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        return parts.count == 2 && isDayFile(String(parts[0])) && isStableAnchor(String(parts[1]))
    }

    /// Every way the Markdown could carry raw HTML or a non-web link; empty when it is safe.
    static func markdownEscapes(_ markdown: String) -> [String] {
        var problems: [String] = []
        let s = Array(markdown.unicodeScalars)
        func escaped(_ index: Int) -> Bool {
            var count = 0, j = index - 1
            while j >= 0, s[j] == "\\" { count += 1; j -= 1 }
            return count % 2 == 1
        }
        var openBrackets = 0, links = 0
        for (index, scalar) in s.enumerated() where !escaped(index) {
            switch scalar {
            case "<": problems.append("raw '<' at \(index)")
            case "[": openBrackets += 1
            case "]":
                guard index + 1 < s.count, s[index + 1] == "(" else { problems.append("bare ']' at \(index)"); continue }
                links += 1
                let destination = String(String.UnicodeScalarView(s[(index + 2)...].prefix { $0 != ")" }))
                let lower = destination.lowercased()
                let dayFile = destination.hasSuffix(".md") && DigestDate(String(destination.dropLast(3))) != nil
                if !(lower.hasPrefix("https://") || lower.hasPrefix("http://") || dayFile)
                    || destination.unicodeScalars.contains(where: { $0.value <= 0x20 || $0 == "(" || $0 == "<" }) {
                    problems.append("link to \(destination)")
                }
            case "`": problems.append("raw backtick at \(index)")
            case "&":
                let rest = String(String.UnicodeScalarView(s[index...].prefix(12)))
                if rest.range(of: "^&#?[A-Za-z0-9]+;", options: .regularExpression) != nil { problems.append("entity \(rest)") }
            default: break
            }
        }
        if openBrackets != links { problems.append("\(openBrackets) '[' for \(links) links") }
        for line in markdown.split(separator: "\n") {
            if line.hasPrefix("["), line.contains("]:") { problems.append("reference definition \(line)") }
            if line.hasPrefix("<") { problems.append("HTML block \(line)") }
        }
        return problems
    }

    @Test func theCorpusIsBigAndVaried() {
        #expect(XSSCorpus.vectors.count >= 50)
        #expect(Set(XSSCorpus.vectors).count == XSSCorpus.vectors.count)
    }

    @Test func theCheckersCatchRealEscapes() {
        let good = HTMLDigest.render(DigestBuilder.build(DigestFixtures.dstDay))
        #expect(Self.htmlEscapes(good).isEmpty)
        for bad in ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>",
                    "<a href=\"&#106;avascript:alert(1)\">x</a>", "<p style=\"color:red\">x</p>", "<!-- x -->",
                    "<a href=\"https://ok.example/\">no rel</a>", "<iframe src=\"https://ok.example/\"></iframe>",
                    "<svg/onload=alert(1)>", "a < b"] {
            let page = good.replacingOccurrences(of: "<main>", with: "<main>" + bad)
            #expect(!Self.htmlEscapes(page).isEmpty, "\(bad)")
        }
        let markdown = MarkdownDigest.render(DigestBuilder.build(DigestFixtures.dstDay))
        #expect(Self.markdownEscapes(markdown).isEmpty)
        for bad in ["<b>x</b>", "[x](javascript:alert(1))", "![x](data:image/png,AA)", "[x]: javascript:1", "&#60;b&#62;",
                    "`code`"] {
            #expect(!Self.markdownEscapes(markdown + "\n" + bad + "\n").isEmpty, "\(bad)")
        }
    }

    @Test(arguments: XSSCorpus.vectors.indices)
    func noVectorEscapesTheHTML(_ index: Int) {
        let vector = XSSCorpus.vectors[index]
        let urls = XSSCorpus.urls
        for url in [urls[index], urls[urls.count - 1 - index % 4]] {
            let day = DigestBuilder.build(XSSCorpus.day(with: vector, url: url))
            let html = HTMLDigest.render(day)
            #expect(Self.htmlEscapes(html) == [], "vector \(index): \(vector)")
            #expect(!html.lowercased().contains("<script"))
            // The text is shown, escaped, not silently dropped.
            #expect(html.contains(HTMLEscaper.escape(TextCleaner.line(vector))), "vector \(index) missing")
            let index = HTMLDigest.renderIndex([DigestIndexEntry(day)])
            #expect(Self.htmlEscapes(index) == [])
        }
    }

    @Test(arguments: XSSCorpus.vectors.indices)
    func noVectorEscapesTheMarkdown(_ index: Int) {
        let vector = XSSCorpus.vectors[index]
        let markdown = MarkdownDigest.render(DigestBuilder.build(XSSCorpus.day(with: vector, url: XSSCorpus.urls[index])))
        #expect(Self.markdownEscapes(markdown) == [], "vector \(index): \(vector)")
    }

    @Test func urlsWithVectorsInsideStayOneWebLink() {
        for url in XSSCorpus.urls.suffix(4) {
            let html = HTMLDigest.render(DigestBuilder.build(XSSCorpus.day(with: "x", url: url)))
            #expect(Self.htmlEscapes(html) == [], "\(url)")
            #expect(html.contains("href=\"" + HTMLEscaper.escape(WebLink.safe(url)!) + "\""))
        }
    }

    @Test func theTitleProbeIsInertAndVisible() {
        let html = HTMLDigest.render(DigestBuilder.build(XSSCorpus.titleProbeDay))
        #expect(Self.htmlEscapes(html) == [])
        #expect(html.contains("&lt;script&gt;document.title=&#39;PWNED&#39;&lt;/script&gt;"))
        let title = HTMLTokenizer(html).rawText.first { $0.element == "title" }?.text
        #expect(title == "feedwatch digest · Sunday 25 October 2026")
    }
}
