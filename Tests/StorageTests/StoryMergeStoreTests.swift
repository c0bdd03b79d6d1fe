import Foundation
import Testing
@testable import Storage

/// The clusterer found two open stories to be halves of one event: the decision that merged
/// them moves the smaller story's stored entries (and the developing links that named it) in
/// the same commit, after the decisions before it, on both backends.
@Suite struct StoryMergeStoreTests {
    /// Six reports of a ferry strike as a newsroom's feeds carry them, an hour apart.
    static func items(seenAt: Date) -> [EntryInput] {
        let headlines = [
            "Ferry crews walk out over pay", "Island crossings halted as ferry strike begins",
            "Islanders stranded on the mainland by ferry stoppage", "Union says ferry strike will last all week",
            "Ferry strike: what it means for island schools", "Ferry operator calls strike 'deeply regrettable'",
        ]
        return headlines.enumerated().map { n, title in
            EntryInput(guid: "https://harbourgazette.example/news/ferry-\(n)", link: "https://harbourgazette.example/news/ferry-\(n)",
                       title: title, summary: "Crossings to the islands stopped on Monday.",
                       published: seenAt - hours(Double(6 - n)), firstSeen: seenAt)
        }
    }

    @Test(arguments: StoreBackend.available)
    func aMergeMovesTheSmallerStorysEntriesInTheSameCommit(_ backend: StoreBackend) throws {
        let fixture = try storeWithFeeds(backend)
        let store = fixture.store
        let gazette = try feedID(store, harbourGazette)
        let ids = try store.recordFetch(updated(gazette, at: monday), entries: Self.items(seenAt: monday)).map(\.id)
        #expect(ids.count == 6)
        let opened = #"{"newStory":{"closest":null,"titleSimilarity":0,"sharedTerms":[]}}"#
        let joined = #"{"sameEvent":{"probability":0.9}}"#
        // An earlier commit: the strike (two entries), the stranded islanders as a story of their
        // own (two entries), and a development linked to that story.
        try store.commitStories([
            StoryAssignment(entryID: ids[0], storyID: "story-strike", reasonJSON: opened),
            StoryAssignment(entryID: ids[1], storyID: "story-strike", reasonJSON: joined),
            StoryAssignment(entryID: ids[2], storyID: "story-stranded", reasonJSON: opened),
            StoryAssignment(entryID: ids[3], storyID: "story-stranded", reasonJSON: joined),
            StoryAssignment(entryID: ids[4], storyID: "story-schools", reasonJSON: opened, developingFrom: "story-stranded"),
        ], clustererState: nil)
        // The next commit: an entry joins the stranded story first, then one makes the merge.
        try store.commitStories([
            StoryAssignment(entryID: ids[5], storyID: "story-strike", reasonJSON: joined,
                            mergesStory: "story-stranded", relinkedStories: ["story-schools"]),
        ], clustererState: nil)
        #expect(try store.entries(storyID: "story-stranded").isEmpty)
        let strike = try store.entries(storyID: "story-strike")
        #expect(Set(strike.map(\.id)) == Set([ids[0], ids[1], ids[2], ids[3], ids[5]]))
        // The moved entries keep their reasons: the digest words them.
        #expect(strike.first { $0.id == ids[2] }?.storyReasonJSON == opened)
        #expect(try store.developingLinks(storyIDs: ["story-schools"]) == ["story-schools": "story-strike"])
        #expect(try store.entry(id: ids[4])?.storyID == "story-schools")
    }

    /// Within one commit the merge comes after the decisions before it (they may name the
    /// merged story), and a merge of the story another was merged into moves both.
    @Test(arguments: StoreBackend.available)
    func mergesFollowTheCommitsDecisionsInOrder(_ backend: StoreBackend) throws {
        let fixture = try storeWithFeeds(backend)
        let store = fixture.store
        let gazette = try feedID(store, harbourGazette)
        let ids = try store.recordFetch(updated(gazette, at: monday), entries: Self.items(seenAt: monday)).map(\.id)
        try store.commitStories([
            StoryAssignment(entryID: ids[0], storyID: "story-a"),
            StoryAssignment(entryID: ids[1], storyID: "story-b"),
            StoryAssignment(entryID: ids[2], storyID: "story-b", mergesStory: "story-a"),
            StoryAssignment(entryID: ids[3], storyID: "story-c"),
            StoryAssignment(entryID: ids[4], storyID: "story-c", mergesStory: "story-b"),
            // A merge of a story into itself changes nothing.
            StoryAssignment(entryID: ids[5], storyID: "story-c", mergesStory: "story-c"),
        ], clustererState: nil)
        #expect(try store.entries(storyID: "story-c").map(\.id).sorted() == ids.sorted())
        #expect(try store.entries(storyID: "story-a").isEmpty && store.entries(storyID: "story-b").isEmpty)
    }
}
