/// Reads JSON text in one pass over its bytes, keeping a bounded part of it. The grammar is
/// RFC 8259's with what Foundation's parser (which it replaced) also allows: one trailing comma
/// in an array or object; like Foundation it refuses a number too large for a `Double`.
///
/// It exists because a JSON Feed is hostile input: Foundation's `JSONSerialization` builds an
/// object for every value, so a 15 MiB array of numbers or of tiny objects costs seconds and
/// gigabytes. Here an array keeps at most `Limits.maxArrayElements` elements and an object at
/// most `Limits.maxObjectMembers` members; the rest is still read and checked, but skipped
/// without building anything, and the reader says that it dropped something. Nesting past
/// `Limits.maxDepth` is an error, so the recursion stays shallow. A caller that wants every
/// element of one big array (a feed's items) reads it element by element with `readArray`.
struct JSONReader {
    struct Limits {
        var maxDepth: Int
        var maxArrayElements: Int
        var maxObjectMembers: Int
    }

    enum Failure: Error, Equatable {
        /// Not JSON: the offset of the first byte that cannot be read.
        case syntax(at: Int)
        /// Nested deeper than the limit.
        case tooDeep
    }

    private let bytes: [UInt8]
    private var position = 0
    let limits: Limits
    /// Elements of some array were dropped past `limits.maxArrayElements`.
    private(set) var droppedArrayElements = false
    /// Members of some object were dropped past `limits.maxObjectMembers`.
    private(set) var droppedObjectMembers = false

    init(_ bytes: [UInt8], limits: Limits) {
        self.bytes = bytes
        self.limits = limits
    }

    // MARK: Structure

    /// The next byte that is not whitespace, without consuming it; nil at the end.
    mutating func peek() -> UInt8? {
        skipWhitespace()
        return position < bytes.count ? bytes[position] : nil
    }

    /// Checks that nothing but whitespace is left.
    mutating func finish() throws(Failure) {
        if peek() != nil { throw .syntax(at: position) }
    }

    /// Reads one value, keeping at most the limits' elements and members of each container.
    mutating func value(depth: Int = 0) throws(Failure) -> JSONValue {
        switch peek() {
        case UInt8(ascii: "{"):
            var members: [String: JSONValue] = [:]
            let limit = limits.maxObjectMembers
            try readObject(depth: depth) { (name: String, reader: inout JSONReader) throws(Failure) in
                if members.count < limit || members[name] != nil {
                    members[name] = try reader.value(depth: depth + 1)
                } else {
                    reader.droppedObjectMembers = true
                    try reader.skip(depth: depth + 1)
                }
            }
            return .object(members)
        case UInt8(ascii: "["):
            var elements: [JSONValue] = []
            let limit = limits.maxArrayElements
            try readArray(depth: depth) { (reader: inout JSONReader) throws(Failure) in
                if elements.count < limit {
                    elements.append(try reader.value(depth: depth + 1))
                } else {
                    reader.droppedArrayElements = true
                    try reader.skip(depth: depth + 1)
                }
            }
            return .array(elements)
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        default:
            let start = position
            try number()
            return .number(String(decoding: bytes[start..<position], as: UTF8.self))
        }
    }

    /// Reads one value and keeps nothing of it (still checking that it is JSON).
    mutating func skip(depth: Int) throws(Failure) {
        switch peek() {
        case UInt8(ascii: "{"):
            try readObject(depth: depth) { (_: String, reader: inout JSONReader) throws(Failure) in
                try reader.skip(depth: depth + 1)
            }
        case UInt8(ascii: "["):
            try readArray(depth: depth) { (reader: inout JSONReader) throws(Failure) in try reader.skip(depth: depth + 1) }
        case UInt8(ascii: "\""):
            try skipString()
        case UInt8(ascii: "t"):
            try literal("true")
        case UInt8(ascii: "f"):
            try literal("false")
        case UInt8(ascii: "n"):
            try literal("null")
        default:
            try number()
        }
    }

    /// Reads the object that starts here, calling `member` with each name; `member` must read
    /// (or skip) the value through the reader it is given.
    mutating func readObject(depth: Int, _ member: (String, inout JSONReader) throws(Failure) -> Void) throws(Failure) {
        guard depth < limits.maxDepth else { throw .tooDeep }
        position += 1 // {
        if peek() == UInt8(ascii: "}") {
            position += 1
            return
        }
        while true {
            guard peek() == UInt8(ascii: "\"") else { throw .syntax(at: position) }
            let name = try string()
            guard peek() == UInt8(ascii: ":") else { throw .syntax(at: position) }
            position += 1
            try member(name, &self)
            switch peek() {
            case UInt8(ascii: ","):
                position += 1
                if peek() == UInt8(ascii: "}") { position += 1; return }
            case UInt8(ascii: "}"): position += 1; return
            default: throw .syntax(at: position)
            }
        }
    }

