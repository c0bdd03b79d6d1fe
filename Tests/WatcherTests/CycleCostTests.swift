import Digest
import FeedParser
import FeedwatchTesting
import Foundation
import Logging
import Storage
import StoryClustering
import Testing
@testable import Watcher

/// A cycle costs what changed: entries are analysed on every core with the same results as on
/// one, and a cycle with nothing new rewrites neither the digest nor the story state.
@Suite(.serialized) struct CycleCostTests {
    // MARK: Parallel analysis

    @Test func parallelMapKeepsTheOrderOfItsItemsWhateverTheirCost() {
        // Uneven work: long items finish after short ones started later.
        let items = (0..<300).map { $0 % 7 == 0 ? 20_000 : $0 }
        let results = ParallelMap.map(items, width: 4) { n in (0..<n).reduce(0) { ($0 &+ $1) % 1_000_003 } }
        #expect(results == items.map { n in (0..<n).reduce(0) { ($0 &+ $1) % 1_000_003 } })
        #expect(ParallelMap.map([Int](), width: 4) { $0 }.isEmpty)
    }

    /// The demo newsroom's feeds stored in a fixed order into a fresh database.
    static func demoStore(_ dir: TempDir, name: String) throws -> (FeedStore, WatcherConfig) {
        let feedsDir = DemoNewsroomTests.repository.appendingPathComponent("Feeds/demo/feeds").path
        let files = try FileManager.default.contentsOfDirectory(atPath: feedsDir).sorted()
        var config = WatcherConfig(sourceFile: dir.path + "/\(name).toml", stateDir: dir.path + "/\(name)",
                                   digestDir: dir.path + "/\(name)-digests", timeZone: TimeZone(identifier: "Europe/London")!)
        config.feeds = files.map { FeedConfig(url: "file://" + feedsDir + "/" + $0, name: $0, tags: ["news"],
                                              location: ConfigLocation(file: "t", line: 1)) }
        try FileManager.default.createDirectory(atPath: config.stateDir, withIntermediateDirectories: true)
        let store = try FeedStore(path: config.databasePath)
        let seen = Date(timeIntervalSince1970: 1_795_000_000)
        try store.syncConfiguredFeeds(config.feeds.map(\.configuredFeed), now: seen)
        for feed in config.feeds {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: String(feed.url.dropFirst("file://".count)))))
            guard let parsed = try? Feed.parse(bytes, baseURL: feed.url) else { continue }
            let state = try #require(try store.feed(url: feed.url))
            let record = FetchRecord(feedID: state.id, at: seen, outcome: .updated, httpStatus: 200, durationMs: 1,
                                     bytes: bytes.count, etag: nil, lastModified: nil, title: parsed.title,
                                     nextPollAt: seen.addingTimeInterval(1800), permanentRedirectTo: nil,
                                     publishIntervalEstimate: nil)
            try store.recordFetch(record, entries: parsed.entries.map { EntryMapping.input($0, firstSeen: seen) },
                                  wantsArticle: { _ in false })
        }
        return (store, config)
    }

    @Test func entriesAnalysedOnSeveralThreadsInOverlappingChunksGetTheSameAnalysesAndStoriesAsOnOne() async throws {
        let dir = TempDir()
        defer { dir.remove() }
        let fetcher = HTTPFetcher(userAgent: "feedwatch-test")
        // The reference: the same entries given to a clusterer directly, one at a time, in the
        // order the cycle uses.
        let (reference, _) = try Self.demoStore(dir, name: "reference")
        var clusterer = StoryClusterer()
        var expected: [Int64: String] = [:]
        let unfinished = try reference.entries(firstSeenFrom: .distantPast, to: .distantFuture, unfinishedOnly: true)
        for entry in unfinished.sorted(by: { ($0.published ?? $0.firstSeen, $0.id) < ($1.published ?? $1.firstSeen, $1.id) })
        where entry.storyID == nil || entry.hasExactMatchStory {
            expected[entry.id] = clusterer.add(PollCycle.newsItem(entry, text: PollCycle.text(of: entry))).story
        }
        try reference.close()
        var outcomes: [[Int64: [String?]]] = []
        // One thread and one chunk; four threads and chunks of 7, each analysed while the one
        // before is clustered and committed.
        for (name, width, chunk) in [("one", 1, 800), ("four", 4, 7)] {
            let (store, config) = try Self.demoStore(dir, name: name)
            let clock = Date(timeIntervalSince1970: 1_795_000_100)
            let cycle = PollCycle(config: config, store: store, fetcher: fetcher, gate: HostGate(perHostLimit: 2, spacing: 0),
                                  logger: Logger(label: "test"), clock: { clock }, analysisWidth: width, chunkSize: chunk)
            cycle.analyseAndCluster()
            let entries = try store.entries(firstSeenFrom: .distantPast, to: .distantFuture)
            outcomes.append(Dictionary(uniqueKeysWithValues: entries.map {
                ($0.id, [$0.storyID, $0.storyReasonJSON, $0.developingFrom, $0.analysisJSON])
            }))
            try store.close()
        }
        await fetcher.shutdown()
        let (one, four) = (outcomes[0], outcomes[1])
        #expect(one.count > 30)
        // Every entry was analysed and given a story, and some stories have several outlets.
        #expect(one.values.allSatisfy { $0[0] != nil && $0[3] != nil })
        let storySizes = Dictionary(grouping: one.values.compactMap { $0[0] }, by: { $0 }).values.map(\.count)
        #expect(storySizes.contains { $0 >= 3 })
        #expect(one == four)
        #expect(expected.count > 30)
        for (id, story) in expected { #expect(four[id]?[0] == story, "entry \(id)") }
    }

    // MARK: Quiet cycles

    /// The file's inode: a file written again by `AtomicFile` (temp file + rename) gets a new one.
    static func inode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.systemFileNumber] as? Int
    }

    @Test func aCycleWithNothingNewRewritesNoDigestAndNoStoryStateAndOneNewEntryRewritesOnlyToday() async throws {
        let f = try PollCycleTests.Fixture(feeds: ["/world"])
        var items = [("a1", "Port strike begins at Eastgate docks", "http://example.org/strike", "Dockers walk out over pay."),
                     ("a2", "Budget day: minister promises tax cuts", "http://example.org/budget", "The minister speaks.")]
        let body = NIOLockedText(PollCycleTests.rss(items.map { ($0.0, $0.1, $0.2, $0.3) }))
        f.server.route("/world") { _ in .respond(status: 200, headers: [("Content-Type", "application/rss+xml")], body: Array(body.value.utf8)) }
        let publisher = DigestPublisher(config: f.config, store: f.store, logger: Logger(label: "test"))
        let today = publisher.day(of: f.now)
        let yesterday = publisher.day(of: publisher.bounds(of: today).start.addingTimeInterval(-3600))
        // Yesterday's digest exists (empty) and is finalised by the first publish of today.
        try publisher.publish(yesterday, now: publisher.bounds(of: today).start.addingTimeInterval(-60), force: false)
        #expect(await f.cycle().newEntries == 2)
        #expect(publisher.publishCurrent(now: f.now).count == 3 + 3)
        let paths = { (day: DigestDate) in ["md", "html", "json"].map { f.config.digestDir + "/\(day).\($0)" } }
        let todayFiles = paths(today).map(Self.inode)
        let yesterdayFiles = paths(yesterday).map(Self.inode)
        #expect(todayFiles.allSatisfy { $0 != nil } && yesterdayFiles.allSatisfy { $0 != nil })
        let state = try f.store.loadClustererState()
        let head = try f.store.storyStateHead()
        let generation = try f.store.contentGeneration()
        #expect(state != nil && head == 2)

        // Nothing new: the same feed again (a 200 with the same items).
        let quiet = await f.cycle()
        #expect(quiet.newEntries == 0 && quiet.updated + quiet.notModified == 1)
        #expect(publisher.publishCurrent(now: f.now.addingTimeInterval(60)).isEmpty)
        #expect(paths(today).map(Self.inode) == todayFiles)
        #expect(paths(yesterday).map(Self.inode) == yesterdayFiles)
        #expect(try f.store.contentGeneration() == generation)
        #expect(try f.store.loadClustererState() == state)
        #expect(try f.store.storyStateHead() == head)

        // One new entry: today's files are written again, yesterday's are not.
        items.append(("a3", "Storm warning for the east coast", "http://example.org/storm", "Winds of 90 mph expected."))
        body.value = PollCycleTests.rss(items.map { ($0.0, $0.1, $0.2, $0.3) })
        #expect(await f.cycle().newEntries == 1)
        let written = publisher.publishCurrent(now: f.now.addingTimeInterval(120))
        #expect(Set(written) == Set(paths(today)))
        #expect(zip(paths(today).map(Self.inode), todayFiles).allSatisfy { $0 != $1 })
        #expect(paths(yesterday).map(Self.inode) == yesterdayFiles)
        #expect(try f.store.loadClustererState() != state)
        #expect(try f.store.storyStateHead() == head + 1)
        let json = try String(contentsOfFile: paths(today)[2], encoding: .utf8)
        #expect(json.contains("Storm warning for the east coast"))
        await f.close()
    }

    /// The daemon keeps its clusterer and its built digest stories from one cycle to the next;
    /// what it writes must be what a process starting afresh each cycle writes.
    @Test func theDaemonsCachesWriteTheSameStoriesAndDigestAsAFreshStartEachCycle() async throws {
        let cached = try PollCycleTests.Fixture(feeds: ["/world"])
        let fresh = try PollCycleTests.Fixture(feeds: ["/world"])
        var items = [("a1", "Dockers walk out at Eastgate port over pay", "http://example.org/strike",
                      "About 1,200 dockers at Eastgate walked out on Monday, union leader Mara Venn said."),
                     ("a2", "Budget: finance minister promises income tax cuts", "http://example.org/budget",
                      "Finance minister Tomas Reiner promised cuts worth £4bn.")]
        let body = NIOLockedText(PollCycleTests.rss(items.map { ($0.0, $0.1, $0.2, $0.3) }))
        for f in [cached, fresh] {
            f.server.route("/world") { _ in .respond(status: 200, headers: [("Content-Type", "application/rss+xml")], body: Array(body.value.utf8)) }
        }
        let clustererCache = ClustererCache()
        let storyCache = DigestStoryCache()
        let start = cached.now
        func round(_ minute: Double) async throws -> (String, String) {
            for f in [cached, fresh] { f.now = start.addingTimeInterval(minute * 60) }
            _ = await cached.cycle(clustererCache: clustererCache)
            _ = await fresh.cycle()
            let a = DigestPublisher(config: cached.config, store: cached.store, logger: Logger(label: "test"), storyCache: storyCache)
            let b = DigestPublisher(config: fresh.config, store: fresh.store, logger: Logger(label: "test"))
            let day = a.day(of: cached.now)
            try a.publish(day, now: cached.now, force: true, formats: [.json])
            try b.publish(day, now: cached.now, force: true, formats: [.json])
            func json(_ f: PollCycleTests.Fixture) throws -> String {
                try String(contentsOfFile: f.config.digestDir + "/\(day).json", encoding: .utf8)
                    .replacingOccurrences(of: f.server.url("/"), with: "FEED/")
            }
            return (try json(cached), try json(fresh))
        }
        let (first, firstFresh) = try await round(0)
        #expect(first == firstFresh)
        // More news: one report of the strike from another angle and one new story.
        items.append(("a3", "Eastgate port strike: 1,200 dockers stay out", "http://example.org/strike-2",
                      "Union leader Mara Venn said the 1,200 dockers at Eastgate would stay out until Friday."))
        items.append(("a4", "Storm warning for the east coast", "http://example.org/storm", "Winds of 90 mph are expected."))
        body.value = PollCycleTests.rss(items.map { ($0.0, $0.1, $0.2, $0.3) })
        let (second, secondFresh) = try await round(1)
        #expect(second == secondFresh)

        #expect(second.contains("Storm warning for the east coast"))
        // An entry already shown changes in the store (its analysis written again, as another
        // worker or a newer analyser would): the cached story is built again from the entry's new
        // revision, as a fresh process builds it.
        for f in [cached, fresh] {
            let budget = try #require(try f.store.entries(firstSeenFrom: start.addingTimeInterval(-3600), to: f.now.addingTimeInterval(3600))
                .first { $0.title?.hasPrefix("Budget:") == true })
            let analysis = try #require(budget.analysisJSON)
            #expect(analysis.contains("Tomas Reiner"))
            try f.store.recordAnalysis(entryID: budget.id, json: analysis.replacingOccurrences(of: "Tomas Reiner", with: "Tomas Reinholt"))
        }
        let (corrected, correctedFresh) = try await round(2)
        #expect(corrected == correctedFresh)
        #expect(corrected.contains("Tomas Reinholt") && !second.contains("Tomas Reinholt"))
        // The clusterer was taken from memory, and unchanged stories were not built again.
        let head = try cached.store.storyStateHead()
        #expect(clustererCache.clusterer(atHead: head) != nil)
        #expect(storyCache.counts.reused >= 1)
        // The daemon wrote each item's journal record, not the whole state: no checkpoint yet.
        let saved = try cached.store.loadStoryState()
        #expect(saved.checkpoint == nil && saved.journal.map(\.seq) == [1, 2, 3, 4] && head == 4)
        // Another writer appends to the story state: the cached clusterer is no longer used.
        try cached.store.commitStories([], journal: [StoryJournalRecord(seq: head + 1, storyID: "elsewhere", itemJSON: "{}")],
                                       checkpoint: nil)
        #expect(clustererCache.clusterer(atHead: try cached.store.storyStateHead()) == nil)
        await cached.close()
        await fresh.close()
    }

    @Test func aFailingFeedsCountAloneDoesNotRebuildTheDayButANewProblemDoes() async throws {
        let f = try PollCycleTests.Fixture(feeds: ["/ok", "/broken"])
        f.server.serve("/ok", body: PollCycleTests.rss([("x", "Council approves new bridge", "http://example.org/bridge", "A vote.")]))
        let broken = NIOLockedText("<html>not a feed</html>")
        f.server.route("/broken") { _ in .respond(status: 200, headers: [("Content-Type", "text/html")], body: Array(broken.value.utf8)) }
        let publisher = DigestPublisher(config: f.config, store: f.store, logger: Logger(label: "test"))
        _ = await f.cycle()
        #expect(publisher.publishCurrent(now: f.now).count == 3)
        // The same failure again: only its count moved.
        _ = await f.cycle()
        #expect(try f.store.feed(url: f.server.url("/broken"))?.consecutiveFailures == 2)
        #expect(publisher.publishCurrent(now: f.now).isEmpty)
        // A new kind of failure is news for the reader.
        broken.value = ""
        f.server.route("/broken") { _ in .respond(status: 500, headers: [], body: []) }
        _ = await f.cycle()
        #expect(publisher.publishCurrent(now: f.now).count == 3)
        await f.close()
    }
}
