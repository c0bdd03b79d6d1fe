import ArgumentParser
import Foundation
import StoryClustering

/// `feedwatch cluster FILE.jsonl`: the story-clustering stage alone. Reads items in published
/// order and prints `{"id","story"}` per line; `--explain` adds the reason for each assignment.
struct ClusterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Group items (JSON Lines) into stories; prints {\"id\",\"story\"} per item.")

    @Argument(help: "JSON Lines file of {\"id\",\"source\",\"title\",\"text\",\"published\",\"url\"}, in published order.")
    var file: String

    @Flag(help: "Add \"reason\" (and \"nearDuplicate\", \"developingFrom\") to each line, then a summary of the stories on stderr.")
    var explain = false

    @Option(name: .customLong("dump-features"), help: ArgumentHelp(
        "Write every scored (item, candidate story) pair with its features to this file, for fitting the match model.",
        visibility: .hidden))
    var dumpFeatures: String?

    @Option(name: .customLong("match-model"), help: ArgumentHelp(
        "Use the match model in this JSON file ({\"weights\",\"bias\",\"threshold\"}) instead of the shipped one.",
        visibility: .hidden))
    var matchModel: String?

    @Option(name: .customLong("developing-after"), help: ArgumentHelp(
        "Hours after a story's first report from which a match opens a developing story (for fitting).",
        visibility: .hidden))
    var developingAfter: Double?

    @Option(name: .customLong("story-merge"), help: ArgumentHelp(
        "Split-story merging as PROBABILITY,MIN_ITEMS,SHARE, or off (for cross-validating it).",
        visibility: .hidden))
    var storyMerge: String?

    /// Lines per preparation task, and tasks kept ahead of the clusterer.
    static let chunkLines = 16
    static let chunksAhead = 16

    func run() async throws {
        guard let handle = FileHandle(forReadingAtPath: file) else {
            CommandOutput.fail("feedwatch cluster: cannot read \(file): no such file or not readable")
        }
        var run = ClusterRun(file: file, explain: explain)
        var chosen = ClusteringConfiguration()
        if let matchModel {
            guard let data = FileManager.default.contents(atPath: matchModel),
                  let model = try? JSONDecoder().decode(StoryMatchModel.self, from: data) else {
                CommandOutput.fail("feedwatch cluster: cannot read a match model from \(matchModel)")
            }
            chosen.matchModel = model
        }
        if let developingAfter {
            guard developingAfter.isFinite, developingAfter > 0 else {
                CommandOutput.fail("feedwatch cluster: --developing-after needs a positive number of hours")
            }
            chosen.developingAfterHours = developingAfter
        }
        if let storyMerge {
            if storyMerge == "off" {
                chosen.storyMergeMinItems = Int.max
            } else {
                let parts = storyMerge.split(separator: ",").map { String($0) }
                guard parts.count == 3, let p = Double(parts[0]), p.isFinite, let k = Int(parts[1]), k >= 1,
                      let share = Double(parts[2]), share.isFinite, share > 0 else {
                    CommandOutput.fail("feedwatch cluster: --story-merge needs PROBABILITY,MIN_ITEMS,SHARE or off")
                }
                chosen.storyMergeProbability = p
                chosen.storyMergeMinItems = k
                chosen.storyMergeShare = share
            }
        }
        run.clusterer = StoryClusterer(configuration: chosen)
        if let dumpFeatures {
            guard FileManager.default.createFile(atPath: dumpFeatures, contents: nil),
                  let handle = FileHandle(forWritingAtPath: dumpFeatures) else {
                CommandOutput.fail("feedwatch cluster: cannot write \(dumpFeatures)")
            }
            let names = StoryClusterer.candidateFeatureNames.map { "\"\($0)\"" }.joined(separator: ",")
            handle.write(Data("{\"features\":[\(names)]}\n".utf8))
            run.pairs = handle
            run.clusterer.pairLog = []
        }
        // The clusterer must see items one at a time, in order; decoding and preparing them
        // need not. Small preparation tasks run ahead on the other cores, and while the
        // clusterer waits for one, its own thread helps with the rest.
        var reader = JSONLinesReader(handle: handle)
        let configuration = run.clusterer.configuration
        // A finished task keeps its result alive: each leaves the queue as it is taken.
        var queue: [Task<[ClusterRun.Prepared], Never>] = []
        func refill() {
            while queue.count < ClusterCommand.chunksAhead, let lines = reader.next(limit: ClusterCommand.chunkLines) {
                queue.append(Task.detached { lines.map { ClusterRun.prepare($0, configuration: configuration) } })
            }
        }
        refill()
        while !queue.isEmpty {
            let prepared = await queue.removeFirst().value
            refill()
            for line in prepared { run.handle(line) }
        }
        run.out.flush()
        run.flushPairs()
        if explain {
            var report = "\n"
            for s in run.clusterer.openStories where s.itemCount > 1 {
                report += "story \(s.id): \(s.sourceCount) sources, \(s.itemCount) items — \(s.headline)"
                if let d = s.developingFrom { report += " (developing from \(d))" }
                report += "\n"
            }
            FileHandle.standardError.write(Data(report.utf8))
        }
    }
}

