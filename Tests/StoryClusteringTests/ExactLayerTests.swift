import Testing
@testable import StoryClustering

@Suite struct ExactLayerTests {
    @Test func canonicalURLDropsTrackingAndVariants() {
        let key = CanonicalURL.key("https://www.example.com/world/story-1/")
        #expect(key == "example.com/world/story-1")
        for variant in [
            "http://example.com/world/story-1?utm_source=rss&utm_medium=feed",
            "https://m.example.com/world/story-1#top",
            "https://amp.example.com/world/story-1/amp",
            "https://example.com/amp/world/story-1?fbclid=abc&ref=rss",
            "HTTPS://WWW.EXAMPLE.COM/world/story-1?cmpid=rss_6&guccounter=1",
        ] {
            #expect(CanonicalURL.key(variant) == key, "\(variant)")
        }
        // Parameters that select content stay, in a stable order.
        #expect(CanonicalURL.key("https://example.com/a?page=2&id=7&utm_campaign=x") == "example.com/a?id=7&page=2")
        #expect(CanonicalURL.key("https://example.com/a?id=7") != CanonicalURL.key("https://example.com/a?id=8"))
    }

    @Test func canonicalURLRejectsNonWebURLs() {
        #expect(CanonicalURL.key("") == nil)
        #expect(CanonicalURL.key("javascript:alert(1)") == nil)
        #expect(CanonicalURL.key("mailto:desk@example.com") == nil)
        #expect(CanonicalURL.key("https://") == nil)
    }

    @Test func headlinesLoseOutletSuffixesAndNewsroomPrefixes() {
        #expect(HeadlineNormalizer.cleanedTitle("Iraq defers payments on euroloan - Reuters") == "Iraq defers payments on euroloan")
        #expect(HeadlineNormalizer.cleanedTitle("Ceasefire talks resume in Cairo | World news") == "Ceasefire talks resume in Cairo")
        #expect(HeadlineNormalizer.cleanedTitle("UPDATE 2-Iraq defers payments on euroloan") == "Iraq defers payments on euroloan")
        #expect(HeadlineNormalizer.cleanedTitle("BREAKING: Earthquake strikes off Japan coast") == "Earthquake strikes off Japan coast")
        #expect(HeadlineNormalizer.cleanedTitle("Google launches add-ons for Docs and Sheets, could close the gap  ...")
                == "Google launches add-ons for Docs and Sheets, could close the")
        #expect(HeadlineNormalizer.key("UPDATE 1-Iraq Defers Payments - Reuters") == HeadlineNormalizer.key("iraq defers payments!"))
        // A headline that is only a prefix is left alone.
        #expect(HeadlineNormalizer.cleanedTitle("Update: ") == "Update:")
        // A long tail after a dash is part of the headline, not an outlet.
        #expect(HeadlineNormalizer.cleanedTitle("Markets rally - investors bet the central bank will cut rates soon")
                == "Markets rally - investors bet the central bank will cut rates soon")
    }

    @Test func rfc3339Timestamps() {
        #expect(RFC3339.seconds("1970-01-01T00:00:00Z") == 0)
        #expect(RFC3339.seconds("2014-03-09T16:15:07Z") == 1_394_381_707)
        #expect(RFC3339.seconds("2014-03-09T17:15:07+01:00") == 1_394_381_707)
        #expect(RFC3339.seconds("2014-03-09T11:15:07.5-05:00") == 1_394_381_707.5)
        #expect(RFC3339.seconds("2014-03-09") == 1_394_323_200)
        #expect(RFC3339.seconds("yesterday") == nil)
        #expect(RFC3339.seconds("2014-13-09T00:00:00Z") == nil)
        #expect(RFC3339.seconds("") == nil)
    }

    @Test func tokenizerFoldsWireAbbreviations() {
        #expect(NewsTokenizer.contentWords("Profit 27.8 mln dlrs, up 3 pct") == NewsTokenizer.contentWords("profit 27.8 million dollars, up 3 percent"))
        #expect(NewsTokenizer.contentWords("Albertson's stores") == ["albertson", "store"])
        #expect(NewsTokenizer.contentWords("Revenue 2,668,000") == ["revenue", "2668000"])
    }

    /// A body line is tokenized in place, as a slice of the body: the same tokens as the line
    /// copied out, the last word included.
    @Test func tokenizingALineOfABodyMatchesTheLineAlone() {
        let body = "Header\nZürich's council paid 2,668,000 dlrs for the U.S. firm's 10.3 pct stake\nLast line ends mid-word abc"
        struct Hashes: NewsTokenizer.Sink {
            var all: [UInt64] = []
            mutating func accept(_ token: NewsTokenizer.Scanned, _ normalised: ArraySlice<UInt8>) { all.append(token.hash) }
        }
        for line in body.split(separator: "\n") {
            var fromSlice = Hashes(), fromCopy = Hashes()
            NewsTokenizer.scan(line, into: &fromSlice)
            NewsTokenizer.scan(String(line), into: &fromCopy)
            #expect(fromSlice.all == fromCopy.all && !fromSlice.all.isEmpty)
        }
        #expect(NewsTokenizer.tokens("paid 2,668,000 dlrs abc").map(\.text) == ["paid", "2668000", "dollar", "abc"])
    }

    @Test func byteSearchAndTrimmingHandleNonASCII() {
        let title = "Café owners protest – Le Monde"
        let range = title.utf8Range(of: " – ", last: false)!
        #expect(title[..<range.lowerBound] == "Café owners protest" && title[range.upperBound...] == "Le Monde")
        #expect("a - b - c".utf8Range(of: " - ", last: true).map { "a - b - c"[$0.upperBound...] } == "c")
        #expect("short".utf8Range(of: "longer needle", last: false) == nil)
        #expect("\u{00A0}Headline\u{2003}".trimmingWhitespace() == "Headline")
        #expect(" Headline\n".trimmingWhitespace() == "Headline")
        #expect("e\u{0301}té".trimmingWhitespace() == "e\u{0301}té")
        #expect(BoilerplateFilter.looksLikeLinkLine("READ MORE: the full report"))
        #expect(BoilerplateFilter.looksLikeLinkLine("Related: Ports strike"))
        #expect(!BoilerplateFilter.looksLikeLinkLine("Rain fell across the region"))
        #expect(!BoilerplateFilter.looksLikeLinkLine("«Subscribe» was the word"))
    }

    @Test func datelineIsStripped() {
        #expect(BodyFingerprint.strippingDateline("WASHINGTON, March 4 (Reuters) - U.S. Trade Representative said") == "U.S. Trade Representative said")
        #expect(BodyFingerprint.strippingDateline("Prices rose - and fell - sharply") == "Prices rose - and fell - sharply")
    }

    @Test func reasonsReadLikeSentences() {
        #expect(MergeReason.nearDuplicate(itemID: "a-1", containment: 0.923, excerpt: false).description == "wire copy of a-1: 92% shingles")
        #expect(MergeReason.sameEvent(probability: 0.934, titleSimilarity: 0.612, bodySimilarity: nil, names: ["Teodorescu"],
                                      figures: ["3,700 miners"], words: ["budget"], hoursAfterFirst: 3.2).description
                == "same event: p 0.93, title 0.61, names {Teodorescu}, figures {3,700 miners}, shared {budget}, 3 h after the first report")
        #expect(MergeReason.sameCanonicalURL(itemID: "x").description == "same canonical URL as x")
    }
}
