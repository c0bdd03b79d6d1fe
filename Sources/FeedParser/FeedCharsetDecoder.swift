import LibXML

/// Turns a feed's bytes into UTF-8 before XML parsing, so that every charset decision is made
/// once, here, by rules a user can read:
///
/// 1. A byte-order mark wins (UTF-8, UTF-16, UTF-32), then the shape of the first bytes
///    (`<?xml` in UTF-16/32 or EBCDIC without a BOM).
/// 2. Otherwise the HTTP charset, then the XML declaration, then UTF-8.
/// 3. A label that cannot be right is overruled: bytes that are valid UTF-8 (with some non-ASCII)
///    are UTF-8 whatever the label says; bytes labelled (or defaulted to) UTF-8 that are not valid
///    UTF-8 keep their valid sequences and read the stray bytes as Windows-1252.
enum FeedCharsetDecoder {
    struct Decoded {
        var utf8: [UInt8]
        /// The charset the bytes were read as.
        var charset: String
    }

    static func decode(_ bytes: [UInt8], httpCharset: String?) -> Decoded {
        if let (bom, length) = byteOrderMark(bytes) {
            let body = Array(bytes[length...])
            if bom == "utf-8" { return Decoded(utf8: repairUTF8(body), charset: bom) }
            return Decoded(utf8: CharsetConverter.utf8(from: body, charset: bom) ?? repairUTF8(body), charset: bom)
        }
        if let sniffed = sniffWideOrEBCDIC(bytes), let converted = CharsetConverter.utf8(from: bytes, charset: sniffed) {
            // UTF-16/32 and EBCDIC declarations can name a more precise variant (cp500, utf-16le).
            if sniffed.hasPrefix("ibm037"), let declared = declaredEncoding(in: converted).map(normalize),
               declared != sniffed, let precise = convert(bytes, declared) {
                return Decoded(utf8: precise, charset: declared)
            }
            return Decoded(utf8: converted, charset: sniffed)
        }
        let declared = declaredEncoding(in: bytes).map(normalize)
        let label = httpCharset.map(normalize) ?? declared
        let hasNonASCII = ByteScan.containsNonASCII(bytes)
        guard hasNonASCII else {
            // Seven-bit stateful charsets (ISO-2022-JP, UTF-7, HZ) still need converting.
            if let label, isSevenBitStateful(label), let converted = convert(bytes, label) {
                return Decoded(utf8: converted, charset: label)
            }
            return Decoded(utf8: bytes, charset: label ?? "utf-8")
        }
        let validUTF8 = ByteScan.isValidUTF8(bytes)
        if label == nil || isUTF8Label(label!) || isWideLabel(label!) {
            if validUTF8 { return Decoded(utf8: bytes, charset: "utf-8") }
            if let declared, !isUTF8Label(declared), !isWideLabel(declared), let converted = convert(bytes, declared) {
                return Decoded(utf8: converted, charset: declared)
            }
            return Decoded(utf8: repairUTF8(bytes), charset: "utf-8+windows-1252")
        }
        if validUTF8 { return Decoded(utf8: bytes, charset: "utf-8") }
        for candidate in [label!, declared].compactMap({ $0 }) {
            if let converted = convert(bytes, candidate) { return Decoded(utf8: converted, charset: candidate) }
        }
        return Decoded(utf8: repairUTF8(bytes), charset: "utf-8+windows-1252")
    }

    /// Converts with our own tables first (charsets iconv lacks), then iconv.
    static func convert(_ bytes: [UInt8], _ charset: String) -> [UInt8]? {
        if let table = SingleByteCharsets.table(for: charset) {
            return SingleByteCharsets.decode(bytes, table: table)
        }
        for name in iconvNames(for: charset) {
            if let converted = CharsetConverter.utf8(from: bytes, charset: name) { return converted }
        }
        return nil
    }

    /// Lower-cased, trimmed, quotes removed, with common aliases resolved.
    static func normalize(_ label: String) -> String {
        var name = label.trimmingASCIIWhitespace().lowercased()
        name.removeAll { $0 == "\"" || $0 == "'" }
        switch name {
        case "utf8", "unicode-1-1-utf-8", "x-unicode20utf8": return "utf-8"
        case "latin1", "latin-1", "iso8859-1", "iso_8859-1", "l1": return "iso-8859-1"
        case "cp_is", "cp-is": return "cp861"
        case "macroman", "mac-roman", "x-mac-roman": return "macintosh"
        case "maccentraleurope", "mac-centraleurope", "x-mac-ce", "mac_ce": return "mac-centraleurope"
        case "maccyrillic", "x-mac-cyrillic": return "maccyrillic"
        case "shift-jis", "sjis", "x-sjis": return "shift_jis"
        case "windows-874": return "cp874"
        default: break
        }
        // Python-style aliases: windows_1252, ebcdic_cp_us, utf_16.
        if name.contains("_"), !name.hasPrefix("shift_"), !name.hasPrefix("iso_") {
            name = name.replacingAll("_", with: "-")
        }
        return name
    }

