import FeedwatchTesting
import Foundation
import GRDB
import PostgresStorage
@testable import Storage
import Synchronization
import Testing

/// A fresh directory under the system temp dir, removed when the test is done with it.
final class TempDirectory: Sendable {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("feedwatch-storage-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    var databasePath: String { path + "/feedwatch.sqlite" }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// A Monday morning in UTC, the start of every scenario.
let monday = Date(timeIntervalSince1970: 1_795_000_000)

func minutes(_ n: Double) -> TimeInterval { n * 60 }
func hours(_ n: Double) -> TimeInterval { n * 3600 }
func days(_ n: Double) -> TimeInterval { n * 86_400 }

let harbourGazette = ConfiguredFeed(url: "https://harbourgazette.example/rss", name: "Harbour Gazette", tags: ["local", "uk"])
let northernWire = ConfiguredFeed(url: "https://northernwire.example/feeds/world.xml", tags: ["world"])
let ledgerBusiness = ConfiguredFeed(url: "https://ledger.example/business/atom", name: "The Ledger — Business",
                                    tags: ["business"], fullText: false, interval: minutes(15))

/// The databases the storage suite runs against: every backend-neutral test takes one as its
/// argument, so both backends answer the same assertions from one copy of each test.
enum StoreBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    /// SQLite always; PostgreSQL when FEEDWATCH_TEST_POSTGRES_URL names a server (`TestPostgres`).
    static var available: [StoreBackend] {
        TestPostgres.isAvailable ? allCases : [.sqlite]
    }

    var testDescription: String { rawValue }
}

/// A fresh, empty store of one backend for one test, and the place that holds it: a file in a
/// temporary directory, or a database of its own on the PostgreSQL test server. When the test
/// lets go of it, every store opened on it is closed and the directory or database removed.
///
/// `reopen()` opens the same database again: a restart of the daemon, or a second process such as
/// `feedwatch status` reading while the daemon writes.
///
/// A test keeps the fixture in a local of its own for its whole body (`let fixture = …` then
/// `let store = fixture.store`): the local's lifetime is what keeps the database there.
final class TestStore: Sendable {
    /// Where the database lives: removed after the stores on it are closed.
    private enum Place: Sendable {
        case file(TempDirectory)
        case database(TestPostgres.Database)
    }

    let backend: StoreBackend
    /// The store opened with the fixture.
    let store: any FeedStorage
    private let place: Place
    private let maxArticleAttempts: Int
    private let opened: Mutex<[any FeedStorage]>

    init(_ backend: StoreBackend, maxArticleAttempts: Int = 5) throws {
        self.backend = backend
        self.maxArticleAttempts = maxArticleAttempts
        switch backend {
        case .sqlite: place = .file(try TempDirectory())
        case .postgres: place = .database(try TestPostgres.freshDatabase())
        }
        opened = Mutex([])
        do {
            store = try Self.open(place, maxArticleAttempts: maxArticleAttempts)
        } catch {
            if case .database(let database) = place { database.drop() }
            throw error
        }
        opened.withLock { [store] in $0.append(store) }
    }

    /// Another store on the same database, closed with the fixture if the test leaves it open.
    func reopen() throws -> any FeedStorage {
        let store = try Self.open(place, maxArticleAttempts: maxArticleAttempts)
        opened.withLock { $0.append(store) }
        return store
    }

    /// Runs SQL on the database behind the store, beside the store's own work (fault injection):
    /// `sqlite` through the SQLite store's writer, `postgres` with `psql` on the test database.
    func execute(sqlite: String, postgres: String) throws {
        switch place {
        case .file:
            guard let store = store as? FeedStore else { throw FixtureError(description: "the SQLite fixture holds no FeedStore") }
            try store.writer.write { db in try db.execute(sql: sqlite) }
        case .database(let database):
            try TestPostgres.psql(Self.plainURL(database), postgres)
        }
    }

    private static func open(_ place: Place, maxArticleAttempts: Int) throws -> any FeedStorage {
        switch place {
        case .file(let dir):
            return try FeedStore(path: dir.databasePath, maxArticleAttempts: maxArticleAttempts)
        case .database(let database):
            return try PostgresFeedStore(location: try PostgresLocation(url: plainURL(database)),
                                         password: PostgresPassword(nil), maxArticleAttempts: maxArticleAttempts)
        }
    }

    /// The test database's URL without TLS (the test server is on the loopback).
    private static func plainURL(_ database: TestPostgres.Database) -> String {
        database.url + (database.url.contains("?") ? "&" : "?") + "sslmode=disable"
    }

    /// A fixture that cannot do what the test asked of it.
    struct FixtureError: Error, CustomStringConvertible {
        var description: String
    }

    deinit {
        for store in opened.withLock({ $0 }) { try? store.close() }
        // The temporary directory goes with `place`, once this deinit is done.
        if case .database(let database) = place { database.drop() }
    }
}

/// A fresh store of `backend` with the three feeds configured at `monday`.
func storeWithFeeds(_ backend: StoreBackend, maxArticleAttempts: Int = 5) throws -> TestStore {
    let fixture = try TestStore(backend, maxArticleAttempts: maxArticleAttempts)
    try fixture.store.syncConfiguredFeeds([harbourGazette, northernWire, ledgerBusiness], now: monday)
    return fixture
}

/// A store on a real SQLite file with the three feeds configured at `monday` (for the tests that
/// reach into the file itself).
func storeWithFeeds(_ dir: TempDirectory) throws -> FeedStore {
    let store = try FeedStore(path: dir.databasePath)
    try store.syncConfiguredFeeds([harbourGazette, northernWire, ledgerBusiness], now: monday)
    return store
}

func feedID(_ store: any FeedStorage, _ feed: ConfiguredFeed) throws -> Int64 {
    guard let state = try store.feed(url: feed.url) else { throw StoreError.unknownFeed(id: -1) }
    return state.id
}

/// A successful 200 poll of a feed at `at`, next poll half an hour later.
func updated(_ feedID: Int64, at: Date, etag: String? = nil, lastModified: String? = nil, title: String? = nil,
             redirect: String? = nil) -> FetchRecord {
    FetchRecord(feedID: feedID, at: at, outcome: .updated, httpStatus: 200, durationMs: 180, bytes: 24_000,
                etag: etag, lastModified: lastModified, title: title, nextPollAt: at + minutes(30), permanentRedirectTo: redirect)
}

/// Items like a regional newsroom publishes them.
func ferryStrikeItems(seenAt: Date) -> [EntryInput] {
    [
        EntryInput(guid: "https://harbourgazette.example/news/2026/11/ferry-strike-talks-collapse",
                   link: "https://harbourgazette.example/news/2026/11/ferry-strike-talks-collapse?utm_source=rss",
                   canonicalURL: "https://harbourgazette.example/news/2026/11/ferry-strike-talks-collapse",
                   title: "Ferry strike talks collapse as union rejects pay offer",
                   summary: "Crossings to the islands will stop from Thursday after talks broke down late on Sunday.",
                   published: seenAt - hours(2), authors: ["Moira Kerr"], firstSeen: seenAt),
        EntryInput(guid: "https://harbourgazette.example/news/2026/11/harbour-wall-repairs",
                   link: "https://harbourgazette.example/news/2026/11/harbour-wall-repairs",
                   canonicalURL: "https://harbourgazette.example/news/2026/11/harbour-wall-repairs",
                   title: "Council approves £4.2m harbour wall repairs",
                   summary: "Work on the storm-damaged east wall will start in March and last eighteen months.",
                   published: seenAt - hours(5), authors: ["Tom Baird"], firstSeen: seenAt),
    ]
}
