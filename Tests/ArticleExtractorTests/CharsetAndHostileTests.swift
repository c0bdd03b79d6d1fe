import Testing
@testable import ArticleExtractor

/// "Москва отменила парад из-за сильного ветра и дождя" in windows-1251.
private let cyrillic1251: [UInt8] = [204, 238, 241, 234, 226, 224, 32, 238, 242, 236, 229, 237, 232, 235, 224, 32, 239, 224, 240, 224, 228,
                                     32, 232, 231, 45, 231, 224, 32, 241, 232, 235, 252, 237, 238, 227, 238, 32, 226, 229, 242, 240, 224,
                                     32, 232, 32, 228, 238, 230, 228, 255]
/// "Café “Le Zinc” reopened, prices from €4 and £3" in windows-1252.
private let latin1252: [UInt8] = [67, 97, 102, 233, 32, 147, 76, 101, 32, 90, 105, 110, 99, 148, 32, 114, 101, 111, 112, 101, 110, 101, 100,
                                  44, 32, 112, 114, 105, 99, 101, 115, 32, 102, 114, 111, 109, 32, 128, 52, 32, 97, 110, 100, 32, 163, 51]

/// A page around some already-encoded bytes: `head` goes in `<head>`, the bytes open the story.
private func encodedPage(head: String, story: [UInt8]) -> [UInt8] {
    var bytes = Array("<html><head>\(head)<title>Story</title></head><body><article><p>".utf8)
    bytes += story
    bytes += Array(". \(PageShapes.storyParagraphs[0])</p><p>\(PageShapes.storyParagraphs[1])</p><p>\(PageShapes.storyParagraphs[2])</p></article></body></html>".utf8)
    return bytes
}

@Suite("Charsets")
struct CharsetTests {
    @Test("windows-1252 declared in a meta tag")
    func metaDeclared() {
        let article = PageExtractor.extract(encodedPage(head: "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">", story: latin1252))
        #expect(article.text.contains("Café “Le Zinc” reopened, prices from €4 and £3"))
    }

    @Test("Undeclared bytes that are not UTF-8 are read as windows-1252")
    func undeclaredLegacy() {
        let article = PageExtractor.extract(encodedPage(head: "", story: latin1252))
        #expect(article.text.contains("Café “Le Zinc” reopened"))
    }

    @Test("The HTTP charset outranks a wrong meta tag")
    func httpCharsetWins() {
        let page = encodedPage(head: "<meta charset=\"utf-8\">", story: cyrillic1251)
        let article = PageExtractor.extract(page, httpCharset: "windows-1251")
        #expect(article.text.contains("Москва отменила парад из-за сильного ветра и дождя"))
    }

    @Test("Valid UTF-8 wins over a wrong legacy declaration")
    func utf8OverWrongDeclaration() {
        let page = encodedPage(head: "<meta charset=\"gb2312\">", story: Array("Zürich’s mayor — “no comment”".utf8))
        let article = PageExtractor.extract(page)
        #expect(article.text.contains("Zürich’s mayor — “no comment”"))
    }

    @Test("A UTF-8 byte-order mark is honoured")
    func bom() {
        let page = [0xEF, 0xBB, 0xBF] + encodedPage(head: "", story: Array("São Paulo’s rain".utf8))
        #expect(PageExtractor.extract(page).text.contains("São Paulo’s rain"))
    }
}

@Suite("Hostile pages")
struct HostileTests {
    @Test("Very deep nesting neither crashes nor hangs")
    func deepNesting() {
        let depth = 50_000
        let html = String(repeating: "<div>", count: depth) + PageShapes.storyParagraphs.map { "<p>\($0)</p>" }.joined()
            + String(repeating: "</div>", count: depth)
        let article = PageExtractor.extract(Array(html.utf8))
        // Nesting beyond 256 levels is flattened: the story under it survives.
        #expect(article.paragraphs.count == 3)
        #expect(article.text.contains("twelve-mile detour"))
    }

    @Test("A 20 MB page is cut to the size cap with a note, not refused")
    func hugePage() {
        let paragraph = Array("<p>\(PageShapes.storyParagraphs[0]) \(PageShapes.storyParagraphs[1])</p>\n".utf8)
        var bytes = Array("<html><head><title>Huge</title></head><body><article>".utf8)
        bytes.reserveCapacity(21 << 20)
        while bytes.count < 20 << 20 { bytes += paragraph }
        let cap = 4 << 20
        let article = PageExtractor.extract(bytes, maxBytes: cap)
        #expect(article.notes.contains { $0.contains("truncated") })
        #expect(article.paragraphs.count > 1000)
        #expect(article.text.utf8.count < cap)
    }

    @Test("Very wide pages (loose links, <br><br> lines) are handled in linear time and keep their text")
    func widePages() {
        let links = "<html><body><div>" + String(repeating: "<a href=\"/x\">Harbour</a>, ", count: 5_000) + "</div></body></html>"
        let linkArticle = PageExtractor.extract(Array(links.utf8))
        #expect(linkArticle.text.hasPrefix("Harbour, Harbour"))
        let lines = "<html><body><div>" + String(repeating: "The ferry left at noon, on time.<br><br>\n", count: 5_000) + "</div></body></html>"
        let lineArticle = PageExtractor.extract(Array(lines.utf8))
        #expect(lineArticle.paragraphs.count == 5_000)
    }

    @Test("A page that is only script has no text and is not called full")
    func scriptOnly() {
        let html = "<html><head><script>" + String(repeating: "var a = '<p>not text</p>';\n", count: 20_000)
            + "</script></head><body><script>document.write('hello')</script></body></html>"
        let article = PageExtractor.extract(Array(html.utf8))
        #expect(article.text.isEmpty)
        #expect(article.status != .full)
    }

    @Test("Empty input and binary junk come back empty and blocked")
    func emptyAndJunk() {
        #expect(PageExtractor.extract([]).status == .blocked)
        var seed: UInt64 = 42
        let junk = (0..<20_000).map { _ -> UInt8 in
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: seed >> 33)
        }
        let article = PageExtractor.extract(junk)
        #expect(article.status != .full)
    }

    @Test("Tag soup still yields the story")
    func tagSoup() {
        let html = "<html><body><div><p>\(PageShapes.storyParagraphs[0])<p>\(PageShapes.storyParagraphs[1])<b><i>\(PageShapes.storyParagraphs[2])</b></i></span></table>"
        let article = PageExtractor.extract(Array(html.utf8))
        #expect(article.text.contains("twelve-mile detour"))
        #expect(article.text.contains("Residents of the village of Llanfair"))
    }
}
