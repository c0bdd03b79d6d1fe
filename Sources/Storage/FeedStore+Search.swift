import Foundation
import GRDB

extension FeedStore {
    /// Stories whose headline, summary, names or text match `query`, best first: one hit per
    /// story (its best-matching entry), among entries first seen in [from, to).
    ///
    /// The query is never passed to SQLite as syntax (see `SearchQuery`); a query with no words
    /// finds nothing. `limit` is clamped to 1…1000.
    public func search(_ query: SearchQuery, firstSeenFrom from: Date? = nil, to: Date? = nil, limit: Int = 20) throws -> [SearchHit] {
        guard !query.isEmpty else { return [] }
        let match = query.matchExpression
        let start = from.map(\.timeIntervalSince1970) ?? -Double.greatestFiniteMagnitude
        let end = to.map(\.timeIntervalSince1970) ?? Double.greatestFiniteMagnitude
        let limit = min(max(limit, 1), 1000)
        return try writer.read { db in
            let rows = try Row.fetchAll(db, sql: """
                WITH hit AS (
                    SELECT rowid AS entry_id, bm25(story_search, \(Self.searchWeights)) AS score
                    FROM story_search WHERE story_search MATCH ?
                ), ranked AS (
                    SELECT e.id, COALESCE(e.story_id, 'entry-' || e.id) AS story, e.first_seen, hit.score,
                           ROW_NUMBER() OVER (PARTITION BY COALESCE(e.story_id, 'entry-' || e.id) ORDER BY hit.score, e.id) AS n,
                           COUNT(*) OVER (PARTITION BY COALESCE(e.story_id, 'entry-' || e.id)) AS matches
                    FROM hit JOIN entry e ON e.id = hit.entry_id
                    WHERE e.first_seen >= ? AND e.first_seen < ?
                )
                SELECT id, story, first_seen, score, matches FROM ranked WHERE n = 1
                ORDER BY score, matches DESC, first_seen DESC, id LIMIT ?
                """, arguments: [match, start, end, limit])
            return try rows.map { row in
                let id: Int64 = row[0]
                return SearchHit(storyID: row[1], entryID: id, firstSeen: Date(timeIntervalSince1970: row[2]), score: row[3],
                                 matchingEntries: row[4], snippet: try Self.snippet(entryID: id, match: match, db: db))
            }
        }
    }

    /// bm25 weights of the columns, in order: a match in the headline counts most, then the names,
    /// then the summary, then the body text.
    static let searchWeights = "10.0, 3.0, 5.0, 1.0"

    /// Text around the match in the body, the summary, the names or the headline — the first of
    /// them that holds a matched word (the headline is shown anyway, so it comes last).
    static func snippet(entryID: Int64, match: String, db: Database) throws -> String {
        var fallback = ""
        for column in [3, 1, 2, 0] {
            let text = try String.fetchOne(db, sql: """
                SELECT snippet(story_search, \(column), char(2), char(3), '…', 24)
                FROM story_search WHERE story_search MATCH ? AND rowid = ?
                """, arguments: [match, entryID]) ?? ""
            if text.contains(SearchHit.matchStart) { return text }
            if fallback.isEmpty { fallback = text }
        }
        return fallback
    }

    /// How many entries the search index holds (for tests and `status`).
    public func searchIndexCount() throws -> Int {
        try writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM story_search") ?? 0 }
    }

    // MARK: The index (migration "v5 search index")

    /// The row the index holds for entry `id` (an SQL expression for the id: `NEW.id`, `e.id`…):
    /// headline, summary and content as words (`SearchText`), the analysis's names, and the
    /// extracted article text, else the feed's own content.
    static func searchRowSelect(where condition: String) -> String {
        """
        SELECT e.id, \(SearchText.functionName)(e.title), \(SearchText.functionName)(e.summary),
               CASE WHEN json_valid(e.analysis_json) THEN (
                   SELECT group_concat(value, ' · ') FROM (
                       SELECT value FROM json_each(e.analysis_json, '$.people')
                       UNION ALL SELECT value FROM json_each(e.analysis_json, '$.organizations')
                       UNION ALL SELECT value FROM json_each(e.analysis_json, '$.places'))
                   WHERE typeof(value) = 'text')
               END,
               COALESCE(NULLIF(a.text, ''), \(SearchText.functionName)(e.content))
        FROM entry e LEFT JOIN article a ON a.entry_id = e.id WHERE \(condition)
        """
    }

