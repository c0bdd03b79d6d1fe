import Testing
@testable import LibXML

/// Records events as text, to compare what the two readers deliver.
struct EventLog: XMLEventHandler {
    var events: [String] = []
    mutating func startElement(_ element: XMLStartElement) {
        let attributes = element.attributes.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
        events.append("<\(element.name){\(element.namespaceURI)}[\(attributes)]")
    }
    mutating func endElement() { events.append("/") }
    /// Text may come in pieces (SAX splits it at references); adjacent pieces are one run here.
    mutating func text(_ text: String) {
        if let last = events.last, last.hasPrefix("'") {
            events[events.count - 1] = String(last.dropLast()) + text + "'"
        } else {
            events.append("'\(text)'")
        }
    }
}

@Suite struct XMLReadingTests {
    let document = Array("""
    <feed xmlns="http://www.w3.org/2005/Atom" xmlns:m="urn:m"><title type="html">A &amp; B</title><m:x a="1"/><![CDATA[<b>]]></feed>
    """.utf8)

    @Test func streamAndTreeDeliverTheSameEvents() throws {
        var stream = EventLog()
        let outcome = try XMLStreamReader.read(document, into: &stream)
        var tree = EventLog()
        try XMLTreeWalker.read(document, into: &tree)
        #expect(outcome.wellFormed)
        #expect(stream.events == tree.events)
        #expect(stream.events == [
            "<feed{http://www.w3.org/2005/Atom}[]", "<title{http://www.w3.org/2005/Atom}[type=html]", "'A & B'", "/",
            "<m:x{urn:m}[a=1]", "/", "'<b>'", "/",
        ])
    }

    @Test func attributeValuesComeBackDecodedWhateverTheReferenceForm() throws {
        // SAX2 keeps every `&` of an attribute as `&#38;`; a feed's link must not.
        let doc = Array(#"<feed><link a="?x=1&amp;y=2" b="&#38;&#x26;" c="&amp;#38;" d="&lt;&quot;&#233;"/></feed>"#.utf8)
        var log = EventLog()
        let outcome = try XMLStreamReader.read(doc, into: &log)
        #expect(outcome.wellFormed)
        #expect(log.events[1] == "<link{}[a=?x=1&y=2,b=&&,c=&#38;,d=<\"é]")
    }

    @Test func undeclaredPrefixStaysInTheNameAndMakesTheDocumentIllFormed() throws {
        var stream = EventLog()
        let outcome = try XMLStreamReader.read(Array("<rss><dc:creator>Jane</dc:creator></rss>".utf8), into: &stream)
        var tree = EventLog()
        try XMLTreeWalker.read(Array("<rss><dc:creator>Jane</dc:creator></rss>".utf8), into: &tree)
        #expect(!outcome.wellFormed)
        #expect(stream.events == tree.events)
        #expect(stream.events.contains("<dc:creator{}[]"))
    }

    @Test func textIsSkippedWhileTheHandlerDoesNotWantIt() throws {
        /// Wants only the text inside <keep>.
        struct Picky: XMLEventHandler {
            var path: [String] = []
            var collected = ""
            var wantsText: Bool { path.last == "keep" }
            mutating func startElement(_ element: XMLStartElement) { path.append(element.name) }
            mutating func endElement() { path.removeLast() }
            mutating func text(_ text: String) { collected += text }
        }
        var picky = Picky()
        try XMLStreamReader.read(Array("<r>skip<keep>A &amp; B</keep>skip<x>no</x><keep>!</keep></r>".utf8), into: &picky)
        #expect(picky.collected == "A & B!")
    }

    @Test func truncatedInputClosesEveryOpenElementAndReportsTheLine() throws {
        var log = EventLog()
        let outcome = try XMLStreamReader.read(Array("<rss>\n<channel>\n<title>cut".utf8), into: &log)
        #expect(outcome.stoppedEarly || !outcome.wellFormed)
        #expect(log.events.filter { $0.hasPrefix("<") }.count == log.events.filter { $0 == "/" }.count)
        #expect(outcome.firstError?.line != nil)
    }

    @Test func externalEntitiesAreNeverLoaded() throws {
        let xxe = Array("""
        <?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>[&x;]</r>
        """.utf8)
        var stream = EventLog()
        try XMLStreamReader.read(xxe, into: &stream)
        var tree = EventLog()
        try XMLTreeWalker.read(xxe, into: &tree)
        for log in [stream, tree] {
            #expect(!log.events.joined().contains("root:"))
        }
    }

    @Test func oversizedInputIsRefusedBeforeParsing() {
        #expect(throws: XMLParseError.self) {
            var log = EventLog()
            try XMLStreamReader.read([UInt8](repeating: 0x20, count: 1025), maxBytes: 1024, into: &log)
        }
    }
}

@Suite struct HTMLColumnsTests {
    @Test func pageBecomesColumnsOfValues() throws {
        let page = Array("<html><body><article><p>Mr <a href='/t'>Trump</a> said</p><script>x=1</script></article></body></html>".utf8)
        let columns = try HTMLColumns.parse(page)
        let article = try #require(columns.elements(named: "article").first)
        #expect(columns.textContent(of: article) == "Mr Trump said")
        let link = try #require(columns.elements(named: "a").first)
        #expect(columns.attribute("href", of: link) == "/t")
    }

    @Test func unlabelledWindows1252IsNotReadAsLatin1() throws {
        let page: [UInt8] = Array("<p>".utf8) + [0x93, 0x48, 0x69, 0x94, 0x20, 0x80, 0x35] + Array("</p>".utf8)
        let columns = try HTMLColumns.parse(page)
        let p = try #require(columns.elements(named: "p").first)
        #expect(columns.textContent(of: p) == "“Hi” €5")
    }

    @Test func httpCharsetWinsOverTheMetaTag() throws {
        let page: [UInt8] = Array("<meta charset='utf-8'><p>caf".utf8) + [0xE9] + Array("</p>".utf8)
        let columns = try HTMLColumns.parse(page, encoding: "windows-1252")
        let p = try #require(columns.elements(named: "p").first)
        #expect(columns.textContent(of: p) == "café")
    }

    @Test func deepNestingKeepsTheTextWithoutRecursing() throws {
        let page = Array((String(repeating: "<div>", count: 20_000) + "deep text").utf8)
        let columns = try HTMLColumns.parse(page)
        #expect(columns.textContent(of: 0).contains("deep text"))
    }

    @Test func oversizedPageIsRefusedBeforeParsing() {
        #expect(throws: XMLParseError.self) { try HTMLColumns.parse([UInt8](repeating: 0x20, count: 2048), maxBytes: 1024) }
    }
}

@Suite struct CharsetConverterTests {
    @Test func ebcdicAndCodePages() {
        #expect(CharsetConverter.utf8(from: [0xC8, 0x89], charset: "IBM037").map { String(decoding: $0, as: UTF8.self) } == "Hi")
        #expect(CharsetConverter.utf8(from: [0xCF, 0xEE], charset: "cp1251").map { String(decoding: $0, as: UTF8.self) } == "По")
        #expect(CharsetConverter.utf8(from: [0x41], charset: "no-such-charset") == nil)
    }

    @Test func invalidBytesBecomeReplacementCharacters() {
        let out = CharsetConverter.utf8(from: [0x41, 0xFF, 0x42], charset: "UTF-8").map { String(decoding: $0, as: UTF8.self) }
        #expect(out == "A\u{FFFD}B")
    }
}
