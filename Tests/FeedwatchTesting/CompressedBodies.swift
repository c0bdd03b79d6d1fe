/// Compressed bodies that lie, written by hand (no zlib needed): a gzip bomb and a zlib stream
/// cut short. Deflate is simple enough to emit directly, and writing it here keeps the test
/// independent of whichever compression library the fetcher happens to use.
public enum CompressedBodies {
    /// A gzip member whose deflate data expands to `expandedSize` zero bytes at a ratio of about
    /// 160:1 (fixed Huffman codes: one literal, then 258-byte copies at distance 1). The
    /// trailer's CRC is left zero: a client that decompresses everything fails late anyway.
    public static func gzipBomb(expandedSize: Int) -> [UInt8] {
        var bits = BitWriter()
        bits.write(1, count: 1)                 // BFINAL
        bits.write(1, count: 2)                 // BTYPE 01: fixed Huffman codes
        bits.writeCode(0x30, length: 8)         // literal 0x00
        let copies = max(0, expandedSize - 1) / 258
        for _ in 0..<copies {
            bits.writeCode(0xC5, length: 8)     // length code 285: 258 bytes
            bits.writeCode(0, length: 5)        // distance code 0: distance 1
        }
        bits.writeCode(0, length: 7)            // end of block (256)
        bits.flush()
        let size = UInt32(truncatingIfNeeded: 1 + copies * 258)
        let header: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF]
        return header + bits.bytes + [0, 0, 0, 0] + littleEndian(size)
    }

    /// A zlib stream (what HTTP calls `deflate`) holding `data` in one stored block, cut after
    /// `keeping` bytes of it: no end of block, no checksum.
    public static func truncatedZlib(_ data: [UInt8], keeping: Int) -> [UInt8] {
        let stored = Array(data.prefix(65_535))
        let length = UInt16(stored.count)
        let block: [UInt8] = [0x01] + littleEndian16(length) + littleEndian16(~length) + stored.prefix(max(0, keeping))
        return [0x78, 0x01] + block
    }

    static func littleEndian(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
    static func littleEndian16(_ v: UInt16) -> [UInt8] { [UInt8(truncatingIfNeeded: v), UInt8(truncatingIfNeeded: v >> 8)] }

    /// Deflate's bit order: data elements least significant bit first, Huffman codes most
    /// significant bit first.
    struct BitWriter {
        var bytes: [UInt8] = []
        var pending: UInt32 = 0
        var count = 0

        mutating func write(_ value: UInt32, count n: Int) {
            pending |= value << UInt32(count)
            count += n
            while count >= 8 {
                bytes.append(UInt8(truncatingIfNeeded: pending))
                pending >>= 8
                count -= 8
            }
        }

        mutating func writeCode(_ code: UInt32, length: Int) {
            var reversed: UInt32 = 0
            for i in 0..<length where code & (1 << UInt32(i)) != 0 { reversed |= 1 << UInt32(length - 1 - i) }
            write(reversed, count: length)
        }

        mutating func flush() {
            if count > 0 { bytes.append(UInt8(truncatingIfNeeded: pending)) }
            pending = 0
            count = 0
        }
    }
}
