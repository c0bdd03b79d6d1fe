import CFeedwatchSystem
import Foundation

/// sd_notify(3) without libsystemd: READY, STATUS, RELOADING, STOPPING and WATCHDOG datagrams to
/// $NOTIFY_SOCKET (a path, or an abstract socket written "@name"). A no-op outside systemd.
public struct SystemdNotifier: Sendable {
    public let socketPath: String?
    /// From $WATCHDOG_USEC (when $WATCHDOG_PID is unset or ours): how often systemd wants a ping.
    public let watchdogInterval: Duration?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let path = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        socketPath = path
        if let usec = environment["WATCHDOG_USEC"].flatMap(UInt64.init), usec > 0,
           environment["WATCHDOG_PID"].flatMap(Int32.init).map({ $0 == getpid() }) ?? true {
            // At most a day: systemd never asks for more, and the value must not trap.
            watchdogInterval = .microseconds(Int64(min(usec, 86_400_000_000)))
        } else {
            watchdogInterval = nil
        }
    }

    public var isActive: Bool { socketPath != nil }

    @discardableResult
    public func notify(_ fields: [String]) -> Bool {
        guard let socketPath else { return false }
        return fw_sd_notify_send(socketPath, fields.joined(separator: "\n")) == 0
    }

    public func ready(status: String) { notify(["READY=1", "STATUS=\(Self.oneLine(status))"]) }
    public func status(_ text: String) { notify(["STATUS=\(Self.oneLine(text))"]) }
    public func stopping() { notify(["STOPPING=1", "STATUS=stopping"]) }
    public func watchdog() { notify(["WATCHDOG=1"]) }

    /// RELOADING=1 must carry MONOTONIC_USEC (CLOCK_MONOTONIC, µs) for Type=notify-reload units.
    public func reloading() {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        let usec = UInt64(ts.tv_sec) * 1_000_000 + UInt64(ts.tv_nsec) / 1000
        notify(["RELOADING=1", "MONOTONIC_USEC=\(usec)", "STATUS=reloading configuration"])
    }

    static func oneLine(_ s: String) -> String {
        s.replacingOccurrences(of: "\n", with: " ")
    }
}