    /// Re-indexes one entry: drops its row and writes it again from the base tables.
    static func searchRefresh(_ id: String) -> String {
        """
        DELETE FROM story_search WHERE rowid = \(id);
        INSERT INTO story_search(rowid, headline, summary, names, body) \(searchRowSelect(where: "e.id = \(id)"));
        """
    }

    /// The full-text table, the triggers that keep it true in the same transaction as every change
    /// to the rows it mirrors, and the rows of the entries already stored.
    ///
    /// One row per entry (rowid = entry id); the story is joined at query time, so clustering never
    /// touches the index. Words are folded (case, diacritics) and stemmed (Porter), so "flooding"
    /// finds "floods" and "Sellen" finds "sellen".
    static let searchIndexSQL = """
        CREATE VIRTUAL TABLE story_search USING fts5(
            headline, summary, names, body,
            tokenize = 'porter unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER story_search_entry_insert AFTER INSERT ON entry BEGIN
            \(searchRefresh("NEW.id"))
        END;
        CREATE TRIGGER story_search_entry_update AFTER UPDATE OF title, summary, content, analysis_json ON entry BEGIN
            \(searchRefresh("NEW.id"))
        END;
        CREATE TRIGGER story_search_entry_delete AFTER DELETE ON entry BEGIN
            DELETE FROM story_search WHERE rowid = OLD.id;
        END;
        CREATE TRIGGER story_search_article_insert AFTER INSERT ON article WHEN NEW.text IS NOT NULL BEGIN
            \(searchRefresh("NEW.entry_id"))
        END;
        CREATE TRIGGER story_search_article_update AFTER UPDATE OF text ON article BEGIN
            \(searchRefresh("NEW.entry_id"))
        END;
        CREATE TRIGGER story_search_article_delete AFTER DELETE ON article WHEN OLD.text IS NOT NULL BEGIN
            \(searchRefresh("OLD.entry_id"))
        END;
        INSERT INTO story_search(rowid, headline, summary, names, body) \(searchRowSelect(where: "1"));
        """

    /// Migration "v10 search on analysis": the index takes an entry when its analysis is stored,
    /// the moment it can reach a digest, and follows its changes from then on.
    ///
    /// Indexed on insert, every entry was tokenised three times: on insert, then (FTS5 deletes
    /// by tokenising the old row) out and in again when the analysis added its names, all on the
    /// single writer. On a cold cycle over 2,000 feeds that was two thirds of the feed stage.
    /// Rows written for unanalysed entries before this migration stay until their entry changes.
    static let searchOnAnalysisSQL = """
        DROP TRIGGER story_search_entry_insert;
        DROP TRIGGER story_search_entry_update;
        DROP TRIGGER story_search_article_insert;
        DROP TRIGGER story_search_article_update;
        DROP TRIGGER story_search_article_delete;
        CREATE TRIGGER story_search_entry_insert AFTER INSERT ON entry WHEN NEW.analysis_json IS NOT NULL BEGIN
            \(searchRefresh("NEW.id"))
        END;
        CREATE TRIGGER story_search_entry_update AFTER UPDATE OF title, summary, content, analysis_json ON entry
        WHEN NEW.analysis_json IS NOT NULL AND (OLD.analysis_json IS NOT NEW.analysis_json OR OLD.title IS NOT NEW.title
                                                OR OLD.summary IS NOT NEW.summary OR OLD.content IS NOT NEW.content) BEGIN
            \(searchRefresh("NEW.id"))
        END;
        CREATE TRIGGER story_search_article_insert AFTER INSERT ON article
        WHEN NEW.text IS NOT NULL AND \(analysed("NEW.entry_id")) BEGIN
            \(searchRefresh("NEW.entry_id"))
        END;
        CREATE TRIGGER story_search_article_update AFTER UPDATE OF text ON article
        WHEN OLD.text IS NOT NEW.text AND \(analysed("NEW.entry_id")) BEGIN
            \(searchRefresh("NEW.entry_id"))
        END;
        CREATE TRIGGER story_search_article_delete AFTER DELETE ON article
        WHEN OLD.text IS NOT NULL AND \(analysed("OLD.entry_id")) BEGIN
            \(searchRefresh("OLD.entry_id"))
        END;
        """

    /// Whether entry `id` (an SQL expression) has its analysis stored.
    static func analysed(_ id: String) -> String {
        "EXISTS (SELECT 1 FROM entry WHERE id = \(id) AND analysis_json IS NOT NULL)"
    }
}
