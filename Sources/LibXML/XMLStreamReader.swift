import CLibXML2

/// Streams an XML document to an `XMLEventHandler` with libxml2's SAX2 parser, using the safe
/// option set: no external entities, no DTD loading, no network, bounded depth and size.
///
/// SAX2 is the fast path for feeds: no tree node is built, so the events cost little more than
/// libxml2's tokenising (the xmlTextReader it replaced built and freed a node per event).
/// Parsing runs in recover mode, so an ill-formed document still delivers
/// everything libxml2 can make of it; `XMLTreeWalker` re-reads a document the parser had to
/// abandon.
public enum XMLStreamReader {
    /// Default cap on input size: generous for real feeds (the largest seen are tens of MB).
    public static let defaultMaxBytes = 64 << 20
    /// Elements open at once. libxml2's push parser has no depth limit of its own (its pull
    /// parser stops at 256): past this one reading stops, as there, and the outcome says so.
    public static let maxDepth = 256
    /// Bytes handed to libxml2 per call.
    static let chunkBytes = 1 << 18

    /// Reads `bytes` and sends every event to `handler`.
    /// - Parameters:
    ///   - start: where the document begins in `bytes` (after a declaration already dealt with),
    ///     so that a caller need not copy the rest.
    ///   - encoding: the charset to decode with, overriding the XML declaration; nil lets
    ///     libxml2 decide from the BOM and the declaration.
    ///   - url: a name for the document in error messages.
    /// - Throws: `XMLParseError` only when reading cannot start at all; errors part-way are in
    ///   the outcome, and the events read up to them have been delivered.
    @discardableResult
    public static func read<Handler: XMLEventHandler>(
        _ bytes: [UInt8], from start: Int = 0, encoding: String? = nil, url: String? = nil,
        maxBytes: Int = defaultMaxBytes, into handler: inout Handler
    ) throws -> XMLReadOutcome {
        precondition(start >= 0 && start <= bytes.count, "start outside the document")
        try XMLParseError.checkDocumentSize(bytes.count - start, maxBytes: maxBytes)
        LibXMLRuntime.prepare()
        return try withUnsafeMutablePointer(to: &handler) { pointer in
            try parse(bytes, from: start, encoding: encoding, url: url, sink: HandlerSink(pointer))
        }
    }

    private static func parse(_ bytes: [UInt8], from start: Int, encoding: String?, url: String?,
                              sink: SAXSink) throws -> XMLReadOutcome {
        var options = ParseOptions.xml
        var switchTo: xmlCharEncodingHandlerPtr?
        if let encoding {
            if encoding.lowercased() == "utf-8" {
                options |= Int32(bitPattern: XML_PARSE_IGNORE_ENC.rawValue) // the bytes are UTF-8, whatever they declare
            } else {
                switchTo = xmlFindCharEncodingHandler(encoding)
            }
        }
        var sax = SAXCallbacks.handler
        let context = Unmanaged.passUnretained(sink).toOpaque()
        guard let ctxt = xmlCreatePushParserCtxt(&sax, context, nil, 0, url ?? "document.xml") else {
            throw XMLParseError(kind: .cannotStart, message: "libxml2 could not create a parser")
        }
        defer {
            if let doc = ctxt.pointee.myDoc { xmlFreeDoc(doc) }
            xmlFreeParserCtxt(ctxt)
        }
        xmlCtxtUseOptions(ctxt, options)
        if let switchTo { xmlSwitchToEncoding(ctxt, switchTo) }
        sink.state.pointee.context = ctxt
        defer { sink.state.pointee.context = nil }
        withExtendedLifetime(sink) {
            bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    // In pieces, as a push parser is meant to be fed: handed a whole document over
                    // 10 MB at once, libxml2 (without XML_PARSE_HUGE) stops with "Huge input lookup".
                    // A piece never ends inside a UTF-8 sequence.
                    guard let base = chars.baseAddress else { _ = xmlParseChunk(ctxt, nil, 0, 1); return }
                    var offset = start
                    repeat {
                        var end = min(chars.count, offset + chunkBytes)
                        while end < chars.count, end > offset + 1, buffer[end] & 0xC0 == 0x80 { end -= 1 }
                        let last = end == chars.count
                        _ = xmlParseChunk(ctxt, base + offset, Int32(end - offset), last ? 1 : 0)
                        offset = end
                        if ctxt.pointee.disableSAX != 0 { break }
                    } while offset < chars.count
                }
            }
        }
        // Elements still open when the input ended (a truncated download) close here.
        sink.closeOpenElements()
        // libxml2 stops delivering events only when it halts (too deep, an encoding it cannot
        // read); in recover mode other errors are reported and parsing goes on.
        let stoppedEarly = ctxt.pointee.disableSAX != 0
        if stoppedEarly, sink.errors.first == nil {
            sink.errors.first = XMLParseError(kind: .malformed, message: "the parser stopped on an error",
                                              line: Int(ctxt.pointee.input?.pointee.line ?? 0))
        }
        return XMLReadOutcome(wellFormed: sink.errors.first == nil && ctxt.pointee.wellFormed == 1,
                              firstError: sink.errors.first, stoppedEarly: stoppedEarly,
                              elementCount: sink.elements)
    }
}

