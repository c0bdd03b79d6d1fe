/// Tells "the network is down" apart from "N feeds are broken".
///
/// When every feed tried in a cycle failed at the network level (DNS, refused, timed out) and
/// they were on at least two different hosts, the likely cause is our side. Such failures are then recorded as deferrals: no feed gets a
/// failure mark for a network outage, and they are all retried soon.
public enum NetworkHealth {
    public struct Attempt: Sendable, Equatable {
        public var host: String
        public var succeeded: Bool
        public var networkLevelFailure: Bool
        public init(host: String, succeeded: Bool, networkLevelFailure: Bool) {
            self.host = host
            self.succeeded = succeeded
            self.networkLevelFailure = networkLevelFailure
        }
    }

    public static func looksDown(_ attempts: [Attempt]) -> Bool {
        let remote = attempts.filter { !$0.host.isEmpty }
        guard !remote.isEmpty, remote.allSatisfy({ !$0.succeeded && $0.networkLevelFailure }) else { return false }
        return Set(remote.map(\.host)).count >= 2
    }
}
