import Foundation
@testable import Storage

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

/// A store on a real file with the three feeds configured at `monday`.
func storeWithFeeds(_ dir: TempDirectory) throws -> FeedStore {
    let store = try FeedStore(path: dir.databasePath)
    try store.syncConfiguredFeeds([harbourGazette, northernWire, ledgerBusiness], now: monday)
    return store
}

func feedID(_ store: FeedStore, _ feed: ConfiguredFeed) throws -> Int64 {
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