/// The C callbacks of the SAX2 handler. libxml2 passes the `SAXSink` back as its user data.
private enum SAXCallbacks {
    static var handler: xmlSAXHandler {
        var sax = xmlSAXHandler()
        sax.initialized = XML_SAX2_MAGIC
        sax.startElementNs = startElement
        sax.endElementNs = endElement
        sax.characters = characters
        sax.cdataBlock = characters
        sax.ignorableWhitespace = characters
        sax.serror = structuredError
        return sax
    }

    static let startElement: startElementNsSAX2Func = { ctx, localName, prefix, uri, namespaceCount, namespaces,
                                                         attributeCount, _, attributes in
        guard let ctx, let localName else { return }
        Unmanaged<SAXSink>.fromOpaque(ctx)._withUnsafeGuaranteedRef {
            $0.startElement(localName: localName, prefix: prefix, uri: uri, namespaceCount: Int(namespaceCount),
                            namespaces: namespaces, attributeCount: Int(attributeCount), attributes: attributes)
        }
    }

    static let endElement: endElementNsSAX2Func = { ctx, _, _, _ in
        guard let ctx else { return }
        Unmanaged<SAXSink>.fromOpaque(ctx)._withUnsafeGuaranteedRef { $0.endElement() }
    }

    static let characters: charactersSAXFunc = { ctx, bytes, length in
        guard let ctx, let bytes, length > 0 else { return }
        Unmanaged<SAXSink>.fromOpaque(ctx)._withUnsafeGuaranteedRef { sink in
            let state = sink.state
            guard state.pointee.wantsText else { return }
            state.pointee.pendingText.append(contentsOf: UnsafeBufferPointer(start: bytes, count: Int(length)))
        }
    }

    static let structuredError: xmlStructuredErrorFunc = { ctx, error in
        guard let ctx, let error else { return }
        Unmanaged<SAXSink>.fromOpaque(ctx).takeUnretainedValue().errors.record(error)
    }
}

/// What the C callbacks talk to: turns libxml2's pointers into `XMLStartElement`s and text.
/// Not generic, because a C callback cannot be; `HandlerSink` forwards to the caller's handler.
class SAXSink {
    /// What the callbacks change as the document goes by.
    struct State {
        var names = NameCache()
        var elements = 0
        var open = 0
        /// Character data since the last element event. libxml2 hands text over in pieces of a
        /// few hundred bytes (and at every reference); the handler gets each run as one string.
        var pendingText: [UInt8] = []
        /// Whether the handler wants text now; it can change only at element events.
        var wantsText = false
        /// The parser, while it runs: stopped when nesting goes past `XMLStreamReader.maxDepth`.
        var context: xmlParserCtxtPtr?
    }

    let errors = ErrorCollector()
    /// The state lives behind a pointer: a class's stored properties are checked for exclusive
    /// access at run time on every touch, several times per element, and this is the hot path.
    let state: UnsafeMutablePointer<State>

