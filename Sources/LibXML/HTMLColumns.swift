import CLibXML2

/// An HTML page parsed like `HTMLDocument` (same parser, safe options, size cap and charset
/// rules) but copied into parallel arrays — one per node field — instead of an array of node
/// structs. The article extractor rewrites the tree and needs exactly this shape; building it
/// directly saves a second copy and most per-node allocations, which matters because parsing
/// and copying are about half of the extraction time.
public struct HTMLColumns: Sendable {
    public enum Kind: UInt8, Sendable { case document, element, text, comment }

    public var kind: [Kind] = []
    /// Lower-case tag name of elements, "" for other nodes.
    public var name: [String] = []
    /// Text of text and comment nodes, "" for elements.
    public var text: [String] = []
    /// Attributes of elements, names in lower case.
    public var attributes: [[(name: String, value: String)]] = []
    /// Parent index, -1 for the document (index 0).
    public var parent: [Int] = []
    public var children: [[Int]] = []
    /// The charset the page was decoded with, when known.
    public var encoding: String?

    /// Parses a page; see `HTMLDocument.parse` for the parameters.
    public static func parse(_ bytes: [UInt8], encoding: String? = nil, url: String? = nil,
                             maxBytes: Int = HTMLDocument.defaultMaxBytes) throws -> HTMLColumns {
        guard bytes.count <= maxBytes else {
            throw XMLParseError(kind: .inputTooLarge(limit: maxBytes),
                                message: "page is \(bytes.count) bytes, over the limit of \(maxBytes)")
        }
        LibXMLRuntime.prepare()
        let charset = encoding ?? HTMLCharsetSniffer.fallbackCharset(for: bytes)
        var columns = HTMLColumns()
        columns.add(.document, name: "", text: "", attributes: [], parent: -1)
        if bytes.isEmpty {
            columns.encoding = charset
            return columns
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
        columns.encoding = charset ?? document.pointee.encoding.map { String(cString: $0) }
        columns.copy(document)
        return columns
    }

    private mutating func add(_ kind: Kind, name: String, text: String, attributes: [(name: String, value: String)], parent: Int) {
        self.kind.append(kind)
        self.name.append(name)
        self.text.append(text)
        self.attributes.append(attributes)
        self.parent.append(parent)
        self.children.append([])
        if parent >= 0 { children[parent].append(kind == .document ? 0 : self.kind.count - 1) }
    }

    /// Pre-order copy following libxml2's own child/next/parent links: no recursion, no
    /// per-level buffers.
    private mutating func copy(_ document: htmlDocPtr) {
        var names: [UnsafePointer<xmlChar>: String] = [:]
        func lowerName(_ pointer: UnsafePointer<xmlChar>?) -> String {
            guard let pointer else { return "" }
            if let known = names[pointer] { return known }
            let value = String(cString: pointer).lowercased()
            names[pointer] = value
            return value
        }
        let root = UnsafeMutableRawPointer(document).assumingMemoryBound(to: xmlNode.self)
        var current = document.pointee.children
        var parentIndex = 0
        while let node = current {
            var index = -1
            switch node.pointee.type {
            case XML_ELEMENT_NODE:
                var attributes: [(name: String, value: String)] = []
                var property = node.pointee.properties
                while let attribute = property {
                    var value = ""
                    var child = attribute.pointee.children
                    while let textNode = child {
                        if let content = textNode.pointee.content { value += String(cString: content) }
                        child = textNode.pointee.next
                    }
                    attributes.append((lowerName(attribute.pointee.name), value))
                    property = attribute.pointee.next
                }
                add(.element, name: lowerName(node.pointee.name), text: "", attributes: attributes, parent: parentIndex)
                index = kind.count - 1
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                add(.text, name: "", text: node.pointee.content.map { String(cString: $0) } ?? "", attributes: [], parent: parentIndex)
            case XML_COMMENT_NODE:
                add(.comment, name: "", text: node.pointee.content.map { String(cString: $0) } ?? "", attributes: [], parent: parentIndex)
            default:
                break
            }
            if index >= 0, let first = node.pointee.children {
                parentIndex = index
                current = first
                continue
            }
            // Next sibling, or climb until an ancestor has one.
            var climb: xmlNodePtr? = node
            current = nil
            while let c = climb {
                if let next = c.pointee.next { current = next; break }
                guard let up = c.pointee.parent, up != root else { break }
                climb = up
                parentIndex = parent[parentIndex]
            }
        }
    }
}
