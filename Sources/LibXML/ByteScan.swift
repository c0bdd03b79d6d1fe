import CLibXML2
import Glibc

/// Fast scans over raw bytes for the parsers' pre-passes (finding `-->`, validating UTF-8).
/// They live here because they read memory through buffer pointers, which only LibXML may do.
public enum ByteScan {
    /// Index of the first byte after the first occurrence of `pattern` in `bytes[from..<end]`.
    public static func indexAfter(_ pattern: StaticString, in bytes: [UInt8], from: Int, end: Int) -> Int? {
        let count = pattern.utf8CodeUnitCount
        guard count > 0, from >= 0, end <= bytes.count else { return nil }
        let p = UnsafeBufferPointer(start: pattern.utf8Start, count: count)
        guard end - from >= count else { return nil }
        return bytes.withUnsafeBufferPointer { b -> Int? in
            guard let base = b.baseAddress else { return nil }
            // glibc's memmem is a vectorised two-way search: no stop at every candidate byte.
            guard let hit = fw_memmem(base + from, end - from, p.baseAddress, count) else { return nil }
            return (UnsafeRawPointer(hit) - UnsafeRawPointer(base)) + count
        }
    }

    /// Index of the first `byte` in `bytes[from..<end]` (memchr), nil when there is none.
    public static func indexOf(_ byte: UInt8, in bytes: [UInt8], from: Int, end: Int) -> Int? {
        guard from >= 0, from < end, end <= bytes.count else { return nil }
        return bytes.withUnsafeBufferPointer { b -> Int? in
            guard let base = b.baseAddress, let hit = memchr(base + from, Int32(byte), end - from) else { return nil }
            return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
        }
    }

    /// True when `bytes[at...]` begins with `pattern` (and it fits before `end`).
    public static func matches(_ pattern: StaticString, in bytes: [UInt8], at: Int, end: Int) -> Bool {
        let count = pattern.utf8CodeUnitCount
        guard at >= 0, at + count <= end, end <= bytes.count else { return false }
        let p = pattern.utf8Start
        for k in 0..<count where bytes[at + k] != p[k] { return false }
        return true
    }

