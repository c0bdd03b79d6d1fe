import Foundation
import PostgresNIO
import Storage

extension PostgresFeedStore {
    /// Records one poll in one transaction, exactly as `FeedStore.recordFetch` does: the feed's
    /// new state (its lease ended), a fetch-history row (the last `historyLimit` kept), the
    /// entries that are really new by `EntryIdentity`'s rules, and a pending article row for each
    /// new entry whose page should be fetched; the feed's work attempt is finished and a good
    /// fetch lifts its quarantine.
    ///
    /// Many workers may record at once. The feed's row is locked first (`FOR UPDATE`), so one
    /// feed's polls are recorded one after the other. Then the identifying URLs and global GUIDs
    /// of the new items are locked (`lockSharedKeys`): a second feed carrying the same article
    /// waits for the first one's commit, then sees its entry, and so joins its story as it would
    /// have in SQLite.
    @discardableResult
    public func recordFetch(_ record: FetchRecord, entries: [EntryInput],
                            wantsArticle: (@Sendable (EntryInput) -> Bool)? = nil) throws -> [StoredEntry] {
        let threshold = redirectThreshold
        let keep = historyLimit
        return try session.transaction { tx in
            guard let row = try tx.query("""
                SELECT \(unescaped: Self.feedColumns) FROM feed WHERE id = \(record.feedID) FOR UPDATE
                """).first else {
                throw StoreError.unknownFeed(id: record.feedID)
            }
            let feed = try FeedState(postgresRow: row)
            let wants: (EntryInput) -> Bool = wantsArticle ?? { entry in
                feed.fullText != false && FeedStore.isFetchableLink(entry.link)
            }
            let fresh = try Self.insertNewEntries(entries, feed: feed, wants: wants, tx: tx)
            try Self.updateFeed(feed, with: record, newEntries: fresh.count, redirectThreshold: threshold, tx: tx)
            try tx.execute("""
                INSERT INTO fetch_history(feed_id, at, outcome, http_status, duration_ms, bytes, new_entries, error)
                VALUES (\(feed.id), \(record.at.timeIntervalSince1970), \(record.outcome.label), \(record.httpStatus),
                        \(record.durationMs), \(record.bytes), \(fresh.count), \(Self.withoutNULs(record.outcome.message)))
                """)
            // SQLite reads a negative LIMIT as "no limit": a negative `historyLimit` keeps everything.
            if keep >= 0 {
                try tx.execute("""
                    DELETE FROM fetch_history WHERE feed_id = \(feed.id) AND id NOT IN
                        (SELECT id FROM fetch_history WHERE feed_id = \(feed.id) ORDER BY id DESC LIMIT \(keep))
                    """)
            }
            // The attempt counted before the fetch is done with; a good fetch ends a quarantine.
            try Self.finishWork(.feedFetch, ids: [feed.id], tx: tx)
            if record.outcome == .updated || record.outcome == .notModified {
                try Self.liftQuarantine(.feedFetch, id: feed.id, tx: tx)
            }
            return fresh
        }
    }

    // MARK: Work attempts inside other transactions

    /// Forgets the attempts at `ids` (their results are stored in the same transaction).
    static func finishWork(_ kind: WorkKind, ids: [Int64], tx: PostgresTransaction) throws {
        guard !ids.isEmpty else { return }
        try tx.execute("DELETE FROM work_attempt WHERE kind = \(kind.rawValue) AND item_id = ANY(\(ids)::bigint[])")
    }

    /// Ends an item's quarantine (it was worked on and stored fine since).
    static func liftQuarantine(_ kind: WorkKind, id: Int64, tx: PostgresTransaction) throws {
        try tx.execute("DELETE FROM quarantine WHERE kind = \(kind.rawValue) AND item_id = \(id)")
    }

    // MARK: The feed's state