/// The state of one `cluster` run: the clusterer and the output buffer.
private struct ClusterRun {
    let file: String
    let explain: Bool
    var clusterer = StoryClusterer()
    var out = OutputBuffer()
    /// Where `--dump-features` writes the scored pairs, and the lines not yet written.
    var pairs: FileHandle?
    var pairLines = OutputBuffer()

    init(file: String, explain: Bool) {
        self.file = file
        self.explain = explain
    }

    /// One input line, decoded and prepared off the clusterer's thread.
    enum Prepared: Sendable {
        case blank
        case item(PreparedItem)
        case failure(line: Int, NewsItemJSON.Failure)
    }

    static func prepare(_ line: JSONLinesReader.Line, configuration: ClusteringConfiguration) -> Prepared {
        if line.bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return .blank }
        do { return .item(PreparedItem(try NewsItemJSON.decode(line.bytes), configuration: configuration)) } catch {
            return .failure(line: line.number, error)
        }
    }

    mutating func handle(_ line: Prepared) {
        let prepared: PreparedItem
        switch line {
        case .blank: return
        case .item(let p): prepared = p
        case .failure(let number, let error):
            let what: String
            switch error {
            case .notAnObject: what = "not a JSON object"
            case .missingID: what = "no string \"id\""
            case .malformed(let offset): what = "malformed JSON at byte \(offset + 1)"
            }
            CommandOutput.fail("feedwatch cluster: \(file):\(number): \(what)")
        }
        let item = prepared.item
        let a = clusterer.add(prepared)
        out.append("{\"id\":")
        out.appendJSONString(item.id)
        out.append(",\"story\":")
        out.appendJSONString(a.story)
        if explain {
            out.append(",\"reason\":")
            out.appendJSONString(a.reason.description)
            out.append(a.isNearDuplicate ? ",\"nearDuplicate\":true" : ",\"nearDuplicate\":false")
            if let d = a.developingFrom {
                out.append(",\"developingFrom\":")
                out.appendJSONString(d)
            }
        }
        out.append("}\n")
        out.flushIfLarge()
        if pairs != nil, let log = clusterer.pairLog {
            for pair in log {
                pairLines.append("{\"item\":")
                pairLines.appendJSONString(item.id)
                pairLines.append(",\"story\":")
                pairLines.appendJSONString(pair.storyID)
                pairLines.append(",\"joined\":")
                pairLines.appendJSONString(a.story)
                pairLines.append(",\"p\":\(pair.probability),\"x\":[")
                pairLines.append(pair.features.map { "\($0)" }.joined(separator: ","))
                pairLines.append("]}\n")
            }
            clusterer.pairLog = []
            if pairLines.bytes.count > 1 << 16 { flushPairs() }
        }
    }

    mutating func flushPairs() {
        guard let pairs, !pairLines.bytes.isEmpty else { return }
        pairs.write(Data(pairLines.bytes))
        pairLines.bytes.removeAll(keepingCapacity: true)
    }
}

/// Buffered stdout writer for JSON Lines.
private struct OutputBuffer {
    var bytes: [UInt8] = []

    mutating func append(_ s: String) { bytes.append(contentsOf: s.utf8) }

    mutating func appendJSONString(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [92, 34])
            case 92: bytes.append(contentsOf: [92, 92])
            case 0x0A: bytes.append(contentsOf: [92, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [92, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [92, UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hex[Int(b >> 4)], hex[Int(b & 15)]])
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func flushIfLarge() { if bytes.count > 1 << 16 { flush() } }

    mutating func flush() {
        guard !bytes.isEmpty else { return }
        FileHandle.standardOutput.write(Data(bytes))
        bytes.removeAll(keepingCapacity: true)
    }
}
