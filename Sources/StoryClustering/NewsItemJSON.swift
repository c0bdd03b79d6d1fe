/// Reads one JSON Lines record of the `feedwatch cluster` contract
/// (`{"id","source","title","text","published","url"}`, plus an optional `"guid"`) into a
/// `NewsItem`, without Foundation's general-purpose decoder.
///
/// Streams of a million items spend most of their parsing time in a generic decoder; this one
/// reads flat objects only, handles every JSON string escape (including surrogate pairs), and
/// skips values it does not need (numbers, booleans, nested arrays or objects).
public enum NewsItemJSON {
    public enum Failure: Error, Sendable, Equatable {
        case notAnObject
        case missingID
        case malformed(offset: Int)
    }

    public static func decode(_ bytes: [UInt8]) throws(Failure) -> NewsItem {
        var p = Parser(bytes: bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { p.i = 3 }  // a byte-order mark on the first line
        p.skipSpace()
        guard p.peek == UInt8(ascii: "{") else { throw .notAnObject }
        p.i += 1
        var fields: [String: String] = [:]
        p.skipSpace()
        if p.peek == UInt8(ascii: "}") { throw .missingID }
        while true {
            p.skipSpace()
            guard let key = p.string() else { throw .malformed(offset: p.i) }
            p.skipSpace()
            guard p.peek == UInt8(ascii: ":") else { throw .malformed(offset: p.i) }
            p.i += 1
            p.skipSpace()
            if p.peek == UInt8(ascii: "\"") {
                guard let value = p.string() else { throw .malformed(offset: p.i) }
                fields[key] = value
            } else if !p.skipValue() {
                throw .malformed(offset: p.i)
            }
            p.skipSpace()
            if p.peek == UInt8(ascii: ",") { p.i += 1; continue }
            if p.peek == UInt8(ascii: "}") { p.i += 1; break }
            throw .malformed(offset: p.i)
        }
        p.skipSpace()
        guard p.i == bytes.count else { throw .malformed(offset: p.i) }
        guard let id = fields["id"] else { throw .missingID }
        return NewsItem(id: id, source: fields["source"] ?? "", title: fields["title"] ?? "",
                        text: fields["text"] ?? "", published: fields["published"].flatMap(RFC3339.seconds),
                        url: fields["url"] ?? "", guid: fields["guid"])
    }

    struct Parser {
        let bytes: [UInt8]
        var i = 0

        var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

        mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
        }

        /// A JSON string at `i`, unescaped; nil if malformed.
        mutating func string() -> String? {
            guard peek == UInt8(ascii: "\"") else { return nil }
            i += 1
            let start = i
            // Fast path: no escapes.
            while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\") {
                if bytes[i] < 0x20 { return nil }
                i += 1
            }
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: bytes[start..<(i - 1)], as: UTF8.self)
            }
            var out = Array(bytes[start..<i])
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") { i += 1; return String(decoding: out, as: UTF8.self) }
                if b < 0x20 { return nil }
                if b != UInt8(ascii: "\\") { out.append(b); i += 1; continue }
                i += 1
                guard i < bytes.count else { return nil }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    guard var scalar = hex4() else { return nil }
                    if (0xD800..<0xDC00).contains(scalar) {
                        // A high surrogate must be followed by \u and a low surrogate.
                        if i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                            i += 2
                            guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            scalar = 0xFFFD
                        }
                    } else if (0xDC00..<0xE000).contains(scalar) {
                        scalar = 0xFFFD
                    }
                    out.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8))
                default:
                    return nil
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard i + 4 <= bytes.count else { return nil }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let b = bytes[i]
                let d: UInt32
                switch b {
                case 48...57: d = UInt32(b - 48)
                case 65...70: d = UInt32(b - 55)
                case 97...102: d = UInt32(b - 87)
                default: return nil
                }
                v = v << 4 | d
                i += 1
            }
            return v
        }

        /// Skips a non-string value (number, literal, array, object); false if malformed.
        mutating func skipValue() -> Bool {
            guard let b = peek else { return false }
            if b == UInt8(ascii: "[") || b == UInt8(ascii: "{") {
                var depth = 0
                while let c = peek {
                    if c == UInt8(ascii: "\"") { guard string() != nil else { return false }; continue }
                    if c == UInt8(ascii: "[") || c == UInt8(ascii: "{") { depth += 1 }
                    if c == UInt8(ascii: "]") || c == UInt8(ascii: "}") {
                        depth -= 1
                        if depth == 0 { i += 1; return true }
                    }
                    i += 1
                }
                return false
            }
            let start = i
            while let c = peek, c != UInt8(ascii: ","), c != UInt8(ascii: "}"), c != 0x20, c != 0x09, c != 0x0A, c != 0x0D { i += 1 }
            let token = bytes[start..<i]
            if token.elementsEqual("null".utf8) || token.elementsEqual("true".utf8) || token.elementsEqual("false".utf8) { return true }
            return !token.isEmpty && token.allSatisfy { ($0 >= 48 && $0 <= 57) || $0 == 0x2D || $0 == 0x2B || $0 == 0x2E || $0 == 0x65 || $0 == 0x45 }
        }
    }
}
