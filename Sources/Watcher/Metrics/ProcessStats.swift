import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the kernel says about this process and its files, read at scrape time: resident memory
/// and the database's file sizes. Every number read is checked; what cannot be read is nil.
enum ProcessStats {
    /// Resident set size in bytes, from `/proc/self/statm` (second field, in pages).
    static func residentBytes() -> Int? {
        guard let data = FileManager.default.contents(atPath: "/proc/self/statm"), data.count < 4096 else { return nil }
        return residentBytes(statm: String(decoding: data, as: UTF8.self), pageSize: pageSize)
    }

    /// Parses statm's text: "size resident shared text lib data dt", counts of pages.
    static func residentBytes(statm: String, pageSize: Int) -> Int? {
        let fields = statm.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard fields.count >= 2, fields[1].utf8.count <= 15, let pages = Int(fields[1]), pages >= 0 else { return nil }
        let (bytes, overflow) = pages.multipliedReportingOverflow(by: pageSize)
        return overflow ? nil : bytes
    }

    static let pageSize: Int = {
        #if canImport(Glibc)
        let size = sysconf(Int32(_SC_PAGESIZE))
        return size > 0 ? size : 4096
        #else
        return 4096
        #endif
    }()

    /// The size of a file in bytes; nil when it does not exist.
    static func fileSize(_ path: String) -> Int? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = attributes[.size] as? NSNumber else { return nil }
        return size.intValue >= 0 ? size.intValue : nil
    }
}
