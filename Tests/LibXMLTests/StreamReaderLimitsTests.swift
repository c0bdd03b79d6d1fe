import Testing
@testable import LibXML

/// The push parser that reads feeds, at the edges of what libxml2 allows it.
@Suite struct StreamReaderLimitsTests {
    /// Counts events without keeping them.
    struct Tally: XMLEventHandler {
        var starts = 0
        var ends = 0
        var deepest = 0
        var open = 0
        var textBytes = 0
        mutating func startElement(_ element: XMLStartElement) {
            starts += 1
            open += 1
            deepest = max(deepest, open)
        }
        mutating func endElement() {
            ends += 1
            open -= 1
        }
        mutating func text(_ text: String) { textBytes += text.utf8.count }
    }

    @Test func aDocumentOverTenMegabytesIsReadToTheEnd() throws {
        // Handed over in one piece, libxml2 stopped at "Huge input lookup" a third of the way in.
        let item = "<item><title>Harbour works continue through the winter</title></item>"
        let count = 11_000_000 / item.utf8.count
        let bytes = Array(("<rss><channel>" + String(repeating: item, count: count) + "</channel></rss>").utf8)
        var tally = Tally()
        let outcome = try XMLStreamReader.read(bytes, into: &tally)
        #expect(outcome.wellFormed)
        #expect(!outcome.stoppedEarly)
        #expect(tally.starts == 2 + 2 * count)
        #expect(tally.ends == tally.starts)
    }

    @Test func multiByteCharactersAcrossPieceBoundariesSurvive() throws {
        // Pieces are cut at a fixed size; text of three-byte characters straddles every cut.
        let text = String(repeating: "€", count: XMLStreamReader.chunkBytes + 7)
        let bytes = Array("<doc><p>\(text)</p></doc>".utf8)
        var log = EventLog()
        let outcome = try XMLStreamReader.read(bytes, encoding: "UTF-8", into: &log)
        #expect(outcome.wellFormed)
        #expect(log.events == ["<doc{}[]", "<p{}[]", "'\(text)'", "/", "/"])
    }

    @Test func nestingPastTheLimitStopsReadingAndSaysWhy() throws {
        // libxml2's push parser has no depth limit of its own: this would otherwise hold a
        // million open elements, in libxml2 and in the handler.
        let depth = 1_000_000
        let bytes = Array((String(repeating: "<w>", count: depth) + String(repeating: "</w>", count: depth)).utf8)
        var tally = Tally()
        let outcome = try XMLStreamReader.read(bytes, into: &tally)
        #expect(outcome.stoppedEarly)
        #expect(!outcome.wellFormed)
        #expect(outcome.firstError?.message.contains("nested deeper than \(XMLStreamReader.maxDepth)") == true)
        #expect(tally.deepest == XMLStreamReader.maxDepth)
        #expect(tally.ends == tally.starts) // every element delivered is closed
    }

    @Test func nestingAtTheLimitIsReadWhole() throws {
        let depth = XMLStreamReader.maxDepth
        let bytes = Array((String(repeating: "<w>", count: depth) + "x" + String(repeating: "</w>", count: depth)).utf8)
        var tally = Tally()
        let outcome = try XMLStreamReader.read(bytes, into: &tally)
        #expect(outcome.wellFormed)
        #expect(tally.deepest == depth)
        #expect(tally.textBytes == 1)
    }

    @Test func findsBytes() {
        let bytes = Array("abc<def<".utf8)
        #expect(ByteScan.indexOf(UInt8(ascii: "<"), in: bytes, from: 0, end: bytes.count) == 3)
        #expect(ByteScan.indexOf(UInt8(ascii: "<"), in: bytes, from: 4, end: bytes.count) == 7)
        #expect(ByteScan.indexOf(UInt8(ascii: "<"), in: bytes, from: 4, end: 7) == nil)
        #expect(ByteScan.indexOf(UInt8(ascii: "<"), in: bytes, from: 8, end: bytes.count) == nil)
    }
}

@Suite struct MemoryReleaseTests {
    @Test func glibcsTrimIsFoundAndCallable() {
        // Without it the daemon keeps every freed page of every large page it extracted.
        #expect(MemoryRelease.isAvailable)
        MemoryRelease.returnFreePages()
    }
}