    /// True when the bytes are well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF).
    public static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw -> Bool in
            let n = raw.count
            var i = 0
            while i < n {
                // Eight ASCII bytes at a time.
                if i + 8 <= n, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                    continue
                }
                let b0 = raw[i]
                if b0 < 0x80 { i += 1; continue }
                guard let (length, lower, upper) = leadByteRule(b0), i + length <= n,
                      raw[i + 1] >= lower, raw[i + 1] <= upper else { return false }
                for k in 2..<max(2, length) where raw[i + k] & 0xC0 != 0x80 { return false }
                i += length
            }
            return true
        }
    }

    /// Length of the valid UTF-8 sequence starting at `i`, or 0 when the byte there does not start one.
    public static func validSequenceLength(_ bytes: [UInt8], at i: Int) -> Int {
        let b0 = bytes[i]
        if b0 < 0x80 { return 1 }
        guard let (length, lower, upper) = leadByteRule(b0), i + length <= bytes.count,
              bytes[i + 1] >= lower, bytes[i + 1] <= upper else { return 0 }
        for k in 2..<max(2, length) where bytes[i + k] & 0xC0 != 0x80 { return 0 }
        return length
    }

    /// For a UTF-8 lead byte: the sequence length and the allowed range of the second byte
    /// (narrowed to exclude overlongs, surrogates and values past U+10FFFF); nil for a non-lead byte.
    @inline(__always)
    static func leadByteRule(_ b0: UInt8) -> (Int, UInt8, UInt8)? {
        switch b0 {
        case 0xC2...0xDF: return (2, 0x80, 0xBF)
        case 0xE0: return (3, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE, 0xEF: return (3, 0x80, 0xBF)
        case 0xED: return (3, 0x80, 0x9F)
        case 0xF0: return (4, 0x90, 0xBF)
        case 0xF1...0xF3: return (4, 0x80, 0xBF)
        case 0xF4: return (4, 0x80, 0x8F)
        default: return nil
        }
    }

    /// Index of the next byte at or after `from` that an XML repair pass must look at: `<`, `&`,
    /// or a C0 control other than tab, line feed and carriage return; `end` when there is none.
    public static func nextMarkupOrControl(in bytes: [UInt8], from: Int, end: Int) -> Int {
        nextSpecial(in: bytes, from: from, end: end, lessThan: true)
    }

    /// Like `nextMarkupOrControl`, but `<` does not stop the scan: the next `&` or forbidden control.
    public static func nextReferenceOrControl(in bytes: [UInt8], from: Int, end: Int) -> Int {
        nextSpecial(in: bytes, from: from, end: end, lessThan: false)
    }

    private static func nextSpecial(in bytes: [UInt8], from: Int, end: Int, lessThan: Bool) -> Int {
        bytes.withUnsafeBufferPointer { b -> Int in
            var i = from
            let raw = UnsafeRawBufferPointer(b)
            while i < end {
                // Eight bytes at a time while none is '<', '&' or below 0x20.
                if i + 8 <= end {
                    let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    let high: UInt64 = 0x8080_8080_8080_8080
                    let ones: UInt64 = 0x0101_0101_0101_0101
                    let below20 = (w &- 0x2020_2020_2020_2020) & ~w & high
                    let lt = lessThan ? w ^ 0x3C3C_3C3C_3C3C_3C3C : ~0
                    let amp = w ^ 0x2626_2626_2626_2626
                    if below20 | ((lt &- ones) & ~lt & high) | ((amp &- ones) & ~amp & high) == 0 {
                        i += 8
                        continue
                    }
                }
                let c = b[i]
                if c < 0x20 {
                    if c != 0x09, c != 0x0A, c != 0x0D { return i }
                } else if (c == 0x3C && lessThan) || c == 0x26 {
                    return i
                }
                i += 1
            }
            return end
        }
    }

    /// Index of the first byte at or after `from` that is 0x80 or above; `bytes.count` when none is.
    public static func firstNonASCII(in bytes: [UInt8], from: Int) -> Int {
        bytes.withUnsafeBytes { raw -> Int in
            var i = from
            let n = raw.count
            while i + 8 <= n, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
            while i < n, raw[i] < 0x80 { i += 1 }
            return i
        }
    }

    /// True when `text` has a byte HTML text must escape: `&`, `<`, `>`, and `"` when `quotes`.
    /// Eight bytes at a time, so the common answer (no) costs little for long text.
    public static func needsHTMLEscape(_ text: String, quotes: Bool) -> Bool {
        var text = text
        return text.withUTF8 { b -> Bool in
            let raw = UnsafeRawBufferPointer(b)
            let n = raw.count
            let ones: UInt64 = 0x0101_0101_0101_0101
            let high: UInt64 = 0x8080_8080_8080_8080
            @inline(__always) func has(_ w: UInt64, _ byte: UInt8) -> Bool {
                let x = w ^ (ones &* UInt64(byte))
                return (x &- ones) & ~x & high != 0
            }
            var i = 0
            while i + 8 <= n {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if has(w, 0x26) || has(w, 0x3C) || has(w, 0x3E) || (quotes && has(w, 0x22)) { return true }
                i += 8
            }
            while i < n {
                let c = raw[i]
                if c == 0x26 || c == 0x3C || c == 0x3E || (quotes && c == 0x22) { return true }
                i += 1
            }
            return false
        }
    }

    /// True when JSON text nests arrays and objects deeper than `limit` (brackets inside
    /// strings do not count). Checked before decoding, whose recursion a hostile document
    /// could otherwise drive as deep as it likes.
    public static func jsonNestingExceeds<Bytes: Sequence<UInt8>>(_ bytes: Bytes, limit: Int) -> Bool {
        var depth = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > limit { return true }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return false
    }

    /// True when any byte is 0x80 or above.
    public static func containsNonASCII(_ bytes: [UInt8]) -> Bool {
        firstNonASCII(in: bytes, from: 0) < bytes.count
    }
}
