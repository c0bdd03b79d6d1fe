import Digest
import Testing
@testable import Watcher

/// A developing story's link to a story of a finished day is made once; to a story of the
/// digest's own day, every time (its headline may still change).
@Suite struct DevelopingLinkMemoTests {
    @Test func aFinishedDaysLinkIsMadeOnceAndTodaysEveryCycle() {
        let memo = DevelopingLinkMemo()
        let today = DigestDate(year: 2026, month: 11, day: 27)!
        let yesterday = DigestDate(year: 2026, month: 11, day: 26)!
        var made: [String] = []
        func make(_ id: String) -> DevelopingInput? {
            made.append(id)
            switch id {
            case "strike-start": return DevelopingInput(id: id, date: yesterday, headline: "Dockworkers strike at Port Sellen")
            case "strike-talks": return DevelopingInput(id: id, date: today, headline: "Strike talks resume at dawn")
            default: return nil
            }
        }
        for _ in 0..<3 {
            #expect(memo.link(to: "strike-start", forDay: today, make: make)?.headline == "Dockworkers strike at Port Sellen")
            #expect(memo.link(to: "strike-talks", forDay: today, make: make)?.date == today)
            #expect(memo.link(to: "purged-story", forDay: today, make: make) == nil)
        }
        #expect(made.filter { $0 == "strike-start" }.count == 1)
        #expect(made.filter { $0 == "strike-talks" }.count == 3)
        #expect(made.filter { $0 == "purged-story" }.count == 3)
    }
}
