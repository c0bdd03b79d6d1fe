import Foundation
import Glibc
import Logging

/// Removes the temporary files `AtomicFile` leaves behind when the process dies between creating
/// its temp file and renaming it (kill -9, a power cut, a full disk).
///
/// Only names `AtomicFile` makes — `.<name>.<pid>.<random>.tmp` — are touched, only regular
/// files, and only those untouched for a minute, so a write in flight in another process (a
/// `feedwatch once` beside the daemon) is never pulled from under it. Not recursive.
public enum StaleTemporaryFiles {
    /// A temp file younger than this may belong to a write still in progress.
    public static let minimumAge: TimeInterval = 60

    /// Deletes the stale temporaries in `directories`; logs and returns each one removed.
    @discardableResult
    public static func remove(in directories: [String], now: Date, logger: Logger) -> [String] {
        var removed: [String] = []
        for directory in Set(directories).sorted() {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { continue }
            for name in names.sorted() where isAtomicFileTemporary(name) {
                let path = (directory as NSString).appendingPathComponent(name)
                guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                      attributes[.type] as? FileAttributeType == .typeRegular,
                      let modified = attributes[.modificationDate] as? Date,
                      now.timeIntervalSince(modified) >= minimumAge else { continue }
                if unlink(path) == 0 {
                    logger.notice("removed a temporary file an interrupted write left behind", metadata: ["file": "\(path)"])
                    removed.append(path)
                } else {
                    logger.warning("cannot remove a stale temporary file", metadata: ["file": "\(path)"])
                }
            }
        }
        return removed
    }

    /// `.<name>.<pid>.<random>.tmp`, as `AtomicFile.write` names its temp file: a dot, a
    /// non-empty name, then two runs of decimal digits.
    static func isAtomicFileTemporary(_ name: String) -> Bool {
        guard name.hasPrefix("."), name.hasSuffix(".tmp"), name.utf8.count > 9 else { return false }
        let parts = name.dropFirst().dropLast(4).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 3 else { return false }
        func isNumber(_ part: Substring) -> Bool {
            !part.isEmpty && part.utf8.count <= 10 && part.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        }
        let target = parts.dropLast(2).joined(separator: ".")
        return !target.isEmpty && isNumber(parts[parts.count - 2]) && isNumber(parts[parts.count - 1])
    }
}
