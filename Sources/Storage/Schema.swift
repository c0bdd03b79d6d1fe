import GRDB

/// The database schema as a list of named, append-only migrations. Never edit a shipped
/// migration: add `v2`, `v3`... GRDB records which ones ran, so opening is idempotent.
///
/// Dates are REAL seconds since 1970 (UTC) everywhere; string lists are JSON arrays. `url_key`
/// is the entry's canonical URL (else its link) and `entry_url` is the canonical-URL index;
/// `url_is_identity` says whether that URL identifies the item (see `EntryIdentity`).
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE feed (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    configured_url TEXT NOT NULL UNIQUE,
                    fetch_url TEXT NOT NULL,
                    title TEXT,
                    name TEXT,
                    tags TEXT NOT NULL DEFAULT '[]',
                    full_text INTEGER,
                    poll_interval REAL,
                    etag TEXT,
                    last_modified TEXT,
                    next_poll_at REAL NOT NULL,
                    last_attempt_at REAL,
                    last_success_at REAL,
                    last_error TEXT,
                    consecutive_failures INTEGER NOT NULL DEFAULT 0,
                    failing_since REAL,
                    redirect_url TEXT,
                    redirect_count INTEGER NOT NULL DEFAULT 0,
                    last_new_entry_at REAL,
                    publish_interval_estimate REAL,
                    active INTEGER NOT NULL DEFAULT 1,
                    created_at REAL NOT NULL
                );
                CREATE INDEX feed_due ON feed(active, next_poll_at);

                CREATE TABLE entry (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    feed_id INTEGER NOT NULL REFERENCES feed(id) ON DELETE CASCADE,
                    guid_key TEXT NOT NULL,
                    guid TEXT,
                    link TEXT,
                    canonical_url TEXT,
                    url_key TEXT,
                    url_is_identity INTEGER NOT NULL DEFAULT 0,
                    global_id TEXT,
                    title TEXT,
                    summary TEXT,
                    content TEXT,
                    published REAL,
                    updated REAL,
                    authors TEXT NOT NULL DEFAULT '[]',
                    first_seen REAL NOT NULL,
                    story_id TEXT,
                    analysis_json TEXT,
                    UNIQUE (feed_id, guid_key)
                );
                CREATE INDEX entry_url ON entry(url_key, feed_id);
                CREATE INDEX entry_global_id ON entry(global_id) WHERE global_id IS NOT NULL;
                CREATE INDEX entry_first_seen ON entry(first_seen);
                CREATE INDEX entry_story ON entry(story_id) WHERE story_id IS NOT NULL;

                CREATE TABLE tombstone (
                    feed_id INTEGER NOT NULL REFERENCES feed(id) ON DELETE CASCADE,
                    guid_key TEXT NOT NULL,
                    url_key TEXT,
                    global_id TEXT,
                    first_seen REAL NOT NULL,
                    PRIMARY KEY (feed_id, guid_key)
                ) WITHOUT ROWID;
                CREATE INDEX tombstone_url ON tombstone(url_key) WHERE url_key IS NOT NULL;
                CREATE INDEX tombstone_global_id ON tombstone(global_id) WHERE global_id IS NOT NULL;

                CREATE TABLE article (
                    entry_id INTEGER PRIMARY KEY REFERENCES entry(id) ON DELETE CASCADE,
                    url TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('pending', 'retry', 'done', 'failed')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at REAL,
                    text TEXT,
                    metadata_json TEXT,
                    label TEXT,
                    last_error TEXT
                );
                CREATE INDEX article_due ON article(status, next_attempt_at);

                CREATE TABLE fetch_history (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    feed_id INTEGER NOT NULL REFERENCES feed(id) ON DELETE CASCADE,
                    at REAL NOT NULL,
                    outcome TEXT NOT NULL,
                    http_status INTEGER,
                    duration_ms INTEGER NOT NULL,
                    bytes INTEGER NOT NULL,
                    new_entries INTEGER NOT NULL,
                    error TEXT
                );
                CREATE INDEX fetch_history_feed ON fetch_history(feed_id, id);

                CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
                CREATE TABLE blob (key TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v2 tombstone sightings") { db in
            // Tombstones are forgotten once their item has long left its feed (see `purge`).
            try db.execute(sql: """
                ALTER TABLE tombstone ADD COLUMN last_seen REAL;
                UPDATE tombstone SET last_seen = first_seen;
                CREATE INDEX tombstone_last_seen ON tombstone(last_seen);
                """)
        }
        migrator.registerMigration("v3 work attempts and quarantine") { db in
            // Poison pills: every unit of work is counted here before it starts and forgotten in the
            // transaction that stores its result, so a row that is still here after a restart is
            // work the process died in. See `FeedStore+WorkAttempts.swift`.
            try db.execute(sql: """
                CREATE TABLE work_attempt (
                    kind TEXT NOT NULL,
                    item_id INTEGER NOT NULL,
                    attempts INTEGER NOT NULL,
                    started_at REAL NOT NULL,
                    PRIMARY KEY (kind, item_id)
                ) WITHOUT ROWID;
                CREATE TABLE quarantine (
                    kind TEXT NOT NULL,
                    item_id INTEGER NOT NULL,
                    reason TEXT NOT NULL,
                    at REAL NOT NULL,
                    until REAL,
                    PRIMARY KEY (kind, item_id)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v4 story reasons") { db in
            // Why each entry joined its story (the clusterer's `MergeReason` as JSON, opaque here)
            // and, for the entry that opened a story continuing an earlier one, that story's id.
            // Entries stored before this migration have neither: the digest shows no reason.
            try db.execute(sql: """
                ALTER TABLE entry ADD COLUMN story_reason TEXT;
                ALTER TABLE entry ADD COLUMN developing_from TEXT;
                """)
        }
        migrator.registerMigration("v5 search index") { db in
            // `feedwatch search`: an FTS5 table over every entry's headline, summary, names and
            // text, kept true by triggers and filled here for the entries already stored. See
            // `FeedStore+Search.swift`.
            try db.execute(sql: FeedStore.searchIndexSQL)
        }
        migrator.registerMigration("v6 content generation") { db in
            // A counter moved by triggers on every change a digest could show, so an unchanged
            // day is not rebuilt. See `FeedStore+ContentGeneration.swift`.
            try db.execute(sql: FeedStore.contentGenerationSQL)
        }
        migrator.registerMigration("v7 story journal") { db in
            // The clusterer's state as a checkpoint and the items clustered since, so a cycle
            // writes what changed. See `FeedStore+StoryState.swift`.
            try db.execute(sql: FeedStore.storyJournalSQL)
        }
        migrator.registerMigration("v8 entry revisions") { db in
            // Numbers that move on every change of an entry or its article, so the daemon's
            // digest reads the full rows of changed stories only. See `FeedStore+EntryRevisions.swift`.
            try db.execute(sql: FeedStore.entryRevisionSQL)
        }
        migrator.registerMigration("v9 unfinished entries") { db in
            // The entries still without an analysis or a story, which every cycle asks for (and
            // the metrics count): found through this index instead of a pass over three days.
            try db.execute(sql: "CREATE INDEX entry_unfinished ON entry(first_seen) WHERE analysis_json IS NULL OR story_id IS NULL")
        }
        migrator.registerMigration("v10 search on analysis") { db in
            // An entry is indexed once, when its analysis is stored, instead of on insert and
            // again (delete and insert) when the analysis arrives. See `FeedStore+Search.swift`.
            try db.execute(sql: FeedStore.searchOnAnalysisSQL)
        }
        migrator.registerMigration("v11 checkpoint parts") { db in
            // The clusterer's checkpoint in rows of a few megabytes, not one blob as large as the
            // window's state. See `FeedStore+StoryState.swift`.
            try db.execute(sql: FeedStore.checkpointPartsSQL)
        }
        return migrator
    }
}
