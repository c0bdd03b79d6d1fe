import ArgumentParser
import Foundation
import TextAnalysis

/// `feedwatch analyze FILE`: entities, quotes with speakers, figures and key sentences of one
/// plain-text article, as one JSON object (the contract in docs/ARCHITECTURE.md).
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Extract entities, quotes, figures and key sentences from a plain-text article.")

    @Argument(help: "Plain UTF-8 text file (paragraphs separated by blank lines).") var file: String

    @Option(name: .customLong("benchmark"), help: ArgumentHelp("Analyse the files N times and print words per second instead of JSON.", visibility: .hidden))
    var benchmarkRounds: Int?

    @Argument(help: ArgumentHelp("More files (benchmark mode only).", visibility: .hidden)) var moreFiles: [String] = []

    struct Output: Encodable {
        struct EntityOut: Encodable { var text: String; var type: String; var start: Int; var end: Int }
        struct QuoteOut: Encodable { var text: String; var speaker: String? }
        struct FigureOut: Encodable { var text: String; var value: Double?; var context: String; var counts: String }
        var entities: [EntityOut]
        var quotes: [QuoteOut]
        var figures: [FigureOut]
        var keySentences: [String]

        func encode(to encoder: Encoder) throws {
            enum K: String, CodingKey { case entities, quotes, figures, keySentences }
            var c = encoder.container(keyedBy: K.self)
            try c.encode(entities, forKey: .entities)
            try c.encode(quotes, forKey: .quotes)
            try c.encode(figures, forKey: .figures)
            try c.encode(keySentences, forKey: .keySentences)
        }
    }

    func run() throws {
        if let rounds = benchmarkRounds {
            try benchmark(files: [file] + moreFiles, rounds: max(1, rounds))
            return
        }
        let text = decode(CommandOutput.readFile(file))
        let result = TextAnalyzer().analyze(text)
        let out = Output(
            entities: result.entities.map { .init(text: $0.text, type: $0.type.rawValue, start: $0.start, end: $0.end) },
            quotes: result.quotes.map { .init(text: $0.text, speaker: $0.speaker) },
            figures: result.figures.map { .init(text: $0.text, value: $0.value, context: $0.context, counts: $0.counts) },
            keySentences: result.keySentences)
        try CommandOutput.printJSON(out)
    }

    func decode(_ bytes: [UInt8]) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            CommandOutput.fail("feedwatch analyze: \(file) is not valid UTF-8 text")
        }
        return text
    }

    /// Single-threaded throughput on already-loaded texts (lexicon loading excluded, reported apart).
    func benchmark(files: [String], rounds: Int) throws {
        let clock = ContinuousClock()
        var analyzer: TextAnalyzer?
        let rssBefore = residentKilobytes()
        let loadTime = clock.measure { analyzer = TextAnalyzer(); _ = analyzer?.analyze("Warm up.") }
        let rssLexicons = residentKilobytes() - rssBefore
        let texts = files.map { decode(CommandOutput.readFile($0)) }
        let words = texts.reduce(0) { $0 + $1.split(whereSeparator: { $0 == " " || $0 == "\n" }).count }
        var sink = 0
        let elapsed = clock.measure {
            for _ in 0..<rounds {
                for t in texts { sink &+= analyzer!.analyze(t).entities.count }
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let load = Double(loadTime.components.seconds) + Double(loadTime.components.attoseconds) / 1e18
        let rate = Double(words * rounds) / seconds
        print(String(format: "words %d rounds %d seconds %.3f words/s %.0f | lexicons: load %.3fs, files %d bytes, resident +%.1f MB (process %.1f MB) | entities %d",
                     words, rounds, seconds, rate, load, Lexicons.bundledFileBytes(), Double(rssLexicons) / 1024,
                     Double(residentKilobytes()) / 1024, sink))
    }

    /// Resident set size of this process (Linux /proc), 0 where unavailable.
    func residentKilobytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        }
        return 0
    }
}
