import Foundation

/// The PostgreSQL tables beyond the core ones: the search index, the content-generation counter,
/// and work sharing's host slots and lease indexes. Like the core list, append-only: never edit a
/// shipped migration.
extension PostgresSchema {
    static let extensionMigrations: [Migration] = [
        Migration(name: "x1 search index", statements: searchIndexStatements),
        Migration(name: "x2 content generation", statements: contentGenerationStatements),
        Migration(name: "x3 work sharing", statements: workSharingStatements),
    ]

    // MARK: Search (see `PostgresFeedStore+Search.swift`)

    /// The text search configuration: PostgreSQL's default parser, words stemmed by the English
    /// Snowball stemmer with no stop words (FTS5's `porter unicode61` drops none either, so
    /// "storm AND" or "NOT storm" are words that no entry holds), diacritics folded by `unaccent`
    /// when the server lets the database owner create it.
    static let searchConfiguration = "feedwatch_search"

    /// The largest piece of each field that goes into the index, in characters: a tsvector holds
    /// at most 1 MB, and a long tail of an article adds little to finding it.
    static let searchFieldLimits = (headline: 2_000, summary: 20_000, names: 10_000, body: 100_000)

    static let searchIndexStatements: [String] = [
        // A character reference (`&#8217;`, `&#x2019;`) as its character; NUL, other controls,
        // surrogates and values past U+10FFFF stay as they were written (as in `SearchText`).
        """
        CREATE FUNCTION feedwatch_search_char(reference TEXT, digits TEXT, radix INTEGER) RETURNS TEXT
        LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
        DECLARE
            code BIGINT;
        BEGIN
            IF radix = 16 THEN
                code := ('x' || lpad(digits, 8, '0'))::bit(32)::bigint;
            ELSE
                code := digits::bigint;
            END IF;
            IF code < 32 OR code > 1114111 OR code BETWEEN 55296 AND 57343 THEN
                RETURN reference;
            END IF;
            RETURN chr(code::integer);
        END
        $fn$
        """,
        // `SearchText.words(fromHTML:)` in SQL, so the index's triggers keep it true whoever writes
        // the row: tags become spaces, comments and script/style bodies go (an unclosed one to the
        // end), a tag ends at the first '>' outside quotes, common references are decoded. Each
        // step is one regular-expression pass without back references (linear in the text).
        """
        CREATE FUNCTION feedwatch_search_words(html TEXT) RETURNS TEXT
        LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
        DECLARE
            t TEXT := html;
        BEGIN
            IF t IS NULL THEN
                RETURN NULL;
            END IF;
            IF strpos(t, '<') = 0 AND strpos(t, '&') = 0 THEN
                RETURN t;
            END IF;
            IF strpos(t, '<') > 0 THEN
                t := regexp_replace(t, '<!--.*?-->', ' ', 'g');
                t := regexp_replace(t, '<!--.*$', ' ');
                t := regexp_replace(t, '<script(?![a-z]).*?</script[^>]*>', ' ', 'gi');
                t := regexp_replace(t, '<style(?![a-z]).*?</style[^>]*>', ' ', 'gi');
                t := regexp_replace(t, '<(?:script|style)(?![a-z]).*$', ' ', 'i');
                t := regexp_replace(t, '<![^>]*(?:>|$)', ' ', 'g');
                t := regexp_replace(t, '</?[A-Za-z](?:[^>"'']|"[^"]*(?:"|$)|''[^'']*(?:''|$))*(?:>|$)', ' ', 'g');
            END IF;
            IF strpos(t, '&') > 0 THEN
                SELECT string_agg(CASE
                        WHEN left(p[1], 1) <> '&' OR p[1] = '&' THEN p[1]
                        WHEN p[1] ~ '^&#[xX]' THEN feedwatch_search_char(p[1], substr(p[1], 4, length(p[1]) - 4), 16)
                        WHEN p[1] ~ '^&#' THEN feedwatch_search_char(p[1], substr(p[1], 3, length(p[1]) - 3), 10)
                        ELSE CASE substr(p[1], 2, length(p[1]) - 2)
                            WHEN 'amp' THEN '&' WHEN 'lt' THEN '<' WHEN 'gt' THEN '>' WHEN 'quot' THEN '"'
                            WHEN 'apos' THEN '''' WHEN 'nbsp' THEN ' ' WHEN 'ndash' THEN U&'\\2013'
                            WHEN 'mdash' THEN U&'\\2014' WHEN 'rsquo' THEN '''' WHEN 'lsquo' THEN ''''
                            WHEN 'hellip' THEN U&'\\2026' ELSE p[1] END
                    END, '' ORDER BY n)
                INTO t
                FROM regexp_matches(t, '[^&]+|&#[xX][0-9A-Fa-f]{1,8};|&#[0-9]{1,9};|&[A-Za-z0-9]{1,10};|&', 'g')
                    WITH ORDINALITY AS m(p, n);
            END IF;
            RETURN COALESCE(t, '');
        END
        $fn$
        """,
        // The names of an entry's analysis (people, organisations, places), joined by " · ", as
        // the SQLite index reads them; NULL when the analysis is not a JSON object.
        """
        CREATE FUNCTION feedwatch_search_names(analysis TEXT) RETURNS TEXT
        LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
        DECLARE
            doc JSONB;
            names TEXT;
        BEGIN
            IF analysis IS NULL OR analysis !~ '^\\s*\\{' THEN
                RETURN NULL;
            END IF;
            BEGIN
                doc := analysis::jsonb;
            EXCEPTION WHEN others THEN
                RETURN NULL;
            END;
            SELECT string_agg(v.value #>> '{}', ' · ' ORDER BY k.n, v.n) INTO names
            FROM unnest(ARRAY['people', 'organizations', 'places']) WITH ORDINALITY AS k(key, n)
            CROSS JOIN LATERAL jsonb_array_elements(
                CASE WHEN jsonb_typeof(doc -> k.key) = 'array' THEN doc -> k.key ELSE '[]'::jsonb END
            ) WITH ORDINALITY AS v(value, n)
            WHERE jsonb_typeof(v.value) = 'string';
            RETURN names;
        END
        $fn$
        """,
        // Punctuation as spaces before the parser sees the text, so it reads words as FTS5's
        // unicode61 does: no URLs, hosts, e-mail addresses, file paths or versions, "inline-link"
        // is two words and "basin’s" is "basin" and "s". The ranges are written out (ASCII
        // punctuation, Latin-1 signs, general punctuation, arrows and symbols, CJK and full-width
        // punctuation) so the result does not depend on the database's locale.
        """
        CREATE FUNCTION feedwatch_search_fold(text TEXT) RETURNS TEXT
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
            SELECT regexp_replace(COALESCE(text, ''),
                '[!-/:-@\\[-`{-~\\u00a0-\\u00bf\\u00d7\\u00f7\\u2000-\\u206f\\u2190-\\u2bff\\u2e00-\\u2e7f\\u3000-\\u303f\\uff01-\\uff0f\\uff1a-\\uff20\\uff3b-\\uff40\\uff5b-\\uff65]+',
                ' ', 'g')
        $fn$
        """,
        "CREATE TEXT SEARCH DICTIONARY feedwatch_stem (TEMPLATE = snowball, LANGUAGE = english)",
        "CREATE TEXT SEARCH CONFIGURATION \(searchConfiguration) (COPY = simple)",
        // unaccent is a trusted extension (PostgreSQL 13+): the database owner may create it. A
        // server without it, or a role without the right, indexes words with their accents.
        """
        DO $do$
        BEGIN
            BEGIN
                CREATE EXTENSION IF NOT EXISTS unaccent;
            EXCEPTION WHEN others THEN
                NULL;
            END;
            IF EXISTS (SELECT 1 FROM pg_ts_dict WHERE dictname = 'unaccent' AND pg_ts_dict_is_visible(oid)) THEN
                ALTER TEXT SEARCH CONFIGURATION \(searchConfiguration) ALTER MAPPING FOR
                    asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart
                    WITH unaccent, feedwatch_stem;
            ELSE
                ALTER TEXT SEARCH CONFIGURATION \(searchConfiguration) ALTER MAPPING FOR
                    asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart
                    WITH feedwatch_stem;
            END IF;
        END
        $do$
        """,
        // The weighted document of one entry: headline (A), summary (B), names (C), body (D).
        """
        CREATE FUNCTION feedwatch_search_document(headline TEXT, summary TEXT, names TEXT, body TEXT) RETURNS TSVECTOR
        LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
            SELECT setweight(to_tsvector('\(searchConfiguration)', feedwatch_search_fold(left(headline, \(searchFieldLimits.headline)))), 'A')
                || setweight(to_tsvector('\(searchConfiguration)', feedwatch_search_fold(left(summary, \(searchFieldLimits.summary)))), 'B')
                || setweight(to_tsvector('\(searchConfiguration)', feedwatch_search_fold(left(names, \(searchFieldLimits.names)))), 'C')
                || setweight(to_tsvector('\(searchConfiguration)', feedwatch_search_fold(left(body, \(searchFieldLimits.body)))), 'D')
        $fn$
        """,
        // One row per entry; the story is joined at query time, so clustering never touches it.
        """
        CREATE TABLE entry_search (
            entry_id BIGINT PRIMARY KEY REFERENCES entry(id) ON DELETE CASCADE,
            document TSVECTOR NOT NULL
        )
        """,
        "CREATE INDEX entry_search_document ON entry_search USING GIN (document)",
        // Writes entry `id`'s row again from the base tables (or drops it when the entry is gone).
        """
        CREATE FUNCTION feedwatch_search_refresh(id BIGINT) RETURNS VOID
        LANGUAGE plpgsql AS $fn$
        BEGIN
            INSERT INTO entry_search(entry_id, document)
            SELECT e.id, feedwatch_search_document(
                       feedwatch_search_words(e.title), feedwatch_search_words(e.summary),
                       feedwatch_search_names(e.analysis_json),
                       COALESCE(NULLIF(a.text, ''), feedwatch_search_words(e.content)))
            FROM entry e LEFT JOIN article a ON a.entry_id = e.id
            WHERE e.id = feedwatch_search_refresh.id
            ON CONFLICT (entry_id) DO UPDATE SET document = excluded.document;
            IF NOT FOUND THEN
                DELETE FROM entry_search WHERE entry_id = feedwatch_search_refresh.id;
            END IF;
        END
        $fn$
        """,
        """
        CREATE FUNCTION feedwatch_search_entry_changed() RETURNS TRIGGER
        LANGUAGE plpgsql AS $fn$
        BEGIN
            PERFORM feedwatch_search_refresh(NEW.id);
            RETURN NULL;
        END
        $fn$
        """,
        """
        CREATE FUNCTION feedwatch_search_article_changed() RETURNS TRIGGER
        LANGUAGE plpgsql AS $fn$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                PERFORM feedwatch_search_refresh(OLD.entry_id);
            ELSE
                PERFORM feedwatch_search_refresh(NEW.entry_id);
            END IF;
            RETURN NULL;
        END
        $fn$
        """,
        """
        CREATE TRIGGER entry_search_entry_insert AFTER INSERT ON entry
            FOR EACH ROW EXECUTE FUNCTION feedwatch_search_entry_changed()
        """,
        """
        CREATE TRIGGER entry_search_entry_update AFTER UPDATE OF title, summary, content, analysis_json ON entry
            FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.summary IS DISTINCT FROM NEW.summary
                               OR OLD.content IS DISTINCT FROM NEW.content
                               OR OLD.analysis_json IS DISTINCT FROM NEW.analysis_json)
            EXECUTE FUNCTION feedwatch_search_entry_changed()
        """,
        """
        CREATE TRIGGER entry_search_article_insert AFTER INSERT ON article
            FOR EACH ROW WHEN (NEW.text IS NOT NULL) EXECUTE FUNCTION feedwatch_search_article_changed()
        """,
        """
        CREATE TRIGGER entry_search_article_update AFTER UPDATE OF text ON article
            FOR EACH ROW WHEN (OLD.text IS DISTINCT FROM NEW.text) EXECUTE FUNCTION feedwatch_search_article_changed()
        """,
        """
        CREATE TRIGGER entry_search_article_delete AFTER DELETE ON article
            FOR EACH ROW WHEN (OLD.text IS NOT NULL) EXECUTE FUNCTION feedwatch_search_article_changed()
        """,
        // The entries already stored.
        """
        INSERT INTO entry_search(entry_id, document)
        SELECT e.id, feedwatch_search_document(
                   feedwatch_search_words(e.title), feedwatch_search_words(e.summary),
                   feedwatch_search_names(e.analysis_json),
                   COALESCE(NULLIF(a.text, ''), feedwatch_search_words(e.content)))
        FROM entry e LEFT JOIN article a ON a.entry_id = e.id
        """,
    ]

