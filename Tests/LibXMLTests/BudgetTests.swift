import Testing
@testable import LibXML

/// Pages shaped to make a reader quadratic or greedy: each is read within the budget, the
/// cap it hit is named, and the text around the hostile part still comes out.
@Suite struct HTMLBudgetTests {
    static let story = "<p>The harbour commission voted to rebuild the northern breakwater.</p>"

    @Test func attributesPastTheCapAreDroppedBeforeLibxml2CountsThem() throws {
        // libxml2 compares each attribute of a tag with all earlier ones: 200 000 would take minutes.
        let attributes = (0..<200_000).map { "a\($0)=x" }.joined(separator: " ")
        let page = Array("<html><body><div id=lead \(attributes)>\(Self.story)</div></body></html>".utf8)
        let columns = try HTMLColumns.parse(page, scriptText: .dataOnly)
        let div = try #require(columns.elements(named: "div").first)
        #expect(columns.attributes[div].count == HTMLBudget.standard.maxAttributes)
        #expect(columns.attribute("id", of: div) == "lead")
        #expect(columns.cuts.contains(.attributes(max: HTMLBudget.standard.maxAttributes)))
        #expect(columns.textContent(of: div).contains("northern breakwater"))
    }

    @Test func aTagThatNeverEndsIsCappedToo() throws {
        let attributes = (0..<50_000).map { "a\($0)=x" }.joined(separator: " ")
        // An odd comment first (where emptying scripts would stop), then a tag whose quote never closes.
        let columns = try HTMLColumns.parse(Array("<p>before</p><!--> <div \(attributes) title=\"open".utf8), scriptText: .dataOnly)
        #expect(columns.cuts.contains(.attributes(max: HTMLBudget.standard.maxAttributes)))
        #expect(columns.textContent(of: 0).contains("before"))
        #expect(columns.elements(named: "div").allSatisfy { columns.attributes[$0].count <= HTMLBudget.standard.maxAttributes })
    }

    @Test func deepNestingKeepsLibxml2sStackShallowAndDropsEmptyWrappers() throws {
        let depth = 100_000
        let page = "<html><body>" + String(repeating: "<div>", count: depth) + Self.story
            + String(repeating: "</div>", count: depth) + "<p>after the nesting</p></body></html>"
        let columns = try HTMLColumns.parse(Array(page.utf8))
        // The empty wrappers past the depth cap cost no nodes at all.
        #expect(columns.kind.count < HTMLBudget.standard.maxDepth + 20)
        #expect(columns.cuts.contains(.nesting(max: HTMLBudget.standard.maxDepth)))
        let text = columns.textContent(of: 0)
        #expect(text.contains("northern breakwater"))
        #expect(text.contains("after the nesting"))
    }

    @Test func theNodeBudgetStopsTheParseAndSaysSo() throws {
        let budget = HTMLBudget(maxNodes: 5_000, maxAttributes: 256, maxAttributeBytes: 1024, maxDepth: 256)
        let page = Self.story + String(repeating: "<i>x</i>", count: 50_000)
        let columns = try HTMLColumns.parse(Array(page.utf8), budget: budget)
        #expect(columns.kind.count <= budget.maxNodes)
        #expect(columns.cuts.contains(.nodes(max: budget.maxNodes)))
        #expect(columns.textContent(of: 0).contains("northern breakwater"))
    }

    @Test func longAttributeValuesAreShortened() throws {
        let budget = HTMLBudget(maxNodes: 1_000, maxAttributes: 8, maxAttributeBytes: 100, maxDepth: 256)
        let page = "<div class=\"" + String(repeating: "x", count: 100_000) + "\">text</div>"
        let columns = try HTMLColumns.parse(Array(page.utf8), budget: budget)
        let div = try #require(columns.elements(named: "div").first)
        #expect(columns.attribute("class", of: div)?.utf8.count == 100)
        #expect(columns.cuts.contains(.attributeLength(max: 100)))
    }

    @Test func utf16PagesAreReadThroughTheSameCaps() throws {
        let attributes = (0..<2_000).map { "a\($0)=x" }.joined(separator: " ")
        let text = "<html><body><div \(attributes)>café story</div></body></html>"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let columns = try HTMLColumns.parse(bytes)
        let div = try #require(columns.elements(named: "div").first)
        #expect(columns.attributes[div].count == HTMLBudget.standard.maxAttributes)
        #expect(columns.textContent(of: div) == "café story")
    }

