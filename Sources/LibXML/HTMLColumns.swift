import CLibXML2

/// An HTML page parsed by libxml2's forgiving HTML parser (safe options, size cap, charset from the
/// HTTP header, else the page's own declaration, else UTF-8 when valid, else Windows-1252),
/// delivered as parallel arrays (one per node field) of plain Swift values, so that extraction code
/// never touches a pointer. Index 0 is the document. The parser's events fill the arrays directly, so libxml2 never builds
/// and frees a tree of its own, and the article extractor takes the arrays over as its working
/// tree without another copy: together about a third less time than parse-then-copy.
///
/// Reading costs time and memory in proportion to the page, whatever its shape: an `HTMLBudget`
/// caps the nodes, the attributes per element and their length; elements nested deeper than its
/// depth are attached to their deepest allowed ancestor (kept, text and all) rather than
/// stopping the parse. Every cap a page hits is listed in `cuts`.
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
    /// The budgets the page went over, in the order they were hit (empty for a normal page).
    public var cuts: [HTMLCut] = []

    /// What to keep of the raw text inside `script` and `style` elements.
    public enum ScriptText: Sendable {
        /// All of it, as text nodes.
        case all
        /// Only the text of scripts whose `type` names JSON (JSON-LD metadata, embedded data):
        /// code and style sheets, often half of a news page's bytes, are never read, so they
        /// are not copied (the elements themselves stay).
        case dataOnly
    }

    /// Default cap on page size: article pages are rarely over 2 MB; 16 MB leaves room.
    public static let defaultMaxBytes = 16 << 20

    /// Parses a page.
    /// - Parameters:
    ///   - encoding: the charset from the HTTP header (it wins over the page's meta tags); nil to
    ///     take the page's own declaration, or the fallbacks above.
    ///   - url: the page's address, for libxml2's messages.
    ///   - scriptText: whether the text of `script` and `style` elements is kept.
    ///   - budget: the caps on nodes, attributes and nesting.
    public static func parse(_ bytes: [UInt8], encoding: String? = nil, url: String? = nil,
                             maxBytes: Int = defaultMaxBytes, scriptText: ScriptText = .all,
                             budget: HTMLBudget = .standard) throws -> HTMLColumns {
        guard bytes.count <= maxBytes else {
            throw XMLParseError(kind: .inputTooLarge(limit: maxBytes),
                                message: "page is \(bytes.count) bytes, over the limit of \(maxBytes)")
        }
        LibXMLRuntime.prepare()
        var charset = encoding ?? HTMLCharsetSniffer.fallbackCharset(for: bytes)
        var columns = HTMLColumns()
        columns.add(.document, name: "", text: "", attributes: [], parent: -1)
        if bytes.isEmpty {
            columns.encoding = charset
            return columns
        }
        var source = bytes
        var reportedCharset = charset
        // UTF-16 and UTF-32 pages are read as UTF-8, so that the pre-pass can see their markup.
        if let wide = HTMLCharsetSniffer.wideCharset(of: bytes, declared: charset), let converted = CharsetConverter.utf8(from: bytes, charset: wide) {
            source = converted
            charset = "UTF-8"
            reportedCharset = wide
        }
        let prepass = HTMLPrepass.rewrite(source, stripCode: scriptText == .dataOnly && HTMLPrepass.canStripCode(source, charset: charset),
                                          maxAttributes: budget.maxAttributes, maxDepth: budget.maxDepth)
        if let rewritten = prepass.bytes { source = rewritten }
        let builder = ColumnBuilder(scriptText: scriptText, budget: budget)
        if prepass.droppedAttributes > 0 { builder.state.pointee.cut(.attributes(max: budget.maxAttributes)) }
        let parsed: Bool = source.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars -> Bool in
                guard let context = htmlCreateMemoryParserCtxt(chars.baseAddress, Int32(chars.count)) else { return false }
                defer { htmlFreeParserCtxt(context) }
                // The same steps as htmlReadMemory, with the tree-building callbacks replaced by
                // ones that fill the columns directly: libxml2 never builds (and frees) a tree.
                htmlCtxtUseOptions(context, ParseOptions.html)
                context.pointee.html = 1
                if let sax = context.pointee.sax {
                    sax.pointee.startDocument = nil
                    sax.pointee.endDocument = nil
                    sax.pointee.internalSubset = nil
                    sax.pointee.externalSubset = nil
                    sax.pointee.processingInstruction = nil
                    sax.pointee.reference = nil
                    sax.pointee.startElementNs = nil
                    sax.pointee.endElementNs = nil
                    sax.pointee.initialized = 1
                    sax.pointee.startElement = { user, name, attributes in
                        ColumnBuilder.from(user)?.start(name, attributes)
                    }
                    sax.pointee.endElement = { user, _ in
                        ColumnBuilder.from(user)?.end()
                    }
                    sax.pointee.characters = { user, characters, length in
                        ColumnBuilder.from(user)?.characters(characters, length)
                    }
                    sax.pointee.ignorableWhitespace = sax.pointee.characters
                    sax.pointee.cdataBlock = { user, characters, length in
                        ColumnBuilder.from(user)?.rawText(characters, length)
                    }
                    sax.pointee.comment = { user, value in
                        ColumnBuilder.from(user)?.comment(value)
                    }
                }
                context.pointee.userData = Unmanaged.passUnretained(builder).toOpaque()
                builder.state.pointee.context = context
                // The HTML parser reports errors through the thread's structured handler (its
                // SAX handler is not a SAX2 one): counted there, against the error budget.
                xmlSetStructuredErrorFunc(Unmanaged.passUnretained(builder).toOpaque(), ColumnBuilder.errorCallback)
                defer { fw_libxml_quiet_thread() }
                if let charset, let handler = xmlFindCharEncodingHandler(charset) {
                    xmlSwitchToEncoding(context, handler)
                    if let input = context.pointee.input {
                        if let old = input.pointee.encoding { fw_xmlFree(UnsafeMutableRawPointer(mutating: old)) }
                        input.pointee.encoding = UnsafePointer(xmlStrdup(charset))
                    }
                }
                htmlParseDocument(context)
                builder.state.pointee.context = nil
                if let encodingName = context.pointee.input?.pointee.encoding ?? context.pointee.encoding {
                    builder.state.pointee.encoding = String(cString: encodingName)
                }
                return true
            }
        }
        guard parsed else {
            throw XMLParseError(kind: .malformed, message: "libxml2 could not read the page as HTML")
        }
        builder.state.pointee.flushText()
        builder.state.pointee.finish()
        columns = builder.state.pointee.columns
        columns.encoding = reportedCharset ?? builder.state.pointee.encoding
        columns.cuts = builder.state.pointee.cuts
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

}

