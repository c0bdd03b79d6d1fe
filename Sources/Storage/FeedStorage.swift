import Foundation

/// What the pipeline needs from a database, whichever one holds the state: SQLite through GRDB
/// (`FeedStore`, the embedded default) or a PostgreSQL server shared by many workers
/// (`PostgresFeedStore` in the PostgresStorage module).
///
/// Every method is one transaction and blocks its caller: the Watcher calls them from the
/// `feedwatch-db` executor's own thread, never from Swift's cooperative pool (GRDB's API is
/// synchronous for the same reason). Values cross the boundary as the Storage module's value
/// types, so the rules that decide them (`EntryIdentity`, `FeedState.markSuccess`...) are
/// written once and both backends apply them.
///
/// Work sharing: on a shared server, `claimDueFeeds` and `claimPendingArticles` lease what they
/// return to one worker (`SELECT … FOR UPDATE SKIP LOCKED`), and only the holder of the
/// clusterer role assigns stories and writes digests. SQLite has one process, so there a claim
/// is a plain read and the role is always held.
public protocol FeedStorage: AnyObject, Sendable {
    /// "sqlite" or "postgres", for logs and `feedwatch status`.
    var backendName: String { get }
    /// Attempts of one unit of work before it is quarantined (`beginWork`).
    var quarantineAfter: Int { get }

    /// Ends the connections. Further calls throw.
    func close() throws

    // MARK: Settings and the clusterer's state

    /// A small named value (last digest hash of a day, network-down flag...).
    func value(forKey key: String) throws -> String?
    /// Stores a named value; nil removes it.
    func setValue(_ value: String?, forKey key: String) throws
    /// The story clusterer's last checkpoint (its whole state as of `SavedStoryState.checkpointSeq`).
    func loadClustererState() throws -> Data?
    /// Saves a checkpoint of the clusterer's whole state as of the journal's head (tests and
    /// tools; the pipeline commits its journal with its assignments, see `StoryJournalRecord`).
    func saveClustererState(_ data: Data) throws
    /// The seq of the last item the stored story state holds (0 when none): a cheap check that
    /// a state kept in memory is still the stored one.
    func storyStateHead() throws -> Int64
    /// The last checkpoint and the journal records after it.
    func loadStoryState() throws -> SavedStoryState
    /// Writes a checkpoint alone (a clean stop); ignored when a newer one is stored.
    func saveStoryCheckpoint(_ checkpoint: StoryCheckpoint) throws

    // MARK: Feeds

    /// Makes the stored feed list match the configuration: new feeds are due at once, removed
    /// ones become inactive (their entries stay), changed names, tags and intervals are updated.
    func syncConfiguredFeeds(_ feeds: [ConfiguredFeed], now: Date) throws
    func feed(url: String) throws -> FeedState?
    func feed(id: Int64) throws -> FeedState?
    func allFeeds(includeInactive: Bool) throws -> [FeedState]
    /// Active feeds whose `nextPollAt` has come, soonest first.
    func dueFeeds(at now: Date, limit: Int) throws -> [FeedState]
    /// The earliest `nextPollAt` of an active feed.
    func nextPollTime() throws -> Date?
    func fetchHistory(feedID: Int64, limit: Int) throws -> [FetchHistoryRow]

    /// Records one poll in one transaction: the feed's new state, its history row, the entries
    /// that are really new, and pending article rows. Returns the new entries (see `FeedStore`).
    @discardableResult
    func recordFetch(_ record: FetchRecord, entries: [EntryInput],
                     wantsArticle: (@Sendable (EntryInput) -> Bool)?) throws -> [StoredEntry]

    // MARK: Articles

    /// Article pages due for a fetch (pending, or a retry whose time has come).
    func pendingArticles(at now: Date, limit: Int) throws -> [PendingArticle]
    func recordArticle(entryID: Int64, result: ArticleRecord) throws
    func articleStatus(entryID: Int64) throws -> ArticleStatus?

    // MARK: Entries and stories

