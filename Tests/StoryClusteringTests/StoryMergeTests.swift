import Testing
import Foundation
@testable import StoryClustering

/// The split-story merge: when most items of a story also score high on another open story,
/// the smaller stops growing and feeds the larger; its id resolves to the larger one, where its
/// earlier items are then shown (see `SplitStoryMergeTests`).
@Suite struct StoryMergeTests {
    /// A clusterer with two open stories of `large` and `small` items (no centroids needed).
    func twoStories(large: Int, small: Int) -> (StoryClusterer, Int64, Int64) {
        var c = StoryClusterer()
        let a = c.openStory(for: NewsItem(id: "a", source: "s", title: "a"), time: 0)
        let b = c.openStory(for: NewsItem(id: "b", source: "s", title: "b"), time: 60)
        c.stories[a]?.count = large
        c.stories[b]?.count = small
        return (c, a, b)
    }

    @Test func theSmallerHalfFeedsTheLargerOnceMostOfItsItemsMatchBoth() {
        var (c, a, b) = twoStories(large: 20, small: 6)
        // Two of six items matched the large story too: not enough evidence yet.
        c.checkMerge(b, alsoHigh: [a])
        c.checkMerge(b, alsoHigh: [a])
        #expect(c.stories[b]?.mergedInto == nil)
        c.checkMerge(b, alsoHigh: [a])
        #expect(c.stories[b]?.mergedInto == a)
        #expect(c.resolved(b) == a)
        #expect(c.resolved(a) == a)
        // Both ids stay valid: stored entries of either story still find it.
        #expect(c.story("a") != nil && c.story("b") != nil)
    }

    @Test func aSmallStoryIsNotMergedOnAFewItems() {
        var (c, a, b) = twoStories(large: 20, small: 2)
        for _ in 0..<3 { c.checkMerge(b, alsoHigh: [a]) }
        #expect(c.stories[b]?.mergedInto == nil)
    }

    @Test func offWhenTheMinimumSizeIsUnreachable() {
        var (c, a, b) = twoStories(large: 20, small: 10)
        c.configuration.storyMergeMinItems = Int.max
        for _ in 0..<10 { c.checkMerge(b, alsoHigh: [a]) }
        #expect(c.stories[b]?.mergedInto == nil)
    }

    @Test func aMergedStoryRoundTripsAndOlderStateDecodes() throws {
        var (c, a, b) = twoStories(large: 20, small: 6)
        for _ in 0..<3 { c.checkMerge(b, alsoHigh: [a]) }
        let data = try JSONEncoder().encode(c)
        let restored = try JSONDecoder().decode(StoryClusterer.self, from: data)
        #expect(restored.resolved(b) == a)
        // State saved before the merge existed has neither field.
        var json = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        var table = try #require(json["stories"] as? [Any])
        for n in table.indices {
            if var story = table[n] as? [String: Any] {
                story.removeValue(forKey: "mergedInto")
                story.removeValue(forKey: "alsoMatched")
                table[n] = story
            }
        }
        json["stories"] = table
        let old = try JSONDecoder().decode(StoryClusterer.self, from: JSONSerialization.data(withJSONObject: json))
        #expect(old.resolved(b) == b)
        #expect(old.stories[b]?.alsoMatched == nil)
    }

    @Test func theReasonNamesTheMergedStory() {
        let reason = MergeReason.mergedStory(from: "b", probability: 0.93, titleSimilarity: 0.4)
        #expect(reason.description == "same event as story b (p 0.93, title 0.40), merged into this one")
        #expect(!reason.readerText(outletOf: { _ in nil }).isEmpty)
    }
}
