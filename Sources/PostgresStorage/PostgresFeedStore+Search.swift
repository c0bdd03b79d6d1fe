import Foundation
import PostgresNIO
import Storage

extension PostgresFeedStore {
    /// The index takes an entry when its analysis is stored and follows its changes from then on
    /// (SQLite's `v10 search on analysis`, which says why). Trigger conditions cannot read other
    /// tables here, so the article function checks the entry itself.
    static let searchOnAnalysisMigrations: [PostgresSchema.Migration] = [
        PostgresSchema.Migration(name: "w8 search on analysis", statements: [
            "DROP TRIGGER entry_search_entry_insert ON entry",
            """
            CREATE TRIGGER entry_search_entry_insert AFTER INSERT ON entry
                FOR EACH ROW WHEN (NEW.analysis_json IS NOT NULL) EXECUTE FUNCTION feedwatch_search_entry_changed()
            """,
            "DROP TRIGGER entry_search_entry_update ON entry",
            """
            CREATE TRIGGER entry_search_entry_update AFTER UPDATE OF title, summary, content, analysis_json ON entry
                FOR EACH ROW WHEN (NEW.analysis_json IS NOT NULL
                                   AND (OLD.title IS DISTINCT FROM NEW.title OR OLD.summary IS DISTINCT FROM NEW.summary
                                        OR OLD.content IS DISTINCT FROM NEW.content
                                        OR OLD.analysis_json IS DISTINCT FROM NEW.analysis_json))
                EXECUTE FUNCTION feedwatch_search_entry_changed()
            """,
            """
            CREATE OR REPLACE FUNCTION feedwatch_search_article_changed() RETURNS TRIGGER
            LANGUAGE plpgsql AS $fn$
            DECLARE
                changed BIGINT;
            BEGIN
                IF TG_OP = 'DELETE' THEN
                    changed := OLD.entry_id;
                ELSE
                    changed := NEW.entry_id;
                END IF;
                IF EXISTS (SELECT 1 FROM entry WHERE id = changed AND analysis_json IS NOT NULL) THEN
                    PERFORM feedwatch_search_refresh(changed);
                END IF;
                RETURN NULL;
            END
            $fn$
            """,
        ]),
    ]

