@testable import Watcher

/// A private DNS for tests: names that exist only here (an intranet host, a name that rebinds
/// to loopback) answer from the table; anything else goes to the system resolver.
struct TestResolver: HostResolver {
    var table: [String: [String]]

    func addresses(of host: String) throws(FetchError) -> [String] {
        if let answer = table[host.lowercased()] { return answer }
        return try SystemResolver().addresses(of: host)
    }
}
