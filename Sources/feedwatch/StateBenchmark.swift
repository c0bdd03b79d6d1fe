import Foundation
import StoryClustering

/// `feedwatch cluster --state-benchmark`: what a checkpoint of the clusterer's state costs in its
/// binary form next to the JSON form it replaced (size, and the best of five runs of writing and
/// reading it back), for the state the run ends with.
enum StateBenchmark {
    static func report(_ clusterer: StoryClusterer) -> String {
        let clock = ContinuousClock()
        func best(_ body: () throws -> Void) rethrows -> Double {
            var fastest = Double.infinity
            for _ in 0..<5 {
                let start = clock.now
                try body()
                let elapsed = clock.now - start
                fastest = min(fastest, Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
            }
            return fastest
        }
        do {
            var json = Data()
            var binary: [UInt8] = []
            let jsonWrite = try best { json = try JSONEncoder().encode(clusterer) }
            let jsonRead = try best { _ = try JSONDecoder().decode(StoryClusterer.self, from: json) }
            let binaryWrite = best { binary = clusterer.binaryState() }
            let binaryRead = try best { _ = try StoryClusterer(binaryState: binary) }
            func line(_ name: String, _ bytes: Int, _ write: Double, _ read: Double) -> String {
                String(format: "%@: %.2f MB, write %.1f ms, read %.1f ms\n", name, Double(bytes) / 1e6, write, read)
            }
            return "state of \(clusterer.windowItemCount) items in the window, \(clusterer.openStoryCount) open stories\n"
                + line("json  ", json.count, jsonWrite, jsonRead) + line("binary", binary.count, binaryWrite, binaryRead)
                + String(format: "binary/json: size %.2f, write %.3f, read %.3f\n", Double(binary.count) / Double(max(1, json.count)),
                         binaryWrite / jsonWrite, binaryRead / jsonRead)
        } catch {
            return "state benchmark failed: \(error)\n"
        }
    }
}
