import Foundation
import Testing
@testable import Digest

/// The headline a story is shown under: from an original report, the one closest to the rest.
@Suite struct RepresentativeHeadlineTests {
    typealias C = RepresentativeHeadline.Candidate
    static func at(_ minutes: Double) -> Date { Date(timeIntervalSince1970: 1_795_000_000 + minutes * 60) }

    @Test func aCopyNeverGivesTheHeadlineWhileAnOriginalHasOne() {
        // The aggregator's reprint came first and matches the others best, but it is a copy.
        let candidates = [
            C(title: "Ferry crews strike on Kessay over pay", isCopy: true, published: Self.at(0)),
            C(title: "Kessay ferry crews walk out in pay dispute", isCopy: false, published: Self.at(10)),
            C(title: "Ferry strike on Kessay: crews walk out over pay", isCopy: false, published: Self.at(20)),
        ]
        let chosen = RepresentativeHeadline.choose(candidates)
        #expect(chosen != nil && chosen != 0)
    }

    @Test func theOriginalClosestToTheOthersWins() {
        let candidates = [
            C(title: "Live: all the latest", isCopy: false, published: Self.at(0)),
            C(title: "Storm Brenna cuts power to 3,400 island homes", isCopy: false, published: Self.at(5)),
            C(title: "Thousands of island homes lose power in Storm Brenna", isCopy: false, published: Self.at(9)),
            C(title: "Storm Brenna: island homes without power", isCopy: true, published: Self.at(12)),
        ]
        #expect(RepresentativeHeadline.choose(candidates) == 1)
    }

    @Test func tiesGoToTheEarliestReport() {
        let candidates = [
            C(title: "Council approves cycle lanes", isCopy: false, published: Self.at(30)),
            C(title: "Council approves cycle lanes", isCopy: false, published: Self.at(5)),
            C(title: "Council approves cycle lanes", isCopy: false, published: nil),
        ]
        #expect(RepresentativeHeadline.choose(candidates) == 1)
    }

    @Test func onlyCopiesOrNoTitles() {
        #expect(RepresentativeHeadline.choose([C(title: "Wire: museum returns bronzes", isCopy: true, published: nil)]) == 0)
        #expect(RepresentativeHeadline.choose([C(title: "", isCopy: false, published: nil), C(title: " – ", isCopy: false, published: nil)]) == nil)
        #expect(RepresentativeHeadline.choose([]) == nil)
    }
}
