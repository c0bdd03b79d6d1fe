/// What reading one page may cost, whatever its shape: caps that keep time and memory in
/// proportion to the page's size, so that no page (a million attributes on one element, a
/// million nested elements, millions of tiny ones) can hang or starve the process that reads it.
/// A page over a cap is still read; what is past the cap is left out and named in `HTMLColumns.cuts`.
public struct HTMLBudget: Sendable, Equatable {
    /// Nodes kept (elements, text and comments); the rest of the page is not read.
    public var maxNodes: Int
    /// Attributes kept per element, the first ones.
    public var maxAttributes: Int
    /// Bytes kept of an attribute's value.
    public var maxAttributeBytes: Int
    /// Nesting kept; deeper elements are attached to their ancestor at this depth.
    public var maxDepth: Int
    /// Parse errors tolerated; at the next one the rest of the page is not read. libxml2 does
    /// work for each (an end tag that closes nothing is looked up through every open element,
    /// then formatted as a message), and a page can be millions of them.
    public var maxErrors: Int

    public init(maxNodes: Int, maxAttributes: Int, maxAttributeBytes: Int, maxDepth: Int, maxErrors: Int = 100_000) {
        self.maxNodes = max(1, maxNodes)
        self.maxAttributes = max(1, maxAttributes)
        self.maxAttributeBytes = max(1, maxAttributeBytes)
        self.maxDepth = max(1, maxDepth)
        self.maxErrors = max(1, maxErrors)
    }

    /// Far above any real article page (a long one has 20 000 nodes, a dozen attributes per
    /// element and nesting in the tens), and within 2 s of CPU and 300 MB for a 15 MiB page.
    public static let standard = HTMLBudget(maxNodes: 300_000, maxAttributes: 256, maxAttributeBytes: 64 << 10, maxDepth: 256)
}

/// A cap of the `HTMLBudget` that a page went over.
public enum HTMLCut: Sendable, Equatable, CustomStringConvertible {
    /// The page has more nodes than this: the rest of it was not read.
    case nodes(max: Int)
    /// An element had more attributes than this: the others were dropped.
    case attributes(max: Int)
    /// An attribute's value was longer than this many bytes: it was shortened.
    case attributeLength(max: Int)
    /// Elements were nested deeper than this: the deeper ones were attached at this depth.
    case nesting(max: Int)
    /// The page had more parse errors than this: the rest of it was not read.
    case errors(max: Int)

    public var description: String {
        switch self {
        case .nodes(let max): return "more than \(max) nodes: the rest of the page was not read"
        case .attributes(let max): return "an element with more than \(max) attributes: the others were dropped"
        case .attributeLength(let max): return "an attribute value over \(max) bytes: it was shortened"
        case .nesting(let max): return "elements nested more than \(max) deep: the deeper ones were flattened"
        case .errors(let max): return "more than \(max) markup errors: the rest of the page was not read"
        }
    }
}
