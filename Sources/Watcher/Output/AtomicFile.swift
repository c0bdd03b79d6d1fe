import Foundation
import Glibc

/// Writes a file so that readers see either the old version or the new one, never a torn mix —
/// even after kill -9 or a power cut: temp file in the same directory, fsync, rename, fsync dir.
public enum AtomicFile {
    public struct WriteError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "cannot write \(path): \(reason)" }
    }

    public static func write(_ contents: String, to path: String) throws(WriteError) {
        let dir = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temp = (dir as NSString).appendingPathComponent(".\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        guard FileManager.default.createFile(atPath: temp, contents: nil, attributes: [.posixPermissions: 0o644]) else {
            throw WriteError(path: path, reason: reason(errno, fallback: "cannot create a file in \(dir)"))
        }
        do {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temp))
            defer { try? handle.close() }
            try handle.write(contentsOf: Data(contents.utf8))
            try handle.synchronize()
        } catch {
            unlink(temp)
            throw WriteError(path: path, reason: reason(errno, fallback: "\(error)"))
        }
        guard rename(temp, path) == 0 else {
            let code = errno
            unlink(temp)
            throw WriteError(path: path, reason: reason(code, fallback: "rename failed"))
        }
        let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            _ = fsync(fd)
            close(fd)
        }
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
