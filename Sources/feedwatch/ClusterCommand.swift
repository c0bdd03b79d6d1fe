import ArgumentParser
import Foundation
import StoryClustering

/// `feedwatch cluster FILE.jsonl`: the story-clustering stage alone. Reads items in published
/// order and prints `{"id","story"}` per line, in input order, once all are read: the story is
/// the one the item ends in (a story merged into a larger one, `Assignment.merged`, gives its
/// items to that one, as the daemon's store does). `--explain` adds the reason for each
/// assignment, and `mergedFrom` for an item whose story was merged after it joined.
struct ClusterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Group items (JSON Lines) into stories; prints {\"id\",\"story\"} per item.")

    @Argument(help: "JSON Lines file of {\"id\",\"source\",\"title\",\"text\",\"published\",\"url\"}, in published order.")
    var file: String

    @Flag(help: "Add \"reason\" (and \"nearDuplicate\", \"developingFrom\", \"mergedFrom\") to each line, then a summary of the stories on stderr.")
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

    @Flag(name: .customLong("state-benchmark"), help: ArgumentHelp(
        "After clustering, time saving and restoring the clusterer's state as JSON and in the binary checkpoint form (stderr).",
        visibility: .hidden))
    var stateBenchmark = false

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
        run.writeLines()
        run.out.flush()
        run.flushPairs()
        if stateBenchmark { FileHandle.standardError.write(Data(StateBenchmark.report(run.clusterer).utf8)) }
        if explain {
            var report = "\n"
            for s in run.clusterer.openStories where s.itemCount > 1 {
                report += "story \(s.id): \(s.sourceCount) sources, \(s.itemCount) items — \(s.headline)"
                if let d = s.developingFrom { report += " (developing from \(run.stories.finalID(ofStory: d)))" }
                if let m = s.mergedInto { report += " (merged into \(m))" }
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
    /// Every item's line so far, printed at the end with the story it ends in.
    var lines: [Line] = []
    var stories = StoryGroups()
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
        // The story the item joined: the merged one when its joining made the merge.
        let joined = a.merged?.from ?? a.story
        let group = stories.group(for: joined, opensStory: a.isNewStory)
        if let merge = a.merged { stories.merge(merge) }
        var line = Line(id: item.id, group: group, joined: joined)
        if explain {
            var tail = OutputBuffer()
            tail.append(",\"reason\":")
            tail.appendJSONString(a.reason.description)
            tail.append(a.isNearDuplicate ? ",\"nearDuplicate\":true" : ",\"nearDuplicate\":false")
            line.explanation = tail.bytes
            line.developingFrom = a.developingFrom.map { ($0, stories.current[$0]) }
        }
        lines.append(line)
        if pairs != nil, let log = clusterer.pairLog {
            for pair in log {
                pairLines.append("{\"item\":")
                pairLines.appendJSONString(item.id)
                pairLines.append(",\"story\":")
                pairLines.appendJSONString(pair.storyID)
                pairLines.append(",\"joined\":")
                pairLines.appendJSONString(joined)
                pairLines.append(",\"p\":\(pair.probability),\"x\":[")
                pairLines.append(pair.features.map { "\($0)" }.joined(separator: ","))
                pairLines.append("]}\n")
            }
            clusterer.pairLog = []
            if pairLines.bytes.count > 1 << 16 { flushPairs() }
        }
    }

    /// One item's output line, its story known once every item is in.
    struct Line {
        var id: String
        var group: Int
        /// The story id the item was given.
        var joined: String
        /// `--explain`: the reason and near-duplicate fields, as JSON text.
        var explanation: [UInt8]?
        /// `--explain`: the story it continues, and that story's group.
        var developingFrom: (id: String, group: Int?)?
    }

    /// Prints every line with the story its item ends in.
    mutating func writeLines() {
        for line in lines {
            let story = stories.finalID(ofGroup: line.group)
            out.append("{\"id\":")
            out.appendJSONString(line.id)
            out.append(",\"story\":")
            out.appendJSONString(story)
            if let explanation = line.explanation {
                out.bytes.append(contentsOf: explanation)
                if let d = line.developingFrom {
                    out.append(",\"developingFrom\":")
                    out.appendJSONString(d.group.map { stories.finalID(ofGroup: $0) } ?? d.id)
                }
                if story != line.joined {
                    out.append(",\"mergedFrom\":")
                    out.appendJSONString(line.joined)
                }
            }
            out.append("}\n")
            out.flushIfLarge()
        }
        lines = []
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

/// The stories of a `cluster` run as groups of items, so that a merge (`Assignment.merged`)
/// moves the items already given the merged story, as the daemon's store does with an UPDATE.
///
/// A group is the items given one story id while it was open and not merged; merging it links
/// it to the group of the story it was merged into (a union-find forest, its depth kept down
/// by path halving). Items given the same id later (a merged story that grows again once the
/// story it fed closed, an id reused after its story closed) start a new group.
private struct StoryGroups {
    var names: [String] = []
    var parent: [Int] = []
    /// The open group of each story id.
    var current: [String: Int] = [:]

    /// The group an item given story `id` joins (a new one when it opens the story or the
    /// story's group was merged away).
    mutating func group(for id: String, opensStory: Bool) -> Int {
        if !opensStory, let g = current[id], parent[g] == g { return g }
        let g = names.count
        names.append(id)
        parent.append(g)
        current[id] = g
        return g
    }

    /// Story `merge.from`'s items (so far) belong to story `merge.into` from now on.
    mutating func merge(_ merge: StoryMerge) {
        guard let f = current[merge.from] else { return }
        let from = root(f)
        let into = root(group(for: merge.into, opensStory: false))
        if from != into { parent[from] = into }
    }

    mutating func root(_ g: Int) -> Int {
        var g = g
        while parent[g] != g {
            parent[g] = parent[parent[g]]
            g = parent[g]
        }
        return g
    }

    mutating func finalID(ofGroup g: Int) -> String { names[root(g)] }

    /// The story a story id's items end in (the id itself when it is unknown).
    mutating func finalID(ofStory id: String) -> String {
        guard let g = current[id] else { return id }
        return finalID(ofGroup: g)
    }
}
