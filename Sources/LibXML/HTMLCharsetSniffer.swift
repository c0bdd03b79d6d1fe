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

    /// The name of the page's charset when it is one in which ASCII characters are not single
    /// bytes (UTF-16 or UTF-32, declared or marked by a byte-order mark); nil otherwise.
    static func wideCharset(of bytes: [UInt8], declared: String?) -> String? {
        if let declared {
            let name = declared.lowercased()
            return name.hasPrefix("utf-16") || name.hasPrefix("utf-32") || name.hasPrefix("ucs-") || name.hasPrefix("utf16")
                || name.hasPrefix("utf32") ? declared : nil
        }
        if bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return "UTF-32LE" }
        if bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return "UTF-32BE" }
        if bytes.starts(with: [0xFF, 0xFE]) { return "UTF-16LE" }
        if bytes.starts(with: [0xFE, 0xFF]) { return "UTF-16BE" }
        return nil
    }
}