/// Receives the HTML parser's events and appends nodes to the columns. Adjacent text events
/// merge into one text node, as in libxml2's own tree builder.
///
/// The budget is enforced here. Elements nested deeper than its depth are attached to the
/// deepest allowed ancestor instead (they and their text are kept, only the excess nesting
/// goes), so no later pass can be driven into deep recursion; and libxml2's own stack of open
/// elements is kept as shallow, because it scans that stack for every end tag that closes
/// nothing. At the node budget the parser is stopped: the rest of the page is not read.
///
/// Children lists are filled in one step at the end, each allocated at its final size; during
/// the parse a node only records its parent.
private final class ColumnBuilder {
    struct State {
        var columns = HTMLColumns()
        /// Open elements, innermost last: libxml2's stack of open elements, one for one.
        var open: [Int] = []
        var names = NameCache(lowercased: true)
        var pendingText: [UInt8] = []
        /// Whether the raw text of the open `script` or `style` element is kept.
        var keepsRawText = true
        let scriptText: HTMLColumns.ScriptText
        let budget: HTMLBudget
        var encoding: String?
        /// The parser, while it runs: stopped at the node budget, its stack kept shallow.
        var context: htmlParserCtxtPtr?
        var cuts: [HTMLCut] = []
        /// Set at the node budget: every later event is ignored.
        var full = false
        /// Parse errors so far, against `budget.maxErrors`.
        var errors = 0

