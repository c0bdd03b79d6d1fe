import Testing
@testable import StoryClustering

@Suite struct NewsItemJSONTests {
    func decode(_ s: String) throws(NewsItemJSON.Failure) -> NewsItem { try NewsItemJSON.decode(Array(s.utf8)) }

    @Test func readsTheContractFields() throws {
        let item = try decode(#"{"id": "uci-56", "source": "Forbes", "title": "Icahn Targets Ebay Chief", "text": "", "published": "2014-03-09T20:43:48Z", "url": "http://www.forbes.com/sites/x/"}"#)
        #expect(item.id == "uci-56")
        #expect(item.source == "Forbes")
        #expect(item.title == "Icahn Targets Ebay Chief")
        #expect(item.published == RFC3339.seconds("2014-03-09T20:43:48Z"))
        #expect(item.url == "http://www.forbes.com/sites/x/")
    }

    @Test func unescapesStrings() throws {
        let item = try decode(#"{"id":"a\"b","title":"caf\u00e9 \ud83d\ude00 \/ \\ tab\tend","text":"line one\nline two","published":null}"#)
        #expect(item.id == "a\"b")
        #expect(item.title == "café 😀 / \\ tab\tend")
        #expect(item.text == "line one\nline two")
        #expect(item.published == nil)
    }

    @Test func skipsValuesItDoesNotNeed() throws {
        let item = try decode(#"{"id":"x","rank":-1.5e3,"tags":["a",{"b":"}"}],"ok":true,"title":"T"}"#)
        #expect(item.id == "x" && item.title == "T")
    }

    @Test func rejectsWhatIsNotAnItem() {
        #expect(throws: NewsItemJSON.Failure.notAnObject) { try decode("[1,2]") }
        #expect(throws: NewsItemJSON.Failure.missingID) { try decode(#"{"title":"no id"}"#) }
        #expect(throws: NewsItemJSON.Failure.missingID) { try decode("{}") }
        #expect(throws: (any Error).self) { try decode(#"{"id":"x","title":"unterminated}"#) }
        #expect(throws: (any Error).self) { try decode(#"{"id":"x"} trailing"#) }
        #expect(throws: (any Error).self) { try decode(#"{"id":"x","title":"bad \q escape"}"#) }
        #expect(throws: (any Error).self) { try decode(#"{"id":"x","n":12abc}"#) }
    }

    @Test func toleratesByteOrderMarkAndCRLF() throws {
        let item = try NewsItemJSON.decode([0xEF, 0xBB, 0xBF] + Array(#"{"id":"bom","title":"T"}"#.utf8) + [0x0D])
        #expect(item.id == "bom")
    }

    @Test func loneSurrogatesBecomeReplacementCharacters() throws {
        let item = try decode(#"{"id":"x","title":"a\ud800b"}"#)
        #expect(item.title == "a\u{FFFD}b")
    }
}
