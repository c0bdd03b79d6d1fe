import Foundation

/// The JSON text kept beside an entry in the store (analysis, page metadata): sorted keys, so
/// the same value always gives the same text.
enum StoredJSON {
    static func text<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
