import Foundation
import TextAnalysis

// NERTraining: trains the entity tagger's weights (scripts/train-ner.sh runs it).
//
//   NERTraining train --data DIR [--data DIR ...] [--folds-of DIR] --out FILE [--epochs N] [--prune X] [--runs N]
//   NERTraining cv --data DIR [--data DIR ...] --folds-of DIR --folds K --pred OUTDIR [--epochs N]
//   NERTraining bench --folds-of DIR [--epochs ROUNDS]     (speed of the analysis and of the tagger)
//
// `train` fits on every document of the datasets (and of --folds-of, --news-weight times) and
// writes the binary weight file.
// `cv` splits the documents of --folds-of into K folds (by sorted id, round robin); for each
// fold it trains on --data plus the other folds and writes the recogniser's output for the
// held-out documents to OUTDIR/fold<k>/<id>.json (the scorer's --pred layout).

struct Options {
    var command = ""
    var data: [String] = []
    var foldsOf: String?
    var folds = 5
    var out: String?
    var pred: String?
    var epochs = 5
    var prune: Float = 0.5
    var seed: UInt64 = 7
    /// Whether later sentences see the gold types of earlier ones while training (no: the
    /// tagger's own, as when tagging; better under cross-validation).
    var followGold = false
    /// Models trained on different shuffles whose weights are averaged (3: steadier than one
    /// under cross-validation, pooled F1 about +0.005 averaged over eight seeds).
    var runs = 3
    var consistency = true
    /// How many times each news document of --folds-of counts in training (they are the genre
    /// the tagger serves; the other genres are more numerous).
    var newsWeight = 2

    init(_ args: [String]) {
        var rest = args[...]
        command = rest.popFirst() ?? ""
        while let flag = rest.popFirst() {
            let value = rest.popFirst() ?? ""
            switch flag {
            case "--data": data.append(value)
            case "--folds-of": foldsOf = value
            case "--folds": folds = max(2, Int(value) ?? 5)
            case "--out": out = value
            case "--pred": pred = value
            case "--epochs": epochs = max(1, Int(value) ?? 12)
            case "--prune": prune = Float(value) ?? 0.05
            case "--seed": seed = UInt64(value) ?? 7
            case "--follow-gold": followGold = value == "yes"
            case "--consistency": consistency = value != "no"
            case "--runs": runs = max(1, Int(value) ?? 1)
            case "--news-weight": newsWeight = max(1, Int(value) ?? 2)
            default: fail("unknown option \(flag)")
            }
        }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("NERTraining: \(message)\n".utf8))
    exit(2)
}

func log(_ message: String) {
    FileHandle.standardError.write(Data("\(message)\n".utf8))
}

func fit(_ documents: [GoldDocument], options: Options) -> EntityTaggerModel {
    var sums: [UInt64: [Float]] = [:]
    for run in 0..<options.runs {
        var trainer = PerceptronTrainer()
        trainer.train(documents, epochs: options.epochs, seed: options.seed &+ UInt64(run) &* 7919, followGold: options.followGold)
        for (key, weights) in trainer.averaged(prune: 0) {
            if var row = sums[key] {
                for t in row.indices { row[t] += weights[t] / Float(options.runs) }
                sums[key] = row
            } else {
                sums[key] = weights.map { $0 / Float(options.runs) }
            }
        }
        log("run \(run): \(documents.count) documents, \(trainer.steps / options.epochs) tokens, \(options.epochs) epochs, \(trainer.mistakes) updates")
    }
    let kept = sums.filter { $0.value.contains { abs($0) >= options.prune } }.sorted { $0.key < $1.key }.map { (key: $0.key, weights: $0.value) }
    let model = EntityTaggerModel(features: kept)
    log("\(model.featureCount) features kept of \(sums.count)")
    // What ships is the quantised file, so evaluate exactly that.
    guard let shipped = EntityTaggerModel(bytes: model.serialized()) else { fail("model does not read back") }
    return shipped
}

