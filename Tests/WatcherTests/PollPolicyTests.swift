import Foundation
import Testing
@testable import Watcher
@testable import FeedwatchConfig
@testable import FetchPolicy

@Suite struct PollPolicyTests {
    let policy = PollPolicy(minInterval: 300, maxInterval: 43_200)
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func publisherHintsRaiseTheIntervalButNeverPastTheMaximum() {
        #expect(policy.intervalAfterSuccess(base: 1800, userSetInterval: false, ttl: 3600, updatePeriod: nil, maxAge: nil, publishInterval: nil) == 3600)
        #expect(policy.intervalAfterSuccess(base: 1800, userSetInterval: false, ttl: 60, updatePeriod: nil, maxAge: nil, publishInterval: nil) == 1800)
        #expect(policy.intervalAfterSuccess(base: 1800, userSetInterval: false, ttl: nil, updatePeriod: 86_400 * 7, maxAge: nil, publishInterval: nil) == 43_200)
        #expect(policy.intervalAfterSuccess(base: 1800, userSetInterval: false, ttl: nil, updatePeriod: nil, maxAge: 7200, publishInterval: nil) == 7200)
        // A too-eager config is raised to min_interval, unless the user set it on the feed.
        #expect(policy.intervalAfterSuccess(base: 60, userSetInterval: false, ttl: nil, updatePeriod: nil, maxAge: nil, publishInterval: nil) == 300)
        #expect(policy.intervalAfterSuccess(base: 60, userSetInterval: true, ttl: nil, updatePeriod: nil, maxAge: nil, publishInterval: nil) == 60)
    }

    @Test func aFeedThatPublishesRarelyIsPolledLessOften() {
        let daily = policy.intervalAfterSuccess(base: 1800, userSetInterval: false, ttl: nil, updatePeriod: nil, maxAge: nil, publishInterval: 86_400)
        #expect(daily == 21_600)
        let busy = policy.intervalAfterSuccess(base: 1800, userSetInterval: false, ttl: nil, updatePeriod: nil, maxAge: nil, publishInterval: 300)
        #expect(busy == 1800)
        let dates = (0..<10).map { Date(timeIntervalSince1970: 1_800_000_000 + Double($0) * 86_400) }
        #expect(PublishRate.medianGap(dates) == 86_400)
        #expect(PublishRate.medianGap(Array(dates.prefix(2))) == nil)
    }

    @Test func failuresBackOffExponentiallyAndDeadFeedsAreRetriedDaily() {
        var last: TimeInterval = 0
        for failures in 1...6 {
            let wait = policy.nextAfterFailure(now: now, base: 1800, failures: failures, failingSince: now, jitter: 0).timeIntervalSince(now)
            #expect(wait > last)
            last = wait
        }
        #expect(last <= PollPolicy.maxBackoff)
        let capped = policy.nextAfterFailure(now: now, base: 1800, failures: 40, failingSince: now, jitter: 1).timeIntervalSince(now)
        #expect(capped <= PollPolicy.maxBackoff * 1.2)
        let dead = policy.nextAfterFailure(now: now, base: 1800, failures: 90, failingSince: now.addingTimeInterval(-4 * 86_400), jitter: 0)
        #expect(dead.timeIntervalSince(now) == 86_400)
    }

    @Test func jitterSpreadsFeedsApart() {
        let a = policy.nextAfterSuccess(now: now, interval: 1800, jitter: -1)
        let b = policy.nextAfterSuccess(now: now, interval: 1800, jitter: 1)
        #expect(b.timeIntervalSince(a) == 360)
    }

    @Test func networkDownNeedsEveryFeedFailingAtTheNetworkLevelOnSeveralHosts() {
        let down = [NetworkHealth.Attempt(host: "a.example", succeeded: false, networkLevelFailure: true),
                    NetworkHealth.Attempt(host: "b.example", succeeded: false, networkLevelFailure: true)]
        #expect(NetworkHealth.looksDown(down))
        #expect(!NetworkHealth.looksDown(down + [NetworkHealth.Attempt(host: "c.example", succeeded: true, networkLevelFailure: false)]))
        #expect(!NetworkHealth.looksDown([down[0], NetworkHealth.Attempt(host: "a.example", succeeded: false, networkLevelFailure: true)]))
        #expect(!NetworkHealth.looksDown(down + [NetworkHealth.Attempt(host: "c.example", succeeded: false, networkLevelFailure: false)]))
    }

    @Test func headerValues() {
        #expect(HTTPHeaderValues.maxAge(cacheControl: "public, max-age=600") == 600)
        #expect(HTTPHeaderValues.maxAge(cacheControl: "no-cache") == 0)
        #expect(HTTPHeaderValues.maxAge(cacheControl: nil) == nil)
        #expect(HTTPHeaderValues.retryAfter("120", now: now) == 120)
        let date = HTTPHeaderValues.httpDateString(now.addingTimeInterval(300))
        #expect(HTTPHeaderValues.retryAfter(date, now: now) == 300)
    }
}

@Suite struct AddressGuardTests {
    @Test func privateLoopbackAndLinkLocalAddressesAreNotPublic() {
        for address in ["127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1",
                        "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fd00::1", "::ffff:127.0.0.1",
                        "::ffff:10.0.0.1", "2001:db8::1"] {
            let bytes = IPAddressRange.parse(address)
            #expect(bytes != nil, "\(address) should parse")
            #expect(bytes.map(IPAddressRange.isPublic) == false, "\(address) is not public")
        }
        for address in ["93.184.216.34", "8.8.8.8", "172.32.0.1", "2a00:1450:4009:81f::200e", "::ffff:8.8.8.8"] {
            #expect(IPAddressRange.parse(address).map(IPAddressRange.isPublic) == true, "\(address) is public")
        }
        #expect(IPAddressRange.parse("1.2.3") == nil)
        #expect(IPAddressRange.parse("1.2.3.256") == nil)
        #expect(IPAddressRange.parse("1::2::3") == nil)
    }

    @Test func namesAreCheckedAfterResolution() async throws {
        #expect(try await AddressGuard.blockedAddress(forHost: "localhost") != nil)
        #expect(try await AddressGuard.blockedAddress(forHost: "127.0.0.1") == "127.0.0.1")
        #expect(try await AddressGuard.blockedAddress(forHost: "[::1]") == "::1")
        await #expect(throws: FetchError.self) { try await AddressGuard.blockedAddress(forHost: "no-such-host.invalid") }
    }
}