    func entries(firstSeenFrom start: Date, to end: Date, unfinishedOnly: Bool) throws -> [StoredEntry]
    func entry(id: Int64) throws -> StoredEntry?
    func entries(storyID: String) throws -> [StoredEntry]
    /// Entries first seen in [start, end), oldest first, without their texts: their stories and
    /// revisions (see `EntryRevision`), in the order `entries(firstSeenFrom:to:)` gives.
    func entryRevisions(firstSeenFrom start: Date, to end: Date) throws -> [EntryRevision]
    /// These entries in full, oldest first (ids not stored are left out).
    func entries(ids: [Int64]) throws -> [StoredEntry]
    /// For each story id that continues an earlier story, that story's id.
    func developingLinks(storyIDs: [String]) throws -> [String: String]
    func entryCount(feedURL: String) throws -> Int
    func entryCounts() throws -> [Int64: Int]
    /// Deletes entries first seen before `cutoff` (tombstones keep them from coming back).
    /// Returns how many went.
    func purge(firstSeenBefore cutoff: Date, keepTombstonesFor grace: TimeInterval) throws -> Int
    func tombstoneCount() throws -> Int
    func assignStory(entryID: Int64, storyID: String) throws
    func recordAnalysis(entryID: Int64, json: String) throws
    func recordAnalyses(_ analyses: [(entryID: Int64, json: String)]) throws
    /// The clusterer's assignments with the journal records of the items that made them and,
    /// now and then, a checkpoint, in one transaction. Throws `StoryJournalConflict` (storing
    /// nothing) when `journal` does not start right after the stored head.
    func commitStories(_ assignments: [StoryAssignment], journal: [StoryJournalRecord], checkpoint: StoryCheckpoint?) throws
    /// A number that moves whenever something a digest shows changes.
    func contentGeneration() throws -> Int64

    // MARK: Work attempts and quarantine

    @discardableResult
    func beginWork(_ kind: WorkKind, ids: [Int64], at now: Date) throws -> [Int64: Int]
    func unfinishedWork(_ kind: WorkKind) throws -> [Int64: Int]
    func finishWork(_ kind: WorkKind, ids: [Int64]) throws
    func quarantine(_ kind: WorkKind, id: Int64, reason: String, at now: Date, until: Date?) throws
    func isQuarantined(_ kind: WorkKind, id: Int64, at now: Date) throws -> Bool
    func quarantinedItems() throws -> [QuarantinedItem]

    // MARK: Metrics, search, maintenance

    /// `totals`: also count the open stories and the finished articles by label (each a pass over
    /// the window's entries or every article; the daemon asks for them every few minutes).
    func metricsSnapshot(at now: Date, windowStart: Date, historyAfter: Int64, maxFetches: Int, totals: Bool) throws -> StoreMetricsSnapshot
    func search(_ query: SearchQuery, firstSeenFrom from: Date?, to: Date?, limit: Int) throws -> [SearchHit]
    func searchIndexCount() throws -> Int
    /// Bounded housekeeping after a cycle (SQLite: a passive WAL checkpoint, and the page caches let go).
    func checkpoint() throws -> CheckpointResult
    /// The database's size on disk and its write-ahead log's (0 where the server keeps it).
    func fileSizes() -> (database: Int64, wal: Int64)
    /// An online, consistent copy into the file at `path`.
    func backup(to path: String) throws

    // MARK: Work sharing