        init(scriptText: HTMLColumns.ScriptText, budget: HTMLBudget) {
            self.scriptText = scriptText
            self.budget = budget
            columns.kind.append(.document); columns.name.append(""); columns.text.append("")
            columns.attributes.append([]); columns.parent.append(-1)
        }

        var current: Int { open.last ?? 0 }

        mutating func cut(_ cut: HTMLCut) {
            if !cuts.contains(cut) { cuts.append(cut) }
        }

        /// Room for one more node; at the budget, the parse stops.
        mutating func hasRoom() -> Bool {
            if full { return false }
            guard columns.kind.count >= budget.maxNodes else { return true }
            full = true
            pendingText = []
            cut(.nodes(max: budget.maxNodes))
            if let context { xmlStopParser(context) }
            return false
        }

        mutating func append(_ kind: HTMLColumns.Kind, name: String, text: String,
                             attributes: [(name: String, value: String)], under parent: Int) -> Int {
            let index = columns.kind.count
            columns.kind.append(kind); columns.name.append(name); columns.text.append(text)
            columns.attributes.append(attributes); columns.parent.append(parent)
            return index
        }

        mutating func flushText() {
            guard !pendingText.isEmpty else { return }
            guard hasRoom() else { return }
            let text = String(decoding: pendingText, as: UTF8.self)
            pendingText.removeAll(keepingCapacity: pendingText.count < 1 << 16)
            _ = append(.text, name: "", text: text, attributes: [], under: current)
        }

        /// The children lists, from the parent column: each list allocated once at its size.
        mutating func finish() {
            let parent = columns.parent
            var counts = [Int32](repeating: 0, count: parent.count)
            for p in parent where p >= 0 { counts[p] += 1 }
            var children = [[Int]](repeating: [], count: parent.count)
            for (index, count) in counts.enumerated() where count > 0 { children[index].reserveCapacity(Int(count)) }
            for (index, p) in parent.enumerated() where p >= 0 { children[p].append(index) }
            columns.children = children
        }

        /// Past the depth budget, the element opened last before this one (itself already
        /// flattened) is closed in both stacks: the two stay one for one and never deeper
        /// than the budget plus one. Its end tag, if any, later closes nothing. Closed with
        /// nothing in it, it never will have anything: it is not kept (a million empty
        /// wrappers cost no nodes).
        mutating func flattenDeepNesting() {
            guard open.count > budget.maxDepth, let context else { return }
            let depth = Int(context.pointee.nameNr)
            guard depth == open.count + 1, depth >= 2, let names = context.pointee.nameTab else { return }
            names[depth - 2] = names[depth - 1]
            context.pointee.nameNr = Int32(depth - 1)
            let closed = open.removeLast()
            if closed > 0 && closed == columns.kind.count - 1 {
                columns.kind.removeLast(); columns.name.removeLast(); columns.text.removeLast()
                columns.attributes.removeLast(); columns.parent.removeLast()
            }
        }
    }

    /// The state lives behind a pointer: a class's stored properties are checked for exclusive
    /// access at run time on every touch, several times per event.
    let state: UnsafeMutablePointer<State>

