import Foundation
import PostgresNIO
import Storage

/// Per-host concurrency shared by every worker: `per_host_concurrency` request slots per host,
/// each a row `(host, slot)` with its holder and an expiry. Taking a slot inserts the lowest free
/// number, or takes over one whose holder let it expire (a worker killed mid-request); the
/// primary key makes two workers racing for the same number end with one winner.
extension PostgresFeedStore {
    static let hostRequestMigrations: [PostgresSchema.Migration] = [
        PostgresSchema.Migration(name: "w2 host request slots", statements: [
            """
            CREATE TABLE host_request (
                host TEXT NOT NULL,
                slot INTEGER NOT NULL,
                holder TEXT NOT NULL,
                until DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (host, slot)
            )
            """,
        ]),
    ]

    public func acquireHostRequestSlot(host: String, limit: Int, holder: String, until: Date, at now: Date) throws -> Int? {
        let limit = max(1, min(limit, 1024))
        let rows = try session.query("""
            INSERT INTO host_request (host, slot, holder, until)
            SELECT \(host), s, \(holder), \(until.timeIntervalSince1970)
            FROM generate_series(0, \(limit - 1)) AS s
            WHERE NOT EXISTS (SELECT 1 FROM host_request r
                              WHERE r.host = \(host) AND r.slot = s AND r.until > \(now.timeIntervalSince1970))
            ORDER BY s
            LIMIT 1
            ON CONFLICT (host, slot) DO UPDATE SET holder = excluded.holder, until = excluded.until
                WHERE host_request.until <= \(now.timeIntervalSince1970)
            RETURNING slot
            """)
        return try rows.first.map { Int(try $0.decode(Int32.self)) }
    }

    public func releaseHostRequestSlot(host: String, slot: Int, holder: String) throws {
        try session.query("DELETE FROM host_request WHERE host = \(host) AND slot = \(Int32(clamping: slot)) AND holder = \(holder)")
    }
}
