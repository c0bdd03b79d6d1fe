import Foundation
import Logging
import PostgresNIO
import Storage

/// The feedwatch state on a PostgreSQL server, shared by any number of `feedwatch run`
/// processes on any machines: the same `FeedStorage` as the SQLite `FeedStore`, with due feeds
/// and article pages leased to one worker at a time (`FOR UPDATE SKIP LOCKED`), the clusterer
/// role held as a session advisory lock, and per-host politeness kept in a shared table.
///
/// Dates are DOUBLE PRECISION seconds since 1970, as in the SQLite schema, so both backends hand
/// the pipeline identical values.
public final class PostgresFeedStore: Sendable {
    let session: PostgresSession
    let logger: Logger
    /// Consecutive sightings of the same permanent redirect before `fetchURL` moves.
    public let redirectThreshold: Int
    /// Article fetch attempts before the store gives up on a page.
    public let maxArticleAttempts: Int
    /// Fetch-history rows kept per feed.
    public let historyLimit: Int

    /// Connects to the server at `location` and migrates its schema (under an advisory lock, so
    /// workers starting together migrate once).
    public init(location: PostgresLocation, password: PostgresPassword, logger: Logger = Logger(label: "feedwatch.postgres"),
                redirectThreshold: Int = 3, maxArticleAttempts: Int = 5, historyLimit: Int = 50) throws {
        session = try PostgresSession(location: location, password: password, logger: logger)
        self.logger = logger
        self.redirectThreshold = redirectThreshold
        self.maxArticleAttempts = maxArticleAttempts
        self.historyLimit = historyLimit
        do {
            try PostgresSchema.migrate(session)
        } catch {
            session.close()
            throw error
        }
    }

    public var backendName: String { "postgres" }
    public var quarantineAfter: Int { FeedStore.quarantineAfter }

    public func close() throws {
        session.close()
    }

    // MARK: Key/value

    public func value(forKey key: String) throws -> String? {
        try session.query("SELECT value FROM setting WHERE key = \(key)").first?.decode(String.self)
    }

    public func setValue(_ value: String?, forKey key: String) throws {
        if let value {
            try session.query("""
                INSERT INTO setting(key, value) VALUES (\(key), \(value))
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """)
        } else {
            try session.query("DELETE FROM setting WHERE key = \(key)")
        }
    }
}
