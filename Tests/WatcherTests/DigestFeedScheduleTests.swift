import Foundation
import Testing
@testable import Watcher

/// The daemon's feeds take today's changes at most every ten minutes, a finished day at once,
/// and a clean stop knows whether anything is pending.
@Suite struct DigestFeedScheduleTests {
    let start = Date(timeIntervalSince1970: 1_795_000_000)
    let today = ["/srv/digests/2026-11-18.md", "/srv/digests/2026-11-18.html", "/srv/digests/2026-11-18.json"]

    @Test func todaysChangesReachTheFeedsAtMostEveryTenMinutes() {
        var schedule = DigestFeedSchedule()
        let first = schedule.isDue(now: start, written: today, today: "2026-11-18")
        #expect(first)
        #expect(!schedule.isBehind)
        // A busy day: the edition changes every minute; the feeds follow every ten.
        var writes: [Int] = []
        for minute in 1...25 where schedule.isDue(now: start.addingTimeInterval(Double(minute) * 60), written: today,
                                                  today: "2026-11-18") {
            writes.append(minute)
        }
        #expect(writes == [10, 20])
        #expect(schedule.isBehind)
    }

    @Test func yesterdaysFinalEditionGoesOutAtOnceAndAQuietCycleLeavesNothingPending() {
        var schedule = DigestFeedSchedule()
        let first = schedule.isDue(now: start, written: today, today: "2026-11-18")
        let quiet = schedule.isDue(now: start.addingTimeInterval(60), written: [], today: "2026-11-18")
        #expect(first && !quiet)
        #expect(!schedule.isBehind)
        let midnight = ["/srv/digests/2026-11-18.json", "/srv/digests/2026-11-19.json"]
        let final = schedule.isDue(now: start.addingTimeInterval(120), written: midnight, today: "2026-11-19")
        #expect(final)
        #expect(!schedule.isBehind)
    }
}
