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
    /// Where one fragment lies in the file, and what it needs besides its bytes. A fixed-size
    /// value with nothing on the heap: the daemon holds three or four of them for every story of
    /// the day, so the pieces' lengths are written in the file, ahead of the text, not kept here.
    struct Ref: Sendable, Equatable {
        var offset: UInt64
        /// The text's UTF-8 length, all pieces together.
        var textBytes: UInt32
        /// How many pieces the fragment has (its text between rank holes).
        var pieceCount: UInt32
        /// The fragment's fingerprint, kept so that reading it back does not hash it again.
        var fingerprint: UInt64
        /// Which file it is in (how many compactions came before it): a place in a file that
        /// was compacted since does not read.
        var generation: UInt32 = 0
        var trailingBlankLines: UInt16

        var byteCount: Int { Int(textBytes) }
        /// The record's size in the file: the piece count, each piece's length, then the text.
        var recordBytes: Int { 4 + 4 * Int(pieceCount) + Int(textBytes) }
    }

    private struct State {
        var handle: FileHandle
        var end: UInt64 = 0
        var writes = 0
        var compactions = 0
    }

    private let state: Mutex<State>
    /// Where the file is (the daemon's state directory).
    let directory: String
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

    /// Appends `fragment`; nil when the write failed (the file is then left as it was), or when
    /// the fragment is beyond what a record describes (kept in memory then).
    func store(_ fragment: DigestStoryFragment) -> Ref? {
        let lengths = fragment.pieces.map(\.utf8.count)
        let textBytes = lengths.reduce(0, +)
        guard let count = UInt32(exactly: lengths.count), let total = UInt32(exactly: textBytes),
              let blankLines = UInt16(exactly: fragment.trailingBlankLines) else { return nil }
        var bytes = Data()
        bytes.reserveCapacity(4 + 4 * lengths.count + textBytes)
        Self.append(count, to: &bytes)
        for length in lengths { Self.append(UInt32(truncatingIfNeeded: length), to: &bytes) }
        for piece in fragment.pieces { bytes.append(contentsOf: piece.utf8) }
        return state.withLock { s -> Ref? in
            do {
                try s.handle.seek(toOffset: s.end)
                try s.handle.write(contentsOf: bytes)
            } catch {
                // A short write leaves bytes past `end` that the next write overwrites.
                return nil
            }
            let ref = Ref(offset: s.end, textBytes: total, pieceCount: count, fingerprint: fragment.fingerprint,
                          generation: UInt32(truncatingIfNeeded: s.compactions), trailingBlankLines: blankLines)
            s.end += UInt64(bytes.count)
            s.writes += 1
            return ref
        }
    }

    /// The fragment at `ref`; nil when it cannot be read back whole, does not match `ref`, or
    /// its file was compacted since `ref` was made.
    func load(_ ref: Ref) -> DigestStoryFragment? {
        guard let bytes = state.withLock({ s -> Data? in
            guard ref.generation == UInt32(truncatingIfNeeded: s.compactions) else { return nil }
            return Self.read(s.handle, at: ref.offset, count: ref.recordBytes)
        }) else { return nil }
        let count = Int(ref.pieceCount)
        guard bytes.count == ref.recordBytes, Self.word(bytes, at: 0) == ref.pieceCount else { return nil }
        var pieces: [String] = []
        pieces.reserveCapacity(count)
        var start = 4 + 4 * count
        for index in 0..<count {
            let length = Int(Self.word(bytes, at: 4 + 4 * index))
            guard length <= bytes.count - start else { return nil }
            let from = bytes.startIndex + start
            guard let piece = String(validating: bytes[from..<(from + length)], as: UTF8.self) else { return nil }
            pieces.append(piece)
            start += length
        }
        guard start == bytes.count else { return nil }
        return DigestStoryFragment(pieces: pieces, trailingBlankLines: Int(ref.trailingBlankLines), fingerprint: ref.fingerprint)
    }

    private static func append(_ value: UInt32, to bytes: inout Data) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    /// The little-endian word at `offset` of `bytes` (which holds at least `offset + 4`).
    private static func word(_ bytes: Data, at offset: Int) -> UInt32 {
        let from = bytes.startIndex + offset
        return (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[from + $1]) << UInt32(8 * $1) }
    }

    /// The file's size: every fragment written since the last compaction, live or not.
    var fileBytes: UInt64 { state.withLock { $0.end } }

    /// How many fragments were written and how often the file was compacted, since it was made.
    var counts: (writes: Int, compactions: Int) { state.withLock { ($0.writes, $0.compactions) } }

    /// Whether a file holding `liveBytes` of records (`Ref.recordBytes`) still used should be compacted:
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
                guard ref.generation == UInt32(truncatingIfNeeded: s.compactions),
                      let bytes = Self.read(s.handle, at: ref.offset, count: ref.recordBytes) else {
                    try? fresh.close()
                    return nil
                }
                do { try fresh.write(contentsOf: bytes) } catch {
                    try? fresh.close()
                    return nil
                }
                var copy = ref
                copy.offset = end
                copy.generation = UInt32(truncatingIfNeeded: s.compactions + 1)
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
