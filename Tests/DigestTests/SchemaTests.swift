import Foundation
import Testing
@testable import Digest

/// The JSON digest against docs/digest.schema.json, and the validator against broken documents.
@Suite struct SchemaTests {
    static let schemaFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../docs/digest.schema.json").standardizedFileURL

    static func validator() throws -> SchemaValidator {
        let text = try String(contentsOf: schemaFile, encoding: .utf8)
        return SchemaValidator(root: try JSONValue.parse(text))
    }

    static var days: [DigestDay] {
        [DigestBuilder.build(DigestFixtures.dstDay), DigestBuilder.build(DigestFixtures.plainDay),
         DigestBuilder.build(DigestInput(date: DigestDate("2026-01-01")!, timeZone: TimeZone(identifier: "Asia/Kolkata")!,
                                         generatedAt: DigestFixtures.t("2026-01-01T12:00:00Z"))),
         DigestBuilder.build(XSSCorpus.titleProbeDay), DigestBuilder.build(StoryDetailFixtures.secondDay)]
    }

    /// Reasons, facts and developing links are in the schema, and broken ones are caught.
    @Test func storyDetailsMatchTheSchemaAndBrokenOnesDoNot() throws {
        let validator = try Self.validator()
        let rendered = JSONDigest.render(DigestBuilder.build(StoryDetailFixtures.secondDay))
        #expect(validator.errors(try JSONValue.parse(rendered)) == [])
        #expect(rendered.contains("\"facts\" : [") && rendered.contains("\"reason\" : \"first report\""))
        let broken = [
            rendered.replacingOccurrences(of: "\"kind\" : \"count\"", with: "\"kind\" : \"guess\""),
            rendered.replacingOccurrences(of: "\"date\" : \"2026-11-26\"", with: "\"date\" : \"26 Nov\""),
            rendered.replacingOccurrences(of: "\"anchor\" : \"s-301\"", with: "\"anchor\" : \"#x\\\" onclick\""),
            rendered.replacingOccurrences(of: "\"reason\" : \"first report\"", with: "\"reason\" : 7"),
            rendered.replacingOccurrences(of: "\"agree\" : false", with: "\"agree\" : \"no\""),
        ]
        for (index, text) in broken.enumerated() {
            #expect(text != rendered, "mutation \(index) did not apply")
            #expect(!validator.errors(try JSONValue.parse(text)).isEmpty, "mutation \(index)")
        }
    }

    @Test func everyRenderedDigestMatchesTheSchema() throws {
        let validator = try Self.validator()
        for day in Self.days {
            let json = try JSONValue.parse(JSONDigest.render(day))
            #expect(validator.errors(json) == [], "\(day.date)")
        }
    }

    @Test func everyXSSDayMatchesTheSchema() throws {
        let validator = try Self.validator()
        for (index, vector) in XSSCorpus.vectors.enumerated() {
            let day = DigestBuilder.build(XSSCorpus.day(with: vector, url: XSSCorpus.urls[index]))
            #expect(validator.errors(try JSONValue.parse(JSONDigest.render(day))) == [], "\(vector)")
        }
    }

    @Test func timesCarryTheZonesOffset() throws {
        let json = JSONDigest.render(DigestBuilder.build(DigestFixtures.dstDay))
        #expect(json.contains("\"published\" : \"2026-10-25T01:40:00+01:00\""))
        #expect(json.contains("\"published\" : \"2026-10-25T01:20:00+00:00\""))
        #expect(json.contains("\"generatedAt\" : \"2026-10-26T00:05:00+00:00\""))
        #expect(!json.contains("Z\""))
        #expect(json.contains("\"url\" : null"))
    }

    /// Mutations of a valid digest that the validator must reject.
    @Test(arguments: [
        ("remove", "schemaVersion"), ("wrongType", "stats"), ("extra", "surprise"), ("badTime", "generatedAt"),
        ("badEnum", "kind"), ("badURL", "url"), ("negative", "feedsPolled"), ("nullRequired", "headline"),
        ("boolForInt", "rank"), ("badDate", "date"),
    ])
    func theValidatorRejectsBrokenDigests(_ mutation: String, _ field: String) throws {
        let validator = try Self.validator()
        guard case .object(var top) = try JSONValue.parse(JSONDigest.render(DigestBuilder.build(DigestFixtures.dstDay))),
              case .array(var stories) = top["stories"], case .object(var story) = stories[0],
              case .array(var sources) = story["sources"], case .object(var source) = sources[0],
              case .array(var errors) = top["feedErrors"], case .object(var error) = errors[0],
              case .object(var stats) = top["stats"] else {
            Issue.record("unexpected digest shape"); return
        }
        switch mutation {
        case "remove": top[field] = nil
        case "wrongType": top[field] = .string("many")
        case "extra": top[field] = .integer(1)
        case "badTime": top[field] = .string("2026-10-26 00:05")
        case "badEnum": error[field] = .string("broken"); errors[0] = .object(error); top["feedErrors"] = .array(errors)
        case "badURL": source[field] = .string("javascript:alert(1)")
        case "negative": stats[field] = .integer(-1); top["stats"] = .object(stats)
        case "nullRequired": story[field] = .null
        case "boolForInt": story[field] = .bool(true)
        case "badDate": top[field] = .string("2026-13-01")
        default: Issue.record("unknown mutation")
        }
        sources[0] = .object(source)
        story["sources"] = .array(sources)
        stories[0] = .object(story)
        top["stories"] = .array(stories)
        #expect(!validator.errors(.object(top)).isEmpty, "\(mutation) \(field)")
    }

    @Test func theValidatorKnowsEveryKeywordTheSchemaUses() throws {
        let validator = try Self.validator()
        // A schema keyword it does not implement would be reported on any value.
        #expect(validator.errors(try JSONValue.parse(JSONDigest.render(DigestBuilder.build(DigestFixtures.dstDay))))
            .filter { $0.contains("does not know") }.isEmpty)
        let unknown = SchemaValidator(root: .object(["type": .string("object"), "maxProperties": .integer(1)]))
        #expect(!unknown.errors(.object([:])).isEmpty)
    }
}
