import ArticleExtractor
import FeedParser
import Foundation
import Logging
import ServiceLifecycle
import Storage
import StoryClustering
import TextAnalysis

/// What one cycle did, for logs, `once`'s exit status and sd_notify STATUS.
public struct CycleReport: Sendable, Equatable {
    public var feedsPolled = 0
    public var updated = 0
    public var notModified = 0
    public var failed = 0
    public var deferred = 0
    public var newEntries = 0
    public var articlesFetched = 0
    public var articlesFailed = 0
    public var networkDown = false
    public var digestWritten: [String] = []

    public init() {}

    /// Every feed polled failed (the exit status of `once`).
    public var allFailed: Bool { feedsPolled > 0 && failed + deferred == feedsPolled && updated + notModified == 0 }

    public var oneLine: String {
        var s = "\(feedsPolled) feeds polled: \(updated) updated, \(notModified) unchanged, \(failed) failed"
        if deferred > 0 { s += ", \(deferred) deferred" }
        s += "; \(newEntries) new entries"
        if articlesFetched + articlesFailed > 0 { s += ", \(articlesFetched) articles extracted" }
        if networkDown { s += " (network looks down)" }
        return s
    }
}

/// Progress events, for `once`'s progress bar.
public enum CycleProgress: Sendable {
    case feedsStarted(total: Int)
    case feedDone(url: String, summary: String, failed: Bool)
    case stage(String)
}

/// One poll cycle: fetch the due feeds, store what is new, fetch and extract their pages,
/// analyse them, assign stories, and refresh the digest.
///
/// Every feed's result is committed in its own transaction as soon as it is known, so a
/// kill -9 at any moment loses at most the work in flight and never duplicates anything.
public final class PollCycle: Sendable {
    public let config: WatcherConfig
    let store: FeedStore
    let fetcher: HTTPFetcher
    let gate: HostGate
    let logger: Logger
    let analyzer: TextAnalyzer
    let clock: @Sendable () -> Date

    public init(config: WatcherConfig, store: FeedStore, fetcher: HTTPFetcher, gate: HostGate, logger: Logger,
                analyzer: TextAnalyzer = TextAnalyzer(), clock: @escaping @Sendable () -> Date = { Date() }) {
        self.config = config
        self.store = store
        self.fetcher = fetcher
        self.gate = gate
        self.logger = logger
        self.analyzer = analyzer
        self.clock = clock
    }

    /// Runs one cycle over the feeds that are due (all active feeds when `everything`).
    public func run(everything: Bool = false, progress: (@Sendable (CycleProgress) -> Void)? = nil) async -> CycleReport {
        var report = CycleReport()
        let now = clock()
        let due: [FeedState]
        do {
            due = everything ? try store.allFeeds().filter(\.active) : try store.dueFeeds(at: now, limit: 100_000)
        } catch {
            logger.error("cannot read the feed list from the database: \(error)")
            return report
        }
        progress?(.feedsStarted(total: due.count))
        let poller = FeedPoller(config: config, fetcher: fetcher, gate: gate)
        let held = HeldFailures()
        let stats = ReportBox()

        await Concurrently.forEach(due, limit: config.maxConcurrentFetches) { feed in
            if Self.stopping { return }
            let poll = await poller.poll(feed, now: self.clock())
            if poll.networkFailure != nil {
                await held.add(poll)
                return
            }
            await self.commit(poll, stats: stats, progress: progress)
        }

        // Network-level failures were held back: all of them at once means our network is down.
        let heldPolls = await held.polls
        var attempts = heldPolls.map { NetworkHealth.Attempt(host: $0.host, succeeded: false, networkLevelFailure: true) }
        let committed = await stats.report
        attempts += Array(repeating: NetworkHealth.Attempt(host: "ok", succeeded: true, networkLevelFailure: false),
                          count: committed.updated + committed.notModified)
        attempts += Array(repeating: NetworkHealth.Attempt(host: "x", succeeded: false, networkLevelFailure: false), count: committed.failed)
        let down = NetworkHealth.looksDown(attempts)
        let policy = PollPolicy(minInterval: config.minInterval, maxInterval: config.maxInterval)
        for var poll in heldPolls {
            if down {
                poll.record.outcome = .deferred("network down (\(poll.networkFailure!.description))")
                poll.record.nextPollAt = policy.nextAfterDeferral(now: clock(), retryAfter: 120 + Double.random(in: 0...60), fallback: 180)
            }
            await commit(poll, stats: stats, progress: progress)
        }
        report = await stats.report
        report.networkDown = down
        if down { logger.warning("every feed failed at the network level: the network looks down; retrying in a few minutes") }
        try? store.setValue(down ? "1" : nil, forKey: "network_down")

        if !Self.stopping {
            progress?(.stage("articles"))
            let (ok, bad) = await fetchArticles(progress: progress)
            report.articlesFetched = ok
            report.articlesFailed = bad
        }
        if !Self.stopping {
            progress?(.stage("analysis"))
            analyseAndCluster(progress: progress)
        }
        return report
    }

