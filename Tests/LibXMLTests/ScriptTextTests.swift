import FeedwatchTesting
import Testing
@testable import LibXML

/// `scriptText: .dataOnly` must give libxml2's own reading of a page minus the text of code
/// scripts and style sheets — however odd the markup around them. Each page here is parsed
/// both ways and the two trees compared node by node.
@Suite struct ScriptTextTests {
    /// The tree as a list of lines in document order, the text of `script`/`style` elements
    /// left out unless the script's type names JSON.
    static func outline(_ columns: HTMLColumns, droppingCode: Bool) -> [String] {
        var lines: [String] = []
        var stack: [(node: Int, depth: Int)] = [(0, 0)]
        while let (node, depth) = stack.popLast() {
            let parent = columns.parent[node]
            let attributes = columns.attributes[node].map { "\($0.name)=\($0.value)" }.joined(separator: " ")
            switch columns.kind[node] {
            case .document: lines.append("document")
            case .element: lines.append("\(depth) <\(columns.name[node]) \(attributes)>")
            case .comment: lines.append("\(depth) comment \(columns.text[node])")
            case .text:
                if droppingCode && parent >= 0 && isCode(columns, parent) { continue }
                lines.append("\(depth) text \(columns.text[node])")
            }
            for child in columns.children[node].reversed() { stack.append((child, depth + 1)) }
        }
        return lines
    }

    static func isCode(_ columns: HTMLColumns, _ element: Int) -> Bool {
        switch columns.name[element] {
        case "style": return true
        case "script":
            let type = columns.attribute("type", of: element) ?? ""
            return !type.lowercased().contains("json")
        default: return false
        }
    }

    static func expectSameReading(_ page: String, charset: String? = "UTF-8",
                                  sourceLocation: SourceLocation = #_sourceLocation) throws {
        let bytes = Array(page.utf8)
        let full = try HTMLColumns.parse(bytes, encoding: charset, scriptText: .all)
        let trimmed = try HTMLColumns.parse(bytes, encoding: charset, scriptText: .dataOnly)
        #expect(outline(trimmed, droppingCode: false) == outline(full, droppingCode: true),
                "page: \(page)", sourceLocation: sourceLocation)
    }

    @Test func codeIsDroppedAndJSONLDKept() throws {
        let page = """
            <html><head><script>var a = "</div><p>not text</p>";</script><style>p { color: red }</style>
            <script type="application/ld+json">{"headline": "Kept <b>as data</b>"}</script></head>
            <body><p>Body text</p><script src="x.js"></script></body></html>
            """
        let columns = try HTMLColumns.parse(Array(page.utf8), encoding: "UTF-8", scriptText: .dataOnly)
        let text = columns.textContent(of: 0) + (columns.elements(named: "script").map { columns.textContent(of: $0) }.joined())
        #expect(!columns.text.contains { $0.contains("not text") || $0.contains("color: red") })
        #expect(columns.text.contains { $0.contains("Kept <b>as data</b>") })
        #expect(text.contains("Body text"))
        #expect(columns.elements(named: "script").count == 3)
        #expect(columns.elements(named: "style").count == 1)
        try Self.expectSameReading(page)
    }

    /// Shapes where a tokeniser that is not libxml2's would see a script that libxml2 does
    /// not (or miss one's end), checked against libxml2 2.9's reading.
    @Test(arguments: [
        "<p>a < b <script>x</script> > c</p>",
        "<p>a <3 <script>x</script> c</p>",
        "<p>a<!--> <script>x</script> -->b</p>",
        "<p>a<!-- x --!> <script>y</script> -->b</p>",
        "<p>a<!-- <script> -->b<script>c</script>d</p>",
        "<p><_x title=\"<script>\">z</script>w</p>",
        "<p><div <script>q</script>e</p>",
        "<p><a href=x<script>r</script>s</p>",
        "<p><a title=\"x>\"<script>r</script>s</p>",
        "<p><a title='it\"s'><script>r</script>s</p>",
        "<p><script/>t<script>u</script></p>",
        "<p><title><script>u</script></title></p>",
        "<p><script>v</scripts>w<script>x</script>y</p>",
        "<p><a title=\"unclosed><script>r</script>s</p>",
        "<p><a =x <script>r</script>s</p>",
        "<p><a b=\"1\"c=\"2\"<script>r</script>s</p>",
        "<p><a href=\"x\" / ><script>r</script>s</p>",
        "<p><textarea><script>u</script></textarea>z</p>",
        "<p><![CDATA[ <script>u</script> ]]>z</p>",
        "<p><?php echo \"<script>\"; ?>u</script>z</p>",
        "<p><!x <script>a</script>>z</p>",
        "<p>a </ <script>x</script> b</p>",
        "<p>a</>b<script>x</script></p>",
        "<p></a title=\">\" <script>x</script>y</p>",
        "<p>a<!DOCTYPE html>b<script>x</script></p>",
        "<p><style>a</style >b<style/>c</p>",
        "<p><SCRIPT>a</SCRIPT>b<script >c</script\t>d</p>",
        "<p><script>a</script\tx>b</p>",
        "<p><script type=\"text/javascript\">if (a<b) { document.write('<script>x<\\/script>') }</script>after</p>",
        "<p><script type=\"application/ld+json\">{\"a\": \"<!-- <script>\"}</script><script>b</script>c</p>",
        "<p><script type=\"application/ld&#43;json\">{}</script>d</p>",
        "<p><script>unterminated",
        "<p><style>unterminated <!-- </p>",
        "<svg><style>.a{}</style><script>x()</script></svg><p>after</p>",
    ])
    func oddMarkupReadsAsLibxml2ReadsIt(_ page: String) throws {
        try Self.expectSameReading(page)
    }

    @Test func legacyAndUndeclaredCharsets() throws {
        try Self.expectSameReading("<meta charset=windows-1252><script>x</script><p>caf\u{e9}</p>", charset: "windows-1252")
        try Self.expectSameReading("<meta charset=utf-8><script>x</script><p>plain ascii</p>", charset: nil)
        // Not an ASCII-compatible reading: left alone, and still read correctly.
        try Self.expectSameReading("<script>x</script><p>\u{1B}$B text</p>", charset: nil)
    }

    /// Pages put together at random from the pieces tokenisers disagree on: every one reads
    /// the same both ways.
    @Test func randomPagesReadTheSameBothWays() throws {
        let pieces = [
            "<script>", "</script>", "<script type=\"application/json\">", "<style>", "</style>", "<script/>",
            "</scripts>", "<!--", "-->", "--!>", "<!-->", "<a title=\"", "<a title='", "\"", "'", ">", "/>", "<",
            "</", "</ ", "<!x", "<?pi ", "<!DOCTYPE html>", "<_x ", "<div ", "</div>", "<p>", "text ", "x=1;",
            " ", "\n", "&amp;", "<br>", "<a href=u>", "=", "<title>", "</title>", "<textarea>",
        ]
        var generator = SplitMix64(seed: 0x5EED)
        for _ in 0..<1500 {
            var page = ""
            for _ in 0..<(3 + Int(generator.next() % 25)) { page += pieces[Int(generator.next() % UInt64(pieces.count))] }
            try Self.expectSameReading(page)
        }
    }
}
