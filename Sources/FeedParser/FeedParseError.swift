/// Why bytes could not be read as a feed. The message is one line a user can act on.
public struct FeedParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The document is something else: HTML, OPML, an image, empty…
        case notAFeed
        /// The document is over the size limit.
        case tooLarge
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