    private func commit(_ poll: FeedPoll, stats: ReportBox, progress: (@Sendable (CycleProgress) -> Void)?) async {
        var meta: Logger.Metadata = ["feed": "\(poll.feed.fetchURL)"]
        do {
            let fullText = poll.feed.fullText
            let mode = config.fullText
            let inserted = try store.recordFetch(poll.record, entries: poll.entries, wantsArticle: { entry in
                EntryMapping.wantsArticle(entry, feedSetting: fullText, mode: mode)
            })
            await stats.count(poll.record.outcome, newEntries: inserted.count)
            meta["new"] = "\(inserted.count)"
            switch poll.record.outcome {
            case .failed(let why):
                logger.warning("feed failed: \(why)", metadata: meta)
                progress?(.feedDone(url: poll.feed.fetchURL, summary: why, failed: true))
            case .deferred(let why):
                logger.notice("feed deferred: \(why)", metadata: meta)
                progress?(.feedDone(url: poll.feed.fetchURL, summary: why, failed: false))
            default:
                logger.info("feed polled: \(poll.summary)", metadata: meta)
                progress?(.feedDone(url: poll.feed.fetchURL, summary: "\(poll.summary), \(inserted.count) new", failed: false))
            }
            if let moved = poll.record.permanentRedirectTo {
                logger.notice("feed permanently redirected to \(moved)", metadata: meta)
            }
        } catch {
            await stats.count(.failed("database"), newEntries: 0)
            logger.error("cannot store the result of the feed: \(error)", metadata: meta)
            progress?(.feedDone(url: poll.feed.fetchURL, summary: "database error: \(error)", failed: true))
        }
    }

    /// SIGTERM/SIGINT (graceful shutdown) or cancellation: start nothing new, finish what runs.
    static var stopping: Bool { Task.isCancelled || Task.isShuttingDownGracefully }

    // MARK: - Articles

    /// Fetches due article pages, politely, and stores the extracted text (or the failure, with a
    /// retry time). Returns (extracted, failed).
    func fetchArticles(progress: (@Sendable (CycleProgress) -> Void)? = nil) async -> (Int, Int) {
        let pending: [PendingArticle]
        do { pending = try store.pendingArticles(at: clock(), limit: 2000) } catch {
            logger.error("cannot read pending articles: \(error)")
            return (0, 0)
        }
        guard !pending.isEmpty else { return (0, 0) }
        let counts = ReportBox()
        let configDir = (config.sourceFile as NSString).deletingLastPathComponent
        await Concurrently.forEach(pending, limit: config.maxConcurrentFetches) { article in
            if Self.stopping { return }
            let host = URL(string: article.url)?.host?.lowercased() ?? ""
            let isFileFeed = article.feedURL.lowercased().hasPrefix("file://")
            let request = FetchRequest(url: article.url, accept: FetchRequest.pageAccept, maxBytes: self.config.maxBodySize,
                                       timeout: self.config.fetchTimeout,
                                       refusePrivateAddresses: !self.config.allowPrivateNetworks,
                                       fileRoot: isFileFeed ? configDir : nil)
            let result: ArticleRecord
            do {
                let response = try await self.gate.withSlot(host) { try await self.fetcher.fetch(request) }
                let page = PageExtractor.extract(response.body, url: response.finalURL, httpCharset: response.charset,
                                                 httpStatus: response.status, maxBytes: self.config.maxBodySize)
                if (200...299).contains(response.status) || page.status == .blocked || page.status == .paywalled {
                    result = .extracted(text: page.text, metadataJSON: ArticleMetadata(page).json(), label: page.status.rawValue)
                } else {
                    result = .failed(error: FeedPoller.describe(status: response.status),
                                     retryAt: Self.articleRetry(attempts: article.attempts, now: self.clock()))
                }
            } catch {
                let failure = error as? FetchError ?? .other("\(error)")
                let permanent: Bool
                switch failure {
                case .blockedAddress, .unsupportedScheme, .invalidURL, .file, .tooLarge, .decompressionBomb: permanent = true
                default: permanent = false
                }
                result = .failed(error: failure.description,
                                 retryAt: permanent ? nil : Self.articleRetry(attempts: article.attempts, now: self.clock()))
            }
            progress?(.stage("articles"))
            do {
                try self.store.recordArticle(entryID: article.entryID, result: result)
                if case .failed(let why, _) = result {
                    self.logger.info("article not fetched: \(why)", metadata: ["url": "\(article.url)"])
                    await counts.count(.failed(why), newEntries: 0)
                } else {
                    await counts.count(.updated, newEntries: 0)
                }
            } catch {
                self.logger.error("cannot store the article: \(error)", metadata: ["url": "\(article.url)"])
            }
        }
        let r = await counts.report
        return (r.updated, r.failed)
    }

