/// One attribute of an element, as the parser saw it.
public struct XMLAttribute: Sendable, Equatable {
    /// The name with its prefix as written (`xml:base`, `href`).
    public var name: String
    /// The local part of the name (`base`, `href`).
    public var localName: String
    /// The namespace URI, or "" when the attribute has none.
    public var namespaceURI: String
    public var value: String

    public init(name: String, localName: String, namespaceURI: String, value: String) {
        self.name = name
        self.localName = localName
        self.namespaceURI = namespaceURI
        self.value = value
    }
}

/// The start of an element: its names and attributes. Namespace declarations are not attributes.
public struct XMLStartElement: Sendable, Equatable {
    /// The qualified name as written (`dc:creator`). When a prefix was never declared, libxml2
    /// keeps the whole qualified name here and in `localName`, and `namespaceURI` is "".
    public var name: String
    public var localName: String
    public var namespaceURI: String
    public var attributes: [XMLAttribute]
    /// URIs of the namespaces this element declares (`xmlns`, `xmlns:p`), in document order.
    public var namespaceDeclarations: [String]

    public init(name: String, localName: String, namespaceURI: String, attributes: [XMLAttribute],
                namespaceDeclarations: [String] = []) {
        self.name = name
        self.localName = localName
        self.namespaceURI = namespaceURI
        self.attributes = attributes
        self.namespaceDeclarations = namespaceDeclarations
    }

    /// The value of the attribute with this qualified name, if present.
    public func attribute(_ qualifiedName: String) -> String? {
        attributes.first { $0.name == qualifiedName }?.value
    }

    /// The value of the attribute with this local name in this namespace ("" for none).
    public func attribute(local: String, namespace: String) -> String? {
        attributes.first { $0.localName == local && $0.namespaceURI == namespace }?.value
    }
}

/// Receives a document as a flat sequence of events: every `startElement` is matched by one
/// `endElement`, even for empty elements and for elements still open when input ends early.
public protocol XMLEventHandler {
    mutating func startElement(_ element: XMLStartElement)
    mutating func endElement()
    /// Character data (text, CDATA, whitespace), entities already decoded. May come in pieces.
    mutating func text(_ text: String)
    /// False while the handler would ignore text, so the reader need not build strings for it.
    /// Asked at the start and after every element event: it may change only at those points.
    var wantsText: Bool { get }
}

extension XMLEventHandler {
    public var wantsText: Bool { true }
}

/// How a pass over a document ended.
public struct XMLReadOutcome: Sendable {
    /// True when libxml2 saw no well-formedness error at all.
    public var wellFormed: Bool
    /// The first error libxml2 reported, whether or not it recovered from it.
    public var firstError: XMLParseError?
    /// True when reading stopped before the end of the input because of an error.
    public var stoppedEarly: Bool
    /// Number of elements delivered.
    public var elementCount: Int
}
