/// The byte-level writer and reader of the clusterer's saved state (`StoryClusterer+BinaryState`).
///
/// A checkpoint holds the whole three-day window: tens of thousands of items on a busy install,
/// millions at scale. As JSON it took about 4.4 KB and 0.17 ms of CPU an item to write (every
/// 64-bit term hash spelled out in decimal, every field named), so a checkpoint of a large window
/// cost seconds and tens of megabytes each time. This form is the same values in order: unsigned
/// integers as LEB128 varints, signed ones zigzagged first, floating-point numbers as their bit
/// patterns, strings and arrays with their length in front. It carries no field names, so it is
/// read back only by the code that wrote it; `StoryClusterer.binaryStateVersion` changes
/// whenever a saved field does, and a checkpoint of another version is refused (the daemon then
/// rebuilds the state from the stored entries, as for any unreadable checkpoint).
package struct BinaryStateWriter {
    /// The bytes written since the last part was handed over (all of them when not writing in
    /// parts).
    package private(set) var bytes: [UInt8] = []
    /// Where a part ends: a value that starts below this many bytes is written whole into it.
    private let partBytes: Int
    /// Takes each full part, when writing in parts.
    private let emit: (([UInt8]) throws -> Void)?
    /// The first error `emit` threw: no part is handed over after it.
    private var failure: (any Error)?

    package init(reservingCapacity capacity: Int = 0) {
        partBytes = .max
        emit = nil
        bytes.reserveCapacity(capacity)
    }

    /// A writer that hands its bytes to `emit` in parts of about `partBytes` each (a part ends
    /// after the value that reaches the size) and reuses the part's buffer, so writing a large
    /// state holds one part of it, never the whole. Call `finish()` after the last value.
    package init(partBytes: Int, emit: @escaping ([UInt8]) throws -> Void) {
        self.partBytes = max(1, partBytes)
        self.emit = emit
        bytes.reserveCapacity(self.partBytes + 64)
    }

    /// Hands over the last part, and throws the error `emit` threw, if any.
    package mutating func finish() throws {
        if !bytes.isEmpty { handOver() }
        if let failure { throw failure }
    }

    private mutating func handOver() {
        guard let emit else { return }
        if failure == nil {
            do { try emit(bytes) } catch { failure = error }
        }
        bytes.removeAll(keepingCapacity: true)
    }

    /// Hands the part over once it is full; called before each value.
    private mutating func endPartIfFull() {
        if bytes.count >= partBytes { handOver() }
    }

    package mutating func write(_ value: UInt64) {
        endPartIfFull()
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(truncatingIfNeeded: rest))
    }

    package mutating func write(_ value: Int64) {
        write(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    package mutating func write(_ value: Int) { write(Int64(value)) }
    package mutating func write(_ value: Int32) { write(Int64(value)) }
    package mutating func write(_ value: UInt32) { write(UInt64(value)) }
    package mutating func write(_ value: Bool) {
        endPartIfFull()
        bytes.append(value ? 1 : 0)
    }

    package mutating func write(_ value: Double) {
        endPartIfFull()
        var bits = value.bitPattern
        for _ in 0..<8 {
            bytes.append(UInt8(truncatingIfNeeded: bits))
            bits >>= 8
        }
    }

    package mutating func write(_ value: Float) {
        endPartIfFull()
        var bits = value.bitPattern
        for _ in 0..<4 {
            bytes.append(UInt8(truncatingIfNeeded: bits))
            bits >>= 8
        }
    }

    package mutating func write(_ value: String) {
        let utf8 = value.utf8
        write(UInt64(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    package mutating func write(_ value: String?) {
        write(value != nil)
        if let value { write(value) }
    }

    package mutating func write(_ value: Int64?) {
        write(value != nil)
        if let value { write(value) }
    }

    /// A count, then each element as `element` writes it.
    package mutating func write<C: Collection>(_ values: C, _ element: (inout BinaryStateWriter, C.Element) -> Void) {
        write(UInt64(values.count))
        for value in values { element(&self, value) }
    }

    package mutating func write(_ values: [UInt64]) { write(values) { $0.write($1) } }
    package mutating func write(_ values: [UInt32]) { write(values) { $0.write($1) } }
}

/// Reads what `BinaryStateWriter` wrote. Every read checks what is left, so a truncated or
/// damaged checkpoint is an error, never a trap or a huge allocation.
package struct BinaryStateReader {
    /// What a checkpoint that cannot be read says.
    package struct Damaged: Error, CustomStringConvertible {
        var offset: Int
        var reason: String
        package var description: String { "the binary story state is damaged at byte \(offset): \(reason)" }
    }

    private let bytes: [UInt8]
    package private(set) var position: Int

    package init(_ bytes: [UInt8], from position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    package var isAtEnd: Bool { position >= bytes.count }

    private func damaged(_ reason: String) -> Damaged { Damaged(offset: position, reason: reason) }

    package mutating func byte() throws -> UInt8 {
        guard position < bytes.count else { throw damaged("it ends early") }
        defer { position += 1 }
        return bytes[position]
    }

    package mutating func uint64() throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 64, shift < 63 || b <= 1 else { throw damaged("a number is too long") }
            value |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return value }
            shift += 7
        }
    }

    package mutating func int64() throws -> Int64 {
        let raw = try uint64()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    package mutating func int() throws -> Int {
        let value = try int64()
        guard let int = Int(exactly: value) else { throw damaged("a number is out of range") }
        return int
    }

    package mutating func int32() throws -> Int32 {
        guard let value = Int32(exactly: try int64()) else { throw damaged("a number is out of range") }
        return value
    }

    package mutating func uint32() throws -> UInt32 {
        guard let value = UInt32(exactly: try uint64()) else { throw damaged("a number is out of range") }
        return value
    }

    package mutating func bool() throws -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        default: throw damaged("a flag is neither 0 nor 1")
        }
    }

    package mutating func double() throws -> Double {
        var bits: UInt64 = 0
        for shift in stride(from: 0, to: 64, by: 8) { bits |= UInt64(try byte()) << UInt64(shift) }
        return Double(bitPattern: bits)
    }

    package mutating func float() throws -> Float {
        var bits: UInt32 = 0
        for shift in stride(from: 0, to: 32, by: 8) { bits |= UInt32(try byte()) << UInt32(shift) }
        return Float(bitPattern: bits)
    }

    /// A count of elements that each take at least `minimumBytes`: never more than what is left.
    package mutating func count(minimumBytes: Int = 1) throws -> Int {
        let raw = try uint64()
        let left = UInt64(bytes.count - position)
        guard raw <= left / UInt64(max(1, minimumBytes)) else { throw damaged("a length runs past the end") }
        return Int(raw)
    }

    package mutating func string() throws -> String {
        let length = try count()
        let slice = bytes[position..<(position + length)]
        guard let text = String(validating: slice, as: UTF8.self) else { throw damaged("a text is not UTF-8") }
        position += length
        return text
    }

    package mutating func optionalString() throws -> String? { try bool() ? try string() : nil }
    package mutating func optionalInt64() throws -> Int64? { try bool() ? try int64() : nil }

    package mutating func array<T>(minimumBytes: Int = 1, _ element: (inout BinaryStateReader) throws -> T) throws -> [T] {
        let n = try count(minimumBytes: minimumBytes)
        var values: [T] = []
        values.reserveCapacity(n)
        for _ in 0..<n { values.append(try element(&self)) }
        return values
    }

    package mutating func uint64s() throws -> [UInt64] { try array { try $0.uint64() } }
    package mutating func uint32s() throws -> [UInt32] { try array { try $0.uint32() } }
}
