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

    /// A day's digest is written as it is rendered, in many small writes across the stream's
    /// blocks: the file holds every byte in order, multi-byte characters split across blocks too.
    @Test func textWrittenPieceByPieceArrivesWholeAcrossBlocks() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let path = dir.path + "/2026-12-07.html"
        let pieces = (0..<40_000).map { "<li id=\"s-\($0)\">Zürich tram strike, day \($0) — “talks” 🚋</li>\n" }
        let replaced = try AtomicFile.write(to: path) { stream in
            for piece in pieces { stream.write(piece) }
            stream.write(String(repeating: "é", count: FileTextStream.blockSize))  // one write larger than a block
        }
        #expect(replaced)
        let expected = pieces.joined() + String(repeating: "é", count: FileTextStream.blockSize)
        #expect(expected.utf8.count > 20 * FileTextStream.blockSize)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(expected.utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["2026-12-07.html"])
    }

    /// The feeds are rewritten only when their text changed: readers' conditional requests and
    /// the files' times follow the content. Compared while writing, at any length and position.
    @Test func anUnchangedFileIsLeftAsItWasAndAnyChangeReplacesIt() throws {
        let dir = TempDir()
        defer { dir.remove() }
        let path = dir.path + "/feed.xml"
        let text = String(repeating: "<entry>Ferry fares rise 4%</entry>\n", count: 9_000)  // several blocks
        func write(_ body: String) throws -> Bool {
            try AtomicFile.write(to: path, unlessUnchanged: true) { stream in
                var rest = Substring(body)
                while !rest.isEmpty {
                    stream.write(String(rest.prefix(997)))
                    rest = rest.dropFirst(997)
                }
            }
        }
        #expect(try write(text))  // no file yet
        let before = try FileManager.default.attributesOfItem(atPath: path)
        #expect(try !write(text))
        let after = try FileManager.default.attributesOfItem(atPath: path)
        #expect(after[.systemFileNumber] as? Int == before[.systemFileNumber] as? Int)
        #expect(after[.modificationDate] as? Date == before[.modificationDate] as? Date)
        var changedLate = text
        changedLate.removeLast(3)
        changedLate += "X>\n"
        for variant in [text + "<entry>new</entry>\n", String(text.dropLast(40)), changedLate, "X" + text.dropFirst()] {
            #expect(try write(variant))
            #expect(try String(contentsOfFile: path, encoding: .utf8) == variant)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["feed.xml"])
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
