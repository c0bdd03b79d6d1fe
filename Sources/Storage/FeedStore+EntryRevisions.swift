import Foundation
import GRDB

extension FeedStore {
    /// Entries first seen in [start, end), oldest first, as `EntryRevision`s: no texts read.
    ///
    /// The daemon reads these for the whole day on every digest refresh, so the rows are read
    /// through a cursor (not held twice, as database rows and as revisions) and each feed's URL,
    /// name and tags are made once and shared by its entries: a day of thousands of entries
    /// costs a few allocations per entry, not a dozen.
    public func entryRevisions(firstSeenFrom start: Date, to end: Date) throws -> [EntryRevision] {
        try writer.read { db in
            var feeds: [Int64: (url: String, name: String?, tags: [String])] = [:]
            var revisions: [EntryRevision] = []
            let rows = try Row.fetchCursor(db, sql: """
                SELECT e.id, e.story_id, e.developing_from, COALESCE(r.entry, 0),
                       CASE WHEN a.entry_id IS NULL THEN NULL ELSE COALESCE(r.article, 0) END, e.feed_id
                FROM entry e LEFT JOIN article a ON a.entry_id = e.id
                LEFT JOIN entry_revision r ON r.entry_id = e.id
                WHERE e.first_seen >= ? AND e.first_seen < ? ORDER BY e.first_seen, e.id
                """, arguments: [start.timeIntervalSince1970, end.timeIntervalSince1970])
            while let row = try rows.next() {
                let feedID: Int64 = row[5]
                let feed: (url: String, name: String?, tags: [String])
                if let known = feeds[feedID] {
                    feed = known
                } else {
                    guard let found = try Row.fetchOne(db, sql: "SELECT configured_url, COALESCE(name, title), tags FROM feed WHERE id = ?",
                                                       arguments: [feedID]) else { continue }
                    feed = (found[0], found[1], JSONText.decodeStrings(found[2]))
                    feeds[feedID] = feed
                }
                revisions.append(EntryRevision(id: row[0], storyID: row[1], developingFrom: row[2], revision: row[3],
                                               articleRevision: row[4], feedURL: feed.url, feedName: feed.name, feedTags: feed.tags))
            }
            return revisions
        }
    }

    /// These entries in full, oldest first.
    public func entries(ids: [Int64]) throws -> [StoredEntry] {
        guard !ids.isEmpty else { return [] }
        let unique = Array(Set(ids))
        var found: [StoredEntry] = []
        found.reserveCapacity(unique.count)
        try writer.read { db in
            for start in stride(from: 0, to: unique.count, by: 500) {
                let chunk = Array(unique[start..<min(unique.count, start + 500)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                found += try Row.fetchAll(db, sql: Self.storedEntrySelect + " WHERE e.id IN (\(marks))",
                                          arguments: StatementArguments(chunk)).map(StoredEntry.init(row:))
            }
        }
        return found.sorted { ($0.firstSeen, $0.id) < ($1.firstSeen, $1.id) }
    }

    /// The revisions and the triggers that move them: any update of an entry's row moves its
    /// `entry` count, any insert, update or delete of its article row its `article` count. They
    /// live in a table of their own: a trigger that updates the table it fires on corrupts the
    /// heap of SQLite 3.40 (Debian 12's) when the connection closes.
    static let entryRevisionSQL = """
        CREATE TABLE entry_revision (
            entry_id INTEGER PRIMARY KEY REFERENCES entry(id) ON DELETE CASCADE,
            entry INTEGER NOT NULL DEFAULT 0,
            article INTEGER NOT NULL DEFAULT 0
        );
        CREATE TRIGGER entry_revision_entry_update AFTER UPDATE ON entry BEGIN
            INSERT INTO entry_revision(entry_id, entry) VALUES (NEW.id, 1)
                ON CONFLICT(entry_id) DO UPDATE SET entry = entry + 1;
        END;
        CREATE TRIGGER entry_revision_entry_delete AFTER DELETE ON entry BEGIN
            DELETE FROM entry_revision WHERE entry_id = OLD.id;
        END;
        CREATE TRIGGER entry_revision_article_insert AFTER INSERT ON article BEGIN
            INSERT INTO entry_revision(entry_id, article) VALUES (NEW.entry_id, 1)
                ON CONFLICT(entry_id) DO UPDATE SET article = article + 1;
        END;
        CREATE TRIGGER entry_revision_article_update AFTER UPDATE ON article BEGIN
            INSERT INTO entry_revision(entry_id, article) VALUES (NEW.entry_id, 1)
                ON CONFLICT(entry_id) DO UPDATE SET article = article + 1;
        END;
        CREATE TRIGGER entry_revision_article_delete AFTER DELETE ON article BEGIN
            INSERT INTO entry_revision(entry_id, article) VALUES (OLD.entry_id, 1)
                ON CONFLICT(entry_id) DO UPDATE SET article = article + 1;
        END;
        """
}
