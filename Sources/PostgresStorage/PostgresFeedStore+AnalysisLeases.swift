import Foundation
import PostgresNIO
import Storage

/// Analysis shared by every worker: entries waiting for their analysis are leased like feeds and
/// pages, so any worker, not only the clusterer, spends its cores on them.
///
/// The lease is `analysis_holder`/`analysis_until` on the entry row. Storing the analysis
/// (`recordAnalysis`, `recordAnalyses`) ends it; `renewLeases` and `releaseLeases` extend and
/// give back these leases with the feed and page ones. Taking, renewing or giving one back
/// changes nothing a digest shows, so it leaves the content generation where it is.
extension PostgresFeedStore {
    /// The most entries one claim leases.
    static let maxAnalysisClaim = 10_000

    static let analysisLeaseMigrations: [PostgresSchema.Migration] = [
        PostgresSchema.Migration(name: "w3 analysis leases", statements: [
            "ALTER TABLE entry ADD COLUMN analysis_holder TEXT, ADD COLUMN analysis_until DOUBLE PRECISION",
            // The entries still waiting for their analysis, in claiming order.
            "CREATE INDEX entry_analysis_waiting ON entry (first_seen, id) WHERE analysis_json IS NULL",
            // `renewLeases` and `releaseLeases` find a holder's entries without reading the table.
            "CREATE INDEX entry_analysis_holder ON entry (analysis_holder) WHERE analysis_holder IS NOT NULL",
            // The content generation moves on any change of an entry but its analysis lease: the
            // trigger compares the rows without those two columns (a column added later counts).
            "DROP TRIGGER content_generation_entry_update ON entry",
            """
            CREATE CONSTRAINT TRIGGER content_generation_entry_update AFTER UPDATE ON entry
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
                WHEN ((to_jsonb(OLD) - ARRAY['analysis_holder', 'analysis_until'])
                      IS DISTINCT FROM (to_jsonb(NEW) - ARRAY['analysis_holder', 'analysis_until']))
                EXECUTE FUNCTION feedwatch_content_changed()
            """,
        ]),
    ]

    /// Entries first seen in [start, end) that wait for their analysis, leased to `lease.holder`
    /// until `lease.until`, oldest first: no analysis yet, no page still waiting for its first
    /// try (an article row `pending` without text), not quarantined for analysis, and held by no
    /// other worker (a lease of this holder's is taken again). Rows another worker is claiming at
    /// this very moment are skipped, not waited for. At most `limit` (up to 10 000); none when
    /// `limit` is not positive.
    public func claimEntriesForAnalysis(firstSeenFrom start: Date, to end: Date, at now: Date, limit: Int,
                                        lease: WorkLease) throws -> [StoredEntry]? {
        guard limit > 0 else { return [] }
        let limit = min(limit, Self.maxAnalysisClaim)
        let t = now.timeIntervalSince1970
        let holder = Self.withoutNULs(lease.holder)
        return try session.transaction { tx in
            let ids = try tx.query("""
                UPDATE entry SET analysis_holder = \(holder), analysis_until = \(lease.until.timeIntervalSince1970)
                WHERE id IN (
                    SELECT e.id FROM entry e
                    WHERE e.first_seen >= \(start.timeIntervalSince1970) AND e.first_seen < \(end.timeIntervalSince1970)
                      AND e.analysis_json IS NULL
                      AND (e.analysis_until IS NULL OR e.analysis_until < \(t) OR e.analysis_holder = \(holder))
                      AND NOT EXISTS (SELECT 1 FROM article a
                                      WHERE a.entry_id = e.id AND a.status = 'pending' AND a.text IS NULL)
                      AND NOT EXISTS (SELECT 1 FROM quarantine q
                                      WHERE q.kind = \(WorkKind.analysis.rawValue) AND q.item_id = e.id
                                        AND (q.until IS NULL OR q.until > \(t)))
                    ORDER BY e.first_seen, e.id LIMIT \(limit)
                    FOR UPDATE OF e SKIP LOCKED)
                RETURNING id
                """).map { try PostgresRowReader($0).value(0, as: Int64.self) }
            guard !ids.isEmpty else { return [] }
            return try tx.query("""
                \(unescaped: Self.storedEntrySelect)
                WHERE e.id = ANY(\(ids)::bigint[])
                ORDER BY e.first_seen, e.id
                """).map(StoredEntry.init(postgresRow:))
        }
    }
}
