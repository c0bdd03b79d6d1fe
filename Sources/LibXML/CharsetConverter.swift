import Glibc

/// Converts bytes in a named character set to UTF-8 with the C library's iconv, which knows
/// several hundred charsets and aliases (EBCDIC, DOS and Mac code pages, CJK encodings).
/// Invalid sequences become U+FFFD instead of stopping the conversion.
public enum CharsetConverter {
    /// UTF-8 bytes, or nil when the charset name is unknown to iconv.
    public static func utf8(from bytes: [UInt8], charset: String) -> [UInt8]? {
        guard let descriptor = open(charset) else { return nil }
        defer { iconv_close(descriptor) }
        var output = [UInt8]()
        output.reserveCapacity(bytes.count + bytes.count / 2 + 16)
        var chunk = [CChar](repeating: 0, count: 64 * 1024)
        var input = bytes.map { CChar(bitPattern: $0) }
        input.withUnsafeMutableBufferPointer { inputBuffer in
            var inPointer: UnsafeMutablePointer<CChar>? = inputBuffer.baseAddress
            var inLeft = inputBuffer.count
            chunk.withUnsafeMutableBufferPointer { chunkBuffer in
                func drain(_ outLeft: Int) {
                    let produced = chunkBuffer.count - outLeft
                    output.append(contentsOf: UnsafeRawBufferPointer(start: chunkBuffer.baseAddress, count: produced))
                }
                while inLeft > 0 {
                    var outPointer: UnsafeMutablePointer<CChar>? = chunkBuffer.baseAddress
                    var outLeft = chunkBuffer.count
                    let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                    drain(outLeft)
                    if result == -1 {
                        switch errno {
                        case E2BIG:
                            continue
                        case EILSEQ, EINVAL:
                            // Skip one bad byte and mark the loss, then go on.
                            output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                            inPointer = inPointer.map { $0 + 1 }
                            inLeft -= 1
                            iconv(descriptor, nil, nil, nil, nil)
                        default:
                            return
                        }
                    }
                }
                // Flush any shift state.
                var outPointer: UnsafeMutablePointer<CChar>? = chunkBuffer.baseAddress
                var outLeft = chunkBuffer.count
                iconv(descriptor, nil, nil, &outPointer, &outLeft)
                drain(outLeft)
            }
        }
        return output
    }

    /// True when iconv knows this charset name.
    public static func isKnown(_ charset: String) -> Bool {
        guard let descriptor = open(charset) else { return false }
        iconv_close(descriptor)
        return true
    }

    private static func open(_ charset: String) -> iconv_t? {
        let descriptor = iconv_open("UTF-8", charset)
        if descriptor == nil || descriptor == iconv_t(bitPattern: -1) { return nil }
        return descriptor
    }
}
