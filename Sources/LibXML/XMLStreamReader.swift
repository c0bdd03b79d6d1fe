import CLibXML2

/// Streams an XML document to an `XMLEventHandler` with libxml2's xmlTextReader, using the
/// safe option set: no external entities, no DTD loading, no network, bounded depth and size.
///
/// The reader is the fast path for feeds. When a document is too broken for it, `XMLTreeWalker`
/// re-reads it with libxml2's recovering tree parser and delivers the same events.
public enum XMLStreamReader {
    /// Default cap on input size: generous for real feeds (the largest seen are tens of MB).
    public static let defaultMaxBytes = 64 << 20

    /// Reads `bytes` and sends every event to `handler`.
    /// - Parameters:
    ///   - encoding: the charset to decode with, overriding the XML declaration; nil lets
    ///     libxml2 decide from the BOM and the declaration.
    ///   - url: a name for the document in error messages.
    /// - Throws: `XMLParseError` only when reading cannot start at all; errors part-way are in
    ///   the outcome, and the events read up to them have been delivered.
    @discardableResult
    public static func read<Handler: XMLEventHandler>(
        _ bytes: [UInt8], encoding: String? = nil, url: String? = nil,
        maxBytes: Int = defaultMaxBytes, into handler: inout Handler
    ) throws -> XMLReadOutcome {
        try XMLParseError.checkDocumentSize(bytes.count, maxBytes: maxBytes)
        LibXMLRuntime.prepare()
        let errors = ErrorCollector()
        return try bytes.withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { chars in
                // xmlReaderForMemory does not copy: the whole read stays inside this closure.
                guard let reader = xmlReaderForMemory(chars.baseAddress, Int32(chars.count), url ?? "document.xml",
                                                      encoding, ParseOptions.xml) else {
                    throw XMLParseError(kind: .cannotStart, message: "libxml2 could not create a reader")
                }
                defer { xmlFreeTextReader(reader) }
                xmlTextReaderSetStructuredErrorHandler(reader, ErrorCollector.callback,
                                                       Unmanaged.passUnretained(errors).toOpaque())
                return withExtendedLifetime(errors) {
                    pump(reader, errors: errors, into: &handler)
                }
            }
        }
    }

    private static func pump<Handler: XMLEventHandler>(
        _ reader: OpaquePointer, errors: ErrorCollector, into handler: inout Handler
    ) -> XMLReadOutcome {
        var names = NameCache()
        var open = 0
        var elements = 0
        var stoppedEarly = false
        while true {
            let status = xmlTextReaderRead(reader)
            if status == 0 { break }
            if status < 0 { stoppedEarly = true; break }
            switch xmlTextReaderNodeType(reader) {
            case 1: // element
                elements += 1
                var element = XMLStartElement(
                    name: names.string(xmlTextReaderConstName(reader)),
                    localName: names.string(xmlTextReaderConstLocalName(reader)),
                    namespaceURI: names.string(xmlTextReaderConstNamespaceUri(reader)),
                    attributes: [])
                if xmlTextReaderHasAttributes(reader) == 1 {
                    (element.attributes, element.namespaceDeclarations) = attributes(reader, &names)
                }
                handler.startElement(element)
                if xmlTextReaderIsEmptyElement(reader) == 1 {
                    handler.endElement()
                } else {
                    open += 1
                }
            case 15: // end element
                if open > 0 {
                    open -= 1
                    handler.endElement()
                }
            case 3, 4, 13, 14: // text, CDATA, whitespace, significant whitespace
                if handler.wantsText, let value = xmlTextReaderConstValue(reader) {
                    handler.text(String(cString: value))
                }
            default:
                break // comments, processing instructions, entity references (never expanded)
            }
        }
        while open > 0 {
            open -= 1
            handler.endElement()
        }
        if stoppedEarly, errors.first == nil {
            errors.first = XMLParseError(kind: .malformed, message: "the reader stopped on an error",
                                         line: Int(xmlTextReaderGetParserLineNumber(reader)))
        }
        return XMLReadOutcome(wellFormed: errors.first == nil, firstError: errors.first,
                              stoppedEarly: stoppedEarly, elementCount: elements)
    }

    private static func attributes(_ reader: OpaquePointer, _ names: inout NameCache) -> ([XMLAttribute], [String]) {
        var result: [XMLAttribute] = []
        var declarations: [String] = []
        var more = xmlTextReaderMoveToFirstAttribute(reader)
        while more == 1 {
            if xmlTextReaderIsNamespaceDecl(reader) == 1 {
                declarations.append(xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? "")
            } else {
                result.append(XMLAttribute(
                    name: names.string(xmlTextReaderConstName(reader)),
                    localName: names.string(xmlTextReaderConstLocalName(reader)),
                    namespaceURI: names.string(xmlTextReaderConstNamespaceUri(reader)),
                    value: xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? ""))
            }
            more = xmlTextReaderMoveToNextAttribute(reader)
        }
        xmlTextReaderMoveToElement(reader)
        return (result, declarations)
    }
}

/// Names from libxml2's dictionary are interned: the same pointer for the same name within one
/// document. Caching their Swift strings by address saves an allocation per element.
struct NameCache {
    private var cache: [UnsafeRawPointer: String] = [:]

    mutating func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
        guard let pointer else { return "" }
        let key = UnsafeRawPointer(pointer)
        if let hit = cache[key] { return hit }
        let value = String(cString: pointer)
        cache[key] = value
        return value
    }
}

/// Keeps the first error libxml2 reports during one parse. libxml2 calls back through a C
/// function pointer, so the collector travels as the opaque user-data pointer.
final class ErrorCollector {
    var first: XMLParseError?

    static let callback: xmlStructuredErrorFunc = { userData, error in
        guard let userData, let error else { return }
        let collector = Unmanaged<ErrorCollector>.fromOpaque(userData).takeUnretainedValue()
        collector.record(error)
    }

    func record(_ error: xmlErrorPtr) {
        guard first == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        let raw = error.pointee.message.map { String(cString: $0) } ?? "unknown error"
        let message = raw.trimmingCharacters(in: " \n\t")
        first = XMLParseError(kind: .malformed, message: message, line: Int(error.pointee.line))
    }
}

extension String {
    /// Trims any of the given ASCII characters from both ends (no Foundation needed here).
    func trimmingCharacters(in set: String) -> String {
        let chars = Set(set.unicodeScalars)
        var scalars = Substring(self).unicodeScalars
        while let f = scalars.first, chars.contains(f) { scalars.removeFirst() }
        while let l = scalars.last, chars.contains(l) { scalars.removeLast() }
        return String(scalars)
    }
}
