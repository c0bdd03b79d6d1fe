import FeedwatchTesting
import Foundation
import Logging
import Storage
import Synchronization
import StoryClustering
import Testing
@testable import Watcher

/// Whole cycles against hostile numbers and poison pills: the daemon defers, quarantines and
/// rebuilds instead of crashing or silently losing state.
extension PollCycleTests {
    @Test func absurdRetryAfterValuesDeferTheFeedInsteadOfCrashing() async throws {
        let f = try Fixture(feeds: ["/e20", "/inf", "/year9999", "/fine"])
        f.server.route("/e20") { _ in .respond(status: 429, headers: [("Retry-After", "1e20")], body: []) }
        f.server.route("/inf") { _ in .respond(status: 429, headers: [("Retry-After", "inf")], body: []) }
        f.server.route("/year9999") { _ in .respond(status: 503, headers: [("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT")], body: []) }
        f.server.serve("/fine", body: Self.rss([("f1", "Harbour reopens", "http://example.org/harbour", "Ships move again.")]))
        let report = await f.cycle()
        #expect(report.deferred == 3)
        #expect(report.updated == 1)
        #expect(report.newEntries == 1)
        for path in ["/e20", "/inf", "/year9999"] {
            let state = try f.feed(path)
            #expect(state.consecutiveFailures == 0, "\(path)")
            let wait = state.nextPollAt.timeIntervalSince(f.now)
            #expect(wait >= 30 && wait <= 86_401, "\(path): next poll in \(wait) s")
        }
        await f.close()
    }

    @Test func aFeedOfThousandsOfItemsKeepsOnlyTheNewestConfiguredNumber() async throws {
        let f = try Fixture(feeds: ["/flood"])
        f.config.maxItemsPerFetch = 5
        // 40 items in no particular order, one hour apart: the newest five are hours 35...39.
        var s = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Flood Gazette</title><link>http://example.org/</link>"
        for hour in (0..<40).map({ ($0 * 17) % 40 }) {
            let stamp = Date(timeIntervalSince1970: 1_795_000_000 + Double(hour) * 3600)
            s += "<item><title>Bulletin \(hour)</title><link>http://example.org/b/\(hour)</link><guid>b\(hour)</guid>"
            s += "<pubDate>\(Self.rfc822(stamp))</pubDate><description>Bulletin number \(hour).</description></item>"
        }
        f.server.serve("/flood", body: s + "</channel></rss>")
        let report = await f.cycle()
        #expect(report.updated == 1)
        #expect(report.newEntries == 5)
        let titles = try f.store.entries(firstSeenFrom: .distantPast, to: .distantFuture).compactMap(\.title).sorted()
        #expect(titles == (35..<40).map { "Bulletin \($0)" })
        await f.close()
    }

    static func rfc822(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }

