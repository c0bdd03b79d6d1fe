import Foundation
import Testing
@testable import Watcher

/// Digest files are replaced whole or not at all.
@Suite struct AtomicFileTests {
    static let childVariable = "FEEDWATCH_ATOMIC_WRITER_CHILD"
    static let size = 4 << 20

    @Test func replacesTheFileAndLeavesNoTempFiles() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let path = dir.path + "/2026-11-27.md"
        try AtomicFile.write("first", to: path)
        try AtomicFile.write("second", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["2026-11-27.md"])
    }

    @Test func aReadOnlyDirectoryGivesAClearErrorAndKeepsTheOldFile() throws {
        guard getuid() != 0 else {
            // root ignores directory permissions; a missing directory shows the same path instead.
            let error = #expect(throws: AtomicFile.WriteError.self) { try AtomicFile.write("x", to: "/nonexistent-dir/2026-11-27.md") }
            #expect(error?.description.contains("/nonexistent-dir/2026-11-27.md") == true)
            return
        }
        let dir = TempDir()
        defer { chmod(dir.path, 0o755); dir.remove() }
        let path = dir.path + "/2026-11-27.md"
        try AtomicFile.write("yesterday's digest", to: path)
        chmod(dir.path, 0o555)
        let error = #expect(throws: AtomicFile.WriteError.self) { try AtomicFile.write("new", to: path) }
        #expect(error?.description.contains("permission denied") == true)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "yesterday's digest")
    }

    /// Runs only as the child of the kill -9 test: rewrites the file forever, alternating contents.
    @Test(.enabled(if: ProcessInfo.processInfo.environment[childVariable] != nil))
    func writerChild() throws {
        let path = try #require(ProcessInfo.processInfo.environment[Self.childVariable])
        let a = String(repeating: "A", count: Self.size), b = String(repeating: "B", count: Self.size)
        var flip = false
        while true {
            try AtomicFile.write(flip ? a : b, to: path)
            flip.toggle()
        }
    }

    @Test func killNineWhileWritingLeavesThePreviousFileWhole() async throws {
        guard ProcessInfo.processInfo.environment[Self.childVariable] == nil else { return }
        let dir = TempDir()
        defer { dir.remove() }
        let path = dir.path + "/digest.md"
        try AtomicFile.write(String(repeating: "A", count: Self.size), to: path)
        for round in 0..<3 {
            let child = Process()
            child.executableURL = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            child.arguments = ["--testing-library", "swift-testing", "--filter", "AtomicFileTests/writerChild"]
            child.environment = ProcessInfo.processInfo.environment.merging([Self.childVariable: path]) { $1 }
            child.standardInput = FileHandle.nullDevice
            child.standardOutput = FileHandle.nullDevice
            child.standardError = FileHandle.nullDevice
            try child.run()
            try await Task.sleep(for: .milliseconds(400 + 150 * round))
            #expect(child.isRunning)
            if child.processIdentifier > 1 { kill(child.processIdentifier, SIGKILL) }
            while child.isRunning { try await Task.sleep(for: .milliseconds(10)) }
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(data.count == Self.size)
            #expect(Set(data).count == 1, "the file mixes two versions")
        }
    }
}