    static func iconvNames(for charset: String) -> [String] {
        var names = [charset]
        if charset.hasPrefix("windows-") { names.append("cp" + charset.dropFirst("windows-".count)) }
        if charset.hasPrefix("cp"), charset.dropFirst(2).allSatisfy(\.isASCIIDigit) { names.append("ibm" + charset.dropFirst(2)) }
        if charset.allSatisfy(\.isASCIIDigit) { names.append("cp" + charset) }
        if charset.hasPrefix("csibm") { names.append("ibm" + charset.dropFirst(5)) }
        if charset.hasPrefix("cspc"), let digits = Optional(charset.filter(\.isASCIIDigit)), !digits.isEmpty { names.append("ibm" + digits) }
        if charset.contains("-") { names.append(charset.replacingAll("-", with: "")) }
        return names
    }

    static func isSevenBitStateful(_ label: String) -> Bool {
        label.hasPrefix("iso-2022") || label.hasPrefix("iso2022") || label == "utf-7" || label == "hz-gb-2312" || label == "hz"
    }

    static func isUTF8Label(_ label: String) -> Bool { label == "utf-8" || label == "us-ascii" || label == "ascii" }
    static func isWideLabel(_ label: String) -> Bool { label.hasPrefix("utf-16") || label.hasPrefix("utf-32") || label == "ucs-2" || label == "ucs-4" }

    static func byteOrderMark(_ b: [UInt8]) -> (String, Int)? {
        if b.starts(with: [0xEF, 0xBB, 0xBF]) { return ("utf-8", 3) }
        if b.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return ("utf-32be", 4) }
        if b.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return ("utf-32le", 4) }
        if b.starts(with: [0xFE, 0xFF]) { return ("utf-16be", 2) }
        if b.starts(with: [0xFF, 0xFE]) { return ("utf-16le", 2) }
        return nil
    }

    /// `<` or `<?` in a wide encoding, or `<?xm` in EBCDIC, at the very start.
    static func sniffWideOrEBCDIC(_ b: [UInt8]) -> String? {
        guard b.count >= 4 else { return nil }
        let head = Array(b.prefix(4))
        if head == [0x00, 0x00, 0x00, 0x3C] { return "utf-32be" }
        if head == [0x3C, 0x00, 0x00, 0x00] { return "utf-32le" }
        if head[0] == 0x00, head[1] == 0x3C { return "utf-16be" }
        if head[0] == 0x3C, head[1] == 0x00 { return "utf-16le" }
        if head == [0x4C, 0x6F, 0xA7, 0x94] { return "ibm037" }
        // Whitespace before the first '<' in UTF-16 (rare but seen).
        if head[0] == 0x00, head[1] == 0x20 || head[1] == 0x0A { return "utf-16be" }
        if head[1] == 0x00, head[0] == 0x20 || head[0] == 0x0A, head[3] == 0x00 { return "utf-16le" }
        return nil
    }

    /// The encoding named in an XML declaration within the first kilobyte, if any.
    static func declaredEncoding(in bytes: [UInt8]) -> String? {
        let head = Array(bytes.prefix(1024))
        guard let start = ByteScan.indexAfter("<?xml", in: head, from: 0, end: head.count) else { return nil }
        let end = ByteScan.indexAfter("?>", in: head, from: start, end: head.count).map { $0 - 2 } ?? head.count
        guard let keyEnd = ByteScan.indexAfter("encoding", in: head, from: start, end: end) else { return nil }
        var i = keyEnd
        while i < end, head[i] == 0x20 || head[i] == 0x3D || head[i] == 0x09 { i += 1 }
        guard i < end, head[i] == 0x22 || head[i] == 0x27 else { return nil }
        let quote = head[i]
        i += 1
        let valueStart = i
        while i < end, head[i] != quote { i += 1 }
        let value = String(decoding: head[valueStart..<i], as: UTF8.self)
        return value.isEmpty ? nil : value
    }

    /// Keeps valid UTF-8 sequences and reads every other byte as Windows-1252.
    static func repairUTF8(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count + 16)
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { out.append(b); i += 1; continue }
            let length = ByteScan.validSequenceLength(bytes, at: i)
            if length > 0 {
                out.append(contentsOf: bytes[i..<(i + length)])
                i += length
            } else {
                appendUTF8(UInt32(SingleByteCharsets.windows1252[Int(b) - 0x80]), to: &out)
                i += 1
            }
        }
        return out
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for ch in self { if ch == target { out += replacement } else { out.append(ch) } }
        return out
    }
}
