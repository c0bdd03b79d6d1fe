#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GRDB
import Testing
@testable import Storage

/// kill -9 of a process in the middle of writing: the test binary runs itself as the writer.
@Suite("Crash safety")
struct CrashSafetyTests {
    static let childVariable = "FEEDWATCH_STORAGE_CRASH_CHILD_DB"
    static let itemsPerPoll = 3

    static func items(poll n: Int) -> [EntryInput] {
        (0..<itemsPerPoll).map { k in
            EntryInput(guid: "wire-\(n)-\(k)", link: "https://northernwire.example/world/\(n)/\(k)",
                       title: "Bulletin \(n).\(k)", summary: String(repeating: "Storm warning for the coast. ", count: 40),
                       firstSeen: monday + minutes(Double(n)))
        }
    }

    /// The writer half: only runs when the test below starts this binary as a child.
    @Test("writer child (runs only inside the kill -9 test)", .enabled(if: ProcessInfo.processInfo.environment[childVariable] != nil))
    func writerChild() throws {
        let path = try #require(ProcessInfo.processInfo.environment[Self.childVariable])
        let store = try FeedStore(path: path, historyLimit: 1_000_000)
        let id = try feedID(store, northernWire)
        for n in 0..<200_000 {
            try store.recordFetch(updated(id, at: monday + minutes(Double(n))), entries: Self.items(poll: n))
        }
    }

    @Test("kill -9 of a writing process loses no committed fetch, leaves no half fetch, and the file stays sound")
    func killNine() throws {
        let dir = try TempDirectory()
        try storeWithFeeds(dir).close()
        let reader = try FeedStore(path: dir.databasePath, historyLimit: 1_000_000)
        let id = try feedID(reader, northernWire)

        let child = Process()
        child.executableURL = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        child.arguments = ["--testing-library", "swift-testing", "--filter", "CrashSafetyTests/writerChild"]
        child.environment = ProcessInfo.processInfo.environment.merging([Self.childVariable: dir.databasePath]) { $1 }
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        let deadline = Date() + 120
        while child.isRunning, Date() < deadline, try reader.fetchHistory(feedID: id, limit: 100).count < 60 {
            usleep(20_000)
        }
        #expect(child.isRunning, "the writer stopped on its own (status \(child.terminationStatus))")
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(child.terminationReason == .uncaughtSignal)
        try reader.close()

        let store = try FeedStore(path: dir.databasePath, historyLimit: 1_000_000)
        #expect(try store.writer.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") } == "ok")
        let polls = try store.fetchHistory(feedID: id, limit: 1_000_000).count
        let entries = try store.entries(firstSeenFrom: .distantPast, to: .distantFuture)
        #expect(polls >= 60)
        // Every committed poll is there whole: its history row and all its items, none of a later one.
        #expect(entries.count == polls * Self.itemsPerPoll)
        #expect(Set(entries.compactMap(\.guid)) == Set((0..<polls).flatMap { Self.items(poll: $0) }.compactMap(\.guid)))
        #expect(try store.pendingArticles(at: .distantFuture, limit: 1_000_000).count == entries.count)
        // The restarted daemon re-polls: the last committed poll is not new, the interrupted one is.
        #expect(try store.recordFetch(updated(id, at: monday + days(1)), entries: Self.items(poll: polls - 1)).isEmpty)
        #expect(try store.recordFetch(updated(id, at: monday + days(1)), entries: Self.items(poll: polls)).count == Self.itemsPerPoll)
    }
}