    /// Due feeds leased to `lease.holder` until `lease.until`: no other worker gets them until
    /// the lease ends or `recordFetch` records their poll.
    func claimDueFeeds(at now: Date, limit: Int, lease: WorkLease) throws -> [FeedState]
    /// Due article pages, leased the same way until `recordArticle`.
    func claimPendingArticles(at now: Date, limit: Int, lease: WorkLease) throws -> [PendingArticle]
    /// Entries first seen in [start, end) that wait for their analysis (none yet, and their page,
    /// if one is due, already tried), leased to `lease.holder` for analysing, `limit` at most. A
    /// single-process store returns nil: there the clusterer analyses everything itself.
    func claimEntriesForAnalysis(firstSeenFrom start: Date, to end: Date, at now: Date, limit: Int,
                                 lease: WorkLease) throws -> [StoredEntry]?
    /// Extends every lease `lease.holder` holds to `lease.until` (a worker that stops renewing
    /// loses them, and others take the work).
    func renewLeases(_ lease: WorkLease) throws
    /// Gives back every lease of `holder` (at a clean stop).
    func releaseLeases(holder: String) throws
    /// Takes the clusterer role if it is free and says whether this process holds it. Exactly
    /// one process at a time holds it; it assigns stories and writes the digests.
    func acquireClustererRole() throws -> Bool
    /// The earliest time `host` may be contacted by this worker, after reserving that slot:
    /// with `spacing` between requests shared by every worker on the database.
    func reserveHostSlot(host: String, spacing: TimeInterval, at now: Date) throws -> Date
    /// Takes one of `limit` request slots on `host` that every worker shares, held by `holder`
    /// until `until` at most (a dead holder's slot frees itself then). Returns the slot's number,
    /// or nil when all `limit` are taken.
    func acquireHostRequestSlot(host: String, limit: Int, holder: String, until: Date, at now: Date) throws -> Int?
    /// Gives back a slot taken with `acquireHostRequestSlot`.
    func releaseHostRequestSlot(host: String, slot: Int, holder: String) throws
}

/// One worker's hold on leased work: who holds it and until when.
public struct WorkLease: Sendable, Hashable {
    /// A name unique to the worker process (host name, pid and start time).
    public var holder: String
    public var until: Date

    public init(holder: String, until: Date) {
        self.holder = holder
        self.until = until
    }
}

/// The usual defaults of the protocol's arguments.
extension FeedStorage {
    /// Whether other processes may share this database (everything but the single-process
    /// SQLite file): claims lease, limits are shared, the clusterer role can be elsewhere.
    public var isShared: Bool { backendName != "sqlite" }

    public func allFeeds() throws -> [FeedState] { try allFeeds(includeInactive: false) }
    public func fetchHistory(feedID: Int64) throws -> [FetchHistoryRow] { try fetchHistory(feedID: feedID, limit: 50) }
    @discardableResult
    public func recordFetch(_ record: FetchRecord, entries: [EntryInput]) throws -> [StoredEntry] {
        try recordFetch(record, entries: entries, wantsArticle: nil)
    }
    public func entries(firstSeenFrom start: Date, to end: Date) throws -> [StoredEntry] {
        try entries(firstSeenFrom: start, to: end, unfinishedOnly: false)
    }
    public func purge(firstSeenBefore cutoff: Date) throws -> Int {
        try purge(firstSeenBefore: cutoff, keepTombstonesFor: 90 * 86_400)
    }
    public func quarantine(_ kind: WorkKind, id: Int64, reason: String, at now: Date) throws {
        try quarantine(kind, id: id, reason: reason, at: now, until: nil)
    }
    public func metricsSnapshot(at now: Date, windowStart: Date, historyAfter: Int64) throws -> StoreMetricsSnapshot {
        try metricsSnapshot(at: now, windowStart: windowStart, historyAfter: historyAfter, maxFetches: 10_000, totals: true)
    }
    public func metricsSnapshot(at now: Date, windowStart: Date, historyAfter: Int64, maxFetches: Int) throws -> StoreMetricsSnapshot {
        try metricsSnapshot(at: now, windowStart: windowStart, historyAfter: historyAfter, maxFetches: maxFetches, totals: true)
    }
    public func search(_ query: SearchQuery, firstSeenFrom from: Date? = nil, to: Date? = nil) throws -> [SearchHit] {
        try search(query, firstSeenFrom: from, to: to, limit: 20)
    }
    /// Assignments alone, or with a checkpoint of the whole state as of the head (tests, tools).
    public func commitStories(_ assignments: [StoryAssignment], clustererState: Data?) throws {
        try commitStories(assignments, journal: [], checkpoint: clustererState.map { StoryCheckpoint(data: $0, throughSeq: nil) })
    }
}
