import Foundation
import Testing
@testable import FeedParser

/// `JSONReader` replaced Foundation's `JSONSerialization` for JSON Feeds: on ordinary documents
/// it must read the same values, and reject what Foundation rejects.
@Suite struct JSONReaderTests {
    static let generous = JSONReader.Limits(maxDepth: 64, maxArrayElements: 1_000, maxObjectMembers: 1_000)

    static func read(_ text: String, limits: JSONReader.Limits = generous) throws -> (JSONValue, JSONReader) {
        var reader = JSONReader(Array(text.utf8), limits: limits)
        let value = try reader.value()
        try reader.finish()
        return (value, reader)
    }

    /// Foundation's reading of the same text, in `JSONValue` terms (numbers compared as doubles).
    static func foundation(_ any: Any) -> JSONValue {
        switch any {
        case let s as String: return .string(s)
        case let a as [Any]: return .array(a.map(foundation))
        case let o as [String: Any]: return .object(o.mapValues(foundation))
        case is NSNull: return .null
        case let n as NSNumber:
            if String(cString: n.objCType) == "c" { return .bool(n.boolValue) } // how Foundation marks a JSON boolean
            return .number(String(n.doubleValue + 0))
        default: return .null
        }
    }

    static func normalisingNumbers(_ value: JSONValue) -> JSONValue {
        switch value {
        case .number(let literal): return .number(String((Double(literal) ?? .nan) + 0)) // + 0: -0 reads as 0
        case .array(let a): return .array(a.map(normalisingNumbers))
        case .object(let o): return .object(o.mapValues(normalisingNumbers))
        default: return value
        }
    }

    static let documents = [
        #"{"version":"https://jsonfeed.org/version/1.1","title":"Harbour","items":[]}"#,
        #"  {"a" : [1, -2, 3.25, 1e3, -0.5E-2, 0], "b" : {"c" : null, "d" : true, "e" : false}}  "#,
        #"{"quote":"\"Open\" \\ path\/to \b\f\n\r\t","unicode":"caf\u00e9 \u20ac \ud83d\udea2 \u0000end"}"#,
        #"{"nested":[[[]],[{}],{"x":[{"y":"z"}]}],"empty":""}"#,
        #"{"same":1,"same":2}"#,
        #"["top", "level", "array"]"#,
        "{\"raw\":\"ünïcödé text — dashes\"}",
        #"{"trailing":[1,2,],"commas":{"x":1,},}"#, // Foundation allows one trailing comma
        #"{"big":99999999999999999999,"small":-0,"exp":1.5e300}"#,
    ]

    @Test(arguments: documents)
    func readsWhatFoundationReads(text: String) throws {
        let ours = try Self.read(text).0
        let theirs = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        #expect(Self.normalisingNumbers(ours) == Self.foundation(theirs))
    }

    static let malformed = [
        #"[,]"#, #"{,}"#, #"[1,,2]"#, #"{"a":1e400}"#, #"{'a':1}"#, #"{"a":01}"#, #"{"a":1.}"#, #"{"a":.5}"#, #"{"a":+1}"#,
        "{\"a\":\"tab\tinside\"}", #"{"a":"\x"}"#, #"{"a":"\ud83d"}"#, #"{"a":"\udea2"}"#, #"{"a":tru}"#,
        #"{"a":1} extra"#, #"{"a" 1}"#, #"{"a":1"#, #"["unterminated]"#, #"// comment"#, "",
    ]

    @Test(arguments: malformed)
    func rejectsWhatFoundationRejects(text: String) {
        #expect(throws: JSONReader.Failure.self) { try Self.read(text) }
        #expect(throws: (any Error).self) { try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) }
    }

    @Test func bigContainersKeepTheirFirstPartAndSaySo() throws {
        let limits = JSONReader.Limits(maxDepth: 8, maxArrayElements: 3, maxObjectMembers: 2)
        let (value, reader) = try Self.read(#"{"a":[1,2,3,4,5],"b":{"x":1},"c":"dropped"}"#, limits: limits)
        #expect(value == .object(["a": .array([.number("1"), .number("2"), .number("3")]), "b": .object(["x": .number("1")])]))
        #expect(reader.droppedArrayElements)
        #expect(reader.droppedObjectMembers)
        // What is dropped is still checked: an error past the cap is an error.
        #expect(throws: JSONReader.Failure.self) { try Self.read(#"[1,2,3,4,[}]"#, limits: limits) }
    }

    @Test func nestingPastTheLimitIsRefused() {
        let limits = JSONReader.Limits(maxDepth: 10, maxArrayElements: 10, maxObjectMembers: 10)
        #expect(throws: JSONReader.Failure.tooDeep) { try Self.read(String(repeating: "[", count: 11) + String(repeating: "]", count: 11), limits: limits) }
        #expect(throws: Never.self) { try Self.read(String(repeating: "[", count: 10) + String(repeating: "]", count: 10), limits: limits) }
    }

    @Test func numbersReadBackAsFoundationWritesThem() {
        #expect(JSONFeedParser.numberText("2041") == "2041")
        #expect(JSONFeedParser.numberText("-7") == "-7")
        #expect(JSONFeedParser.numberText("1.5") == NSNumber(value: 1.5).stringValue)
        #expect(JSONValue.number("1e400").integer == nil)
        #expect(JSONValue.number("-12.9").integer == -12)
        #expect(JSONValue.number("99999999999999999999").integer == nil)
    }
}
