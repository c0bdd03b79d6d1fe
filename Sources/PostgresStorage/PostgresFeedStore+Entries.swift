import Foundation
import PostgresNIO
import Storage

extension PostgresFeedStore {
    /// The entries still without an analysis or a story, which every cycle asks for (and the
    /// metrics count), by an index of their own (SQLite's `v9 unfinished entries`).
    static let unfinishedEntryMigrations: [PostgresSchema.Migration] = [
        PostgresSchema.Migration(name: "w7 unfinished entries", statements: [
            "CREATE INDEX entry_unfinished ON entry (first_seen, id) WHERE analysis_json IS NULL OR story_id IS NULL",
        ]),
    ]

    /// Entries first seen in [start, end), oldest first, with their feed's name and tags, their
    /// article, analysis and story (see `FeedStore.entries(firstSeenFrom:to:unfinishedOnly:)`).
    public func entries(firstSeenFrom start: Date, to end: Date, unfinishedOnly: Bool = false) throws -> [StoredEntry] {
        let filter = unfinishedOnly ? " AND (e.analysis_json IS NULL OR e.story_id IS NULL)" : ""
        return try session.query("""
            \(unescaped: Self.storedEntrySelect)
            WHERE e.first_seen >= \(start.timeIntervalSince1970) AND e.first_seen < \(end.timeIntervalSince1970)\(unescaped: filter)
            ORDER BY e.first_seen, e.id
            """).map(StoredEntry.init(postgresRow:))
    }

    /// One entry with everything known about it.
    public func entry(id: Int64) throws -> StoredEntry? {
        try session.query("\(unescaped: Self.storedEntrySelect) WHERE e.id = \(id)").first.map(StoredEntry.init(postgresRow:))
    }

    /// The entries of one story, oldest first.
    public func entries(storyID: String) throws -> [StoredEntry] {
        try session.query("""
            \(unescaped: Self.storedEntrySelect) WHERE e.story_id = \(Self.withoutNULs(storyID)) ORDER BY e.first_seen, e.id
            """).map(StoredEntry.init(postgresRow:))
    }

    /// For each of these stories that continues an earlier one, the earlier story's id (stored on
    /// the entry that opened it; the oldest such entry wins).
    public func developingLinks(storyIDs: [String]) throws -> [String: String] {
        guard !storyIDs.isEmpty else { return [:] }
        var links: [String: String] = [:]
        for row in try session.query("""
            SELECT story_id, developing_from FROM entry
            WHERE story_id = ANY(\(Array(Set(storyIDs.map { Self.withoutNULs($0) })))::text[]) AND developing_from IS NOT NULL ORDER BY id
            """) {
            let r = PostgresRowReader(row)
            let story = try r.value(0, as: String.self)
            if links[story] == nil { links[story] = try r.value(1, as: String.self) }
        }
        return links
    }

    /// How many entries are stored for the feed configured with this URL.
    public func entryCount(feedURL: String) throws -> Int {
        let feedURL = Self.withoutNULs(feedURL)
        return try session.query("""
            SELECT COUNT(*) FROM entry WHERE feed_id =
                (SELECT id FROM feed WHERE md5(configured_url) = md5(\(feedURL)) AND configured_url = \(feedURL))
            """).first.map { try PostgresRowReader($0).value(0, as: Int.self) } ?? 0
    }

    /// Entry counts of all feeds by feed id, in one query (for `feedwatch status`).
    public func entryCounts() throws -> [Int64: Int] {
        var counts: [Int64: Int] = [:]
        for row in try session.query("SELECT feed_id, COUNT(*) FROM entry GROUP BY feed_id") {
            let r = PostgresRowReader(row)
            counts[try r.value(0, as: Int64.self)] = try r.value(1, as: Int.self)
        }
        return counts
    }

    /// Deletes entries first seen before `cutoff` (with their articles), leaving tombstones so
    /// they never come back as new; forgets tombstones not sighted for `grace` before `cutoff`
    /// (see `FeedStore.purge`). Returns the number of entries deleted.
    @discardableResult
    public func purge(firstSeenBefore cutoff: Date, keepTombstonesFor grace: TimeInterval = 90 * 86_400) throws -> Int {
        let t = cutoff.timeIntervalSince1970
        let forgetBefore = t - max(0, grace)
        return try session.transaction { tx in
            try tx.execute("""
                INSERT INTO tombstone(feed_id, guid_key, url_key, global_id, first_seen, last_seen)
                SELECT feed_id, guid_key, CASE WHEN url_is_identity THEN url_key END, global_id, first_seen, \(t)
                FROM entry WHERE first_seen < \(t)
                ON CONFLICT DO NOTHING
                """)
            let purged = try tx.execute("DELETE FROM entry WHERE first_seen < \(t)")
            try tx.execute("DELETE FROM tombstone WHERE last_seen < \(forgetBefore)")
            return purged
        }
    }