    /// Reads the array that starts here, calling `element` once per element; `element` must
    /// read (or skip) it through the reader it is given.
    mutating func readArray(depth: Int, _ element: (inout JSONReader) throws(Failure) -> Void) throws(Failure) {
        guard depth < limits.maxDepth else { throw .tooDeep }
        position += 1 // [
        if peek() == UInt8(ascii: "]") {
            position += 1
            return
        }
        while true {
            try element(&self)
            switch peek() {
            case UInt8(ascii: ","):
                position += 1
                if peek() == UInt8(ascii: "]") { position += 1; return }
            case UInt8(ascii: "]"): position += 1; return
            default: throw .syntax(at: position)
            }
        }
    }

    // MARK: Tokens

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private mutating func literal(_ word: String) throws(Failure) {
        for byte in word.utf8 {
            guard position < bytes.count, bytes[position] == byte else { throw .syntax(at: position) }
            position += 1
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, within a `Double`'s range.
    private mutating func number() throws(Failure) {
        let start = position
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < bytes.count, bytes[position].isDigit else { throw .syntax(at: position) }
        if bytes[position] == UInt8(ascii: "0") { position += 1 } else { skipDigits() }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard position < bytes.count, bytes[position].isDigit else { throw .syntax(at: position) }
            skipDigits()
        }
        var exponent = false
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            exponent = true
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard position < bytes.count, bytes[position].isDigit else { throw .syntax(at: position) }
            skipDigits()
        }
        // Only an exponent or hundreds of digits can leave a Double's range.
        if exponent || position - start > 300 {
            let value = Double(String(decoding: bytes[start..<position], as: UTF8.self))
            guard value?.isFinite ?? false else { throw .syntax(at: start) }
        }
    }

    private mutating func skipDigits() {
        while position < bytes.count, bytes[position].isDigit { position += 1 }
    }

    /// A string starting at its opening quote, escapes decoded.
    private mutating func string() throws(Failure) -> String {
        position += 1
        let start = position
        // Most strings have no escape: one scan, one copy.
        while position < bytes.count {
            let c = bytes[position]
            if c == UInt8(ascii: "\"") {
                defer { position += 1 }
                return String(decoding: bytes[start..<position], as: UTF8.self)
            }
            if c == UInt8(ascii: "\\") { break }
            guard c >= 0x20 else { throw .syntax(at: position) }
            position += 1
        }
        var out = Array(bytes[start..<position])
        while position < bytes.count {
            let c = bytes[position]
            if c == UInt8(ascii: "\"") {
                position += 1
                return String(decoding: out, as: UTF8.self)
            }
            guard c >= 0x20 else { throw .syntax(at: position) }
            if c != UInt8(ascii: "\\") {
                out.append(c)
                position += 1
                continue
            }
            try escape(into: &out)
        }
        throw .syntax(at: position)
    }

    private mutating func skipString() throws(Failure) {
        position += 1
        var scratch: [UInt8] = []
        while position < bytes.count {
            let c = bytes[position]
            if c == UInt8(ascii: "\"") {
                position += 1
                return
            }
            guard c >= 0x20 else { throw .syntax(at: position) }
            if c == UInt8(ascii: "\\") {
                try escape(into: &scratch)
                scratch.removeAll(keepingCapacity: true)
            } else {
                position += 1
            }
        }
        throw .syntax(at: position)
    }

    /// One escape sequence at `position` (its backslash), appended as UTF-8. A `\u` escape of a
    /// surrogate must be half of a pair, as Foundation requires.
    private mutating func escape(into out: inout [UInt8]) throws(Failure) {
        guard position + 1 < bytes.count else { throw .syntax(at: position) }
        let kind = bytes[position + 1]
        position += 2
        switch kind {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(kind)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xDC00...0xDFFF).contains(scalar) { throw .syntax(at: position) }
            if (0xD800...0xDBFF).contains(scalar) {
                guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                      bytes[position + 1] == UInt8(ascii: "u") else { throw .syntax(at: position) }
                position += 2
                let low = try hex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw .syntax(at: position) }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            // Never a surrogate here, and at most 0x10FFFF: always a scalar.
            let character = Unicode.Scalar(scalar) ?? "\u{FFFD}"
            out.append(contentsOf: String(Character(character)).utf8)
        default:
            throw .syntax(at: position - 1)
        }
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard position + 4 <= bytes.count else { throw .syntax(at: position) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[position]
            let digit: UInt32
            switch c {
            case 0x30...0x39: digit = UInt32(c - 0x30)
            case 0x41...0x46: digit = UInt32(c - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(c - 0x61 + 10)
            default: throw .syntax(at: position)
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }
}
