import Foundation
import PostgresNIO
import Storage

/// Entry and article revisions on PostgreSQL (see `EntryRevision`): a BEFORE UPDATE trigger
/// moves a row's `revision` when anything but its lease columns changed, so the clusterer's
/// digest reads the full rows of changed stories only, whichever worker wrote the change.
extension PostgresFeedStore {
    static let entryRevisionMigrations: [PostgresSchema.Migration] = [
        PostgresSchema.Migration(name: "w6 entry revisions", statements: [
            "ALTER TABLE entry ADD COLUMN revision BIGINT NOT NULL DEFAULT 0",
            "ALTER TABLE article ADD COLUMN revision BIGINT NOT NULL DEFAULT 0",
            """
            CREATE FUNCTION feedwatch_next_revision() RETURNS TRIGGER
            LANGUAGE plpgsql AS $fn$
            BEGIN
                NEW.revision := OLD.revision + 1;
                RETURN NEW;
            END
            $fn$
            """,
            """
            CREATE TRIGGER entry_revision BEFORE UPDATE ON entry FOR EACH ROW
                WHEN ((to_jsonb(OLD) - ARRAY['analysis_holder', 'analysis_until', 'revision'])
                      IS DISTINCT FROM (to_jsonb(NEW) - ARRAY['analysis_holder', 'analysis_until', 'revision']))
                EXECUTE FUNCTION feedwatch_next_revision()
            """,
            """
            CREATE TRIGGER article_revision BEFORE UPDATE ON article FOR EACH ROW
                WHEN ((to_jsonb(OLD) - ARRAY['lease_holder', 'lease_until', 'revision'])
                      IS DISTINCT FROM (to_jsonb(NEW) - ARRAY['lease_holder', 'lease_until', 'revision']))
                EXECUTE FUNCTION feedwatch_next_revision()
            """,
        ]),
    ]

    /// Entries first seen in [start, end), oldest first, as `EntryRevision`s: no texts read.
    public func entryRevisions(firstSeenFrom start: Date, to end: Date) throws -> [EntryRevision] {
        try session.query("""
            SELECT e.id, e.story_id, e.developing_from, e.revision, a.revision, f.configured_url,
                   COALESCE(f.name, f.title), f.tags
            FROM entry e JOIN feed f ON f.id = e.feed_id LEFT JOIN article a ON a.entry_id = e.id
            WHERE e.first_seen >= \(start.timeIntervalSince1970) AND e.first_seen < \(end.timeIntervalSince1970)
            ORDER BY e.first_seen, e.id
            """).map { row in
            let r = PostgresRowReader(row)
            return EntryRevision(id: try r.value(0), storyID: try r.value(1), developingFrom: try r.value(2),
                                 revision: try r.value(3), articleRevision: try r.value(4), feedURL: try r.value(5),
                                 feedName: try r.value(6), feedTags: JSONText.decodeStrings(try r.value(7, as: String?.self)))
        }
    }

    /// These entries in full, oldest first.
    public func entries(ids: [Int64]) throws -> [StoredEntry] {
        guard !ids.isEmpty else { return [] }
        return try session.query("""
            \(unescaped: Self.storedEntrySelect) WHERE e.id = ANY(\(Array(Set(ids)))::bigint[]) ORDER BY e.first_seen, e.id
            """).map(StoredEntry.init(postgresRow:))
    }
}
