import Digest
import FeedwatchTesting
import Foundation
import Logging
import Storage
import StoryClustering
import Testing
@testable import Watcher

/// The story state as a checkpoint and a journal of items: a daemon's cycle writes a record per
/// new item instead of the whole state, a restart replays them, a clean stop checkpoints them.
@Suite struct StoryStateJournalTests {
    /// A newsroom that grows by a few reports a round: follow-ups of earlier events (which must
    /// join them) and new events.
    static let rounds: [[(String, String, String, String)]] = [
        [("s1", "Dockers walk out at Eastgate port over pay", "http://example.org/strike",
          "About 1,200 dockers at Eastgate walked out on Monday, union leader Mara Venn said."),
         ("b1", "Budget: finance minister promises income tax cuts", "http://example.org/budget",
          "Finance minister Tomas Reiner promised cuts worth £4bn.")],
        [("s2", "Eastgate port strike: 1,200 dockers stay out", "http://example.org/strike-2",
          "Union leader Mara Venn said the 1,200 dockers at Eastgate would stay out until Friday."),
         ("w1", "Storm warning for the east coast", "http://example.org/storm", "Winds of 90 mph are expected on Tuesday.")],
        [("w2", "East coast storm: 90 mph winds close schools", "http://example.org/storm-2",
          "Schools on the east coast closed as winds of 90 mph arrived, the weather office said."),
         ("b2", "Reiner defends £4bn income tax cuts", "http://example.org/budget-2",
          "Finance minister Tomas Reiner defended the £4bn of income tax cuts in parliament."),
         ("r1", "Rail fares to rise 5% in January", "http://example.org/rail", "Regulated fares rise 5% from January.")],
    ]

    /// Runs the rounds on two stores: one daemon that keeps its clusterer throughout, and one
    /// restarted before every round (`restart` gives each round's cache). Returns both digests'
    /// JSON per round and the log of the restarted one.
    static func run(restart: (Int, PollCycleTests.Fixture) throws -> ClustererCache) async throws
        -> (steady: [String], restarted: [String], log: CapturedLog, store: FeedStore, close: () async -> Void) {
        let steady = try PollCycleTests.Fixture(feeds: ["/world"])
        let restarted = try PollCycleTests.Fixture(feeds: ["/world"])
        let body = NIOLockedText("")
        for f in [steady, restarted] {
            f.server.route("/world") { _ in .respond(status: 200, headers: [("Content-Type", "application/rss+xml")], body: Array(body.value.utf8)) }
        }
        let steadyCache = ClustererCache()
        let log = CapturedLog()
        var items: [(String, String, String, String)] = []
        var steadyDigests: [String] = []
        var restartedDigests: [String] = []
        let start = steady.now
        for (k, round) in rounds.enumerated() {
            items += round
            body.value = PollCycleTests.rss(items)
            for f in [steady, restarted] { f.now = start.addingTimeInterval(Double(k) * 600) }
            _ = await steady.cycle(clustererCache: steadyCache)
            let cache = try restart(k, restarted)
            let clock = restarted.now
            let cycle = PollCycle(config: restarted.config, store: restarted.store, fetcher: restarted.fetcher,
                                  gate: HostGate(perHostLimit: 2, spacing: 0), logger: Logger(label: "test") { _ in log },
                                  clock: { clock }, clustererCache: cache)
            _ = await cycle.run(everything: true)
            for (f, digests) in [(steady, 0), (restarted, 1)] {
                let publisher = DigestPublisher(config: f.config, store: f.store, logger: Logger(label: "test"))
                let day = publisher.day(of: f.now)
                try publisher.publish(day, now: f.now, force: true, formats: [.json])
                let json = try String(contentsOfFile: f.config.digestDir + "/\(day).json", encoding: .utf8)
                    .replacingOccurrences(of: f.server.url("/"), with: "FEED/")
                if digests == 0 { steadyDigests.append(json) } else { restartedDigests.append(json) }
            }
        }
        return (steadyDigests, restartedDigests, log, restarted.store, { await steady.close(); await restarted.close() })
    }

