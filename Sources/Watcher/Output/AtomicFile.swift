import Foundation
import Glibc

/// Writes a file so that readers see either the old version or the new one, never a torn mix —
/// even after kill -9 or a power cut: temp file in the same directory, fsync, rename, fsync dir.
///
/// The text can be written as it is made (`write(to:unlessUnchanged:_:)`), so that a file as
/// large as a busy day's digest never sits in memory whole, not even for the moment of writing.
public enum AtomicFile {
    public struct WriteError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "cannot write \(path): \(reason)" }
    }

    public static func write(_ contents: String, to path: String) throws(WriteError) {
        try write(to: path) { $0.write(contents) }
    }

    /// Writes what `body` writes to its stream, atomically, to `path`; returns whether the file
    /// was replaced. With `unlessUnchanged`, the text is compared with the file already there as
    /// it is written, and a file with the same bytes is left as it was (its time and inode too).
    @discardableResult
    public static func write(to path: String, unlessUnchanged: Bool = false,
                             _ body: (inout FileTextStream) -> Void) throws(WriteError) -> Bool {
        let dir = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temp = (dir as NSString).appendingPathComponent(".\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw WriteError(path: path, reason: reason(errno, fallback: "cannot create a file in \(dir)"))
        }
        // Readable by all, as the digest's files are meant to be served, whatever the umask.
        _ = fchmod(fd, 0o644)
        var stream = FileTextStream(fd: fd, comparingWith: unlessUnchanged ? open(path, O_RDONLY | O_CLOEXEC) : -1)
        body(&stream)
        stream.finish()
        let failure = stream.failure
        let same = stream.isSameAsOld
        if failure == nil, !same, fsync(fd) != 0 {
            let code = errno
            close(fd)
            unlink(temp)
            throw WriteError(path: path, reason: reason(code, fallback: "fsync failed"))
        }
        close(fd)
        if let failure {
            unlink(temp)
            throw WriteError(path: path, reason: reason(failure, fallback: "write failed"))
        }
        if same {
            unlink(temp)
            return false
        }
        guard rename(temp, path) == 0 else {
            let code = errno
            unlink(temp)
            throw WriteError(path: path, reason: reason(code, fallback: "rename failed"))
        }
        let dirFD = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirFD >= 0 {
            _ = fsync(dirFD)
            close(dirFD)
        }
        return true
    }

    static func reason(_ code: Int32, fallback: String) -> String {
        switch code {
        case ENOSPC: return "the disk is full"
        case EROFS: return "the file system is read-only"
        case EACCES, EPERM: return "permission denied"
        case EDQUOT: return "disk quota exceeded"
        case 0: return fallback
        default: return "system error \(code) (errno)"
        }
    }
}

/// The text of a file being written by `AtomicFile`, in blocks of `blockSize` bytes: what a
/// renderer writes goes to the file as it comes, through one small buffer.
///
/// Compared with an old file as it goes (when `AtomicFile` was asked to leave an unchanged file),
/// block by block, so that finding the text unchanged needs neither file in memory. The first
/// failed write is kept and the rest is dropped; `AtomicFile` reports it.
public struct FileTextStream: TextOutputStream {
    static let blockSize = 64 << 10

    private let fd: Int32
    private var buffer: [UInt8] = []
    /// The old file, while every byte so far equals it; -1 once they differ (or there is none).
    private var old: Int32
    private var oldBlock: [UInt8] = []
    /// The errno of the first write that failed.
    private(set) var failure: Int32?

    init(fd: Int32, comparingWith old: Int32) {
        self.fd = fd
        self.old = old
        buffer.reserveCapacity(Self.blockSize)
    }

    public mutating func write(_ string: String) {
        var string = string
        string.withUTF8 { append($0) }
    }

    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        var rest = bytes[...]
        while !rest.isEmpty {
            let room = Self.blockSize - buffer.count
            let part = rest.prefix(max(room, 0))
            buffer.append(contentsOf: part)
            rest = rest.dropFirst(part.count)
            if buffer.count >= Self.blockSize { flush() }
        }
    }

    /// Whether every byte written equals the old file, and the old file has no more.
    private(set) var isSameAsOld = false

    /// Writes what is buffered and settles the comparison; call once, at the end.
    mutating func finish() {
        flush()
        if old >= 0 {
            var probe: UInt8 = 0
            isSameAsOld = failure == nil && read(old, &probe, 1) == 0
            close(old)
            old = -1
        }
    }

    private mutating func flush() {
        guard !buffer.isEmpty else { return }
        defer { buffer.removeAll(keepingCapacity: true) }
        compareWithOld()
        guard failure == nil else { return }
        buffer.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(fd, base + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno == 0 ? EIO : errno
                    return
                }
                if written == 0 {
                    failure = EIO
                    return
                }
                offset += written
            }
        }
    }

    /// Reads as many bytes of the old file as are buffered and lets it go at the first difference.
    private mutating func compareWithOld() {
        guard old >= 0 else { return }
        if oldBlock.count < buffer.count { oldBlock = [UInt8](repeating: 0, count: buffer.count) }
        var filled = 0
        let wanted = buffer.count
        while filled < wanted {
            let got = oldBlock.withUnsafeMutableBytes { raw in
                raw.baseAddress.map { read(old, $0 + filled, wanted - filled) } ?? 0
            }
            if got < 0, errno == EINTR { continue }
            if got <= 0 { break }
            filled += got
        }
        if filled != wanted || !buffer.elementsEqual(oldBlock.prefix(wanted)) {
            close(old)
            old = -1
            oldBlock = []
        }
    }
}