struct Prediction: Encodable {
    struct Name: Encodable { var text: String; var type: String; var start: Int; var end: Int; var confidence: Double }
    var entities: [Name]
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
let features = EntityFeatures(lexicons: .bundled)
var base: [GoldDocument] = []
for directory in options.data {
    do {
        base += try GoldDocument.load(directory, features: features)
    } catch {
        fail("cannot read \(directory): \(error)")
    }
}
log("\(base.count) training documents, \(base.reduce(0) { $0 + $1.unaligned }) gold names not on token edges")

switch options.command {
case "train":
    guard let out = options.out else { fail("train needs --out FILE") }
    var news: [GoldDocument] = []
    if let foldsOf = options.foldsOf {
        do {
            news = try GoldDocument.load(foldsOf, features: features)
        } catch {
            fail("cannot read \(foldsOf): \(error)")
        }
    }
    let model = fit(base + Array(repeatElement(news, count: options.newsWeight).joined()), options: options)
    let bytes = model.serialized()
    do {
        try Data(bytes).write(to: URL(fileURLWithPath: out))
    } catch {
        fail("cannot write \(out): \(error)")
    }
    log("wrote \(out): \(bytes.count) bytes")
case "cv":
    guard let foldsOf = options.foldsOf, let pred = options.pred else { fail("cv needs --folds-of DIR and --pred DIR") }
    let held: [GoldDocument]
    do {
        held = try GoldDocument.load(foldsOf, features: features)
    } catch {
        fail("cannot read \(foldsOf): \(error)")
    }
    let encoder = JSONEncoder()
    for fold in 0..<options.folds {
        let test = held.enumerated().filter { $0.offset % options.folds == fold }.map(\.element)
        let others = held.enumerated().filter { $0.offset % options.folds != fold }.map(\.element)
        let train = base + Array(repeatElement(others, count: options.newsWeight).joined())
        let model = fit(train, options: options)
        var recognizer = EntityRecognizer(lexicons: .bundled, model: model)
        recognizer.documentConsistency = options.consistency
        let directory = URL(fileURLWithPath: pred).appendingPathComponent("fold\(fold)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for document in test {
            let names = recognizer.entities(in: document.doc).map {
                Prediction.Name(text: $0.text, type: $0.type.rawValue, start: $0.start, end: $0.end, confidence: $0.confidence)
            }
            guard let json = try? encoder.encode(Prediction(entities: names)) else { fail("cannot encode") }
            try? json.write(to: directory.appendingPathComponent(document.id + ".json"))
        }
        log("fold \(fold): \(test.count) held-out documents")
    }
case "bench":
    // Speed check: words per second of the whole analysis and of the entity tagger alone, on the
    // documents of --folds-of, single-threaded (as `feedwatch analyze --benchmark`).
    guard let foldsOf = options.foldsOf else { fail("bench needs --folds-of DIR") }
    let docs = URL(fileURLWithPath: foldsOf).appendingPathComponent("docs")
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: docs.path)) ?? []).filter { $0.hasSuffix(".txt") }.sorted()
    let texts = names.compactMap { try? String(contentsOf: docs.appendingPathComponent($0), encoding: .utf8) }
    let words = texts.reduce(0) { $0 + $1.split(whereSeparator: { $0 == " " || $0 == "\n" }).count }
    let analyzer = TextAnalyzer()
    let recognizer = EntityRecognizer(lexicons: .bundled)
    let analysed = texts.map { AnalyzedText($0) }
    _ = analyzer.analyze("Warm up.")
    let clock = ContinuousClock()
    var sink = 0
    let rounds = options.epochs
    let whole = clock.measure { for _ in 0..<rounds { for t in texts { sink &+= analyzer.analyze(t).entities.count } } }
    let tagger = clock.measure { for _ in 0..<rounds { for d in analysed { sink &+= recognizer.entities(in: d).count } } }
    func rate(_ d: Duration) -> Double {
        Double(words * rounds) / (Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
    }
    print(String(format: "words %d rounds %d | analysis words/s %.0f | entity tagger alone words/s %.0f | %d", words, rounds,
                 rate(whole), rate(tagger), sink))
case "tag":
    // Debugging aid: every token with its tag and margin, for a text file given as --out.
    guard let path = options.out, let text = try? String(contentsOfFile: path, encoding: .utf8),
          let model = EntityTaggerModel.bundled else { fail("tag needs --out TEXTFILE and the bundled model") }
    let doc = AnalyzedText(text)
    var decoder = EntitySequenceDecoder(table: features.table(for: doc))
    let (tags, margins) = decoder.tagAll(scorer: model)
    for (i, tag) in tags.enumerated() {
        let name = tag.type.map { "\($0.rawValue)-\(tag.position.map { "\($0)" } ?? "")" } ?? "O"
        print(doc.tokens[i].text, name, String(format: "%.2f", margins[i]))
    }
default:
    fail("usage: NERTraining train|cv --data DIR ... (see the comment at the top of main.swift)")
}