    @Test func jsonNestingIsMeasuredOutsideStrings() {
        #expect(ByteScan.jsonNestingExceeds(Array("[[[1]]]".utf8), limit: 2))
        #expect(!ByteScan.jsonNestingExceeds(Array("[\"[[[[\", {\"a\": \"\\\"[[[\"}]".utf8), limit: 2))
    }
}

/// End tags that close nothing: libxml2 searches its open elements and formats an error for
/// each, so millions of them cost seconds unless they are shortened or budgeted.
@Suite struct StrayEndTagTests {
    static let story = "<p>The harbour commission voted to rebuild the northern breakwater.</p>"

    @Test func aRunOfOneEndTagIsShortenedWithoutChangingThePage() throws {
        let deep = String(repeating: "<div>", count: 300)
        let run = String(repeating: "</span>", count: 1_000_000)
        let page = "<html><body>\(deep)\(Self.story)\(run)<p>after the run</p></body></html>"
        let columns = try HTMLColumns.parse(Array(page.utf8))
        // The same page with a short run: the parse must be identical.
        let short = "<html><body>\(deep)\(Self.story)" + String(repeating: "</span>", count: 2_000) + "<p>after the run</p></body></html>"
        let reference = try HTMLColumns.parse(Array(short.utf8))
        #expect(columns.name == reference.name)
        #expect(columns.parent == reference.parent)
        #expect(columns.text == reference.text)
        #expect(!columns.cuts.contains(.errors(max: HTMLBudget.standard.maxErrors)))
        #expect(columns.textContent(of: 0).contains("after the run"))
    }

    @Test func endTagsThatCanCloseSomethingAreAllKept() throws {
        // 500 nested spans closed by 500 end tags: more than the depth budget keeps, still
        // within the run kept, so the page is left as it is.
        let page = "<div>" + String(repeating: "<span>", count: 500) + "x" + String(repeating: "</span>", count: 500) + "<b>after</b></div>"
        let prepass = HTMLPrepass.rewrite(Array(page.utf8), stripCode: false, maxAttributes: 256, maxDepth: 256)
        #expect(prepass.bytes?.count == nil)
        // A longer run is cut to what the budget could ever close.
        let long = "<div>" + String(repeating: "</span>", count: 5_000) + "</div>"
        let cut = HTMLPrepass.rewrite(Array(long.utf8), stripCode: false, maxAttributes: 256, maxDepth: 256)
        let kept = 2 * 256 + 64
        let expected = "<div></div>".utf8.count + kept * "</span>".utf8.count
        #expect(cut.bytes?.count == expected)
    }

    @Test func paragraphEndTagsAreNeverShortened() {
        let page = Array(("<div>" + String(repeating: "</p>", count: 5_000) + "</div>").utf8)
        #expect(HTMLPrepass.rewrite(page, stripCode: false, maxAttributes: 256, maxDepth: 256).bytes?.count == nil)
    }

    @Test func pastTheErrorBudgetTheRestOfThePageIsNotReadAndTheCutIsNamed() throws {
        // Alternating names defeat the run shortening; the error budget still bounds the work.
        let budget = HTMLBudget(maxNodes: 300_000, maxAttributes: 256, maxAttributeBytes: 1024, maxDepth: 256, maxErrors: 1_000)
        let page = "<html><body>\(Self.story)" + String(repeating: "</x></y>", count: 50_000) + "<p>never read</p></body></html>"
        let columns = try HTMLColumns.parse(Array(page.utf8), budget: budget)
        #expect(columns.cuts.contains(.errors(max: 1_000)))
        let text = columns.textContent(of: 0)
        #expect(text.contains("northern breakwater"))
        #expect(!text.contains("never read"))
    }

    @Test func anOrdinaryPageStaysFarBelowTheErrorBudget() throws {
        // HTML5 tags libxml2 2.9 does not know are each an error: a long page has thousands.
        let section = "<section><nav><a href=/a>A</a></nav><article><header>h</header>\(Self.story)</article></section>"
        let page = "<html><body>" + String(repeating: section, count: 2_000) + "</body></html>"
        let columns = try HTMLColumns.parse(Array(page.utf8))
        #expect(columns.cuts.isEmpty)
    }
}
