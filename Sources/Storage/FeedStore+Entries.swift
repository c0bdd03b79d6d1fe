import Foundation
import GRDB

extension FeedStore {
    /// Entries first seen in [start, end), oldest first, with their feed's name and tags, their
    /// article, analysis and story: what the digest of a day is built from.
    /// - Parameter unfinishedOnly: only entries still without an analysis or without a story (the
    ///   pipeline's work list), so a cycle does not re-read days of finished entries.
    public func entries(firstSeenFrom start: Date, to end: Date, unfinishedOnly: Bool = false) throws -> [StoredEntry] {
        let filter = unfinishedOnly ? " AND (e.analysis_json IS NULL OR e.story_id IS NULL)" : ""
        return try writer.read { db in
            try Row.fetchAll(db, sql: Self.storedEntrySelect + " WHERE e.first_seen >= ? AND e.first_seen < ?" + filter
                                 + " ORDER BY e.first_seen, e.id",
                             arguments: [start.timeIntervalSince1970, end.timeIntervalSince1970]).map(StoredEntry.init(row:))
        }
    }

    /// One entry with everything known about it.
    public func entry(id: Int64) throws -> StoredEntry? {
        try writer.read { db in
            try Row.fetchOne(db, sql: Self.storedEntrySelect + " WHERE e.id = ?", arguments: [id]).map(StoredEntry.init(row:))
        }
    }

    /// The entries of one story, oldest first.
    public func entries(storyID: String) throws -> [StoredEntry] {
        try writer.read { db in
            try Row.fetchAll(db, sql: Self.storedEntrySelect + " WHERE e.story_id = ? ORDER BY e.first_seen, e.id",
                             arguments: [storyID]).map(StoredEntry.init(row:))
        }
    }

