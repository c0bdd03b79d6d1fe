import Testing
@testable import ArticleExtractor

/// Hostile page shapes around a real story: the story comes out, the cut is named in the
/// notes, and the work stays linear (asserted on structure, not on the clock).
@Suite("Budgets")
struct BudgetTests {
    static var story: String { PageShapes.storyParagraphs.map { "<p>\($0)</p>" }.joined() }

    @Test("A story under 100 000 nested elements still comes out, the flattening noted")
    func deepWrappers() {
        let depth = 100_000
        let html = "<html><body>" + String(repeating: "<div><span>", count: depth) + Self.story
            + String(repeating: "</span></div>", count: depth) + "</body></html>"
        let article = PageExtractor.extract(Array(html.utf8))
        #expect(article.text.contains("twelve-mile detour"))
        #expect(article.notes.contains { $0.contains("nested more than") })
    }

    @Test("An element with 300 000 attributes is read with its first 256")
    func attributeFlood() {
        let attributes = (0..<300_000).map { "data-a\($0)=\"1\"" }.joined(separator: " ")
        let html = "<html><body><article \(attributes)>\(Self.story)</article></body></html>"
        let article = PageExtractor.extract(Array(html.utf8))
        #expect(article.text.contains("twelve-mile detour"))
        #expect(article.notes.contains { $0.contains("attributes") })
    }

    @Test("Thousands of removable siblings are removed in linear time")
    func wideRemovals() {
        // Each hidden or empty sibling is detached on its own: with array children lists this was quadratic.
        let junk = String(repeating: "<div class=\"sidebar comment\">x</div><div></div><div style=\"display:none\">y</div>", count: 40_000)
        let html = "<html><body>\(junk)<article>\(Self.story)</article></body></html>"
        let article = PageExtractor.extract(Array(html.utf8))
        #expect(article.text.contains("twelve-mile detour"))
        #expect(!article.text.contains("sidebar"))
    }

    @Test("Past the node budget the rest of the page is cut, and the article says so")
    func nodeBudget() {
        let html = "<html><body><article>\(Self.story)</article>" + String(repeating: "<i>x</i>", count: 400_000) + "</body></html>"
        let article = PageExtractor.extract(Array(html.utf8))
        #expect(article.text.contains("twelve-mile detour"))
        #expect(article.notes.contains { $0.contains("nodes") })
    }

    @Test("Nested tables and lists are cleaned in one pass each")
    func nestedBlocks() {
        let depth = 200
        let tables = String(repeating: "<table><tr><td>", count: depth) + Self.story + String(repeating: "</td></tr></table>", count: depth)
        let lists = String(repeating: "<ul><li>", count: depth) + "item" + String(repeating: "</li></ul>", count: depth)
        let article = PageExtractor.extract(Array("<html><body>\(tables)\(lists)</body></html>".utf8))
        #expect(article.text.contains("twelve-mile detour"))
    }

    @Test("A huge title and a flood of JSON-LD scripts are read only in part")
    func metadataFloods() {
        let scripts = String(repeating: "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"Thing\"}</script>", count: 20_000)
        let title = String(repeating: "Harbour | ", count: 200_000)
        let html = "<html><head><title>\(title)</title>\(scripts)</head><body><article>\(Self.story)</article></body></html>"
        let article = PageExtractor.extract(Array(html.utf8))
        #expect(article.text.contains("twelve-mile detour"))
        #expect((article.title?.utf8.count ?? 0) <= PageExtractor.maxTitleBytes)
    }
}
