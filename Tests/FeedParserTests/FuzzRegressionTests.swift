import Testing
@testable import FeedParser

/// Inputs found by `make fuzz` (scripts/fuzz.sh) that once crashed the parser, kept so they
/// never do again. Each test names what the input had and what a reader should get.
@Suite struct FuzzRegressionTests {
    /// A date word whose third byte starts a multi-byte character ("août", a Greek weekday)
    /// trapped while looking up English month prefixes.
    @Test func dateWordsCutInsideACharacterDoNotCrash() {
        for raw in ["mer., 12 août 2026 10:00:00 +0200", "Κυριακή, 06 Δεκ 2026 09:00:00 +0200", "12 xé 2026"] {
            #expect(FeedDateParser.parse(raw) == nil, "\(raw)")
        }
        // The neighbouring forms still read.
        #expect(FeedDateParser.parse("12 aug 2026 10:00:00 +0200") == FeedDate(year: 2026, month: 8, day: 12, hour: 8))
        #expect(FeedDateParser.parse("Κυρ, 06 Δεκ 2026 09:00:00 +0200") == FeedDate(year: 2026, month: 12, day: 6, hour: 7))
    }

    @Test func frenchFeedKeepsItsEntriesWhenADateCannotBeRead() throws {
        let xml = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>Le Quotidien du Port</title><link>https://quotidien.example/</link>
        <item><title>Grève au port : fin du mouvement</title><link>https://quotidien.example/greve</link>
        <pubDate>mer., 12 août 2026 10:00:00 +0200</pubDate></item>
        <item><title>Les ferries reprennent</title><link>https://quotidien.example/ferries</link>
        <pubDate>Wed, 12 Aug 2026 11:30:00 +0200</pubDate></item>
        </channel></rss>
        """
        let feed = try Feed.parse(Array(xml.utf8))
        #expect(feed.entries.map(\.title) == ["Grève au port : fin du mouvement", "Les ferries reprennent"])
        #expect(feed.entries[0].published == nil)
        #expect(feed.entries[1].published == FeedDate(year: 2026, month: 8, day: 12, hour: 9, minute: 30))
    }

    /// The fuzzer's own input: an Atom date with a stray byte 0x81 in the weekday, which decodes
    /// to U+FFFD and left "su" plus the first byte of that character as the month prefix.
    @Test func strayByteInAnAtomDateDoesNotCrash() throws {
        let head = Array(#"<feed xmlns="http://www.w3.org/2005/Atom"><title>dates</title><id>urn:x:feed</id><updated>Su"#.utf8)
        let tail = Array(#", 07 Jun 2009 12:00:00 GMT</updated><entry><title>entry</title><id>urn:x:1</id></entry></feed>"#.utf8)
        let feed = try Feed.parse(head + [0x81] + tail)
        #expect(feed.title == "dates")
        #expect(feed.updated == nil)
        #expect(feed.entries.map(\.title) == ["entry"])
    }
}
