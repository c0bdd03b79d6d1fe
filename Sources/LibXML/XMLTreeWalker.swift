import CLibXML2

/// Reads a document with libxml2's recovering tree parser and replays it as the same events
/// `XMLStreamReader` delivers. Slower than the stream reader but it gets further through badly
/// broken input (mismatched tags, garbage in the middle), so it is the second attempt.
///
/// Text is collected node by node, never with `xmlNodeGetContent` (which expands entity
/// references and explodes on entity bombs).
public enum XMLTreeWalker {
    @discardableResult
    public static func read<Handler: XMLEventHandler>(
        _ bytes: [UInt8], encoding: String? = nil, url: String? = nil,
        maxBytes: Int = XMLStreamReader.defaultMaxBytes, into handler: inout Handler
    ) throws -> XMLReadOutcome {
        try XMLParseError.checkDocumentSize(bytes.count, maxBytes: maxBytes)
        LibXMLRuntime.prepare()
        guard let context = xmlNewParserCtxt() else {
            throw XMLParseError(kind: .cannotStart, message: "libxml2 could not create a parser")
        }
        defer { xmlFreeParserCtxt(context) }
        let errors = ErrorCollector()
        xmlSetStructuredErrorFunc(Unmanaged.passUnretained(errors).toOpaque(), ErrorCollector.callback)
        defer { fw_libxml_quiet_thread() }
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                xmlCtxtReadMemory(context, chars.baseAddress, Int32(chars.count), url ?? "document.xml",
                                  encoding, ParseOptions.xml)
            }
        }
        guard let document else {
            throw errors.first ?? XMLParseError(kind: .malformed, message: "no document could be recovered")
        }
        defer { xmlFreeDoc(document) }
        let count = withExtendedLifetime(errors) { walk(document, into: &handler) }
        let wellFormed = context.pointee.wellFormed == 1 && errors.first == nil
        return XMLReadOutcome(wellFormed: wellFormed, firstError: errors.first,
                              stoppedEarly: false, elementCount: count)
    }

    private static func walk<Handler: XMLEventHandler>(_ document: xmlDocPtr, into handler: inout Handler) -> Int {
        var names = NameCache()
        var elements = 0
        let documentNode = UnsafeMutableRawPointer(document).assumingMemoryBound(to: xmlNode.self)
        var current: xmlNodePtr? = document.pointee.children
        while let node = current {
            switch node.pointee.type {
            case XML_ELEMENT_NODE:
                elements += 1
                handler.startElement(XMLStartElement(
                    name: qualifiedName(node.pointee.name, prefix: node.pointee.ns?.pointee.prefix, &names),
                    localName: names.string(node.pointee.name),
                    namespaceURI: names.string(node.pointee.ns?.pointee.href),
                    attributes: attributes(node, &names),
                    namespaceDeclarations: declarations(node)))
                if let child = node.pointee.children {
                    current = child
                    continue
                }
                handler.endElement()
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if handler.wantsText, let content = node.pointee.content {
                    handler.text(String(cString: content))
                }
            default:
                break
            }
            // Move to the next sibling, closing every element we climb out of.
            var climbing = node
            current = nil
            while true {
                if let next = climbing.pointee.next {
                    current = next
                    break
                }
                guard let parent = climbing.pointee.parent, parent != documentNode,
                      parent.pointee.type == XML_ELEMENT_NODE else { break }
                handler.endElement()
                climbing = parent
            }
        }
        return elements
    }

    private static func qualifiedName(_ local: UnsafePointer<xmlChar>?, prefix: UnsafePointer<xmlChar>?,
                                      _ names: inout NameCache) -> String {
        let localName = names.string(local)
        guard let prefix else { return localName }
        return names.string(prefix) + ":" + localName
    }

    private static func declarations(_ node: xmlNodePtr) -> [String] {
        var result: [String] = []
        var ns = node.pointee.nsDef
        while let n = ns {
            result.append(n.pointee.href.map { String(cString: $0) } ?? "")
            ns = n.pointee.next
        }
        return result
    }

    private static func attributes(_ node: xmlNodePtr, _ names: inout NameCache) -> [XMLAttribute] {
        var result: [XMLAttribute] = []
        var property = node.pointee.properties
        while let attribute = property {
            var value = ""
            var child = attribute.pointee.children
            while let text = child {
                if text.pointee.type == XML_TEXT_NODE, let content = text.pointee.content {
                    value += String(cString: content)
                }
                child = text.pointee.next
            }
            let local = names.string(attribute.pointee.name)
            let prefix = attribute.pointee.ns?.pointee.prefix
            result.append(XMLAttribute(
                name: prefix.map { names.string($0) + ":" + local } ?? local,
                localName: local,
                namespaceURI: names.string(attribute.pointee.ns?.pointee.href),
                value: value))
            property = attribute.pointee.next
        }
        return result
    }
}
