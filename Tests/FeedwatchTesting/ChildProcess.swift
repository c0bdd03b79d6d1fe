import Foundation

/// A child process — usually the real `feedwatch` binary — with its stderr (and optionally
/// stdout) collected in files, a way to signal it, and a hard time limit on waiting for it.
///
/// Output goes to files, not pipes: a pipe's write end would leak into every other child the
/// test process spawns meanwhile, and EOF would never come.
public final class ChildProcess: @unchecked Sendable {
    public let process = Process()
    public let logPath = NSTemporaryDirectory() + "feedwatch-child-\(UUID().uuidString).log"
    public let outputPath = NSTemporaryDirectory() + "feedwatch-child-\(UUID().uuidString).out"

    /// How a child ended.
    public enum Ending: Equatable, Sendable, CustomStringConvertible {
        case exited(Int32)
        /// Killed by a signal it did not handle: a crash (SIGILL/SIGTRAP from a Swift trap,
        /// SIGSEGV, SIGABRT) or a kill.
        case signalled(Int32)
        /// Still running when the time was up; it has been killed with SIGKILL.
        case timedOut(seconds: Double)

        public var description: String {
            switch self {
            case .exited(let code): "exit status \(code)"
            case .signalled(let signal): "killed by signal \(signal)"
            case .timedOut(let seconds): "still running after \(seconds) s (killed)"
            }
        }
    }

    /// The `feedwatch` executable built beside the test bundle.
    public static var feedwatchBinary: String { siblingExecutable("feedwatch") }

    /// An executable built into the same directory as the running test bundle.
    public static func siblingExecutable(_ name: String) -> String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// Starts `executable` (the feedwatch binary by default). NOTIFY_SOCKET and JOURNAL_STREAM
    /// are removed from the inherited environment; `environment` adds or overrides variables.
    public init(_ arguments: [String], executable: String = ChildProcess.feedwatchBinary,
                environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NOTIFY_SOCKET")
        env.removeValue(forKey: "JOURNAL_STREAM")
        for (k, v) in environment { env[k] = v }
        process.environment = env
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: logPath)
        process.standardOutput = FileHandle(forWritingAtPath: outputPath)
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        if process.isRunning, process.processIdentifier > 1 { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(atPath: logPath)
        try? FileManager.default.removeItem(atPath: outputPath)
    }

    /// What the child wrote to stderr so far (invalid UTF-8 repaired, so nothing is hidden).
    public var log: String { Self.read(logPath) }
    /// What the child wrote to stdout so far.
    public var output: String { Self.read(outputPath) }

    static func read(_ path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Waits until stderr contains `text`; false when `timeout` seconds pass first.
    public func waitFor(_ text: String, timeout: Double = 30) async -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if log.contains(text) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    public func signal(_ sig: Int32) {
        let pid = process.processIdentifier
        if pid > 1 && isRunning { kill(pid, sig) }
    }

    /// The exit status, or nil when the child still runs after `timeout` seconds.
    public func waitForExit(timeout: Double = 30) async -> Int32? {
        let end = Date().addingTimeInterval(timeout)
        // Read once per turn and kept: between a read that saw the zombie in /proc and another,
        // Foundation can reap the child before it marks it stopped, and the second read saw
        // neither (a `once` that exited 0 was reported as hung).
        var ending = ended
        while ending == nil, Date() < end {
            try? await Task.sleep(for: .milliseconds(50))
            ending = ended
        }
        switch ending {
        case .exited(let code)?: return code
        case .signalled(let signal)?: return signal
        default: return nil
        }
    }

    /// How the child ended, or nil while it runs.
    ///
    /// Read from the kernel (`/proc/PID/stat`: a zombie's state and exit code) as well as from
    /// `Process`. Foundation on Linux learns of a child's exit through a socket the child inherits;
    /// when the test process starts another child at the same moment, that child can inherit the
    /// socket too, and `isRunning` then stays true until the other child ends as well
    /// (swift-corelibs-foundation#4795) — a `once` that finished in two seconds looked hung for 60.
    public var ended: Ending? {
        if !process.isRunning {
            return process.terminationReason == .uncaughtSignal ? .signalled(process.terminationStatus) : .exited(process.terminationStatus)
        }
        let pid = process.processIdentifier
        guard pid > 1 else { return nil }
        let stat = Self.read("/proc/\(pid)/stat")
        // Fields after the command name: state is the first, exit_code the 50th (Linux ≥ 3.5).
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.first == "Z" || fields.first == "X", fields.count >= 50, let status = Int32(fields[49].trimmingCharacters(in: .whitespacesAndNewlines)) else {
            return nil
        }
        // The status as waitpid reports it: the low 7 bits are a signal, else the exit code is in bits 8–15.
        return status & 0x7f != 0 ? .signalled(status & 0x7f) : .exited((status >> 8) & 0xff)
    }

    /// Whether the child is still running (see `ended`).
    public var isRunning: Bool { ended == nil }

    /// What a stuck child is doing, for a failed expectation: its last log lines and, per thread,
    /// its name, state and the kernel function it waits in (from /proc).
    public var diagnostics: String {
        let pid = process.processIdentifier
        var lines = ["pid \(pid) running: \(isRunning) (Foundation says \(process.isRunning))", "log tail:"]
        lines += log.split(separator: "\n").suffix(15).map { "  " + $0 }
        let taskDir = "/proc/\(pid)/task"
        for tid in ((try? FileManager.default.contentsOfDirectory(atPath: taskDir)) ?? []).sorted() {
            let comm = Self.read("\(taskDir)/\(tid)/comm").trimmingCharacters(in: .whitespacesAndNewlines)
            let wchan = Self.read("\(taskDir)/\(tid)/wchan")
            let state = Self.read("\(taskDir)/\(tid)/stat").split(separator: ")").last?.split(separator: " ").first ?? "?"
            lines.append("  thread \(tid) \(comm) state \(state) wchan \(wchan)")
        }
        return lines.joined(separator: "\n")
    }

    /// Waits at most `seconds` for the child to end; kills it with SIGKILL if it does not.
    public func finish(within seconds: Double) async -> Ending {
        if await waitForExit(timeout: seconds) == nil {
            signal(SIGKILL)
            _ = await waitForExit(timeout: 10)
            return .timedOut(seconds: seconds)
        }
        return ended ?? .timedOut(seconds: seconds)
    }
}
