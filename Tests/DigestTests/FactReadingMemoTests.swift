import Foundation
import Testing
@testable import Digest

/// Readings kept between builds give the facts read afresh, and the memo lets go of what the
/// last builds did not use.
@Suite struct FactReadingMemoTests {
    static var mentions: [FactGrouping.Mention] {
        StoryFragmentTests.hostileDay.stories.flatMap(\.reportedFigures) + StoryDetailFixtures.storm.reportedFigures
            + DigestFixtures.dstDay.stories.flatMap(\.reportedFigures)
    }

    @Test func factsWithRememberedReadingsAreTheFactsReadAfresh() {
        let memo = FactReadingMemo()
        for round in 0..<3 {
            memo.beginBuild()
            let mentions = Array(Self.mentions.dropFirst(round))
            #expect(FactGrouping.facts(mentions, reading: memo.reading) == FactGrouping.facts(mentions))
        }
        for input in [DigestFixtures.dstDay, StoryDetailFixtures.secondDay, StoryFragmentTests.hostileDay] {
            let plain = DigestBuilder.build(input)
            #expect(DigestBuilder.build(input, mapStories: { $0.map($1) }, readings: memo) == plain)
            #expect(DigestBuilder.build(input, mapStories: { $0.map($1) }, readings: memo) == plain)
        }
    }

    @Test func aRememberedReadingIsTheReadingAcrossBuilds() {
        let memo = FactReadingMemo()
        let mention = StoryDetailFixtures.storm.reportedFigures[0]
        memo.beginBuild()
        let first = memo.reading(mention)
        #expect(first == FactGrouping.read(mention.text, in: mention.sentence))
        memo.beginBuild()
        #expect(memo.reading(mention) == first)
        memo.beginBuild()
        memo.beginBuild()
        #expect(memo.reading(mention) == first)
    }
}
