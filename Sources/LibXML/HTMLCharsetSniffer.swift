/// Picks the charset for a page that carries none in its HTTP header.
enum HTMLCharsetSniffer {
    /// nil when the page declares its charset in its first 4 KB or starts with a BOM (libxml2 then
    /// does the right thing); "UTF-8" for undeclared valid UTF-8; "windows-1252" otherwise.
    static func fallbackCharset(for bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) || bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return nil
        }
        let head = bytes.prefix(4096).map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }
        if ByteScan.indexAfter("charset", in: head, from: 0, end: head.count) != nil { return nil }
        return ByteScan.isValidUTF8(bytes) ? "UTF-8" : "windows-1252"
    }
}