    @Test func aFeedTheProcessDiedInIsRetriedAloneAndQuarantinedOnTheThirdDeath() async throws {
        let f = try Fixture(feeds: ["/poison", "/suspect", "/fine"])
        f.server.serve("/poison", body: Self.rss([("p1", "Never read", "http://example.org/p", "x")]))
        f.server.serve("/suspect", body: Self.rss([("s1", "Innocent bystander", "http://example.org/s", "It was only in flight.")]))
        f.server.serve("/fine", body: Self.rss([("f1", "Harbour reopens", "http://example.org/harbour", "Ships move again.")]))
        let poison = try f.feed("/poison").id
        let suspect = try f.feed("/suspect").id
        // As a restart finds them: the process died three times with /poison in flight, once with /suspect.
        for _ in 0..<3 { try f.store.beginWork(.feedFetch, ids: [poison], at: f.now) }
        try f.store.beginWork(.feedFetch, ids: [suspect], at: f.now)

        let report = await f.cycle()
        #expect(f.server.requests(to: "/poison").isEmpty)
        #expect(f.server.requests(to: "/suspect").count == 1)
        #expect(report.failed == 1)
        #expect(report.newEntries == 2)
        let state = try f.feed("/poison")
        #expect(state.lastError?.hasPrefix("quarantined: feedwatch stopped 3 times while fetching and parsing this feed") == true)
        #expect(state.nextPollAt.timeIntervalSince(f.now) >= 86_000)
        #expect(try f.store.unfinishedWork(.feedFetch) == [poison: FeedStore.quarantineAfter - 1])

        let rows = try StatusReport.rows(store: f.store, now: f.now)
        #expect(rows.first { $0.url.hasSuffix("/poison") }?.state == "quarantined")
        #expect(rows.first { $0.url.hasSuffix("/suspect") }?.state == "ok")
        let problems = FeedHealth.problems(try f.store.allFeeds(), now: f.now, networkDown: false,
                                           quarantined: try f.store.quarantinedItems())
        #expect(problems.contains { $0.feedURL.hasSuffix("/poison") && $0.problem.contains("quarantined") })

        // A day later it is tried once more, and a good fetch ends the quarantine.
        f.now = state.nextPollAt.addingTimeInterval(1)
        _ = await f.cycle(everything: false)
        #expect(f.server.requests(to: "/poison").count == 1)
        #expect(try f.store.quarantinedItems().isEmpty)
        #expect(try f.store.unfinishedWork(.feedFetch).isEmpty)
        await f.close()
    }

    @Test func anArticlePageTheProcessDiedInIsGivenUpAndTheFeedTextServes() async throws {
        let f = try Fixture(feeds: ["/briefs"], allowPrivate: true, fullText: .always)
        // The first try times out (the server never answers), so the page is due for a retry.
        f.server.route("/page") { _ in .hang }
        f.server.serve("/briefs", body: Self.rss([("b1", "Tanker aground off Cape Sellen", f.server.url("/page"),
                                                     "A tanker ran aground on Tuesday; no oil has leaked, the coastguard said.")]))
        _ = await f.cycle()
        let entry = try #require(try f.store.entries(firstSeenFrom: f.now.addingTimeInterval(-60), to: f.now.addingTimeInterval(60)).first)
        #expect(try f.store.articleStatus(entryID: entry.id)?.state == "retry")
        for _ in 0..<3 { try f.store.beginWork(.pageExtraction, ids: [entry.id], at: f.now) }
        let requestsBefore = f.server.requests(to: "/page").count
        f.now = f.now.addingTimeInterval(3600)
        _ = await f.cycle(everything: false)
        #expect(f.server.requests(to: "/page").count == requestsBefore)
        let status = try #require(try f.store.articleStatus(entryID: entry.id))
        #expect(status.state == "failed")
        #expect(status.lastError?.contains("quarantined") == true)
        let stored = try #require(try f.store.entry(id: entry.id))
        #expect(stored.storyID != nil)
        #expect(stored.analysisJSON != nil)
        let problems = FeedHealth.problems(try f.store.allFeeds(), now: f.now, networkDown: false,
                                           quarantined: try f.store.quarantinedItems())
        #expect(problems.contains { $0.problem.hasPrefix("1 item set aside: quarantined") && $0.problem.contains("/page") })
        await f.close()
    }

