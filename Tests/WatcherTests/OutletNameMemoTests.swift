import Foundation
import Storage
import Testing
@testable import Watcher

/// The outlet names of other days' entries that reasons mention are looked up once, not every
/// cycle, and looked up again when a feed's name changes.
@Suite struct OutletNameMemoTests {
    static func feed(_ id: Int64, name: String?) -> FeedState {
        FeedState(id: id, configuredURL: "https://meridian.example/\(id).xml", fetchURL: "https://meridian.example/\(id).xml",
                  name: name, nextPollAt: Date(timeIntervalSince1970: 0), createdAt: Date(timeIntervalSince1970: 0))
    }

    @Test func aNameLookedUpInOneCycleIsNotReadAgainUntilAFeedIsRenamed() throws {
        let dir = TempDir()
        defer { dir.remove() }
        // An empty store: any lookup that reaches it finds nothing.
        let store = try FeedStore(path: dir.path + "/feedwatch.sqlite")
        defer { try? store.close() }
        let memo = OutletNameMemo()
        let feeds = [Self.feed(1, name: "Meridian Press"), Self.feed(2, name: "Harbour Times")]
        let before = OutletNameMemo.fingerprint(feeds)
        memo.keep(["4102": .some("Meridian Press")], forFeeds: before)

        var names = DigestPublisher.OutletNames(store: store, earlier: memo.names(forFeeds: before))
        #expect(names.name(ofItem: "4102") == "Meridian Press")
        #expect(names.name(ofItem: "9999") == nil)
        #expect(names.used.count == 2)
        memo.keep(names.used, forFeeds: before)

        // The wire renames itself: the kept names are dropped and looked up again (here: not found).
        let renamed = OutletNameMemo.fingerprint([Self.feed(1, name: "Meridian Press Agency"), feeds[1]])
        #expect(renamed != before)
        #expect(memo.names(forFeeds: renamed).isEmpty)
        var fresh = DigestPublisher.OutletNames(store: store, earlier: memo.names(forFeeds: renamed))
        #expect(fresh.name(ofItem: "4102") == nil)
    }
}