    init(scriptText: HTMLColumns.ScriptText, budget: HTMLBudget) {
        state = .allocate(capacity: 1)
        state.initialize(to: State(scriptText: scriptText, budget: budget))
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// Counts an error; past the budget the parse stops, as at the node budget.
    static let errorCallback: xmlStructuredErrorFunc = { user, _ in
        guard let builder = from(user) else { return }
        let s = builder.state
        s.pointee.errors += 1
        guard s.pointee.errors > s.pointee.budget.maxErrors, !s.pointee.full else { return }
        s.pointee.flushText()
        s.pointee.full = true
        s.pointee.cut(.errors(max: s.pointee.budget.maxErrors))
        if let context = s.pointee.context { xmlStopParser(context) }
    }

    static func from(_ user: UnsafeMutableRawPointer?) -> ColumnBuilder? {
        guard let user else { return nil }
        return Unmanaged<ColumnBuilder>.fromOpaque(user).takeUnretainedValue()
    }

    func start(_ name: UnsafePointer<xmlChar>?, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        let s = state
        s.pointee.flushText()
        // libxml2 pushed the element before telling us: mirror it even past the budget, so
        // that the end tags that follow pop the right elements.
        s.pointee.flattenDeepNesting()
        guard s.pointee.hasRoom() else { s.pointee.open.append(0); return }
        let budget = s.pointee.budget
        var list: [(name: String, value: String)] = []
        if let attributes {
            var index = 0
            while let attributeName = attributes[index] {
                if list.count == budget.maxAttributes {
                    s.pointee.cut(.attributes(max: budget.maxAttributes))
                    break
                }
                var value = ""
                if let raw = attributes[index + 1] {
                    let length = Int(xmlStrlen(raw))
                    if length > budget.maxAttributeBytes { s.pointee.cut(.attributeLength(max: budget.maxAttributeBytes)) }
                    value = String(decoding: UnsafeBufferPointer(start: raw, count: min(length, budget.maxAttributeBytes)), as: UTF8.self)
                }
                list.append((s.pointee.names.string(attributeName), value))
                index += 2
            }
        }
        let tag = s.pointee.names.string(name)
        if s.pointee.scriptText == .dataOnly {
            if tag == "style" {
                s.pointee.keepsRawText = false
            } else if tag == "script" {
                // JSON (JSON-LD above all) is data the extractor reads; code is not.
                let type = list.first { $0.name == "type" }?.value ?? ""
                s.pointee.keepsRawText = type.utf8.count >= 4 && type.lowercased().contains("json")
            }
        }
        // Past the depth limit, elements become children of the deepest allowed ancestor.
        let depth = s.pointee.open.count
        let maxDepth = s.pointee.budget.maxDepth
        if depth >= maxDepth { s.pointee.cut(.nesting(max: maxDepth)) }
        let parent = depth < maxDepth ? (s.pointee.open.last ?? 0) : s.pointee.open[maxDepth - 1]
        let index = s.pointee.append(.element, name: tag, text: "", attributes: list, under: parent)
        s.pointee.open.append(index)
    }

    func end() {
        state.pointee.flushText()
        _ = state.pointee.open.popLast()
        state.pointee.keepsRawText = true
    }

    func characters(_ characters: UnsafePointer<xmlChar>?, _ length: Int32) {
        guard let characters, length > 0, !state.pointee.full else { return }
        state.pointee.pendingText.append(contentsOf: UnsafeBufferPointer(start: characters, count: Int(length)))
    }

    /// The raw text of `script` and `style` (libxml2 reports it as CDATA).
    func rawText(_ characters: UnsafePointer<xmlChar>?, _ length: Int32) {
        guard state.pointee.keepsRawText else { return }
        self.characters(characters, length)
    }

    func comment(_ value: UnsafePointer<xmlChar>?) {
        state.pointee.flushText()
        guard state.pointee.hasRoom() else { return }
        let text = value.map { String(cString: $0) } ?? ""
        _ = state.pointee.append(.comment, name: "", text: text, attributes: [], under: state.pointee.current)
    }
}

extension HTMLColumns {
    /// Indexes of all elements with this (lower-case) tag name, in document order.
    public func elements(named tag: String) -> [Int] {
        var result: [Int] = []
        var stack: [Int] = [0]
        while let index = stack.popLast() {
            if kind[index] == .element, name[index] == tag { result.append(index) }
            stack.append(contentsOf: children[index].reversed())
        }
        return result
    }

    /// The text of a node and its descendants, skipping script, style and template.
    public func textContent(of index: Int) -> String {
        var out = ""
        var stack: [Int] = [index]
        while let next = stack.popLast() {
            switch kind[next] {
            case .text: out += text[next]
            case .element, .document:
                if ["script", "style", "template"].contains(name[next]) { continue }
                stack.append(contentsOf: children[next].reversed())
            case .comment: break
            }
        }
        return out
    }

    /// The value of an element's attribute (names are lower case).
    public func attribute(_ attributeName: String, of index: Int) -> String? {
        attributes[index].first { $0.name == attributeName }?.value
    }
}
