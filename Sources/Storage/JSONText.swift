import Foundation

/// String lists (tags, authors) as a JSON array in one text column: readable with SQLite's own
/// JSON functions, and cheap to write and read by hand here (one entry row holds two lists, and
/// the digest reads thousands of rows).
public enum JSONText {
    public static func encode(_ strings: [String]) -> String {
        var out = "["
        for (i, s) in strings.enumerated() {
            if i > 0 { out += "," }
            out += "\""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(scalar)
                }
            }
            out += "\""
        }
        return out + "]"
    }

    public static func decodeStrings(_ text: String?) -> [String] {
        guard let text, text != "[]" else { return [] }
        if let list = parseStringArray(text) { return list }
        return (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }

    /// The arrays `encode` writes; nil for anything else (then JSONDecoder has a go).
    private static func parseStringArray(_ text: String) -> [String]? {
        var scalars = text.unicodeScalars.makeIterator()
        guard scalars.next() == "[" else { return nil }
        var list: [String] = []
        var current = String.UnicodeScalarView()
        var inString = false
        while let c = scalars.next() {
            if inString {
                switch c {
                case "\"":
                    list.append(String(current))
                    current = String.UnicodeScalarView()
                    inString = false
                case "\\":
                    switch scalars.next() {
                    case "\"": current.append("\"")
                    case "\\": current.append("\\")
                    case "/": current.append("/")
                    case "n": current.append("\n")
                    case "r": current.append("\r")
                    case "t": current.append("\t")
                    case "u":
                        var hex = ""
                        for _ in 0..<4 { if let h = scalars.next() { hex.unicodeScalars.append(h) } }
                        // Only the control characters `encode` escapes; anything else goes to JSONDecoder.
                        guard let value = UInt32(hex, radix: 16), value < 0x20, let scalar = Unicode.Scalar(value) else { return nil }
                        current.append(scalar)
                    default: return nil
                    }
                default: current.append(c)
                }
            } else {
                switch c {
                case "\"": inString = true
                case ",", " ": continue
                case "]": return scalars.next() == nil ? list : nil
                default: return nil
                }
            }
        }
        return nil
    }
}