    init() {
        state = .allocate(capacity: 1)
        state.initialize(to: State())
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
    }

    var elements: Int { state.pointee.elements }

    func deliverStart(_ element: XMLStartElement) {}
    func deliverEnd() {}
    func text(_ text: String) {}

    final func startElement(localName: UnsafePointer<xmlChar>, prefix: UnsafePointer<xmlChar>?, uri: UnsafePointer<xmlChar>?,
                            namespaceCount: Int, namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?,
                            attributeCount: Int, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        flushText()
        guard state.pointee.open < XMLStreamReader.maxDepth else {
            if let context = state.pointee.context { xmlStopParser(context) }
            if errors.first == nil {
                errors.first = XMLParseError(kind: .malformed,
                                             message: "elements nested deeper than \(XMLStreamReader.maxDepth): reading stopped")
            }
            return
        }
        state.pointee.elements += 1
        state.pointee.open += 1
        let element = Self.element(localName: localName, prefix: prefix, uri: uri, namespaceCount: namespaceCount,
                                   namespaces: namespaces, attributeCount: attributeCount, attributes: attributes,
                                   names: &state.pointee.names)
        deliverStart(element)
    }

    private static func element(localName: UnsafePointer<xmlChar>, prefix: UnsafePointer<xmlChar>?, uri: UnsafePointer<xmlChar>?,
                                namespaceCount: Int, namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?,
                                attributeCount: Int, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?,
                                names: inout NameCache) -> XMLStartElement {
        // An undeclared prefix stays part of the name, as libxml2's own tree keeps it.
        let (name, local) = names.qualifiedName(prefix: prefix, localName: localName, bound: uri != nil)
        var element = XMLStartElement(name: name, localName: local, namespaceURI: names.string(uri), attributes: [])
        if attributeCount > 0, let attributes {
            element.attributes.reserveCapacity(attributeCount)
            for index in 0..<attributeCount {
                // Five pointers per attribute: local name, prefix, URI, value start, value end.
                let base = index * 5
                guard let attributeLocal = attributes[base] else { continue }
                let (attributeName, attributeLocalName) = names.qualifiedName(
                    prefix: attributes[base + 1], localName: attributeLocal, bound: attributes[base + 2] != nil)
                var value = ""
                if let valueStart = attributes[base + 3], let valueEnd = attributes[base + 4], valueEnd > valueStart {
                    value = Self.attributeValue(UnsafeBufferPointer(start: valueStart, count: valueEnd - valueStart))
                }
                element.attributes.append(XMLAttribute(name: attributeName, localName: attributeLocalName,
                                                       namespaceURI: names.string(attributes[base + 2]), value: value))
            }
        }
        if namespaceCount > 0, let namespaces {
            // Two pointers per declaration: prefix, URI.
            element.namespaceDeclarations = (0..<namespaceCount).map { names.string(namespaces[2 * $0 + 1]) }
        }
        return element
    }