    /// Stories whose headline, summary, names or text match `query`, best first: one hit per
    /// story (its best-matching entry), among entries first seen in [from, to) — the same hits as
    /// `FeedStore.search`, from PostgreSQL's full-text index (`entry_search`, kept by triggers;
    /// see `PostgresSchema.searchIndexStatements`).
    ///
    /// Each term of the query is a phrase (`phraseto_tsquery`), all of them required, so nothing
    /// the person typed is read as tsquery syntax; a query with no words finds nothing. `limit`
    /// is clamped to 1…1000. `SearchHit.score` is the negated `ts_rank` (lower is better, as
    /// SQLite's bm25), with a headline match weighing most, then the summary, the names, the text.
    public func search(_ query: SearchQuery, firstSeenFrom from: Date?, to: Date?, limit: Int) throws -> [SearchHit] {
        guard !query.isEmpty else { return [] }
        let configuration = PostgresSchema.searchConfiguration
        var binds = PostgresBindings(capacity: query.terms.count + 4)
        var phrases: [String] = []
        for term in query.terms {
            binds.append(Self.withoutNULs(term))
            phrases.append("phraseto_tsquery('\(configuration)', feedwatch_search_fold($\(binds.count)))")
        }
        binds.append(from.map(\.timeIntervalSince1970) ?? -Double.greatestFiniteMagnitude)
        let fromIndex = binds.count
        binds.append(to.map(\.timeIntervalSince1970) ?? Double.greatestFiniteMagnitude)
        let toIndex = binds.count
        binds.append(min(max(limit, 1), 1000))
        let limitIndex = binds.count
        binds.append(Self.snippetOptions)
        let optionsIndex = binds.count
        let story = "COALESCE(e.story_id, 'entry-' || e.id)"
        // The fields as the index read them; the HTML is cut before it is read (four times the
        // indexed length), so a huge page costs a snippet no more than its indexed part.
        let limits = PostgresSchema.searchFieldLimits
        let sql = """
            WITH q AS (
                SELECT \(phrases.joined(separator: " && ")) AS query
            ), hit AS (
                SELECT s.entry_id, (-ts_rank('\(Self.searchWeights)', s.document, q.query))::float8 AS score
                FROM entry_search s, q WHERE s.document @@ q.query
            ), ranked AS (
                SELECT e.id, \(story) AS story, e.first_seen, hit.score,
                       ROW_NUMBER() OVER (PARTITION BY \(story) ORDER BY hit.score, e.id) AS n,
                       COUNT(*) OVER (PARTITION BY \(story)) AS matches
                FROM hit JOIN entry e ON e.id = hit.entry_id
                WHERE e.first_seen >= $\(fromIndex) AND e.first_seen < $\(toIndex)
            ), top AS (
                SELECT id, story, first_seen, score, matches,
                       ROW_NUMBER() OVER (ORDER BY score, matches DESC, first_seen DESC, id) AS place
                FROM ranked WHERE n = 1
                ORDER BY score, matches DESC, first_seen DESC, id LIMIT $\(limitIndex)
            )
            SELECT top.id, top.story, top.first_seen, top.score, top.matches, f.k, h.snippet,
                   strpos(f.text, replace(replace(h.snippet, chr(2), ''), chr(3), '')),
                   length(replace(replace(h.snippet, chr(2), ''), chr(3), '')), length(f.text)
            FROM top CROSS JOIN q
            JOIN entry e ON e.id = top.id LEFT JOIN article a ON a.entry_id = e.id
            CROSS JOIN LATERAL (VALUES
                (1, left(COALESCE(NULLIF(a.text, ''), feedwatch_search_words(left(e.content, \(limits.body * 4))), ''), \(limits.body))),
                (2, left(COALESCE(feedwatch_search_words(left(e.summary, \(limits.summary * 4))), ''), \(limits.summary))),
                (3, left(COALESCE(feedwatch_search_names(e.analysis_json), ''), \(limits.names))),
                (4, left(COALESCE(feedwatch_search_words(left(e.title, \(limits.headline * 4))), ''), \(limits.headline)))
            ) AS f(k, text)
            CROSS JOIN LATERAL (SELECT ts_headline('\(configuration)', f.text, q.query, $\(optionsIndex)) AS snippet) AS h
            ORDER BY top.place, f.k
            """
        let rows = try session.query(PostgresQuery(unsafeSQL: sql, binds: binds))
        var hits: [SearchHit] = []
        var snippets: [[String]] = []
        for row in rows {
            let r = PostgresRowReader(row)
            let id = try r.value(0, as: Int64.self)
            if hits.last?.entryID != id {
                hits.append(SearchHit(storyID: try r.value(1), entryID: id, firstSeen: try r.date(2), score: try r.value(3),
                                      matchingEntries: try r.value(4), snippet: ""))
                snippets.append([])
            }
            let snippet = try r.value(6, as: String?.self) ?? ""
            let at = try r.value(7, as: Int?.self) ?? 0
            let length = try r.value(8, as: Int?.self) ?? 0
            let whole = try r.value(9, as: Int?.self) ?? 0
            snippets[snippets.count - 1].append(Self.elided(snippet, at: at, length: length, of: whole))
        }
        for i in hits.indices {
            hits[i].snippet = Self.bestSnippet(snippets[i])
        }
        return hits
    }

    /// ts_rank's weights of the fields, in the order {D, C, B, A}: text, names, summary, headline
    /// (SQLite weighs them 1, 3, 5, 10).
    static let searchWeights = "{0.1, 0.3, 0.5, 1.0}"

    /// ts_headline's options: matched words between `SearchHit.matchStart` and `matchEnd`, about
    /// as many words around them as SQLite's 24-token snippet.
    static let snippetOptions =
        "StartSel=\"\(SearchHit.matchStart)\", StopSel=\"\(SearchHit.matchEnd)\", MaxWords=24, MinWords=12, ShortWord=2, MaxFragments=0"

    /// `snippet` with "…" where it cuts its field's text (`at` is its 1-based start in the text,
    /// 0 when it could not be found there).
    static func elided(_ snippet: String, at: Int, length: Int, of whole: Int) -> String {
        guard !snippet.isEmpty, at > 0 else { return snippet }
        let head = at > 1 ? "…" : ""
        let tail = at - 1 < whole - length ? "…" : ""
        return head + snippet + tail
    }

    /// As `FeedStore.snippet`: the first field (text, summary, names, headline) whose snippet holds a
    /// matched word, else the first that is not empty.
    static func bestSnippet(_ fields: [String]) -> String {
        fields.first { $0.contains(SearchHit.matchStart) } ?? fields.first { !$0.isEmpty } ?? ""
    }

    /// How many entries the search index holds (for tests and `status`).
    public func searchIndexCount() throws -> Int {
        guard let row = try session.query("SELECT COUNT(*) FROM entry_search").first else { return 0 }
        return try PostgresRowReader(row).value(0, as: Int.self)
    }

    /// The number that moves whenever anything a digest shows of the stored entries changes (see
    /// `FeedStore.contentGeneration`): the sum of the counter's slots, which triggers move in the
    /// transaction that makes the change, so a reader sees the count and the change together.
    public func contentGeneration() throws -> Int64 {
        guard let row = try session.query("SELECT COALESCE(SUM(value), 0)::bigint FROM content_generation").first else { return 0 }
        return try PostgresRowReader(row).value(0, as: Int64.self)
    }
}
