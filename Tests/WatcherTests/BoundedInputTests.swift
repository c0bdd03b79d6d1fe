import FeedParser
import Foundation
import StoryClustering
import Testing
@testable import FeedwatchConfig
@testable import FetchPolicy
@testable import Watcher

/// Numbers from servers, feeds and the config are parsed into finite, bounded ranges: the
/// values that once crashed the daemon, and their relatives.
@Suite struct BoundedInputTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    @Test func retryAfterTakesDigitsOrADateAndNeverMoreThanADay() {
        func wait(_ v: String) -> TimeInterval? { HTTPHeaderValues.retryAfter(v, now: now) }
        #expect(wait("120") == 120)
        #expect(wait(" 0 ") == 0)
        // Not the RFC's 1*DIGIT: ignored, not trusted.
        for malformed in ["1e20", "inf", "-inf", "nan", "-5", "+5", "0x10", "1.5", "12 s", "", "soon", String(repeating: "9", count: 500)] {
            #expect(wait(malformed) == nil, "Retry-After: \(malformed)")
        }
        #expect(wait("99999999999999999999999999") == Bounds.maxServerWait)
        #expect(wait("Fri, 31 Dec 9999 23:59:59 GMT") == Bounds.maxServerWait)
        #expect(wait("Mon, 01 Jan 1900 00:00:00 GMT") == 0)
        let inTenMinutes = HTTPHeaderValues.httpDateString(now.addingTimeInterval(600))
        #expect(abs((wait(inTenMinutes) ?? 0) - 600) < 1)
    }

    @Test func aWatchdogIntervalFromTheEnvironmentIsBoundedNotTrapped() {
        // UInt64.max would trap in Int64(_:) without the bound.
        let huge = SystemdNotifier(environment: ["WATCHDOG_USEC": "18446744073709551615"])
        #expect(huge.watchdogInterval == .seconds(86_400))
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "180000000"]).watchdogInterval == .seconds(180))
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "-5"]).watchdogInterval == nil)
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "0"]).watchdogInterval == nil)
    }

    @Test func cacheControlAndContentLengthAreDigitsOnly() {
        #expect(HTTPHeaderValues.maxAge(cacheControl: "public, max-age=600") == 600)
        #expect(HTTPHeaderValues.maxAge(cacheControl: "max-age=\"900\"") == 900)
        #expect(HTTPHeaderValues.maxAge(cacheControl: "max-age=1e308") == nil)
        #expect(HTTPHeaderValues.maxAge(cacheControl: "max-age=-1") == nil)
        #expect(HTTPHeaderValues.maxAge(cacheControl: "max-age=99999999999999999999") == Bounds.maxPublisherInterval)
        #expect(HTTPHeaderValues.maxAge(cacheControl: "no-store") == 0)
        #expect(HTTPHeaderValues.maxAge(cacheControl: "=,,=, max-age") == nil)

        #expect(HTTPHeaderValues.contentLength("1024") == 1024)
        #expect(HTTPHeaderValues.contentLength("1024, 1024") == 1024)
        #expect(HTTPHeaderValues.contentLength("1024, 2048") == nil)
        #expect(HTTPHeaderValues.contentLength("-1") == nil)
        #expect(HTTPHeaderValues.contentLength("1e9") == nil)
        #expect(HTTPHeaderValues.contentLength("999999999999999999999999999") == 1 << 62)
    }

    @Test func publisherHintsThatAreNotFiniteNeverLeaveTheConfiguredBounds() {
        let policy = PollPolicy(minInterval: 300, maxInterval: 43_200)
        for hint in [Double.infinity, -.infinity, .nan, 1e300, -1e300, 0] {
            let interval = policy.intervalAfterSuccess(base: 1800, userSetInterval: false, ttl: hint, updatePeriod: hint,
                                                       maxAge: hint, publishInterval: hint)
            #expect(interval.isFinite && interval >= 300 && interval <= 43_200, "hint \(hint) gave \(interval)")
        }
        let deferred = policy.nextAfterDeferral(now: now, retryAfter: .infinity, fallback: 1800)
        #expect(deferred.timeIntervalSince(now) == Bounds.maxServerWait)
        #expect(Bounds.wholeSeconds(.infinity) > 0 && Bounds.wholeSeconds(.nan) == 0)
        #expect(Bounds.milliseconds(1e300) > 0 && Bounds.milliseconds(-5) == 0)
    }

    @Test func outOfRangeConfigValuesAreErrorsWithFileAndLine() {
        let file = "/etc/feedwatch/feedwatch.toml"
        func error(_ text: String) -> ConfigError? {
            do { _ = try ConfigLoader.parse(text: text, file: file); return nil } catch { return error }
        }
        let cases: [(String, String)] = [
            ("fetch_timeout = \"1e300\"", "fetch_timeout"),
            ("fetch_timeout = \"inf\"", "fetch_timeout"),
            ("fetch_timeout = \"99999999999999999999999d\"", "fetch_timeout"),
            ("poll_interval = 0", "poll_interval"),
            ("poll_interval = \"1s\"", "poll_interval"),
            ("max_interval = \"400d\"", "max_interval"),
            ("per_host_spacing = \"-1s\"", "per_host_spacing"),
            ("max_body_size = \"1e30GiB\"", "max_body_size"),
            ("max_body_size = 9223372036854775807", "max_body_size"),
            ("max_body_size = \"12\"", "max_body_size"),
            ("max_concurrent_fetches = 100000", "max_concurrent_fetches"),
            ("per_host_concurrency = -3", "per_host_concurrency"),
            ("retention_days = 9223372036854775807", "retention_days"),
            ("max_items_per_fetch = 0", "max_items_per_fetch"),
            ("story_window_items = 10", "story_window_items"),
            ("story_window_items = 1e12", "story_window_items"),
        ]
        for (line, key) in cases {
            let text = "state_dir = \"/var/lib/feedwatch\"\n\(line)\n"
            let problem = error(text)
            #expect(problem?.location.line == 2, "\(line)")
            #expect(problem?.description.hasPrefix("\(file):2: \(key) must be") == true, "\(line): \(problem?.description ?? "no error")")
        }
        let feed = error("[[feed]]\nurl = \"https://a.example/rss\"\ninterval = \"1e999h\"\n")
        #expect(feed?.location.line == 3)
        // In range still loads.
        let fine = try? ConfigLoader.parse(text: "fetch_timeout = \"10m\"\nmax_body_size = \"1GiB\"\nmax_items_per_fetch = 200\nstory_window_items = 5000\n", file: file)
        #expect(fine?.fetchTimeout == 600)
        #expect(fine?.maxBodySize == 1 << 30)
        #expect(fine?.maxItemsPerFetch == 200)
        #expect(fine?.storyWindowItems == 5000)
        // Unset, the clusterer's own bound.
        let plain = try? ConfigLoader.parse(text: "", file: file)
        #expect(plain?.storyWindowItems == StoryClusterer.defaultMaxWindowItems)
    }

    @Test func feedDatesOutsideThePlausibleRangeDoNotReachTheStore() throws {
        let seen = now
        #expect(EntryMapping.plausible(FeedDate(year: 1, month: 1, day: 1), firstSeen: seen) == nil)
        #expect(EntryMapping.plausible(FeedDate(secondsSince1970: Int64.min), firstSeen: seen) == nil)
        #expect(EntryMapping.plausible(FeedDate(year: 9999, month: 12, day: 31), firstSeen: seen) == seen)
        #expect(EntryMapping.plausible(FeedDate(secondsSince1970: Int64.max), firstSeen: seen) == seen)
        let yesterday = Date(timeIntervalSince1970: seen.timeIntervalSince1970 - 86_400)
        #expect(EntryMapping.plausible(FeedDate(secondsSince1970: Int64(yesterday.timeIntervalSince1970)), firstSeen: seen) == yesterday)
    }

    @Test func aHugeFeedKeepsItsNewestItemsInFeedOrder() throws {
        var xml = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Archive</title>"
        // Oldest first, as some archive feeds are, with an undated item in the middle.
        for day in 1...28 {
            let date = day == 14 ? "" : "<pubDate>\(String(format: "%02d", day)) Nov 2026 08:00:00 GMT</pubDate>"
            xml += "<item><title>Day \(day)</title><guid>d\(day)</guid>\(date)</item>"
        }
        xml += "</channel></rss>"
        let feed = try Feed.parse(Array(xml.utf8))
        let kept = Feed.newest(feed.entries, limit: 3)
        #expect(kept.map(\.title) == ["Day 26", "Day 27", "Day 28"])
        #expect(Feed.newest(feed.entries, limit: 100).count == 28)
        let withUndated = Feed.newest(feed.entries, limit: 28)
        #expect(withUndated.count == 28)
        #expect(Feed.newest(feed.entries, limit: 27).contains { $0.title == "Day 14" } == false)
    }

    @Test func feedTextCannotForgeALogLine() {
        let hostile = "Title\n<2>feedwatch: forged critical\r\u{1B}[31mred\u{85}\u{2028}end"
        let escaped = JournalLogHandler.escaped(hostile)
        #expect(!escaped.contains("\n") && !escaped.contains("\r") && !escaped.contains("\u{1B}"))
        #expect(!escaped.unicodeScalars.contains { $0.value == 0x85 || $0.value == 0x2028 })
        #expect(escaped.contains("\\n<2>feedwatch: forged critical"))
        #expect(JournalLogHandler.escaped("Plain title — café") == "Plain title — café")
    }

    @Test func aLogLineOutsideTheJournalStartsWithItsUTCTime() {
        #expect(JournalLogHandler.timestamp(Date(timeIntervalSince1970: 1_795_000_003.75)) == "2026-11-18T11:06:43Z")
    }
}
