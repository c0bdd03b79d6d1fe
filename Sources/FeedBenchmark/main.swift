// Parse-throughput benchmark: every file of a corpus directory read into memory first, then
// parsed in this one process, several runs; prints CPU seconds, MB/s and peak RSS as JSON, so
// `make bench` can set it beside xmllint and feedparser-rs measured in the same run.
import FeedParser
import Foundation

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
}

/// The process's own high-water mark (VmHWM). getrusage's ru_maxrss would carry the parent's
/// over exec, so a benchmark started from a big Python process would report that instead.
func peakRSSMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") else { return -1 }
    return kilobytes / 1024
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: FeedBenchmark CORPUS_DIR [RUNS] | --one FILE\n".utf8))
    exit(2)
}

if arguments[1] == "--one", arguments.count >= 3 {
    // Peak memory of parsing one file alone (the largest, say).
    let bytes = [UInt8](FileManager.default.contents(atPath: arguments[2]) ?? Data())
    let before = peakRSSMegabytes()
    let start = cpuSeconds()
    let entries = (try? Feed.parse(bytes))?.entries.count ?? -1
    let cpu = cpuSeconds() - start
    print("{\"file\": \"\(arguments[2])\", \"bytes\": \(bytes.count), \"entries\": \(entries), \"cpu_s\": \(cpu), \"rss_before_mb\": \(before), \"peak_rss_mb\": \(peakRSSMegabytes())}")
    exit(0)
}

let directory = arguments[1]
let runs = arguments.count >= 3 ? Int(arguments[2]) ?? 3 : 3
let names = (try FileManager.default.contentsOfDirectory(atPath: directory)).sorted()
var corpus: [[UInt8]] = []
for name in names {
    if let data = FileManager.default.contents(atPath: directory + "/" + name) { corpus.append([UInt8](data)) }
}
let totalBytes = corpus.reduce(0) { $0 + $1.count }
var samples: [(cpu: Double, wall: Double)] = []
var entries = 0
var failures = 0
for _ in 0..<runs {
    entries = 0
    failures = 0
    let cpu0 = cpuSeconds()
    let wall0 = Date()
    for bytes in corpus {
        if let feed = try? Feed.parse(bytes) { entries += feed.entries.count } else { failures += 1 }
    }
    samples.append((cpuSeconds() - cpu0, Date().timeIntervalSince(wall0)))
}
let cpu = samples.map(\.cpu).sorted()[samples.count / 2]
let wall = samples.map(\.wall).sorted()[samples.count / 2]
let megabytes = Double(totalBytes) / 1e6
print("{\"files\": \(corpus.count), \"megabytes\": \(megabytes), \"entries\": \(entries), \"not_feeds\": \(failures), \"runs\": \(runs), \"cpu_s\": \(cpu), \"wall_s\": \(wall), \"mb_per_cpu_s\": \(megabytes / cpu), \"mb_per_wall_s\": \(megabytes / wall), \"peak_rss_mb\": \(peakRSSMegabytes())}")
