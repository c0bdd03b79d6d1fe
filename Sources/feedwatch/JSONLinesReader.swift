import Foundation

/// Reads a JSON Lines file in batches of whole lines, each with its line number, so that a
/// batch can be handed to another thread while the previous one is being worked on.
///
/// Lines are split on bytes (a `Data` walked byte by byte costs more than the work on the
/// lines); a last line without a newline is still a line.
struct JSONLinesReader {
    struct Line: Sendable {
        var number: Int
        var bytes: [UInt8]
    }

    private let handle: FileHandle
    private var pending: [UInt8] = []
    private var start = 0
    private var atEnd = false
    private var lineNumber = 0

    init(handle: FileHandle) {
        self.handle = handle
    }

    /// Up to `limit` lines, or nil once the file is read.
    mutating func next(limit: Int) -> [Line]? {
        var lines: [Line] = []
        lines.reserveCapacity(limit)
        while lines.count < limit {
            if let nl = pending[start...].firstIndex(of: 0x0A) {
                lineNumber += 1
                lines.append(Line(number: lineNumber, bytes: Array(pending[start..<nl])))
                start = nl + 1
                continue
            }
            if atEnd {
                if start < pending.count {
                    lineNumber += 1
                    lines.append(Line(number: lineNumber, bytes: Array(pending[start...])))
                    start = pending.count
                }
                break
            }
            pending.removeFirst(start)
            start = 0
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { atEnd = true } else { pending.append(contentsOf: chunk) }
        }
        return lines.isEmpty ? nil : lines
    }
}
