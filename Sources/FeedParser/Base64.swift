import Foundation

/// Base64 content (Atom 0.3 `mode="base64"`), decoded leniently: line breaks and stray
/// characters are skipped.
enum Base64 {
    static func decodeString(_ raw: String) -> String? {
        guard let data = Data(base64Encoded: raw.trimmingASCIIWhitespace(), options: .ignoreUnknownCharacters) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
