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
    /// Whether this process held the clusterer role: it analysed, assigned stories and may write
    /// the digests. On a shared database the other workers fetch and extract only.
    public var clusterer = true
    /// A claim came back full (due feeds or pages left over for the next cycle): the daemon
    /// comes back in seconds, not at the next feed's poll time.
    public var moreWork = false

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
    let store: any FeedStorage
    let fetcher: HTTPFetcher
    let gate: HostGate
    let logger: Logger
    let analyzer: TextAnalyzer
    let clock: @Sendable () -> Date
    /// Threads that analyse a chunk's entries at once (one per core; 1 runs them in order).
    let analysisWidth: Int
    /// The clusterer kept from the last cycle of this process (the daemon's), if any.
    let clustererCache: ClustererCache?
    /// Entries analysed and clustered between two commits (`analysisChunk`; tests use fewer).
    let chunkSize: Int

    public init(config: WatcherConfig, store: any FeedStorage, fetcher: HTTPFetcher, gate: HostGate, logger: Logger,
                analyzer: TextAnalyzer = TextAnalyzer(), clock: @escaping @Sendable () -> Date = { Date() },
                analysisWidth: Int = ParallelMap.defaultWidth, clustererCache: ClustererCache? = nil,
                chunkSize: Int = PollCycle.analysisChunk) {
        self.analysisWidth = max(1, analysisWidth)
        self.chunkSize = max(1, chunkSize)
        self.clustererCache = clustererCache
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
        let store = self.store
        let due: [FeedState]
        let unfinished: [Int64: Int]
        // On a shared database, due feeds are claimed (leased to this worker) a batch at a time;
        // on SQLite this process is the only worker and takes every due feed.
        let lease = WorkLeases.lease(at: now, duration: config.workerLease)
        let limit = !store.isShared ? 100_000 : WorkLeases.feedBatch(maxConcurrentFetches: config.maxConcurrentFetches)
        do {
            (due, unfinished) = try await BlockingExecutor.database.run {
                (everything ? try store.allFeeds().filter(\.active) : try store.claimDueFeeds(at: now, limit: limit, lease: lease),
                 try store.unfinishedWork(.feedFetch))
            }
        } catch {
            logger.error("cannot read the feed list from the database: \(error)")
            return report
        }
        let feedsLeft = !everything && due.count >= limit
        let renewal = WorkLeases.keepRenewing(store, duration: config.workerLease, clock: clock)
        defer { renewal?.cancel() }
        progress?(.feedsStarted(total: due.count))
        var timer = StageTimer()
        let poller = FeedPoller(config: config, fetcher: fetcher, gate: gate)
        let held = HeldFailures()
        let stats = ReportBox()

        // Feeds the process died in last time are tried first, one at a time, alone; a feed it died
        // in `quarantineAfter` times is set aside for a day instead (see FeedStore+WorkAttempts).
        var suspects: [FeedState] = []
        var ordinary: [FeedState] = []
        for feed in due {
            guard let attempts = unfinished[feed.id] else { ordinary.append(feed); continue }
            if attempts >= store.quarantineAfter {
                await quarantineFeed(feed, attempts: attempts, stats: stats, progress: progress)
            } else {
                suspects.append(feed)
            }
        }
        if !suspects.isEmpty {
            logger.warning("\(suspects.count) feed(s) were being fetched when feedwatch last stopped unexpectedly; retrying them one at a time")
        }
        for feed in suspects {
            await pollOne(feed, poller: poller, held: held, stats: stats, progress: progress)
        }
        ordinary = HostInterleave.order(ordinary) { HostInterleave.host(of: $0.fetchURL) }
        await Concurrently.forEach(ordinary, limit: config.maxConcurrentFetches) { feed in
            await self.pollOne(feed, poller: poller, held: held, stats: stats, progress: progress)
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
        report.moreWork = feedsLeft
        if down { logger.warning("every feed failed at the network level: the network looks down; retrying in a few minutes") }
        _ = try? await BlockingExecutor.database.run { try store.setValue(down ? "1" : nil, forKey: "network_down") }

        timer.lap("feeds")
        if !Self.stopping {
            progress?(.stage("articles"))
            let (ok, bad, full) = await fetchArticles(progress: progress)
            report.articlesFetched = ok
            report.articlesFailed = bad
            if full { report.moreWork = true }
        }
        timer.lap("articles")
        // Exactly one worker on a shared database assigns stories (online clustering needs one
        // order); the others leave their entries to it.
        report.clusterer = (try? await BlockingExecutor.database.run { try store.acquireClustererRole() }) ?? false
        WorkLeases.noteClustererRole(report.clusterer, store: store, logger: logger)
        if !report.clusterer && !Self.stopping {
            // The other workers' share of the analysis (see PollCycle+SharedAnalysis).
            progress?(.stage("analysis"))
            let (_, moreLeft) = await BlockingExecutor.cpu.run { self.analyseClaimedEntries(progress: progress) }
            if moreLeft { report.moreWork = true }
        }
        if report.clusterer && !Self.stopping {
            progress?(.stage("analysis"))
            // A long, CPU-bound loop: on a thread of its own, never on the cooperative pool.
            if await BlockingExecutor.cpu.run({ self.analyseAndCluster(progress: progress) }) { report.moreWork = true }
        }
        timer.lap("analysis and stories")
        logger.debug("cycle stages: \(timer.summary)")
        return report
    }

    /// Fetches one feed with its attempt counted first, then commits the result (which forgets it).
    private func pollOne(_ feed: FeedState, poller: FeedPoller, held: HeldFailures, stats: ReportBox,
                         progress: (@Sendable (CycleProgress) -> Void)?) async {
        if Self.stopping { return }
        let store = self.store
        let started = clock()
        do {
            try await BlockingExecutor.database.run { try store.beginWork(.feedFetch, ids: [feed.id], at: started) }
        } catch {
            logger.error("cannot record the start of a fetch: \(error)", metadata: ["feed": "\(feed.fetchURL)"])
            return
        }
        let poll = await poller.poll(feed, now: clock())
        if poll.networkFailure != nil {
            await held.add(poll)
            return
        }
        await commit(poll, stats: stats, progress: progress)
    }

    /// Sets aside a feed the process died in `attempts` times: recorded as failed with the reason,
    /// due again in a day.
    private func quarantineFeed(_ feed: FeedState, attempts: Int, stats: ReportBox,
                                progress: (@Sendable (CycleProgress) -> Void)?) async {
        let now = clock()
        let until = now.addingTimeInterval(Self.feedQuarantine)
        let reason = "quarantined: feedwatch stopped \(attempts) times while \(WorkKind.feedFetch.doing); tried again after \(Self.stamp(until))"
        let record = FetchRecord(feedID: feed.id, at: now, outcome: .failed(reason), httpStatus: nil, durationMs: 0, bytes: 0,
                                 etag: nil, lastModified: nil, title: nil, nextPollAt: until, permanentRedirectTo: nil,
                                 publishIntervalEstimate: nil)
        let store = self.store
        do {
            try await BlockingExecutor.database.run {
                try store.recordFetch(record, entries: [])
                try store.quarantine(.feedFetch, id: feed.id, reason: reason, at: now, until: until)
            }
        } catch {
            logger.error("cannot quarantine the feed: \(error)", metadata: ["feed": "\(feed.fetchURL)"])
        }
        await stats.count(record.outcome, newEntries: 0)
        logger.error("feed quarantined: \(reason)", metadata: ["feed": "\(feed.fetchURL)"])
        progress?(.feedDone(url: feed.fetchURL, summary: reason, failed: true))
    }

    /// How long a feed the process died in stays set aside before it is tried once more.
    static let feedQuarantine: TimeInterval = 86_400

    static func stamp(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }

    private func commit(_ poll: FeedPoll, stats: ReportBox, progress: (@Sendable (CycleProgress) -> Void)?) async {
        var meta: Logger.Metadata = ["feed": "\(poll.feed.fetchURL)"]
        do {
            let fullText = poll.feed.fullText
            let mode = config.fullText
            let store = self.store
            let inserted = try await BlockingExecutor.database.run {
                try store.recordFetch(poll.record, entries: poll.entries, wantsArticle: { entry in
                    EntryMapping.wantsArticle(entry, feedSetting: fullText, mode: mode)
                })
            }
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
    /// retry time). Returns (extracted, failed, whether the claim was full and pages are left).
    func fetchArticles(progress: (@Sendable (CycleProgress) -> Void)? = nil) async -> (Int, Int, Bool) {
        let store = self.store
        let now = clock()
        let lease = WorkLeases.lease(at: now, duration: config.workerLease)
        let limit = !store.isShared ? 2000 : WorkLeases.articleBatch
        let pending: [PendingArticle]
        let unfinished: [Int64: Int]
        do {
            (pending, unfinished) = try await BlockingExecutor.database.run {
                (try store.claimPendingArticles(at: now, limit: limit, lease: lease), try store.unfinishedWork(.pageExtraction))
            }
        } catch {
            logger.error("cannot read pending articles: \(error)")
            return (0, 0, false)
        }
        guard !pending.isEmpty else { return (0, 0, false) }
        let counts = ReportBox()
        // Pages the process died in: alone and first; at the limit, given up with the reason.
        var suspects: [PendingArticle] = []
        var ordinary: [PendingArticle] = []
        for article in pending {
            guard let attempts = unfinished[article.entryID] else { ordinary.append(article); continue }
            if attempts >= store.quarantineAfter {
                let reason = "quarantined: feedwatch stopped \(attempts) times while \(WorkKind.pageExtraction.doing); the feed's own text is used"
                do {
                    try await BlockingExecutor.database.run {
                        try store.recordArticle(entryID: article.entryID, result: .failed(error: reason, retryAt: nil))
                        try store.quarantine(.pageExtraction, id: article.entryID, reason: reason, at: now)
                    }
                } catch {
                    logger.error("cannot quarantine the article: \(error)", metadata: ["url": "\(article.url)"])
                }
                logger.error("article quarantined: \(reason)", metadata: ["url": "\(article.url)"])
                await counts.count(.failed(reason), newEntries: 0)
            } else {
                suspects.append(article)
            }
        }
        for article in suspects {
            await fetchArticle(article, counts: counts, progress: progress)
        }
        ordinary = HostInterleave.order(ordinary) { HostInterleave.host(of: $0.url) }
        await Concurrently.forEach(ordinary, limit: config.maxConcurrentFetches) { article in
            await self.fetchArticle(article, counts: counts, progress: progress)
        }
        let r = await counts.report
        return (r.updated, r.failed, pending.count >= limit)
    }

    /// One article page: its attempt counted, fetched politely, extracted on the CPU executor (a
    /// hostile page grinds there, not on the cooperative pool), stored with its label.
    private func fetchArticle(_ article: PendingArticle, counts: ReportBox,
                              progress: (@Sendable (CycleProgress) -> Void)?) async {
        if Self.stopping { return }
        let store = self.store
        let started = clock()
        do {
            try await BlockingExecutor.database.run { try store.beginWork(.pageExtraction, ids: [article.entryID], at: started) }
        } catch {
            logger.error("cannot record the start of an article fetch: \(error)", metadata: ["url": "\(article.url)"])
            return
        }
        let configDir = (config.sourceFile as NSString).deletingLastPathComponent
        let host = URL(string: article.url)?.host?.lowercased() ?? ""
        let isFileFeed = article.feedURL.lowercased().hasPrefix("file://")
        let request = FetchRequest(url: article.url, accept: FetchRequest.pageAccept, maxBytes: self.config.maxBodySize,
                                   timeout: self.config.fetchTimeout,
                                   privateAddresses: .pages(allowPrivateNetworks: self.config.allowPrivateNetworks),
                                   fileRoot: isFileFeed ? configDir : nil)
        let result: ArticleRecord
        do {
            let response = try await self.gate.withSlot(host) { try await self.fetcher.fetch(request) }
            let maxBytes = self.config.maxBodySize
            let page = await BlockingExecutor.cpu.run {
                PageExtractor.extract(response.body, url: response.finalURL, httpCharset: response.charset,
                                      httpStatus: response.status, maxBytes: maxBytes)
            }
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
            try await BlockingExecutor.database.run { try store.recordArticle(entryID: article.entryID, result: result) }
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
    ///
    /// Synchronous and CPU-bound: the cycle runs it on `BlockingExecutor.cpu`. Entries go in
    /// chunks: each chunk's attempts are counted before its work, and its analyses, its story
    /// assignments and the clusterer state that produced them are committed in one transaction, so
    /// the saved state and the stored stories always agree. An entry the process died in last time
    /// is a chunk of its own; one it died in `quarantineAfter` times is set aside (no analysis, a
    /// story of its own).
    /// Returns whether entries are left for the next cycle (its claim for analysis was full).
    @discardableResult
    func analyseAndCluster(progress: (@Sendable (CycleProgress) -> Void)? = nil) -> Bool {
        let now = clock()
        let windowStart = now.addingTimeInterval(-3 * 86_400)
        let windowEnd = now.addingTimeInterval(60)
        var entries: [StoredEntry]
        var suspects: [Int64: Int]
        // On a shared database other workers analyse too: the clusterer analyses only the entries
        // it claims (nil: the single-process store, everything is its own), and only their
        // analysis attempts can be its suspects — the others belong to live workers.
        let analysable: Set<Int64>?
        do {
            entries = try store.entries(firstSeenFrom: windowStart, to: windowEnd, unfinishedOnly: true)
            let lease = WorkLeases.lease(at: now, duration: config.workerLease)
            analysable = try store.claimEntriesForAnalysis(firstSeenFrom: windowStart, to: windowEnd, at: now,
                                                           limit: Self.analysisChunk, lease: lease).map { Set($0.map(\.id)) }
            var counts = try store.unfinishedWork(.analysis)
            if let analysable { counts = counts.filter { analysable.contains($0.key) } }
            counts.merge(try store.unfinishedWork(.clustering)) { max($0, $1) }
            suspects = counts
        } catch {
            logger.error("cannot read entries for analysis: \(error)")
            return false
        }
        // Nothing unfinished (the usual quiet cycle): skip decoding the clusterer's state.
        guard !entries.isEmpty else { return false }
        // Entries that only wait for their analysis (their story came with an exact match across
        // feeds) need no clusterer: its saved state, megabytes of JSON, is read only when some
        // entry needs a story. A fresh clusterer has the same configuration and is never saved.
        let needsStories = entries.contains { $0.storyID == nil || $0.hasExactMatchStory }
        let decodeStarted = ContinuousClock.now
        guard var loaded = needsStories ? loadClusterer() : LoadedClusterer(clusterer: StoryClusterer(), rebuilt: false) else { return false }
        // The bound in force now (a reload may have changed it for the cached clusterer).
        loaded.clusterer.maxWindowItems = config.storyWindowItems
        let decoding = ContinuousClock.now - decodeStarted
        if loaded.rebuilt {
            do { entries = try store.entries(firstSeenFrom: windowStart, to: windowEnd) } catch {
                logger.error("cannot read entries to rebuild the story state: \(error)")
                return false
            }
        }
        let ordered = entries.sorted { ($0.published ?? $0.firstSeen, $0.id) < ($1.published ?? $1.firstSeen, $1.id) }
        let probed = probeSuspects(ordered, suspects: &suspects, analysable: analysable,
                                   configuration: loaded.clusterer.configuration, now: now)
        var chunk: [StoredEntry] = []
        var done = 0
        var chunks = 0
        var stateSaves = StateSaves()
        // Two chunks are in hand at a time: one analysed on the other cores while the one before
        // is clustered and committed on this thread.
        var inFlight: (started: StartedChunk, count: Int)?
        let configuration = loaded.clusterer.configuration
        func finishInFlight() {
            guard let (started, count) = inFlight else { return }
            inFlight = nil
            guard !loaded.broken else { return drop(started) }
            finish(started, clusterer: &loaded, saves: &stateSaves)
            done += count
            chunks += 1
            progress?(.stage("analysis"))
        }
        func flush(alone: Bool = false) {
            guard !chunk.isEmpty, !loaded.broken else { return }
            // A suspect's chunk of one is started only when nothing else is in flight: if it
            // crashes the process, the attempts counted are its own.
            if alone { finishInFlight() }
            let started = start(chunk, configuration: configuration, rebuilt: loaded.rebuilt, suspects: suspects,
                                probed: probed, analysable: analysable, now: now)
            let count = chunk.count
            chunk.removeAll(keepingCapacity: true)
            finishInFlight()
            // A chunk whose attempts could not be counted is left for the next cycle.
            guard let started else { return }
            inFlight = (started, count)
            if alone { finishInFlight() }
        }
        for entry in ordered where !loaded.broken {
            if suspects[entry.id] != nil {
                flush()
                chunk = [entry]
                flush(alone: true)
            } else {
                chunk.append(entry)
                if chunk.count >= chunkSize { flush() }
            }
        }
        flush()
        finishInFlight()
        // The daemon keeps the clusterer for the next cycle, now that this one is done with it
        // (a copy kept while it still took items would have shared, and so copied, its tables).
        if needsStories, !loaded.broken {
            clustererCache?.remember(loaded.clusterer, head: loaded.head, sinceCheckpoint: loaded.sinceCheckpoint)
        }
        // A process that keeps no clusterer (`once`) leaves a checkpoint, not a journal to replay.
        if clustererCache == nil, loaded.sinceCheckpoint > 0, !loaded.broken {
            do {
                let checkpoint = StoryStateJournal.checkpoint(of: loaded.clusterer, through: loaded.head)
                try store.saveStoryCheckpoint(checkpoint)
                stateSaves.count += 1
                stateSaves.bytes = checkpoint.byteCount
            } catch {
                logger.error("story state not checkpointed (the next run replays its journal): \(error)")
            }
        }
        if loaded.rebuilt { logger.notice("story state rebuilt from \(done) entries of the last 3 days") }
        logger.debug("stories: \(done) entries in \(chunks) chunks; story state read in \(decoding), \(stateSaves.journalRecords) journal records, checkpointed \(stateSaves.count) times in \(stateSaves.time) (last \(stateSaves.bytes) bytes); analysis on \(analysisWidth) threads waited for \(stateSaves.waited), clustering and commits \(stateSaves.sequential)")
        return (analysable?.count ?? 0) >= Self.analysisChunk
    }

    /// Entries analysed and clustered between two commits. A chunk is about a second of analysis
    /// on two cores, which keeps the heartbeat and the work lost to a kill -9 small.
    public static let analysisChunk = 800

    /// How often and how long the clusterer's state was checkpointed in a cycle, and how many
    /// journal records it wrote (for the debug log).
    struct StateSaves {
        var journalRecords = 0
        var count = 0
        var time = Duration.zero
        var bytes = 0
        /// Wall time the clustering thread waited for a chunk's analysis, and the time it spent
        /// on its own work (clustering and committing, while the next chunk is analysed).
        var waited = Duration.zero
        var sequential = Duration.zero
    }

    /// The entries the process died in last time (a kill -9 or a crash cut their chunk short),
    /// each tried alone before the chunks run: its attempt is counted, its analysis and clustering
    /// features are made — the work a hostile text could crash — and the attempt is forgotten
    /// again, in two small commits. An entry that passes is no suspect any more and goes back into
    /// an ordinary chunk, its analysis kept for it; one that crashes the process again stays
    /// counted and is quarantined at `quarantineAfter`. Without this, the 800 entries of a chunk
    /// cut short became 800 chunks of one, each committing the whole clusterer state: a restart
    /// after an OOM kill took minutes. Returns the analyses made here, by entry id.
    private func probeSuspects(_ ordered: [StoredEntry], suspects: inout [Int64: Int], analysable: Set<Int64>?,
                               configuration: ClusteringConfiguration, now: Date) -> [Int64: String] {
        var analyses: [Int64: String] = [:]
        let limit = store.quarantineAfter
        for entry in ordered {
            guard let attempts = suspects[entry.id], attempts < limit else { continue }
            let needsAnalysis = entry.analysisJSON == nil && !(entry.articleText == nil && entry.articleState == "pending")
                && analysable?.contains(entry.id) ?? true
            // Another worker's analysis attempts are its own business: only touch ours.
            do {
                if needsAnalysis { try store.beginWork(.analysis, ids: [entry.id], at: now) }
                try store.beginWork(.clustering, ids: [entry.id], at: now)
            } catch {
                logger.error("cannot record the start of analysis: \(error)")
                return analyses
            }
            let text = Self.text(of: entry)
            if needsAnalysis { analyses[entry.id] = Self.analysisJSON(text, analyzer: analyzer) }
            _ = PreparedItem(Self.newsItem(entry, text: text), configuration: configuration)
            do {
                if needsAnalysis { try store.finishWork(.analysis, ids: [entry.id]) }
                try store.finishWork(.clustering, ids: [entry.id])
                suspects[entry.id] = nil
            } catch {
                logger.error("cannot record the end of analysis: \(error)")
                return analyses
            }
        }
        if !analyses.isEmpty { logger.notice("\(analyses.count) entries the last run stopped in were analysed one at a time and passed") }
        return analyses
    }

    /// A chunk whose attempts are counted and whose analysis is under way on the other cores.
    struct StartedChunk {
        /// What needs no analysis: the set-aside entries' empty analyses and stories of their own.
        var analyses: [(entryID: Int64, json: String)]
        var assignments: [StoryAssignment]
        /// Entries whose attempts were counted in the store (to be forgotten if the chunk is dropped).
        var analysing: [Int64]
        var clustering: [Int64]
        var work: PendingResult<[EntryWork]>
    }

    /// Counts the attempts of a chunk's entries (quarantining those that used up theirs) and
    /// starts their analysis and clustering features on other threads. Nil when the attempts
    /// cannot be recorded.
    private func start(_ chunk: [StoredEntry], configuration: ClusteringConfiguration, rebuilt: Bool,
                       suspects: [Int64: Int], probed: [Int64: String], analysable: Set<Int64>?,
                       now: Date) -> StartedChunk? {
        let limit = store.quarantineAfter
        var analyses: [(entryID: Int64, json: String)] = []
        var assignments: [StoryAssignment] = []
        var toAnalyse: [StoredEntry] = []
        var toCluster: [StoredEntry] = []
        for entry in chunk {
            // An entry whose page was never tried yet waits for it; after that the feed's text will do.
            let waitingForPage = entry.articleText == nil && entry.articleState == "pending"
            let attempts = suspects[entry.id] ?? 0
            if entry.analysisJSON == nil, !waitingForPage, analysable?.contains(entry.id) ?? true {
                if attempts >= limit {
                    quarantineEntry(entry, .analysis, attempts: attempts, now: now)
                    analyses.append((entry.id, AnalysisRecord.empty.json()))
                } else {
                    toAnalyse.append(entry)
                }
            }
            // Exact matches across feeds got a provisional story at once; the clusterer still sees
            // them, so a third outlet with a different URL joins the same story.
            if entry.storyID == nil || entry.hasExactMatchStory || rebuilt {
                if attempts >= limit {
                    quarantineEntry(entry, .clustering, attempts: attempts, now: now)
                    assignments.append(StoryAssignment(entryID: entry.id, storyID: "solo-\(entry.id)"))
                } else {
                    toCluster.append(entry)
                }
            }
        }
        let analysing = toAnalyse.map(\.id)
        let clustering = toCluster.map(\.id)
        do {
            try store.beginWork(.analysis, ids: analysing, at: now)
            try store.beginWork(.clustering, ids: clustering, at: now)
        } catch {
            logger.error("cannot record the start of analysis: \(error)")
            return nil
        }
        // The work on each entry alone is pure — the text it is read by, its analysis, its
        // clustering features (`PreparedItem`) — and runs on every core at once, the results
        // coming back in the chunk's order, while the thread that called this clusters and
        // commits the chunk before.
        let analyzer = self.analyzer
        let width = analysisWidth
        let analyse = Set(analysing)
        let cluster = Set(clustering)
        let jobs = chunk.filter { analyse.contains($0.id) || cluster.contains($0.id) }
        let probedHere = probed.filter { analyse.contains($0.key) }
        let work = PendingResult {
            ParallelMap.map(jobs, width: width) { entry in
                let text = Self.text(of: entry)
                return EntryWork(
                    entryID: entry.id,
                    analysisJSON: analyse.contains(entry.id)
                        ? probedHere[entry.id] ?? Self.analysisJSON(text, analyzer: analyzer) : nil,
                    prepared: cluster.contains(entry.id)
                        ? PreparedItem(Self.newsItem(entry, text: text), configuration: configuration) : nil)
            }
        }
        return StartedChunk(analyses: analyses, assignments: assignments, analysing: analysing, clustering: clustering,
                            work: work)
    }

    /// Waits for a started chunk's analysis, makes the clusterer's decisions one at a time in
    /// published order (the same stories as when everything ran on one thread), and commits the
    /// chunk's analyses, its assignments and the story state that produced them in one
    /// transaction.
    private func finish(_ started: StartedChunk, clusterer loaded: inout LoadedClusterer, saves: inout StateSaves) {
        var analyses = started.analyses
        var assignments = started.assignments
        let waiting = ContinuousClock.now
        let results = started.work.value()
        let finishing = ContinuousClock.now
        saves.waited += finishing - waiting
        defer { saves.sequential += ContinuousClock.now - finishing }
        for result in results {
            if let json = result.analysisJSON { analyses.append((result.entryID, json)) }
        }
        var journal: [StoryJournalRecord] = []
        do {
            for result in results {
                guard let prepared = result.prepared else { continue }
                let assignment = loaded.clusterer.add(prepared)
                // The reason and the developing link are kept with the story, for the digest. When
                // the item made its story one with a larger one, the store moves the entries given
                // the smaller one, in the commit that stores this decision.
                assignments.append(StoryAssignment(entryID: result.entryID, storyID: assignment.story,
                                                   reasonJSON: StoredJSON.text(assignment.reason),
                                                   developingFrom: assignment.developingFrom,
                                                   mergesStory: assignment.merged?.from,
                                                   relinkedStories: assignment.merged?.developments ?? []))
                journal.append(StoryJournalRecord(seq: loaded.head + Int64(journal.count) + 1, storyID: assignment.story,
                                                  itemJSON: try StoryStateJournal.json(prepared.item)))
            }
            try store.recordAnalyses(analyses)
            let head = loaded.head + Int64(journal.count)
            var sinceCheckpoint = loaded.sinceCheckpoint + journal.count
            var checkpoint: StoryCheckpoint?
            if !journal.isEmpty, StoryStateJournal.wantsCheckpoint(
                sinceCheckpoint: sinceCheckpoint, stateItems: loaded.clusterer.windowItemCount, rebuilt: loaded.rebuilt) {
                checkpoint = StoryStateJournal.checkpoint(of: loaded.clusterer, through: head)
                sinceCheckpoint = 0
            }
            // A checkpoint is encoded as the commit writes it: the time is the commit's.
            let commitStarted = ContinuousClock.now
            try store.commitStories(assignments, journal: journal, checkpoint: checkpoint)
            if let checkpoint {
                saves.count += 1
                saves.time += ContinuousClock.now - commitStarted
                saves.bytes = checkpoint.byteCount
            }
            saves.journalRecords += journal.count
            loaded.head = head
            loaded.sinceCheckpoint = sinceCheckpoint
        } catch {
            // The clusterer now holds items the store does not: no more chunks with it this cycle;
            // the next cycle loads the stored state again.
            loaded.broken = true
            clustererCache?.forget()
            logger.error("cannot store analyses and stories: \(error)")
        }
    }

    /// A started chunk that will not be finished this cycle (the one before it failed to
    /// commit): its analysis is waited for and dropped, and its attempts are forgotten, for no
    /// entry of it failed. The next cycle takes it up again as an ordinary chunk.
    private func drop(_ started: StartedChunk) {
        _ = started.work.value()
        do {
            try store.finishWork(.analysis, ids: started.analysing)
            try store.finishWork(.clustering, ids: started.clustering)
        } catch {
            logger.error("cannot forget the attempts of a chunk left for the next cycle: \(error)")
        }
    }

    /// What the parallel stage made of one entry of a chunk.
    struct EntryWork: Sendable {
        var entryID: Int64
        var analysisJSON: String?
        var prepared: PreparedItem?
    }

    /// The clusterer's view of an entry: its text cut to the first 5,000 characters.
    static func newsItem(_ entry: StoredEntry, text: String) -> NewsItem {
        NewsItem(id: String(entry.id), source: entry.feedName ?? entry.feedURL,
                 title: entry.title ?? "", text: String(text.prefix(5000)),
                 published: (entry.published ?? entry.firstSeen).timeIntervalSince1970,
                 url: entry.link ?? "", guid: entry.guidKey)
    }

    /// An entry's analysis as stored: of its text's first 100,000 characters.
    static func analysisJSON(_ text: String, analyzer: TextAnalyzer) -> String {
        AnalysisRecord(analyzer.analyze(String(text.prefix(100_000)))).json()
    }

    /// The text an entry is analysed and clustered by: its article, else the feed's own text.
    static func text(of entry: StoredEntry) -> String {
        entry.articleText.flatMap { $0.isEmpty ? nil : $0 } ?? EntryMapping.feedText(summary: entry.summary, content: entry.content)
    }

    func quarantineEntry(_ entry: StoredEntry, _ kind: WorkKind, attempts: Int, now: Date) {
        let reason = "quarantined: feedwatch stopped \(attempts) times while \(kind.doing)"
        try? store.quarantine(kind, id: entry.id, reason: reason, at: now)
        logger.error("entry quarantined: \(reason)", metadata: ["feed": "\(entry.feedURL)", "url": "\(entry.link ?? "")"])
    }

    /// The clusterer as stored, and whether it had to be rebuilt.
    struct LoadedClusterer {
        var clusterer: StoryClusterer
        /// The stored state could not be read: every entry of the window is clustered again.
        var rebuilt: Bool
        /// The seq of the last journal record the clusterer holds (the stored head it continues).
        var head: Int64 = 0
        /// Items it took in since the last checkpoint.
        var sinceCheckpoint = 0
        /// A commit failed: the clusterer holds items the store does not.
        var broken = false
    }

    /// The stored clusterer: the cached one while the stored head is the one it committed, else
    /// the last checkpoint with the journal records after it replayed; a fresh one when nothing
    /// was stored yet. A state that cannot be read is reported loudly and rebuilt from the stored
    /// entries — never silently replaced by an empty one. Nil when the database cannot be read
    /// (the cycle leaves stories for the next one).
    func loadClusterer() -> LoadedClusterer? {
        let saved: SavedStoryState
        do {
            let head = try store.storyStateHead()
            if let cached = clustererCache?.take(atHead: head) {
                return LoadedClusterer(clusterer: cached.clusterer, rebuilt: false, head: head, sinceCheckpoint: cached.sinceCheckpoint)
            }
            saved = try store.loadStoryState()
        } catch {
            logger.error("cannot read the saved story state: \(error); stories are left for the next cycle")
            return nil
        }
        var clusterer = StoryClusterer()
        do {
            if let data = saved.checkpoint { clusterer = try StoryStateJournal.clusterer(fromCheckpoint: data) }
            clusterer.maxWindowItems = config.storyWindowItems
            let started = ContinuousClock.now
            let width = analysisWidth
            let replay = try StoryStateJournal.replay(saved.journal, into: &clusterer) { records, prepare in
                ParallelMap.map(records, width: width, prepare)
            }
            if replay.items > 0 {
                let otherwise = replay.decidedOtherwise > 0
                    ? "; \(replay.decidedOtherwise) went to another story than stored (their stored stories stand)" : ""
                logger.notice("story state: \(replay.items) items replayed after the checkpoint in \(ContinuousClock.now - started)\(otherwise)")
            }
        } catch {
            logger.critical("the saved story state (checkpoint of \(saved.checkpoint?.count ?? 0) bytes, \(saved.journal.count) journal records) cannot be read: \(error); rebuilding it from the entries of the last 3 days")
            return LoadedClusterer(clusterer: StoryClusterer(), rebuilt: true, head: saved.head)
        }
        if let cache = clustererCache, !saved.journal.isEmpty || saved.checkpoint != nil {
            cache.remember(clusterer, head: saved.head, sinceCheckpoint: saved.journal.count)
        }
        return LoadedClusterer(clusterer: clusterer, rebuilt: false, head: saved.head, sinceCheckpoint: saved.journal.count)
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