    /// How many purged items are remembered (for `feedwatch status`).
    public func tombstoneCount() throws -> Int {
        try session.query("SELECT COUNT(*) FROM tombstone").first.map { try PostgresRowReader($0).value(0, as: Int.self) } ?? 0
    }

    /// Sets the story of an entry (the story clusterer's decision), without a reason.
    public func assignStory(entryID: Int64, storyID: String) throws {
        let changed = try session.transaction { tx in
            try tx.execute("""
                UPDATE entry SET story_id = \(Self.withoutNULs(storyID)), story_reason = NULL, developing_from = NULL
                WHERE id = \(entryID)
                """)
        }
        if changed == 0 { throw StoreError.unknownEntry(id: entryID) }
    }

    /// Stores the TextAnalysis result of an entry as JSON text, and finishes its analysis work.
    public func recordAnalysis(entryID: Int64, json: String) throws {
        try session.transaction { tx in
            let changed = try tx.execute("""
                UPDATE entry SET analysis_json = \(Self.withoutNULs(json)), analysis_holder = NULL, analysis_until = NULL
                WHERE id = \(entryID)
                """)
            if changed == 0 { throw StoreError.unknownEntry(id: entryID) }
            try Self.finishWork(.analysis, ids: [entryID], tx: tx)
        }
    }

    /// Stores several entries' analyses in one transaction (one statement); entries that are
    /// gone are skipped. When an entry appears twice the last analysis wins, as in SQLite.
    public func recordAnalyses(_ analyses: [(entryID: Int64, json: String)]) throws {
        guard !analyses.isEmpty else { return }
        var latest: [Int64: String] = [:]
        for (entryID, json) in analyses { latest[entryID] = Self.withoutNULs(json) }
        let ids = Array(latest.keys).sorted()
        let texts = ids.map { latest[$0] ?? "" }
        try session.transaction { tx in
            try tx.execute("""
                UPDATE entry e SET analysis_json = x.json, analysis_holder = NULL, analysis_until = NULL
                FROM unnest(\(ids)::bigint[], \(texts)::text[]) AS x(id, json) WHERE e.id = x.id
                """)
            try Self.finishWork(.analysis, ids: analyses.map(\.entryID), tx: tx)
        }
    }

    /// Commits the clusterer's decisions together with the journal of the items that made them
    /// and, now and then, a checkpoint, in one transaction (see `FeedStore.commitStories`).
    /// A decision without a reason clears any reason stored before. When an entry appears twice
    /// the last decision wins, as in SQLite. Merges (`mergesStory`) follow the decisions, in order.
    public func commitStories(_ assignments: [StoryAssignment], journal: [StoryJournalRecord], checkpoint: StoryCheckpoint?) throws {
        var latest: [Int64: StoryAssignment] = [:]
        for a in assignments { latest[a.entryID] = a }
        let decisions = latest.values.sorted { $0.entryID < $1.entryID }
        let ids = decisions.map(\.entryID)
        let stories = decisions.map { Self.withoutNULs($0.storyID) }
        let reasons = decisions.map { Self.withoutNULs($0.reasonJSON) ?? "" }
        let hasReason = decisions.map { $0.reasonJSON != nil }
        let developing = decisions.map { Self.withoutNULs($0.developingFrom) ?? "" }
        let hasDeveloping = decisions.map { $0.developingFrom != nil }
        let merges = assignments.compactMap { a -> (from: String, into: String, relinked: [String])? in
            guard let from = a.mergesStory, from != a.storyID else { return nil }
            return (Self.withoutNULs(from), Self.withoutNULs(a.storyID), a.relinkedStories.map { Self.withoutNULs($0) })
        }
        try session.transaction { tx in
            try Self.appendJournal(journal, tx: tx)
            if !decisions.isEmpty {
                try tx.execute("""
                    UPDATE entry e SET story_id = x.story, story_reason = CASE WHEN x.has_reason THEN x.reason END,
                        developing_from = CASE WHEN x.has_developing THEN x.developing END
                    FROM unnest(\(ids)::bigint[], \(stories)::text[], \(reasons)::text[], \(hasReason)::boolean[],
                                \(developing)::text[], \(hasDeveloping)::boolean[])
                        AS x(id, story, reason, has_reason, developing, has_developing)
                    WHERE e.id = x.id
                    """)
            }
            for merge in merges {
                try tx.execute("UPDATE entry SET story_id = \(merge.into) WHERE story_id = \(merge.from)")
                if !merge.relinked.isEmpty {
                    try tx.execute("""
                        UPDATE entry SET developing_from = \(merge.into)
                        WHERE story_id = ANY(\(merge.relinked)::text[]) AND developing_from = \(merge.from)
                        """)
                }
            }
            if let checkpoint { try Self.writeCheckpoint(checkpoint, tx: tx) }
            try Self.finishWork(.clustering, ids: assignments.map(\.entryID), tx: tx)
        }
    }
}