    /// An attribute value as SAX2 hands it over: references decoded, except that every `&` (from
    /// `&amp;`, `&#38;` or `&#x26;`) stays `&#38;` so that a tree could be rebuilt from it. Here
    /// it becomes `&` again; no other `&` can be left in the value.
    static func attributeValue(_ bytes: UnsafeBufferPointer<xmlChar>) -> String {
        guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            out.append(byte)
            if byte == UInt8(ascii: "&"), i + 4 < bytes.count, bytes[i + 1] == UInt8(ascii: "#"),
               bytes[i + 2] == UInt8(ascii: "3"), bytes[i + 3] == UInt8(ascii: "8"), bytes[i + 4] == UInt8(ascii: ";") {
                i += 5
            } else {
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    final func endElement() {
        guard state.pointee.open > 0 else { return }
        flushText()
        state.pointee.open -= 1
        deliverEnd()
    }

    final func flushText() {
        guard !state.pointee.pendingText.isEmpty else { return }
        let run = String(decoding: state.pointee.pendingText, as: UTF8.self)
        state.pointee.pendingText.removeAll(keepingCapacity: true)
        text(run)
    }

    final func closeOpenElements() {
        flushText()
        while state.pointee.open > 0 {
            state.pointee.open -= 1
            deliverEnd()
        }
    }
}

/// Forwards the sink's events to the caller's handler, in place: the handler stays where the
/// caller keeps it (a pointer for the length of one parse), so no event copies it. Whether the
/// handler wants text can change only at an element boundary, so it is asked then, not for
/// every run of characters.
final class HandlerSink<Handler: XMLEventHandler>: SAXSink {
    let handler: UnsafeMutablePointer<Handler>

    init(_ handler: UnsafeMutablePointer<Handler>) {
        self.handler = handler
        super.init()
        state.pointee.wantsText = handler.pointee.wantsTextInPlace()
    }

    override func deliverStart(_ element: XMLStartElement) {
        handler.pointee.startElement(element)
        state.pointee.wantsText = handler.pointee.wantsTextInPlace()
    }

    override func deliverEnd() {
        handler.pointee.endElement()
        state.pointee.wantsText = handler.pointee.wantsTextInPlace()
    }

    override func text(_ text: String) { handler.pointee.text(text) }
}

extension XMLEventHandler {
    /// `wantsText` asked through a mutating call, which reaches the handler where it lies; a
    /// plain property read from generic code would copy the whole handler first.
    fileprivate mutating func wantsTextInPlace() -> Bool { wantsText }
}

/// Names from libxml2's dictionary are interned: the same pointer for the same name within one
/// document. Their Swift strings are cached by address — in a small direct-mapped table (an
/// address hashes with a shift, not SipHash), backed by a dictionary for evicted entries — so
/// an element costs no string allocation and no full hash.
struct NameCache {
    private static let slotCount = 256
    private var slots = [(key: UnsafeRawPointer?, value: String)](repeating: (nil, ""), count: NameCache.slotCount)
    private var evicted: [UnsafeRawPointer: String] = [:]
    /// Names are lower-cased when first seen (HTML's are case-insensitive).
    private let lowercased: Bool

    init(lowercased: Bool = false) { self.lowercased = lowercased }

    @inline(__always)
    private static func slot(_ key: UnsafeRawPointer) -> Int {
        Int(truncatingIfNeeded: UInt(bitPattern: Int(bitPattern: key)) >> 4) & (slotCount - 1)
    }

    mutating func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
        guard let pointer else { return "" }
        let key = UnsafeRawPointer(pointer)
        let index = Self.slot(key)
        if slots[index].key == key { return slots[index].value }
        let value = evicted[key] ?? (lowercased ? String(cString: pointer).lowercased() : String(cString: pointer))
        if let old = slots[index].key { evicted[old] = slots[index].value }
        slots[index] = (key, value)
        return value
    }

    private var qualifiedSlots = [(prefix: UnsafeRawPointer?, local: UnsafeRawPointer?, bound: Bool, name: String, localName: String)](
        repeating: (nil, nil, false, "", ""), count: NameCache.slotCount)

    /// The qualified name (`dc:creator`) and the local name. A prefix with no namespace
    /// declaration stays in both, the way libxml2's tree reports such a name.
    mutating func qualifiedName(prefix: UnsafePointer<xmlChar>?, localName: UnsafePointer<xmlChar>, bound: Bool) -> (String, String) {
        guard let prefix else {
            let local = string(localName)
            return (local, local)
        }
        let p = UnsafeRawPointer(prefix), l = UnsafeRawPointer(localName)
        let index = (Self.slot(p) &+ 31 &* Self.slot(l)) & (Self.slotCount - 1)
        let hit = qualifiedSlots[index]
        if hit.prefix == p, hit.local == l, hit.bound == bound { return (hit.name, hit.localName) }
        let name = string(prefix) + ":" + string(localName)
        let value = (name, bound ? string(localName) : name)
        qualifiedSlots[index] = (p, l, bound, value.0, value.1)
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
