import Foundation
import PostgresNIO
import Storage

/// Reads the columns of one result row by position, throwing (never trapping) when the row is
/// shorter than expected or a value has another type: a schema that drifted fails the call, not
/// the process.
struct PostgresRowReader {
    let row: PostgresRandomAccessRow

    init(_ row: PostgresRow) {
        self.row = row.makeRandomAccess()
    }

    /// Why a row could not be read as the store expects.
    struct Mismatch: Error, CustomStringConvertible {
        var description: String
    }

    func value<T: PostgresDecodable>(_ index: Int, as type: T.Type = T.self) throws -> T {
        guard index >= 0, index < row.count else {
            throw Mismatch(description: "PostgreSQL: a result row has \(row.count) columns, column \(index) was expected")
        }
        return try row[index].decode(T.self)
    }

    /// A date column (seconds since 1970).
    func date(_ index: Int) throws -> Date {
        Date(timeIntervalSince1970: try value(index, as: Double.self))
    }

    /// A nullable date column.
    func optionalDate(_ index: Int) throws -> Date? {
        try value(index, as: Double?.self).map(Date.init(timeIntervalSince1970:))
    }
}

extension PostgresFeedStore {
    /// The columns `FeedState(postgresRow:)` reads, in the feed table's own column order, so
    /// `SELECT *` and `RETURNING *` on `feed` read the same (the lease columns come after).
    static let feedColumns = """
        id, configured_url, fetch_url, title, name, tags, full_text, poll_interval, etag, last_modified, next_poll_at,
        last_attempt_at, last_success_at, last_error, consecutive_failures, failing_since, redirect_url, redirect_count,
        last_new_entry_at, publish_interval_estimate, active, created_at
        """

    /// `feedColumns` of the feed aliased `alias` (for joins).
    static func feedColumns(of alias: String) -> String {
        feedColumns.split(separator: ",").map { "\(alias).\($0.trimmingCharacters(in: .whitespacesAndNewlines))" }
            .joined(separator: ", ")
    }

    /// The columns of a `StoredEntry` (`StoredEntry(postgresRow:)` reads them by position): the
    /// entry with its feed's name and tags, its article and its story.
    static let storedEntrySelect = """
        SELECT e.id, e.feed_id, f.configured_url, COALESCE(f.name, f.title), f.tags, e.guid_key, e.guid, e.link,
               e.canonical_url, e.title, e.summary, e.content, e.published, e.updated, e.authors, e.first_seen, e.story_id,
               a.text, a.metadata_json, a.label, a.status, e.analysis_json, e.story_reason, e.developing_from
        FROM entry e JOIN feed f ON f.id = e.feed_id LEFT JOIN article a ON a.entry_id = e.id
        """

    /// The columns `FetchHistoryRow(postgresRow:)` reads.
    static let fetchHistoryColumns = "feed_id, at, outcome, http_status, duration_ms, bytes, new_entries, error"

    /// `text` without U+0000, which PostgreSQL's text type refuses (SQLite drops what follows
    /// one on reading; see `EntryInput.withoutNULs`). Feeds and servers should never send one.
    static func withoutNULs(_ text: String) -> String {
        text.utf8.contains(0) ? text.replacingOccurrences(of: "\u{0}", with: "") : text
    }

    static func withoutNULs(_ text: String?) -> String? {
        text.map { withoutNULs($0) }
    }
}

extension FeedState {
    /// A row of `PostgresFeedStore.feedColumns` (or `SELECT *` on feed).
    init(postgresRow row: PostgresRow) throws {
        let r = PostgresRowReader(row)
        self.init(
            id: try r.value(0), configuredURL: try r.value(1), fetchURL: try r.value(2), title: try r.value(3),
            name: try r.value(4), tags: JSONText.decodeStrings(try r.value(5, as: String?.self)),
            fullText: try r.value(6), interval: try r.value(7), etag: try r.value(8), lastModified: try r.value(9),
            nextPollAt: try r.date(10), lastAttemptAt: try r.optionalDate(11), lastSuccessAt: try r.optionalDate(12),
            lastError: try r.value(13), consecutiveFailures: try r.value(14), failingSince: try r.optionalDate(15),
            redirectURL: try r.value(16), redirectCount: try r.value(17), lastNewEntryAt: try r.optionalDate(18),
            publishIntervalEstimate: try r.value(19), active: try r.value(20), createdAt: try r.date(21))
    }
}

extension StoredEntry {
    /// A row of `PostgresFeedStore.storedEntrySelect`.
    init(postgresRow row: PostgresRow) throws {
        let r = PostgresRowReader(row)
        self.init(
            id: try r.value(0), feedID: try r.value(1), feedURL: try r.value(2), feedName: try r.value(3),
            feedTags: JSONText.decodeStrings(try r.value(4, as: String?.self)), guidKey: try r.value(5),
            guid: try r.value(6), link: try r.value(7), canonicalURL: try r.value(8), title: try r.value(9),
            summary: try r.value(10), content: try r.value(11), published: try r.optionalDate(12),
            updated: try r.optionalDate(13), authors: JSONText.decodeStrings(try r.value(14, as: String?.self)),
            firstSeen: try r.date(15), storyID: try r.value(16), articleText: try r.value(17),
            articleMetadataJSON: try r.value(18), articleLabel: try r.value(19), articleState: try r.value(20),
            analysisJSON: try r.value(21), storyReasonJSON: try r.value(22), developingFrom: try r.value(23))
    }
}

extension FetchHistoryRow {
    /// A row of `PostgresFeedStore.fetchHistoryColumns`.
    init(postgresRow row: PostgresRow) throws {
        let r = PostgresRowReader(row)
        self.init(feedID: try r.value(0), at: try r.date(1), outcome: try r.value(2), httpStatus: try r.value(3),
                  durationMs: try r.value(4), bytes: try r.value(5), newEntries: try r.value(6), error: try r.value(7))
    }
}
