import Foundation
import TextAnalysis

/// One annotated document of a conformance-style dataset (`docs/<id>.txt` + `gold/<id>.json`),
/// tokenised by TextAnalysis and with its gold names turned into one BILOU tag per token.
struct GoldDocument {
    let id: String
    let text: String
    let doc: AnalyzedText
    let table: EntityFeatures.Table
    let tags: [EntityTag]
    /// Gold names whose edges fall inside a token or that cross a sentence: not learnable.
    let unaligned: Int

    struct GoldFile: Decodable {
        struct Name: Decodable {
            var type: String
            var start: Int
            var end: Int
        }
        var entities: [Name]
    }

    init(id: String, text: String, gold: GoldFile, features: EntityFeatures) {
        self.id = id
        self.text = text
        doc = AnalyzedText(text)
        table = features.table(for: doc)
        var tags = [EntityTag](repeating: .outside, count: doc.tokens.count)
        var byStart: [Int: Int] = [:]
        var byEnd: [Int: Int] = [:]
        for (i, t) in doc.tokens.enumerated() {
            byStart[t.start] = i
            byEnd[t.end] = i
        }
        var missed = 0
        for name in gold.entities.sorted(by: { $0.start < $1.start }) {
            guard let type = EntityType(rawValue: name.type), let first = byStart[name.start], let last = byEnd[name.end],
                  first <= last, table.sentenceEnd[first] > last,
                  tags[first...last].allSatisfy({ $0 == .outside }) else {
                missed += 1
                continue
            }
            if first == last {
                tags[first] = EntityTag(type, .unit)
            } else {
                tags[first] = EntityTag(type, .begin)
                for k in (first + 1)..<last { tags[k] = EntityTag(type, .inside) }
                tags[last] = EntityTag(type, .last)
            }
        }
        self.tags = tags
        unaligned = missed
    }

    /// Every document of a dataset directory, sorted by id.
    static func load(_ directory: String, features: EntityFeatures) throws -> [GoldDocument] {
        let docs = URL(fileURLWithPath: directory).appendingPathComponent("docs")
        let gold = URL(fileURLWithPath: directory).appendingPathComponent("gold")
        let names = try FileManager.default.contentsOfDirectory(atPath: docs.path).filter { $0.hasSuffix(".txt") }.sorted()
        return try names.map { name in
            let id = String(name.dropLast(4))
            let text = try String(contentsOf: docs.appendingPathComponent(name), encoding: .utf8)
            let file = try JSONDecoder().decode(GoldFile.self, from: Data(contentsOf: gold.appendingPathComponent(id + ".json")))
            return GoldDocument(id: id, text: text, gold: file, features: features)
        }
    }
}
