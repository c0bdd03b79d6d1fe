import Foundation
import GRDB

extension FeedStore {
    /// Records one poll in one transaction: the feed's new state, a fetch-history row (the last
    /// `historyLimit` kept), the entries that are really new (see `EntryIdentity` for the rules),
    /// and a pending article row for each new entry whose page should be fetched.
    ///
    /// Feed state: `.updated`/`.notModified` clear the failure run and set `lastSuccessAt`
    /// (`.notModified` keeps the stored validators unless new ones are given); `.failed` counts a
    /// failure, starts `failingSince` on the first one and sets `lastError`; `.deferred` changes
    /// neither. A `permanentRedirectTo` is counted; after `redirectThreshold` consecutive
    /// sightings it becomes `fetchURL`. A successful fetch without one resets the count.
    ///
    /// - Parameter wantsArticle: whether a new entry's page should be fetched. By default: the
    ///   feed's `fullText` is not false and the entry's link is http(s) or file.
    /// - Returns: the new entries, in feed order, with their story id when another feed already
    ///   carried the same article.
    @discardableResult
    public func recordFetch(_ record: FetchRecord, entries: [EntryInput],
                            wantsArticle: (@Sendable (EntryInput) -> Bool)? = nil) throws -> [StoredEntry] {
        let threshold = redirectThreshold
        let keep = historyLimit
        return try writer.write { db in
            guard let row = try db.row("SELECT * FROM feed WHERE id = ?", [record.feedID]) else {
                throw StoreError.unknownFeed(id: record.feedID)
            }
            let feed = FeedState(row: row)
            let wants: (EntryInput) -> Bool = wantsArticle ?? { entry in
                feed.fullText != false && Self.isFetchableLink(entry.link)
            }
            let fresh = try Self.insertNewEntries(entries, feed: feed, wants: wants, db: db)
            try Self.updateFeed(feed, with: record, newEntries: fresh.count, redirectThreshold: threshold, db: db)
            try db.run("""
                INSERT INTO fetch_history(feed_id, at, outcome, http_status, duration_ms, bytes, new_entries, error)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, [feed.id, record.at.timeIntervalSince1970, record.outcome.label, record.httpStatus,
                                 record.durationMs, record.bytes, fresh.count, record.outcome.message])
            try db.run("""
                DELETE FROM fetch_history WHERE feed_id = ? AND id NOT IN
                    (SELECT id FROM fetch_history WHERE feed_id = ? ORDER BY id DESC LIMIT ?)
                """, [feed.id, feed.id, keep])
            // The attempt counted before the fetch is done with; a good fetch ends a quarantine.
            try Self.finishWork(.feedFetch, ids: [feed.id], db: db)
            if record.outcome == .updated || record.outcome == .notModified {
                try Self.liftQuarantine(.feedFetch, id: feed.id, db: db)
            }
            return fresh
        }
    }

    public static func isFetchableLink(_ link: String?) -> Bool {
        guard let link = link?.lowercased() else { return false }
        return link.hasPrefix("http://") || link.hasPrefix("https://") || link.hasPrefix("file://")
    }

    private static func updateFeed(_ feed: FeedState, with record: FetchRecord, newEntries: Int,
                                   redirectThreshold: Int, db: Database) throws {
        var next = feed
        next.lastAttemptAt = record.at
        next.nextPollAt = record.nextPollAt
        if let title = record.title { next.title = title }
        if let estimate = record.publishIntervalEstimate { next.publishIntervalEstimate = estimate }
        if newEntries > 0 { next.lastNewEntryAt = record.at }
        switch record.outcome {
        case .updated:
            next.etag = record.etag
            next.lastModified = record.lastModified
            next.markSuccess(at: record.at)
        case .notModified:
            if let etag = record.etag { next.etag = etag }
            if let lastModified = record.lastModified { next.lastModified = lastModified }
            next.markSuccess(at: record.at)
        case .failed(let message):
            next.consecutiveFailures += 1
            if next.failingSince == nil { next.failingSince = record.at }
            next.lastError = message
        case .deferred:
            break
        }
        if let target = record.permanentRedirectTo, target != next.fetchURL {
            next.redirectCount = next.redirectURL == target ? next.redirectCount + 1 : 1
            next.redirectURL = target
            if next.redirectCount >= redirectThreshold {
                next.fetchURL = target
                next.redirectURL = nil
                next.redirectCount = 0
            }
        } else if record.permanentRedirectTo != nil || record.outcome == .updated || record.outcome == .notModified {
            next.redirectURL = nil
            next.redirectCount = 0
        }
        try db.run("""
            UPDATE feed SET fetch_url = ?, title = ?, etag = ?, last_modified = ?, next_poll_at = ?, last_attempt_at = ?,
                last_success_at = ?, last_error = ?, consecutive_failures = ?, failing_since = ?, redirect_url = ?,
                redirect_count = ?, last_new_entry_at = ?, publish_interval_estimate = ?
            WHERE id = ?
            """, [next.fetchURL, next.title, next.etag, next.lastModified, next.nextPollAt.timeIntervalSince1970,
                             next.lastAttemptAt?.timeIntervalSince1970, next.lastSuccessAt?.timeIntervalSince1970,
                             next.lastError, next.consecutiveFailures, next.failingSince?.timeIntervalSince1970,
                             next.redirectURL, next.redirectCount, next.lastNewEntryAt?.timeIntervalSince1970,
                             next.publishIntervalEstimate, next.id])
    }

    private static func insertNewEntries(_ entries: [EntryInput], feed: FeedState,
                                         wants: (EntryInput) -> Bool, db: Database) throws -> [StoredEntry] {
        guard !entries.isEmpty else { return [] }
        let entries = entries.map { $0.withoutNULs() }
        // URLs this feed already showed to be shared by several items (usually none).
        let knownShared = Set(try String.fetchAll(db.cachedStatement(sql: """
            SELECT DISTINCT url_key FROM entry WHERE feed_id = ? AND url_is_identity = 0 AND url_key IS NOT NULL
            """), arguments: [feed.id]))
        let identities = EntryIdentity.identities(of: entries, knownSharedURLs: knownShared)
        var batchKeys = Set<String>()
        var batchURLs = Set<String>()
        var fresh: [StoredEntry] = []
        for (entry, identity) in zip(entries, identities) {
            let identityURL = identity.urlIsIdentity ? identity.urlKey : nil
            // Seen in this very fetch (duplicate items, or an unstable GUID repeated).
            if batchKeys.contains(identity.guidKey) { continue }
            if let url = identityURL, batchURLs.contains(url) { continue }
            if try isSeen(identity: identity, identityURL: identityURL, feedID: feed.id, seenAt: entry.firstSeen, db: db) {
                continue
            }
            batchKeys.insert(identity.guidKey)
            if let url = identityURL { batchURLs.insert(url) }

            let storyID = try sharedStoryID(identityURL: identityURL, globalID: identity.globalID, feedID: feed.id, db: db)
            try db.run("""
                INSERT INTO entry(feed_id, guid_key, guid, link, canonical_url, url_key, url_is_identity, global_id, title,
                                  summary, content, published, updated, authors, first_seen, story_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [feed.id, identity.guidKey, entry.guid, entry.link, entry.canonicalURL, identity.urlKey,
                                 identity.urlIsIdentity, identity.globalID, entry.title, entry.summary, entry.content,
                                 entry.published?.timeIntervalSince1970, entry.updated?.timeIntervalSince1970,
                                 JSONText.encode(entry.authors), entry.firstSeen.timeIntervalSince1970, storyID])
            let id = db.lastInsertedRowID
            var articleState: String?
            if let link = entry.link, wants(entry) {
                try db.run("""
                    INSERT INTO article(entry_id, url, status, attempts, next_attempt_at) VALUES (?, ?, 'pending', 0, ?)
                    """, [id, link, entry.firstSeen.timeIntervalSince1970])
                articleState = "pending"
            }
            fresh.append(StoredEntry(
                id: id, feedID: feed.id, feedURL: feed.configuredURL, feedName: feed.name ?? feed.title, feedTags: feed.tags,
                guidKey: identity.guidKey, guid: entry.guid, link: entry.link, canonicalURL: entry.canonicalURL,
                title: entry.title, summary: entry.summary, content: entry.content, published: entry.published,
                updated: entry.updated, authors: entry.authors, firstSeen: entry.firstSeen, storyID: storyID,
                articleState: articleState))
        }
        return fresh
    }

    /// Rules 1, 2 and the tombstone half of rule 4 of `EntryIdentity`. A tombstone that matches
    /// is marked as seen at `seenAt`: the item is still listed, so it must stay buried.
    private static func isSeen(identity: EntryIdentity, identityURL: String?, feedID: Int64, seenAt: Date,
                               db: Database) throws -> Bool {
        let at = seenAt.timeIntervalSince1970
        if try db.exists("SELECT EXISTS (SELECT 1 FROM entry WHERE feed_id = ? AND guid_key = ?)", [feedID, identity.guidKey]) {
            return true
        }
        if try db.exists("SELECT EXISTS (SELECT 1 FROM tombstone WHERE feed_id = ? AND guid_key = ?)", [feedID, identity.guidKey]) {
            try db.run("UPDATE tombstone SET last_seen = MAX(last_seen, ?) WHERE feed_id = ? AND guid_key = ?",
                       [at, feedID, identity.guidKey])
            return true
        }
        if let url = identityURL {
            if try db.exists("SELECT EXISTS (SELECT 1 FROM entry WHERE url_key = ? AND feed_id = ? AND url_is_identity = 1)", [url, feedID]) {
                return true
            }
            if try db.exists("SELECT EXISTS (SELECT 1 FROM tombstone WHERE url_key = ?)", [url]) {
                try db.run("UPDATE tombstone SET last_seen = MAX(last_seen, ?) WHERE url_key = ?", [at, url])
                return true
            }
        }
        if let globalID = identity.globalID,
           try db.exists("SELECT EXISTS (SELECT 1 FROM tombstone WHERE global_id = ?)", [globalID]) {
            try db.run("UPDATE tombstone SET last_seen = MAX(last_seen, ?) WHERE global_id = ?", [at, globalID])
            return true
        }
        return false
    }

    /// The story of the same article in another feed (rule 4 of `EntryIdentity`). When that entry
    /// has no story yet, a story id derived from the shared key is given to it too.
    private static func sharedStoryID(identityURL: String?, globalID: String?, feedID: Int64, db: Database) throws -> String? {
        var matches: [(key: String, row: Row)] = []
        if let url = identityURL, let row = try db.row("""
            SELECT id, story_id FROM entry WHERE url_key = ? AND url_is_identity = 1 AND feed_id != ?
            ORDER BY story_id IS NULL, id LIMIT 1
            """, [url, feedID]) {
            matches.append(("url:" + url, row))
        }
        if let globalID, let row = try db.row("""
            SELECT id, story_id FROM entry WHERE global_id = ? AND feed_id != ?
            ORDER BY story_id IS NULL, id LIMIT 1
            """, [globalID, feedID]) {
            matches.append(("id:" + globalID, row))
        }
        if let existing = matches.lazy.compactMap({ $0.row["story_id"] as String? }).first {
            return existing
        }
        guard let first = matches.first else { return nil }
        let storyID = EntryIdentity.exactStoryID(forKey: first.key)
        try db.run("""
            UPDATE entry SET story_id = ? WHERE story_id IS NULL AND ((url_key = ? AND url_is_identity = 1) OR global_id = ?)
            """, [storyID, identityURL, globalID])
        return storyID
    }
}

extension FeedState {
    /// `lastError` is kept: with `lastSuccessAt` after it, it reads as "recovered".
    public mutating func markSuccess(at date: Date) {
        lastSuccessAt = date
        consecutiveFailures = 0
        failingSince = nil
    }
}

extension EntryInput {
    /// SQLite hands text back as C strings, so a U+0000 would silently cut a field short on
    /// reading. Feeds should never carry one (XML forbids it); when they do it is dropped here.
    public func withoutNULs() -> EntryInput {
        func clean(_ s: String?) -> String? {
            guard let s, s.utf8.contains(0) else { return s }
            return s.replacingOccurrences(of: "\u{0}", with: "")
        }
        var copy = self
        copy.guid = clean(guid)
        copy.link = clean(link)
        copy.canonicalURL = clean(canonicalURL)
        copy.title = clean(title)
        copy.summary = clean(summary)
        copy.content = clean(content)
        copy.authors = authors.map { clean($0) ?? $0 }
        return copy
    }
}
