import Digest
import Foundation
import Glibc
import Synchronization

/// The daemon's rendered story fragments kept in a file instead of in memory.
///
/// `DigestStoryCache` keeps every story of today rendered in three formats, so that a refresh of
/// the day renders only what changed. Held in memory, that text grew with the day: about 10 KB a
/// story, the largest share of what a long-running daemon's resident size gained between
/// midnights. Here each fragment is written once to an append-only file and read back when a
/// refresh assembles the day; what stays in memory is its place in the file (`Ref`). The file
/// is unlinked as soon as it is open, so it never outlives the process, not even after kill -9;
/// it sits in the state directory rather than a `/tmp` that may be memory. Fragments that no
/// story uses any more are dropped by copying the live ones to a fresh file once the dead bytes
/// outweigh the live ones (`compact`), so the file stays within a few times the day's text.
///
/// It is a cache: any failure to write or read says so by returning nil, and the caller keeps
/// or renders the fragment in memory as before.
final class DigestFragmentSpill: Sendable {
    /// Where one fragment lies in the file, and what it needs besides its bytes.
    struct Ref: Sendable, Equatable {
        var offset: UInt64
        /// The UTF-8 length of each of the fragment's pieces (its text between rank holes).
        var pieceLengths: [Int]
        var trailingBlankLines: Int
        /// The fragment's fingerprint, kept so that reading it back does not hash it again.
        var fingerprint: UInt64
        /// Which file it is in (how many compactions came before it): a place in a file that
        /// was compacted since does not read.
        var generation = 0

        var byteCount: Int { pieceLengths.reduce(0, +) }
    }

    private struct State {
        var handle: FileHandle
        var end: UInt64 = 0
        var writes = 0
        var compactions = 0
    }

    private let state: Mutex<State>
    private let directory: String
    /// Dead bytes tolerated before a compaction, whatever their ratio to the live ones.
    let slackBytes: UInt64

    /// A spill file in `directory`; nil when it cannot be made there (not writable, full).
    init?(directory: String, slackBytes: UInt64 = 4 << 20) {
        guard let handle = Self.openUnlinked(in: directory) else { return nil }
        self.directory = directory
        self.slackBytes = slackBytes
        state = Mutex(State(handle: handle))
    }

    deinit {
        state.withLock { try? $0.handle.close() }
    }

    /// Appends `fragment`; nil when the write failed (the file is then left as it was).
    func store(_ fragment: DigestStoryFragment) -> Ref? {
        var bytes = Data()
        bytes.reserveCapacity(fragment.byteCount)
        for piece in fragment.pieces { bytes.append(contentsOf: piece.utf8) }
        let lengths = fragment.pieces.map(\.utf8.count)
        return state.withLock { s -> Ref? in
            do {
                try s.handle.seek(toOffset: s.end)
                try s.handle.write(contentsOf: bytes)
            } catch {
                // A short write leaves bytes past `end` that the next write overwrites.
                return nil
            }
            let ref = Ref(offset: s.end, pieceLengths: lengths, trailingBlankLines: fragment.trailingBlankLines,
                          fingerprint: fragment.fingerprint, generation: s.compactions)
            s.end += UInt64(bytes.count)
            s.writes += 1
            return ref
        }
    }

    /// The fragment at `ref`; nil when it cannot be read back whole, or its file was compacted
    /// since `ref` was made.
    func load(_ ref: Ref) -> DigestStoryFragment? {
        let count = ref.byteCount
        guard let bytes = state.withLock({ s -> Data? in
            guard ref.generation == s.compactions else { return nil }
            return Self.read(s.handle, at: ref.offset, count: count)
        }) else { return nil }
        var pieces: [String] = []
        pieces.reserveCapacity(ref.pieceLengths.count)
        var start = bytes.startIndex
        for length in ref.pieceLengths {
            let end = start + length
            guard let piece = String(validating: bytes[start..<end], as: UTF8.self) else { return nil }
            pieces.append(piece)
            start = end
        }
        return DigestStoryFragment(pieces: pieces, trailingBlankLines: ref.trailingBlankLines, fingerprint: ref.fingerprint)
    }

    /// The file's size: every fragment written since the last compaction, live or not.
    var fileBytes: UInt64 { state.withLock { $0.end } }

    /// How many fragments were written and how often the file was compacted, since it was made.
    var counts: (writes: Int, compactions: Int) { state.withLock { ($0.writes, $0.compactions) } }

    /// Whether a file holding `liveBytes` of fragments that are still used should be compacted:
    /// when the dead bytes outweigh the live ones and are more than a few megabytes.
    func wantsCompaction(liveBytes: Int) -> Bool {
        let end = fileBytes
        let live = UInt64(max(0, liveBytes))
        return end > live &* 2 && end - live > slackBytes
    }

    /// Copies the fragments at `live` to a fresh file, in order, and drops the old file; returns
    /// their new places (`result[i]` for `live[i]`). Nil when that failed: the old file and its
    /// places then stay as they were.
    func compact(_ live: [Ref]) -> [Ref]? {
        guard let fresh = Self.openUnlinked(in: directory) else { return nil }
        return state.withLock { s -> [Ref]? in
            var moved: [Ref] = []
            moved.reserveCapacity(live.count)
            var end: UInt64 = 0
            for ref in live {
                guard ref.generation == s.compactions, let bytes = Self.read(s.handle, at: ref.offset, count: ref.byteCount) else {
                    try? fresh.close()
                    return nil
                }
                do { try fresh.write(contentsOf: bytes) } catch {
                    try? fresh.close()
                    return nil
                }
                var copy = ref
                copy.offset = end
                copy.generation = s.compactions + 1
                moved.append(copy)
                end += UInt64(bytes.count)
            }
            try? s.handle.close()
            s.handle = fresh
            s.end = end
            s.compactions += 1
            return moved
        }
    }

    private static func read(_ handle: FileHandle, at offset: UInt64, count: Int) -> Data? {
        guard count > 0 else { return Data() }
        do {
            try handle.seek(toOffset: offset)
            guard let bytes = try handle.read(upToCount: count), bytes.count == count else { return nil }
            return bytes
        } catch {
            return nil
        }
    }

    /// A new file in `directory`, open for reading and writing and already unlinked. Named like
    /// `AtomicFile`'s temporaries, so the rare one left by a crash between the two steps is
    /// removed by `StaleTemporaryFiles` with theirs.
    private static func openUnlinked(in directory: String) -> FileHandle? {
        let path = (directory as NSString).appendingPathComponent(
            ".digest-fragments.\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else { return nil }
        defer { unlink(path) }
        return FileHandle(forUpdatingAtPath: path)
    }
}
