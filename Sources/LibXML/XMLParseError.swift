/// Why a document could not be read, with the line libxml2 was on when it gave up.
public struct XMLParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The input is larger than the caller's limit; nothing was parsed.
        case inputTooLarge(limit: Int)
        /// libxml2 reported an error it could not recover from.
        case malformed
        /// libxml2 could not even start (out of memory, empty input).
        case cannotStart
    }

    public var kind: Kind
    public var message: String
    /// 1-based line of the input, when known.
    public var line: Int?

    public init(kind: Kind, message: String, line: Int? = nil) {
        self.kind = kind
        self.message = message
        self.line = line
    }

    public var description: String {
        if let line { return "line \(line): \(message)" }
        return message
    }

    /// The checks every XML entry point makes before libxml2 sees a byte.
    static func checkDocumentSize(_ count: Int, maxBytes: Int) throws {
        guard count <= maxBytes else {
            throw XMLParseError(kind: .inputTooLarge(limit: maxBytes),
                                message: "document is \(count) bytes, over the limit of \(maxBytes)")
        }
        guard count > 0 else {
            throw XMLParseError(kind: .cannotStart, message: "document is empty")
        }
    }
}