    /// Retry a failed page after 10 min, 1 h, 6 h; give up after four attempts (the feed's own
    /// summary stays in the digest).
    static func articleRetry(attempts: Int, now: Date) -> Date? {
        let delays: [TimeInterval] = [600, 3600, 21_600]
        guard attempts < delays.count else { return nil }
        return now.addingTimeInterval(delays[attempts])
    }

    // MARK: - Analysis and stories

    /// Analyses entries that have their final text and gives every entry without one a story.
    /// `progress` is called every 100 entries: the daemon's watchdog heartbeat follows it.
    func analyseAndCluster(progress: (@Sendable (CycleProgress) -> Void)? = nil) {
        let now = clock()
        let entries: [StoredEntry]
        do { entries = try store.entries(firstSeenFrom: now.addingTimeInterval(-3 * 86_400), to: now.addingTimeInterval(60), unfinishedOnly: true) } catch {
            logger.error("cannot read entries for analysis: \(error)")
            return
        }
        // Nothing unfinished (the usual quiet cycle): skip decoding the clusterer's state.
        guard !entries.isEmpty else { return }
        var clusterer = loadClusterer()
        var changed = false
        for (index, entry) in entries.sorted(by: { ($0.published ?? $0.firstSeen, $0.id) < ($1.published ?? $1.firstSeen, $1.id) }).enumerated() {
            if index % 100 == 99 { progress?(.stage("analysis")) }
            let text = entry.articleText.flatMap { $0.isEmpty ? nil : $0 }
                ?? EntryMapping.feedText(summary: entry.summary, content: entry.content)
            // An entry whose page was never tried yet waits for it; after that the feed's text will do.
            let waitingForPage = entry.articleText == nil && entry.articleState == "pending"
            if entry.analysisJSON == nil, !waitingForPage {
                let record = AnalysisRecord(analyzer.analyze(String(text.prefix(100_000))))
                try? store.recordAnalysis(entryID: entry.id, json: record.json())
            }
            // Exact matches across feeds got a provisional story at once; the clusterer still sees
            // them, so a third outlet with a different URL joins the same story.
            if entry.storyID == nil || entry.hasExactMatchStory {
                let item = NewsItem(id: String(entry.id), source: entry.feedName ?? entry.feedURL,
                                    title: entry.title ?? "", text: String(text.prefix(5000)),
                                    published: (entry.published ?? entry.firstSeen).timeIntervalSince1970,
                                    url: entry.link ?? "", guid: entry.guidKey)
                let assignment = clusterer.add(item)
                try? store.assignStory(entryID: entry.id, storyID: assignment.story)
                changed = true
            }
        }
        if changed, let data = try? JSONEncoder().encode(clusterer) {
            try? store.saveClustererState(data)
        }
    }

    func loadClusterer() -> StoryClusterer {
        if let data = try? store.loadClustererState(), let state = try? JSONDecoder().decode(StoryClusterer.self, from: data) {
            return state
        }
        return StoryClusterer()
    }
}

/// Failures held back until the end of the fetch stage (see `NetworkHealth`).
actor HeldFailures {
    var polls: [FeedPoll] = []
    func add(_ poll: FeedPoll) { polls.append(poll) }
}

/// Counts outcomes from concurrent tasks.
actor ReportBox {
    var report = CycleReport()
    func count(_ outcome: FetchRecord.Outcome, newEntries: Int) {
        report.feedsPolled += 1
        report.newEntries += newEntries
        switch outcome {
        case .updated: report.updated += 1
        case .notModified: report.notModified += 1
        case .failed: report.failed += 1
        case .deferred: report.deferred += 1
        }
    }
}

/// Bounded concurrency over a list: at most `limit` bodies run at once.
public enum Concurrently {
    public static func forEach<T: Sendable>(_ items: [T], limit: Int, _ body: @escaping @Sendable (T) async -> Void) async {
        await withTaskGroup(of: Void.self) { group in
            var iterator = items.makeIterator()
            for _ in 0..<max(1, limit) {
                guard let next = iterator.next() else { break }
                group.addTask { await body(next) }
            }
            while await group.next() != nil {
                if PollCycle.stopping { continue }
                if let next = iterator.next() { group.addTask { await body(next) } }
            }
        }
    }
}