    // MARK: Content generation (see `PostgresFeedStore+Search.swift`, `contentGeneration()`)

    /// Slots of the counter: each connection moves the slot of its backend pid, so writers on
    /// different connections seldom wait for one another; the value is their sum.
    static let contentGenerationSlots = 64

    /// The counter moves once per transaction that changed something a digest shows, at its
    /// commit: the triggers are deferred constraint triggers, and the first one of a transaction
    /// notes (in a transaction-local setting) that the others need not move it again. Taking the
    /// counter's row lock last, at commit, means a writer never waits for it while holding it, so
    /// it can be part of no deadlock; and a reader sees the new count with the change, never
    /// before it.
    static let contentGenerationStatements: [String] = [
        "CREATE TABLE content_generation (slot INTEGER PRIMARY KEY, value BIGINT NOT NULL)",
        "INSERT INTO content_generation(slot, value) SELECT s, 0 FROM generate_series(0, \(contentGenerationSlots - 1)) AS s",
        """
        CREATE FUNCTION feedwatch_content_changed() RETURNS TRIGGER
        LANGUAGE plpgsql AS $fn$
        BEGIN
            IF current_setting('feedwatch.content_changed', true) IS DISTINCT FROM '1' THEN
                PERFORM set_config('feedwatch.content_changed', '1', true);
                UPDATE content_generation SET value = value + 1 WHERE slot = pg_backend_pid() % \(contentGenerationSlots);
            END IF;
            RETURN NULL;
        END
        $fn$
        """,
        """
        CREATE CONSTRAINT TRIGGER content_generation_entry_insert_delete AFTER INSERT OR DELETE ON entry
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION feedwatch_content_changed()
        """,
        """
        CREATE CONSTRAINT TRIGGER content_generation_entry_update AFTER UPDATE ON entry
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*)
            EXECUTE FUNCTION feedwatch_content_changed()
        """,
        """
        CREATE CONSTRAINT TRIGGER content_generation_article_insert_delete AFTER INSERT OR DELETE ON article
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION feedwatch_content_changed()
        """,
        // A lease taken, renewed or given back changes nothing a digest shows.
        """
        CREATE CONSTRAINT TRIGGER content_generation_article_update AFTER UPDATE ON article
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
            WHEN ((OLD.url, OLD.status, OLD.attempts, OLD.next_attempt_at, OLD.text, OLD.metadata_json, OLD.label,
                   OLD.last_error)
                  IS DISTINCT FROM (NEW.url, NEW.status, NEW.attempts, NEW.next_attempt_at, NEW.text, NEW.metadata_json,
                                    NEW.label, NEW.last_error))
            EXECUTE FUNCTION feedwatch_content_changed()
        """,
        """
        CREATE CONSTRAINT TRIGGER content_generation_feed_update AFTER UPDATE OF name, title, tags ON feed
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
            WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.title IS DISTINCT FROM NEW.title OR OLD.tags IS DISTINCT FROM NEW.tags)
            EXECUTE FUNCTION feedwatch_content_changed()
        """,
    ]

    // MARK: Work sharing (see `PostgresFeedStore+WorkSharing.swift`)

    static let workSharingStatements: [String] = [
        // The next free start time of each host, shared by every worker (`reserveHostSlot`).
        "CREATE TABLE host_slot (host TEXT PRIMARY KEY, next_at DOUBLE PRECISION NOT NULL)",
        // `renewLeases` and `releaseLeases` find a holder's rows without reading the tables.
        "CREATE INDEX feed_lease_holder ON feed(lease_holder) WHERE lease_holder IS NOT NULL",
        "CREATE INDEX article_lease_holder ON article(lease_holder) WHERE lease_holder IS NOT NULL",
    ]
}