    /// The same state transition as `FeedStore`'s (see `recordFetch`'s documentation there).
    private static func updateFeed(_ feed: FeedState, with record: FetchRecord, newEntries: Int,
                                   redirectThreshold: Int, tx: PostgresTransaction) throws {
        var next = feed
        next.lastAttemptAt = record.at
        next.nextPollAt = record.nextPollAt
        if let title = record.title { next.title = withoutNULs(title) }
        if let estimate = record.publishIntervalEstimate { next.publishIntervalEstimate = estimate }
        if newEntries > 0 { next.lastNewEntryAt = record.at }
        switch record.outcome {
        case .updated:
            next.etag = withoutNULs(record.etag)
            next.lastModified = withoutNULs(record.lastModified)
            next.markSuccess(at: record.at)
        case .notModified:
            if let etag = record.etag { next.etag = withoutNULs(etag) }
            if let lastModified = record.lastModified { next.lastModified = withoutNULs(lastModified) }
            next.markSuccess(at: record.at)
        case .failed(let message):
            next.consecutiveFailures = min(next.consecutiveFailures, Int.max - 1) + 1
            if next.failingSince == nil { next.failingSince = record.at }
            next.lastError = withoutNULs(message)
        case .deferred:
            break
        }
        let redirect = withoutNULs(record.permanentRedirectTo)
        if let target = redirect, target != next.fetchURL {
            next.redirectCount = next.redirectURL == target ? min(next.redirectCount, Int.max - 1) + 1 : 1
            next.redirectURL = target
            if next.redirectCount >= redirectThreshold {
                next.fetchURL = target
                next.redirectURL = nil
                next.redirectCount = 0
            }
        } else if redirect != nil || record.outcome == .updated || record.outcome == .notModified {
            next.redirectURL = nil
            next.redirectCount = 0
        }
        try tx.execute("""
            UPDATE feed SET fetch_url = \(next.fetchURL), title = \(next.title), etag = \(next.etag),
                last_modified = \(next.lastModified), next_poll_at = \(next.nextPollAt.timeIntervalSince1970),
                last_attempt_at = \(next.lastAttemptAt?.timeIntervalSince1970),
                last_success_at = \(next.lastSuccessAt?.timeIntervalSince1970), last_error = \(next.lastError),
                consecutive_failures = \(next.consecutiveFailures), failing_since = \(next.failingSince?.timeIntervalSince1970),
                redirect_url = \(next.redirectURL), redirect_count = \(next.redirectCount),
                last_new_entry_at = \(next.lastNewEntryAt?.timeIntervalSince1970),
                publish_interval_estimate = \(next.publishIntervalEstimate), lease_holder = NULL, lease_until = NULL
            WHERE id = \(next.id)
            """)
    }

    // MARK: New entries

    /// What the database already knows about one item of the fetch (rules 1, 2 and the tombstone
    /// half of rule 4 of `EntryIdentity`).
    private struct Sighting {
        var keyInFeed = false
        var keyTombstoned = false
        var urlInFeed = false
        var urlTombstoned = false
        var globalIDTombstoned = false
    }

    /// Tombstones matched by a fetch, each with its latest sighting: they are renewed so the item
    /// stays buried while its feed still lists it.
    private struct TombstoneSightings {
        var keys: [String: Double] = [:]
        var urls: [String: Double] = [:]
        var globalIDs: [String: Double] = [:]
    }