    @Test func aRestartReplaysTheJournalAndAssignsAsAnUninterruptedDaemon() async throws {
        let run = try await Self.run { _, _ in ClustererCache() }
        #expect(run.steady == run.restarted)
        // The later rounds' follow-ups joined their events: 4 stories of 7 reports by the end.
        let day = try JSONDigest.parse(Data(try #require(run.restarted.last).utf8))
        #expect(day.stories.count == 4)
        // Each restart replayed the journal written so far: 2 items, then 4.
        let replays = run.log.lines.filter { $0.message.contains("items replayed after the checkpoint") }.map(\.message)
        #expect(replays.count == 2)
        #expect(replays.first?.hasPrefix("story state: 2 items") == true && replays.last?.hasPrefix("story state: 4 items") == true)
        #expect(!run.log.lines.contains { $0.message.contains("another story than stored") })
        let saved = try run.store.loadStoryState()
        #expect(saved.checkpoint == nil && saved.journal.count == 7)
        await run.close()
    }

    /// What a daemon's clean stop does to the story state: its clusterer (loaded, and replayed,
    /// the way the daemon had it) is checkpointed.
    static func stopCleanly(_ f: PollCycleTests.Fixture) throws {
        let stopped = ClustererCache()
        let cycle = PollCycle(config: f.config, store: f.store, fetcher: f.fetcher, gate: HostGate(perHostLimit: 2, spacing: 0),
                              logger: Logger(label: "test"), clock: { f.now }, clustererCache: stopped)
        _ = try #require(cycle.loadClusterer())
        stopped.checkpoint(into: f.store, logger: Logger(label: "test"))
    }

    @Test func aCleanStopCheckpointsTheJournalAndTheNextStartReadsOnlyTheCheckpoint() async throws {
        let run = try await Self.run { round, f in
            // A clean stop after each round: the state is checkpointed, the journal emptied.
            let cache = ClustererCache()
            if round > 0 {
                let before = try f.store.loadStoryState()
                #expect(!before.journal.isEmpty && (before.checkpoint == nil) == (round == 1))
                try Self.stopCleanly(f)
                let after = try f.store.loadStoryState()
                #expect(after.checkpoint != nil && after.journal.isEmpty && after.head == before.head)
            }
            return cache
        }
        #expect(run.steady == run.restarted)
        // No start had anything to replay: each found a checkpoint and an empty journal.
        #expect(!run.log.lines.contains { $0.message.contains("items replayed") })
        await run.close()
    }

    /// A store an older version checkpointed as JSON: the next start reads it (no rebuild), carries
    /// on as an uninterrupted daemon, and its own checkpoints are binary.
    @Test func aJSONCheckpointAnOlderVersionWroteIsReadAndTheNextOneIsBinary() async throws {
        let run = try await Self.run { round, f in
            if round > 0 {
                try Self.stopCleanly(f)
                let saved = try f.store.loadStoryState()
                let binary = try #require(saved.checkpoint)
                #expect(StoryClusterer.isBinaryState(binary))
                // As the version before the binary form wrote it.
                let json = try JSONEncoder().encode(try StoryStateJournal.clusterer(fromCheckpoint: binary))
                try f.store.saveStoryCheckpoint(StoryCheckpoint(data: json, throughSeq: saved.checkpointSeq))
                #expect(try f.store.loadStoryState().checkpoint == json)
            }
            return ClustererCache()
        }
        #expect(run.steady == run.restarted)
        #expect(!run.log.lines.contains { $0.level == .critical })
        #expect(!run.log.lines.contains { $0.message.contains("items replayed") })
        await run.close()
    }

    @Test func anUnreadableJournalRecordRebuildsTheStateLoudlyAndStoriesStillCome() async throws {
        let f = try PollCycleTests.Fixture(feeds: ["/world"])
        f.server.route("/world") { _ in
            .respond(status: 200, headers: [("Content-Type", "application/rss+xml")], body: Array(PollCycleTests.rss(Self.rounds[0]).utf8))
        }
        _ = await f.cycle(clustererCache: ClustererCache())
        let head = try f.store.storyStateHead()
        try f.store.commitStories([], journal: [StoryJournalRecord(seq: head + 1, storyID: "x", itemJSON: "{\"id\": 3")], checkpoint: nil)
        f.server.route("/world") { _ in
            .respond(status: 200, headers: [("Content-Type", "application/rss+xml")], body: Array(PollCycleTests.rss(Self.rounds[0] + Self.rounds[1]).utf8))
        }
        let log = CapturedLog()
        let clock = f.now
        let cycle = PollCycle(config: f.config, store: f.store, fetcher: f.fetcher, gate: HostGate(perHostLimit: 2, spacing: 0),
                              logger: Logger(label: "test") { _ in log }, clock: { clock }, clustererCache: ClustererCache())
        _ = await cycle.run(everything: true)
        #expect(log.lines.contains { $0.level == .critical && $0.message.contains("journal record \(head + 1) cannot be read") })
        let entries = try f.store.entries(firstSeenFrom: f.now.addingTimeInterval(-60), to: f.now.addingTimeInterval(60))
        #expect(entries.count == 4 && entries.allSatisfy { $0.storyID != nil })
        // The rebuild replaced the unreadable state with a checkpoint of its own.
        let saved = try f.store.loadStoryState()
        #expect(saved.checkpoint != nil && saved.journal.isEmpty)
        await f.close()
    }

    @Test func onceLeavesACheckpointAndNoJournal() async throws {
        let f = try PollCycleTests.Fixture(feeds: ["/world"])
        f.server.route("/world") { _ in
            .respond(status: 200, headers: [("Content-Type", "application/rss+xml")], body: Array(PollCycleTests.rss(Self.rounds[0] + Self.rounds[1]).utf8))
        }
        _ = await f.cycle()
        let saved = try f.store.loadStoryState()
        #expect(saved.checkpoint != nil && saved.checkpointSeq == 4 && saved.journal.isEmpty)
        #expect(saved.checkpoint.map(StoryClusterer.isBinaryState) == true)
        await f.close()
    }

    @Test func theCheckpointWaitsForHalfTheStateAndAtLeastTwoThousandItems() {
        let policy = StoryStateJournal.wantsCheckpoint
        #expect(!policy(1_999, 1_000, false))
        #expect(policy(2_000, 1_000, false))
        #expect(!policy(9_999, 20_000, false))
        #expect(policy(10_000, 20_000, false))
        // However large the state, the replay after a kill stays bounded.
        #expect(policy(20_000, 1_000_000, false))
        // A rebuild checkpoints every commit.
        #expect(policy(1, 1_000, true))
    }
}
