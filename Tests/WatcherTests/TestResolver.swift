import Foundation
import Synchronization
@testable import Watcher

/// A private DNS for tests: names that exist only here (an intranet host, a name that rebinds
/// to loopback) answer from the table; anything else goes to the system resolver. Lookups are
/// counted per name, so a test can tell how often a name was resolved.
struct TestResolver: HostResolver {
    var table: [String: [String]]
    /// Names whose answer changes from one lookup to the next (DNS rebinding): the n-th lookup
    /// gets the n-th answer, the last one thereafter.
    var sequences: [String: [[String]]] = [:]
    /// Names whose lookup blocks a thread this long before answering, as getaddrinfo does when
    /// the DNS server is dead.
    var stuck: [String: Duration] = [:]
    let lookups = LookupCounter()

    init(table: [String: [String]], sequences: [String: [[String]]] = [:], stuck: [String: Duration] = [:]) {
        self.table = table
        self.sequences = sequences
        self.stuck = stuck
    }

    func addresses(of host: String) async throws(FetchError) -> [String] {
        let name = host.hasSuffix(".") ? String(host.lowercased().dropLast()) : host.lowercased()
        let count = lookups.add(name)
        if let delay = stuck[name] {
            // Blocks a thread of its own (not the cooperative pool), and never gives up by itself:
            // whoever asked must stop waiting.
            let answer = await Self.stuckDNS.run { () -> [String] in
                Thread.sleep(forTimeInterval: Double(delay.components.seconds))
                return ["127.0.0.1"]
            }
            return answer
        }
        if let answers = sequences[name], let last = answers.last {
            return count <= answers.count ? answers[count - 1] : last
        }
        if let answer = table[name] { return answer }
        return try await SystemResolver().addresses(of: host)
    }

    /// Threads for the stuck lookups, apart from the daemon's DNS threads so other tests running
    /// meanwhile still resolve.
    static let stuckDNS = BlockingExecutor(name: "test-stuck-dns", threads: 4)
}

/// How many times each name was looked up.
final class LookupCounter: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    /// Counts one lookup of `name`; returns its count so far.
    func add(_ name: String) -> Int {
        counts.withLock { counts in
            counts[name, default: 0] += 1
            return counts[name, default: 0]
        }
    }

    func count(_ name: String) -> Int { counts.withLock { $0[name, default: 0] } }
}
