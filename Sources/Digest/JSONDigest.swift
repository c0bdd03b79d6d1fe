import Foundation

/// The JSON digest: the `DigestDay` model as documented in docs/digest-schema.md.
///
/// Stable byte for byte: keys sorted, pretty-printed, slashes unescaped, one trailing newline,
/// absent values written as `null` rather than left out.
public enum JSONDigest {
    public static func render(_ day: DigestDay) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // The model holds only strings, integers, booleans, arrays and objects: encoding cannot fail.
        guard let data = try? encoder.encode(day), let text = String(data: data, encoding: .utf8) else {
            return "{}\n"
        }
        return text + "\n"
    }

    /// Reads a JSON digest back (for re-rendering a stored day as HTML or Markdown).
    public static func parse(_ data: Data) throws -> DigestDay {
        try JSONDecoder().decode(DigestDay.self, from: data)
    }
}
