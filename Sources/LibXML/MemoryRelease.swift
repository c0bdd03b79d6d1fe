import Glibc

/// Hands the heap's free pages back to the system after a large transient workload (a page
/// parsed and extracted), through glibc's `malloc_trim`.
///
/// It exists because of how glibc serves big allocations: once a block of several megabytes
/// (a fetched page) has been freed, blocks up to that size come from the heap instead of from
/// their own mappings, and what such a block leaves behind when freed stays in the process.
/// With sixteen 15 MiB pages in flight the daemon's resident size grew by a fifth that way,
/// none of it in use. Trimming after each extraction keeps the resident size near what is
/// live. `malloc_trim` is not in Swift's Glibc module, so it is looked up once by name; where
/// it does not exist (another C library) this does nothing.
public enum MemoryRelease {
    private typealias Trim = @convention(c) (Int) -> Int32

    private static let trim: Trim? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: Trim.self)
    }()

    /// Whether the C library offers `malloc_trim` (glibc does; the daemon's memory figures rely on it).
    public static var isAvailable: Bool { trim != nil }

    /// Returns free heap pages to the system. Cheap next to the work it follows (milliseconds).
    public static func returnFreePages() {
        _ = trim?(0)
    }
}
