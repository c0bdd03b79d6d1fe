import Foundation

/// Output helpers shared by the stage commands: stable JSON on stdout, one-line errors on stderr.
enum CommandOutput {
    /// Encodes `value` with sorted keys and unescaped slashes, so output is stable and diffable.
    static func json<T: Encodable>(_ value: T, pretty: Bool = true) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty
            ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
            : [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        return String(decoding: data, as: UTF8.self)
    }

    static func printJSON<T: Encodable>(_ value: T, pretty: Bool = true) throws {
        let text = try json(value, pretty: pretty) + "\n"
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes exactly one line to stderr and exits with status 1.
    static func fail(_ message: String) -> Never {
        let line = message.replacingOccurrences(of: "\n", with: " ") + "\n"
        FileHandle.standardError.write(Data(line.utf8))
        exit(1)
    }

    /// Reads a whole file, failing with a clear one-line error naming it.
    static func readFile(_ path: String) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            fail("feedwatch: cannot read \(path): no such file or not readable")
        }
        return [UInt8](data)
    }
}
