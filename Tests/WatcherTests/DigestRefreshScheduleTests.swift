import Foundation
import Testing
@testable import Watcher

/// Today's digest files are rewritten at most every `digest_refresh`; the first cycle, a new day
/// and a clock set back publish at once, and the schedule knows when a stop has work pending.
@Suite struct DigestRefreshScheduleTests {
    let start = Date(timeIntervalSince1970: 1_795_000_000)

    @Test func aBusyDayIsRewrittenEveryRefreshNotEveryCycle() {
        var schedule = DigestRefreshSchedule(refresh: 300)
        let due1 = schedule.isDue(now: start, today: "2026-11-18")
        #expect(due1)
        #expect(!schedule.isBehind)
        var writes: [Int] = []
        for minute in 1...16 where schedule.isDue(now: start.addingTimeInterval(Double(minute) * 60), today: "2026-11-18") {
            writes.append(minute)
        }
        #expect(writes == [5, 10, 15])
        #expect(schedule.isBehind)
    }

    @Test func aNewDayAndAClockSetBackPublishAtOnce() {
        var schedule = DigestRefreshSchedule(refresh: 300)
        let due2 = schedule.isDue(now: start, today: "2026-11-18")
        #expect(due2)
        let due3 = schedule.isDue(now: start.addingTimeInterval(60), today: "2026-11-18")
        #expect(!due3)
        // Midnight: yesterday's final edition and the new day's first go out with this cycle.
        let due4 = schedule.isDue(now: start.addingTimeInterval(120), today: "2026-11-19")
        #expect(due4)
        #expect(!schedule.isBehind)
        let due5 = schedule.isDue(now: start.addingTimeInterval(-3600), today: "2026-11-19")
        #expect(due5)
    }

    @Test func zeroRefreshesAfterEveryCycleAndANegativeValueIsZero() {
        var every = DigestRefreshSchedule(refresh: 0)
        var negative = DigestRefreshSchedule(refresh: -5)
        for minute in 0..<5 {
            let now = start.addingTimeInterval(Double(minute) * 60)
            let due6 = every.isDue(now: now, today: "2026-11-18")
            #expect(due6)
            let due7 = negative.isDue(now: now, today: "2026-11-18")
            #expect(due7)
        }
        #expect(!every.isBehind)
    }
}

/// `digest_refresh` in the config: a duration from 0 to an hour, five minutes by default.
@Suite struct DigestRefreshConfigTests {
    @Test func theRefreshKeyHasARangeAndADefault() throws {
        #expect(try DigestFeedTests.load("").digestRefresh == 300)
        #expect(try DigestFeedTests.load("digest_refresh = \"0s\"").digestRefresh == 0)
        #expect(try DigestFeedTests.load("digest_refresh = \"90s\"").digestRefresh == 90)
        #expect(try DigestFeedTests.load("digest_refresh = \"1h\"").digestRefresh == 3600)
        for bad in ["\"2h\"", "\"soon\"", "-1", "\"1e300s\""] {
            do {
                _ = try DigestFeedTests.load("digest_refresh = \(bad)")
                Issue.record("accepted \(bad)")
            } catch {
                #expect(error.description.hasPrefix("/etc/feedwatch/feedwatch.toml:3: digest_refresh must be"))
            }
        }
    }
}