    /// For each of these stories that continues an earlier one, the earlier story's id (stored on
    /// the entry that opened it, which may have been seen on another day).
    public func developingLinks(storyIDs: [String]) throws -> [String: String] {
        guard !storyIDs.isEmpty else { return [:] }
        return try writer.read { db in
            var links: [String: String] = [:]
            let unique = Array(Set(storyIDs))
            for start in stride(from: 0, to: unique.count, by: 500) {
                let chunk = Array(unique[start..<min(unique.count, start + 500)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                for row in try Row.fetchAll(db, sql: """
                    SELECT story_id, developing_from FROM entry
                    WHERE story_id IN (\(marks)) AND developing_from IS NOT NULL ORDER BY id
                    """, arguments: StatementArguments(chunk)) {
                    let story: String = row[0]
                    if links[story] == nil { links[story] = row[1] }
                }
            }
            return links
        }
    }

    /// How many entries are stored for the feed configured with this URL.
    public func entryCount(feedURL: String) throws -> Int {
        try writer.read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM entry WHERE feed_id = (SELECT id FROM feed WHERE configured_url = ?)
                """, arguments: [feedURL]) ?? 0
        }
    }

    /// Entry counts of all feeds by feed id, in one query (for `feedwatch status`).
    public func entryCounts() throws -> [Int64: Int] {
        try writer.read { db in
            var counts: [Int64: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT feed_id, COUNT(*) AS n FROM entry GROUP BY feed_id") {
                counts[row["feed_id"]] = row["n"]
            }
            return counts
        }
    }

    /// Deletes entries first seen before `cutoff` (with their articles), leaving tombstones —
    /// (feed, guidKey), the identifying URL and the global GUID — so they never come back as new.
    ///
    /// Tombstones are kept while their item is still listed: every sighting in a fetch renews
    /// one. A tombstone not renewed for `keepTombstonesFor` past `cutoff` is forgotten, so the
    /// table does not grow forever with items that left their feeds long ago.
    /// - Returns: the number of entries deleted.
    @discardableResult
    public func purge(firstSeenBefore cutoff: Date, keepTombstonesFor grace: TimeInterval = 90 * 86_400) throws -> Int {
        try writer.write { db in
            let t = cutoff.timeIntervalSince1970
            try db.execute(sql: """
                INSERT OR IGNORE INTO tombstone(feed_id, guid_key, url_key, global_id, first_seen, last_seen)
                SELECT feed_id, guid_key, CASE WHEN url_is_identity = 1 THEN url_key END, global_id, first_seen, ?
                FROM entry WHERE first_seen < ?
                """, arguments: [t, t])
            try db.execute(sql: "DELETE FROM entry WHERE first_seen < ?", arguments: [t])
            let purged = db.changesCount
            try db.execute(sql: "DELETE FROM tombstone WHERE last_seen < ?", arguments: [t - max(0, grace)])
            return purged
        }
    }

    /// How many purged items are remembered (for `feedwatch status`).
    public func tombstoneCount() throws -> Int {
        try writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tombstone") ?? 0 }
    }

    /// Sets the story of an entry (the story clusterer's decision).
    public func assignStory(entryID: Int64, storyID: String) throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE entry SET story_id = ?, story_reason = NULL, developing_from = NULL WHERE id = ?",
                           arguments: [storyID, entryID])
            if db.changesCount == 0 { throw StoreError.unknownEntry(id: entryID) }
        }
    }

    /// Stores the TextAnalysis result of an entry as JSON text.
    public func recordAnalysis(entryID: Int64, json: String) throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE entry SET analysis_json = ? WHERE id = ?", arguments: [json, entryID])
            if db.changesCount == 0 { throw StoreError.unknownEntry(id: entryID) }
            try Self.finishWork(.analysis, ids: [entryID], db: db)
        }
    }

    /// Stores several entries' analyses in one transaction; entries that are gone are skipped.
    public func recordAnalyses(_ analyses: [(entryID: Int64, json: String)]) throws {
        guard !analyses.isEmpty else { return }
        try writer.write { db in
            for (entryID, json) in analyses {
                try db.run("UPDATE entry SET analysis_json = ? WHERE id = ?", [json, entryID])
            }
            try Self.finishWork(.analysis, ids: analyses.map(\.entryID), db: db)
        }
    }

    /// Commits what the story clusterer decided together with the journal of the items that
    /// decided it (and now and then a checkpoint of its whole state), in one transaction: after a
    /// crash the stored state and the stored assignments always agree, so no entry is assigned
    /// twice or lost between them. Each decision carries its reason and developing link; one
    /// without a reason clears any reason stored before, so a stored reason always belongs to the
    /// stored story. A decision that merged its story into a larger one (`mergesStory`) moves
    /// that story's entries, after the decisions before it, so the two halves are one story.
    public func commitStories(_ assignments: [StoryAssignment], journal: [StoryJournalRecord], checkpoint: StoryCheckpoint?) throws {
        try writer.write { db in
            try Self.appendJournal(journal, db: db)
            for a in assignments {
                try db.run("UPDATE entry SET story_id = ?, story_reason = ?, developing_from = ? WHERE id = ?",
                           [a.storyID, a.reasonJSON, a.developingFrom, a.entryID])
            }
            // The decisions after a merge never name the merged story, so the merges can follow
            // all of them, in order (a merge of the story another was merged into moves both).
            for a in assignments {
                guard let from = a.mergesStory, from != a.storyID else { continue }
                try db.run("UPDATE entry SET story_id = ? WHERE story_id = ?", [a.storyID, from])
                for story in a.relinkedStories {
                    try db.run("UPDATE entry SET developing_from = ? WHERE story_id = ? AND developing_from = ?",
                               [a.storyID, story, from])
                }
            }
            if let checkpoint { try Self.writeCheckpoint(checkpoint, db: db) }
            try Self.finishWork(.clustering, ids: assignments.map(\.entryID), db: db)
        }
    }

    /// The columns of a `StoredEntry`, in the order `StoredEntry.init(row:)` reads them by position
    /// (name lookups cost more than the rest of the decoding on thousands of rows).
    static let storedEntrySelect = """
        SELECT e.id, e.feed_id, f.configured_url, COALESCE(f.name, f.title), f.tags, e.guid_key, e.guid, e.link,
               e.canonical_url, e.title, e.summary, e.content, e.published, e.updated, e.authors, e.first_seen, e.story_id,
               a.text, a.metadata_json, a.label, a.status, e.analysis_json, e.story_reason, e.developing_from
        FROM entry e JOIN feed f ON f.id = e.feed_id LEFT JOIN article a ON a.entry_id = e.id
        """
}

extension StoredEntry {
    /// A row of `FeedStore.storedEntrySelect`.
    init(row: Row) {
        self.init(
            id: row[0], feedID: row[1], feedURL: row[2], feedName: row[3], feedTags: JSONText.decodeStrings(row[4]),
            guidKey: row[5], guid: row[6], link: row[7], canonicalURL: row[8], title: row[9], summary: row[10],
            content: row[11], published: (row[12] as Double?).map(Date.init(timeIntervalSince1970:)),
            updated: (row[13] as Double?).map(Date.init(timeIntervalSince1970:)), authors: JSONText.decodeStrings(row[14]),
            firstSeen: Date(timeIntervalSince1970: row[15]), storyID: row[16], articleText: row[17],
            articleMetadataJSON: row[18], articleLabel: row[19], articleState: row[20], analysisJSON: row[21],
            storyReasonJSON: row[22], developingFrom: row[23])
    }
}