    private static func insertNewEntries(_ entries: [EntryInput], feed: FeedState,
                                         wants: (EntryInput) -> Bool, tx: PostgresTransaction) throws -> [StoredEntry] {
        guard !entries.isEmpty else { return [] }
        let entries = entries.map { $0.withoutNULs() }
        // URLs this feed already showed to be shared by several items (usually none).
        let knownShared = Set(try tx.query("""
            SELECT DISTINCT url_key FROM entry WHERE feed_id = \(feed.id) AND NOT url_is_identity AND url_key IS NOT NULL
            """).map { try PostgresRowReader($0).value(0, as: String.self) })
        let identities = EntryIdentity.identities(of: entries, knownSharedURLs: knownShared)
        // Whether an item was seen needs no lock: the feed's own entries are this transaction's
        // to write (its row is locked), and tombstones only come from `purge`.
        let sightings = try sightings(of: identities, feedID: feed.id, tx: tx)

        var batchKeys = Set<String>()
        var batchURLs = Set<String>()
        var renewed = TombstoneSightings()
        var newItems: [(entry: EntryInput, identity: EntryIdentity, identityURL: String?)] = []
        for (i, (entry, identity)) in zip(entries, identities).enumerated() {
            let identityURL = identity.urlIsIdentity ? identity.urlKey : nil
            // Seen in this very fetch (duplicate items, or an unstable GUID repeated).
            if batchKeys.contains(identity.guidKey) { continue }
            if let url = identityURL, batchURLs.contains(url) { continue }
            if isSeen(sightings[i], identity: identity, identityURL: identityURL, seenAt: entry.firstSeen, renewing: &renewed) {
                continue
            }
            batchKeys.insert(identity.guidKey)
            if let url = identityURL { batchURLs.insert(url) }
            newItems.append((entry, identity, identityURL))
        }
        try renew(renewed, feedID: feed.id, tx: tx)

        // Another feed's entry of the same article, though, may be being stored right now.
        try lockSharedKeys(newItems.map(\.identity), tx: tx)
        var fresh: [StoredEntry] = []
        for (entry, identity, identityURL) in newItems {
            let storyID = try sharedStoryID(identityURL: identityURL, globalID: identity.globalID, feedID: feed.id, tx: tx)
            let link = entry.link.flatMap { wants(entry) ? $0 : nil }
            let id = try insertEntry(entry, identity: identity, feedID: feed.id, storyID: storyID, articleURL: link, tx: tx)
            fresh.append(StoredEntry(
                id: id, feedID: feed.id, feedURL: feed.configuredURL, feedName: feed.name ?? feed.title, feedTags: feed.tags,
                guidKey: identity.guidKey, guid: entry.guid, link: entry.link, canonicalURL: entry.canonicalURL,
                title: entry.title, summary: entry.summary, content: entry.content, published: entry.published,
                updated: entry.updated, authors: entry.authors, firstSeen: entry.firstSeen, storyID: storyID,
                articleState: link == nil ? nil : "pending"))
        }
        return fresh
    }

    /// The advisory lock namespace of entry identities ('fwid'), apart from every other lock.
    static let identityLockSpace: Int32 = 0x6677_6964
    /// The namespace of the one lock over all identities ('fwia', key 0).
    static let allIdentitiesLockSpace: Int32 = 0x6677_6961
    /// More identities than this in one fetch take the lock over all of them instead: the
    /// server's lock table is shared and small (max_locks_per_transaction × connections).
    static let identityLockLimit = 64

    /// Locks, until the transaction ends, the identifying URLs and global GUIDs of a fetch's new
    /// items: a second feed storing the same article waits for this commit, then sees the entry.
    ///
    /// Every fetch first takes the lock over all identities, shared, then its own identities
    /// in ascending order of their 32-bit keys (one order for all, so no two fetches deadlock; a
    /// key collision only makes two fetches wait in turn). A fetch with more than
    /// `identityLockLimit` of them (a feed's first poll) takes the lock over all exclusively
    /// instead, and so holds a bounded number of locks whatever the feed's size.
    private static func lockSharedKeys(_ identities: [EntryIdentity], tx: PostgresTransaction) throws {
        var keys = Set<Int32>()
        for identity in identities {
            if identity.urlIsIdentity, let url = identity.urlKey { keys.insert(lockKey("url:" + url)) }
            if let globalID = identity.globalID { keys.insert(lockKey("id:" + globalID)) }
        }
        guard !keys.isEmpty else { return }
        if keys.count > identityLockLimit {
            try tx.query("SELECT pg_advisory_xact_lock(\(allIdentitiesLockSpace), 0)")
            return
        }
        try tx.query("SELECT pg_advisory_xact_lock_shared(\(allIdentitiesLockSpace), 0)")
        // unnest yields the array's elements in order, so the locks are taken in that order.
        try tx.query("SELECT pg_advisory_xact_lock(\(identityLockSpace), k) FROM unnest(\(keys.sorted())::int4[]) AS k")
    }

    /// 32-bit FNV-1a over UTF-8: the same key for the same text in every process.
    static func lockKey(_ text: String) -> Int32 {
        var h: UInt32 = 0x811c_9dc5
        for byte in text.utf8 {
            h ^= UInt32(byte)
            h = h &* 0x0100_0193
        }
        return Int32(bitPattern: h)
    }

