import Testing
@testable import Watcher

/// A cycle's fetches take turns over hosts, so one big host's queue does not hold up the rest.
struct HostInterleaveTests {
    @Test func hostsTakeTurnsAndEachHostKeepsItsOrder() {
        let urls = (0..<6).map { "https://big.example/feed\($0)" } + ["https://small.example/a", "https://other.example/x", "https://small.example/b"]
        let ordered = HostInterleave.order(urls, host: HostInterleave.host(of:))
        #expect(ordered.count == urls.count && Set(ordered) == Set(urls))
        // The first round has one of each host, in the order the hosts first appeared.
        #expect(Array(ordered.prefix(3)) == ["https://big.example/feed0", "https://small.example/a", "https://other.example/x"])
        #expect(Array(ordered[3...4]) == ["https://big.example/feed1", "https://small.example/b"])
        #expect(ordered.filter { $0.hasPrefix("https://big.example/") } == (0..<6).map { "https://big.example/feed\($0)" })
    }

    @Test func oneHostAndHostileURLsAreKept() {
        let same = ["http://a.example/1", "http://A.EXAMPLE/2", "http://a.example/3"]
        #expect(HostInterleave.order(same, host: HostInterleave.host(of:)) == same)
        let odd = ["not a url", "", "file:///tmp/feed.xml", "http://x.example/1"]
        #expect(Set(HostInterleave.order(odd, host: HostInterleave.host(of:))) == Set(odd))
        // Linear: 200,000 items over 20,000 hosts.
        let many = (0..<200_000).map { "https://h\($0 % 20_000).example/\($0)" }
        #expect(HostInterleave.order(many, host: HostInterleave.host(of:)).count == many.count)
    }
}
