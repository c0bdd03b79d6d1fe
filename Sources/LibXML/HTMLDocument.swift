import CLibXML2

/// An HTML page parsed by libxml2's forgiving HTML parser and copied into plain Swift values,
/// so that extraction code never touches a pointer. Nodes live in one array (an arena) and refer
/// to each other by index; index 0 is the document itself.
public struct HTMLDocument: Sendable {
    /// Default cap on page size: article pages are rarely over 2 MB; 16 MB leaves room.
    public static let defaultMaxBytes = 16 << 20

    /// One node of the page.
    public struct Node: Sendable {
        public enum Kind: Sendable, Equatable { case document, element, text, comment }
        public var kind: Kind
        /// Lower-case tag name for elements; "" otherwise.
        public var name: String
        public var attributes: [(name: String, value: String)]
        /// Text of text and comment nodes; "" for elements.
        public var text: String
        /// Index of the parent; -1 for the document.
        public var parent: Int
        public var children: [Int]

        /// The value of an attribute (names are lower case in HTML).
        public func attribute(_ name: String) -> String? {
            attributes.first { $0.name == name }?.value
        }
    }

    public private(set) var nodes: [Node]
    /// The charset the page was decoded with, when known.
    public private(set) var encoding: String?

    /// The document node's index.
    public static let root = 0

    /// Parses an HTML page.
    /// - Parameters:
    ///   - encoding: the charset from the HTTP header (it wins over the page's meta tags);
    ///     nil to take the page's own declaration, or Windows-1252 for unlabelled bytes that are
    ///     not valid UTF-8.
    ///   - url: the page's address, for libxml2's messages.
    public static func parse(_ bytes: [UInt8], encoding: String? = nil, url: String? = nil,
                             maxBytes: Int = defaultMaxBytes) throws -> HTMLDocument {
        guard bytes.count <= maxBytes else {
            throw XMLParseError(kind: .inputTooLarge(limit: maxBytes),
                                message: "page is \(bytes.count) bytes, over the limit of \(maxBytes)")
        }
        LibXMLRuntime.prepare()
        let charset = encoding ?? HTMLCharsetSniffer.fallbackCharset(for: bytes)
        if bytes.isEmpty {
            return HTMLDocument(nodes: [Node(kind: .document, name: "", attributes: [], text: "", parent: -1, children: [])],
                                encoding: charset)
        }
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                htmlReadMemory(chars.baseAddress, Int32(chars.count), url ?? "page.html", charset, ParseOptions.html)
            }
        }
        guard let document else {
            throw XMLParseError(kind: .malformed, message: "libxml2 could not read the page as HTML")
        }
        defer { xmlFreeDoc(document) }
        var copy = HTMLDocument(nodes: [], encoding: charset ?? document.pointee.encoding.map { String(cString: $0) })
        copy.copyTree(of: document)
        return copy
    }

    private init(nodes: [Node], encoding: String?) {
        self.nodes = nodes
        self.encoding = encoding
    }

    private mutating func copyTree(of document: htmlDocPtr) {
        nodes.append(Node(kind: .document, name: "", attributes: [], text: "", parent: -1, children: []))
        var names = NameCache()
        var stack: [(node: xmlNodePtr, parent: Int)] = []
        var child = document.pointee.children
        var pending: [xmlNodePtr] = []
        while let c = child { pending.append(c); child = c.pointee.next }
        for c in pending.reversed() { stack.append((c, 0)) }
        while let (node, parent) = stack.popLast() {
            let index: Int
            switch node.pointee.type {
            case XML_ELEMENT_NODE:
                index = nodes.count
                nodes.append(Node(kind: .element, name: names.string(node.pointee.name).lowercased(),
                                  attributes: Self.attributes(node, &names), text: "", parent: parent, children: []))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                index = nodes.count
                let text = node.pointee.content.map { String(cString: $0) } ?? ""
                nodes.append(Node(kind: .text, name: "", attributes: [], text: text, parent: parent, children: []))
            case XML_COMMENT_NODE:
                index = nodes.count
                let text = node.pointee.content.map { String(cString: $0) } ?? ""
                nodes.append(Node(kind: .comment, name: "", attributes: [], text: text, parent: parent, children: []))
            default:
                continue
            }
            nodes[parent].children.append(index)
            if node.pointee.type == XML_ELEMENT_NODE {
                pending.removeAll(keepingCapacity: true)
                var grandchild = node.pointee.children
                while let g = grandchild { pending.append(g); grandchild = g.pointee.next }
                for g in pending.reversed() { stack.append((g, index)) }
            }
        }
    }

    private static func attributes(_ node: xmlNodePtr, _ names: inout NameCache) -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = []
        var property = node.pointee.properties
        while let attribute = property {
            var value = ""
            var child = attribute.pointee.children
            while let text = child {
                if let content = text.pointee.content { value += String(cString: content) }
                child = text.pointee.next
            }
            result.append((names.string(attribute.pointee.name).lowercased(), value))
            property = attribute.pointee.next
        }
        return result
    }

    // MARK: - Reading the tree

    public subscript(index: Int) -> Node { nodes[index] }

    /// Indexes of all elements with this tag name, in document order.
    public func elements(named name: String) -> [Int] {
        var result: [Int] = []
        for index in descendants(of: Self.root) where nodes[index].kind == .element && nodes[index].name == name {
            result.append(index)
        }
        return result
    }

    /// All descendants of a node in document order (not the node itself).
    public func descendants(of index: Int) -> [Int] {
        var result: [Int] = []
        var stack = nodes[index].children.reversed() as [Int]
        while let next = stack.popLast() {
            result.append(next)
            stack.append(contentsOf: nodes[next].children.reversed())
        }
        return result
    }

    /// The concatenated text of a node and its descendants, skipping script, style and template.
    public func textContent(of index: Int) -> String {
        if nodes[index].kind == .text { return nodes[index].text }
        var out = ""
        var stack = nodes[index].children.reversed() as [Int]
        while let next = stack.popLast() {
            let node = nodes[next]
            switch node.kind {
            case .text: out += node.text
            case .element:
                if node.name == "script" || node.name == "style" || node.name == "template" { continue }
                stack.append(contentsOf: node.children.reversed())
            default: break
            }
        }
        return out
    }
}

/// Picks the charset for a page that carries none in its HTTP header.
enum HTMLCharsetSniffer {
    /// nil when the page declares its charset in its first 4 KB or starts with a BOM (libxml2 then
    /// does the right thing); "UTF-8" for undeclared valid UTF-8; "windows-1252" otherwise.
    static func fallbackCharset(for bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) || bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return nil
        }
        let head = bytes.prefix(4096).map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }
        if ByteScan.indexAfter("charset", in: head, from: 0, end: head.count) != nil { return nil }
        return ByteScan.isValidUTF8(bytes) ? "UTF-8" : "windows-1252"
    }
}