    /// One query for the whole fetch: which of its keys, identifying URLs and global GUIDs the
    /// feed's entries or any tombstone already hold. Inserting this fetch's entries cannot change
    /// the answers for the later ones (the fetch's own duplicates are caught by `batchKeys` and
    /// `batchURLs`), so asking once up front is the same as asking item by item.
    private static func sightings(of identities: [EntryIdentity], feedID: Int64,
                                  tx: PostgresTransaction) throws -> [Sighting] {
        // '' stands for none: no key, URL or global GUID is ever empty (they are trimmed).
        let keys = identities.map(\.guidKey)
        let urls = identities.map { $0.urlIsIdentity ? ($0.urlKey ?? "") : "" }
        let globalIDs = identities.map { $0.globalID ?? "" }
        var out = Array(repeating: Sighting(), count: identities.count)
        let rows = try tx.query("""
            SELECT x.i,
                EXISTS (SELECT 1 FROM entry e WHERE e.feed_id = \(feedID) AND md5(e.guid_key) = md5(x.k) AND e.guid_key = x.k),
                EXISTS (SELECT 1 FROM tombstone t WHERE t.feed_id = \(feedID) AND md5(t.guid_key) = md5(x.k) AND t.guid_key = x.k),
                x.u <> '' AND EXISTS (SELECT 1 FROM entry e WHERE e.url_key = x.u AND e.feed_id = \(feedID) AND e.url_is_identity),
                x.u <> '' AND EXISTS (SELECT 1 FROM tombstone t WHERE t.url_key = x.u),
                x.g <> '' AND EXISTS (SELECT 1 FROM tombstone t WHERE t.global_id = x.g)
            FROM unnest(\(keys)::text[], \(urls)::text[], \(globalIDs)::text[]) WITH ORDINALITY AS x(k, u, g, i)
            """)
        for row in rows {
            let r = PostgresRowReader(row)
            let index = try r.value(0, as: Int64.self) - 1
            guard index >= 0, index < Int64(out.count) else { continue }
            out[Int(index)] = Sighting(keyInFeed: try r.value(1), keyTombstoned: try r.value(2), urlInFeed: try r.value(3),
                                       urlTombstoned: try r.value(4), globalIDTombstoned: try r.value(5))
        }
        return out
    }

    /// `FeedStore.isSeen`'s order of checks, on the answers of `sightings`; a matching tombstone
    /// is noted to be renewed at `seenAt`.
    private static func isSeen(_ sighting: Sighting, identity: EntryIdentity, identityURL: String?, seenAt: Date,
                               renewing renewed: inout TombstoneSightings) -> Bool {
        let at = seenAt.timeIntervalSince1970
        if sighting.keyInFeed { return true }
        if sighting.keyTombstoned {
            renewed.keys[identity.guidKey] = max(renewed.keys[identity.guidKey] ?? at, at)
            return true
        }
        if let url = identityURL {
            if sighting.urlInFeed { return true }
            if sighting.urlTombstoned {
                renewed.urls[url] = max(renewed.urls[url] ?? at, at)
                return true
            }
        }
        if let globalID = identity.globalID, sighting.globalIDTombstoned {
            renewed.globalIDs[globalID] = max(renewed.globalIDs[globalID] ?? at, at)
            return true
        }
        return false
    }

    /// Moves the tombstones' `last_seen` forward to their latest sighting (never back). Keys go
    /// in sorted order, so two fetches renewing the same tombstones lock them in the same order.
    private static func renew(_ renewed: TombstoneSightings, feedID: Int64, tx: PostgresTransaction) throws {
        func sorted(_ sightings: [String: Double]) -> (keys: [String], times: [Double]) {
            let pairs = sightings.sorted { $0.key < $1.key }
            return (pairs.map(\.key), pairs.map(\.value))
        }
        if !renewed.keys.isEmpty {
            let (keys, times) = sorted(renewed.keys)
            try tx.execute("""
                UPDATE tombstone t SET last_seen = GREATEST(t.last_seen, x.at)
                FROM unnest(\(keys)::text[], \(times)::float8[]) AS x(k, at)
                WHERE t.feed_id = \(feedID) AND md5(t.guid_key) = md5(x.k) AND t.guid_key = x.k
                """)
        }
        if !renewed.urls.isEmpty {
            let (urls, times) = sorted(renewed.urls)
            try tx.execute("""
                UPDATE tombstone t SET last_seen = GREATEST(t.last_seen, x.at)
                FROM unnest(\(urls)::text[], \(times)::float8[]) AS x(u, at)
                WHERE t.url_key = x.u
                """)
        }
        if !renewed.globalIDs.isEmpty {
            let (globalIDs, times) = sorted(renewed.globalIDs)
            try tx.execute("""
                UPDATE tombstone t SET last_seen = GREATEST(t.last_seen, x.at)
                FROM unnest(\(globalIDs)::text[], \(times)::float8[]) AS x(g, at)
                WHERE t.global_id = x.g
                """)
        }
    }