    @Test func anEntryTheProcessDiedInWhileAnalysingGetsAStoryOfItsOwnAndTheRestCarryOn() async throws {
        let f = try Fixture(feeds: ["/wire"])
        let feed = try f.feed("/wire")
        // Two entries stored by a fetch whose analysis never finished: the process died three times
        // on the first one.
        let stored = try f.store.recordFetch(
            FetchRecord(feedID: feed.id, at: f.now, outcome: .updated, httpStatus: 200, durationMs: 5, bytes: 900, etag: nil,
                        lastModified: nil, title: "Wire", nextPollAt: f.now.addingTimeInterval(3600), permanentRedirectTo: nil),
            entries: [
                EntryInput(guid: "w1", link: "http://example.org/strike", title: "Port strike enters second week",
                           summary: "Dockers stay out at Port Sellen as talks stall.", firstSeen: f.now),
                EntryInput(guid: "w2", link: "http://example.org/storm", title: "Storm Odile closes schools",
                           summary: "Schools shut across the coast as the storm nears.", firstSeen: f.now),
            ])
        let poison = stored[0].id
        let innocent = stored[1].id
        for _ in 0..<3 { try f.store.beginWork(.analysis, ids: [poison], at: f.now) }
        for _ in 0..<3 { try f.store.beginWork(.clustering, ids: [poison], at: f.now) }
        _ = await f.cycle(everything: false)
        let setAside = try #require(try f.store.entry(id: poison))
        #expect(setAside.analysisJSON != nil)
        #expect(setAside.storyID == "solo-\(poison)")
        let kinds = Set(try f.store.quarantinedItems().filter { $0.itemID == poison }.map(\.kind))
        #expect(kinds == [.analysis, .clustering])
        let other = try #require(try f.store.entry(id: innocent))
        #expect(other.analysisJSON?.contains("Schools shut") == true)
        #expect(other.storyID != nil && other.storyID != "solo-\(innocent)")
        #expect(try f.store.unfinishedWork(.analysis).isEmpty)
        #expect(try f.store.unfinishedWork(.clustering).isEmpty)
        await f.close()
    }

    @Test func anUnreadableStoryStateIsReportedAndRebuiltNotEmptied() async throws {
        let f = try Fixture(feeds: ["/a", "/b"])
        f.server.serve("/a", body: Self.rss([("1", "Central bank cuts rates to 3%", "http://news.example/rates", "The bank cut rates to 3%.")]))
        f.server.serve("/b", body: Self.rss([("z", "Rates cut to 3% by central bank", "http://other.example/rates-cut",
                                             "The central bank cut its main rate to 3% on Thursday.")]))
        _ = await f.cycle()
        let before = try f.store.entries(firstSeenFrom: f.now.addingTimeInterval(-60), to: f.now.addingTimeInterval(60))
        #expect(before.allSatisfy { $0.storyID != nil })
        try f.store.saveClustererState(Data("{\"truncated".utf8))
        // A new item arrives; the next cycle finds the state unreadable.
        f.server.serve("/a", body: Self.rss([("1", "Central bank cuts rates to 3%", "http://news.example/rates", "The bank cut rates to 3%."),
                                             ("2", "Bank chief defends rate cut", "http://news.example/chief", "The governor spoke.")]))
        let messages = CapturedLog()
        let cycle = PollCycle(config: f.config, store: f.store, fetcher: f.fetcher, gate: HostGate(perHostLimit: 2, spacing: 0),
                              logger: Logger(label: "test") { _ in messages }, clock: { f.now })
        _ = await cycle.run(everything: true)
        #expect(messages.lines.contains { $0.level == .critical && $0.message.contains("cannot be read") })
        let after = try f.store.entries(firstSeenFrom: f.now.addingTimeInterval(-60), to: f.now.addingTimeInterval(60))
        #expect(after.count == 3)
        #expect(after.allSatisfy { $0.storyID != nil })
        // The rebuilt state is saved and readable, and knows the stories: the two rate items stay together.
        let data = try #require(try f.store.loadClustererState())
        #expect((try? StoryStateJournal.clusterer(fromCheckpoint: data)) != nil)
        let rates = after.filter { $0.title?.contains("ates") == true }
        #expect(Set(rates.map(\.storyID)).count == 1)
        await f.close()
    }
}

/// A log handler that keeps what it is given, for tests that assert on what an operator would read.
final class CapturedLog: LogHandler, @unchecked Sendable {
    struct Line: Sendable { var level: Logger.Level; var message: String }
    private let stored = Mutex<[Line]>([])
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    var lines: [Line] { stored.withLock { $0 } }
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) {
        stored.withLock { $0.append(Line(level: event.level, message: event.message.description)) }
    }
}