    /// The story of the same article in another feed (rule 4 of `EntryIdentity`), as
    /// `FeedStore.sharedStoryID`: a story the match already has, else an id derived from the
    /// shared key, given to the matching entries too.
    private static func sharedStoryID(identityURL: String?, globalID: String?, feedID: Int64,
                                      tx: PostgresTransaction) throws -> String? {
        guard identityURL != nil || globalID != nil else { return nil }
        let rows = try tx.query("""
            SELECT 0 AS n, story_id FROM (
                SELECT id, story_id FROM entry WHERE url_key = \(identityURL ?? "") AND url_is_identity AND feed_id <> \(feedID)
                ORDER BY story_id IS NULL, id LIMIT 1) AS by_url
            UNION ALL
            SELECT 1 AS n, story_id FROM (
                SELECT id, story_id FROM entry WHERE global_id = \(globalID ?? "") AND feed_id <> \(feedID)
                ORDER BY story_id IS NULL, id LIMIT 1) AS by_id
            """)
        var matches: [(order: Int, key: String, storyID: String?)] = []
        for row in rows {
            let r = PostgresRowReader(row)
            let n = try r.value(0, as: Int32.self)
            if n == 0, let url = identityURL {
                matches.append((0, "url:" + url, try r.value(1)))
            } else if n == 1, let globalID {
                matches.append((1, "id:" + globalID, try r.value(1)))
            }
        }
        matches.sort { $0.order < $1.order }
        if let existing = matches.lazy.compactMap(\.storyID).first {
            return existing
        }
        guard let first = matches.first else { return nil }
        let storyID = EntryIdentity.exactStoryID(forKey: first.key)
        try tx.execute("""
            UPDATE entry SET story_id = \(storyID)
            WHERE story_id IS NULL AND ((url_key = \(identityURL ?? "") AND url_is_identity) OR global_id = \(globalID ?? ""))
            """)
        return storyID
    }

    /// Inserts one new entry, and its pending article row when `articleURL` is set; returns its id.
    private static func insertEntry(_ entry: EntryInput, identity: EntryIdentity, feedID: Int64, storyID: String?,
                                    articleURL: String?, tx: PostgresTransaction) throws -> Int64 {
        let firstSeen = entry.firstSeen.timeIntervalSince1970
        let rows = try tx.query("""
            WITH new_entry AS (
                INSERT INTO entry(feed_id, guid_key, guid, link, canonical_url, url_key, url_is_identity, global_id, title,
                                  summary, content, published, updated, authors, first_seen, story_id)
                VALUES (\(feedID), \(identity.guidKey), \(entry.guid), \(entry.link), \(entry.canonicalURL), \(identity.urlKey),
                        \(identity.urlIsIdentity), \(identity.globalID), \(entry.title), \(entry.summary), \(entry.content),
                        \(entry.published?.timeIntervalSince1970), \(entry.updated?.timeIntervalSince1970),
                        \(JSONText.encode(entry.authors)), \(firstSeen), \(storyID))
                RETURNING id
            ), new_article AS (
                INSERT INTO article(entry_id, url, status, attempts, next_attempt_at)
                SELECT id, \(articleURL ?? ""), 'pending', 0, \(firstSeen) FROM new_entry WHERE \(articleURL != nil)
                RETURNING entry_id
            )
            SELECT id FROM new_entry
            """)
        guard let row = rows.first else {
            throw PostgresRowReader.Mismatch(description: "PostgreSQL: inserting an entry returned no id")
        }
        return try PostgresRowReader(row).value(0)
    }
}
