import LibXML

/// Mends the ways real feeds break XML before libxml2 sees them, on UTF-8 bytes:
///
/// - anything before the XML declaration (whitespace, a PHP warning) and the declaration itself
///   (the bytes are UTF-8 by now, whatever it said);
/// - the DOCTYPE: internal entity declarations are kept and expanded here, within a size budget
///   (an entity bomb expands to nothing past it); external entities and DTDs are never loaded;
/// - HTML named entities (`&eacute;`) become numeric references; unknown ones and bare `&`
///   become text; numeric references to C1 controls are read as Windows-1252, as browsers do;
/// - characters XML forbids (NUL, most C0 controls) are dropped;
/// - nesting is kept within `FeedLimits.maxDepth`: deeper start and end tags are dropped, their
///   text kept. (libxml2's push parser, which reads feeds, has no depth limit of its own.)
///
/// CDATA sections, comments and processing instructions are copied untouched.
struct XMLRepair {
    /// Bytes entity expansion may add, in total: ample for the few short entities real feeds declare.
    static let expansionBudget = 64 << 10
    static let maxEntityDepth = 8

    private var entities: [String: [UInt8]] = [:]
    private var externalEntities: Set<String> = []
    private var budget = XMLRepair.expansionBudget

    /// The repaired document, and the caps it went over.
    struct Output {
        var bytes: [UInt8]
        var cuts: [FeedCut]
    }

    static func repair(_ input: [UInt8]) -> [UInt8] {
        repairReporting(input).bytes
    }

    static func repairReporting(_ input: [UInt8]) -> Output {
        var repairer = XMLRepair()
        var out = [UInt8]()
        out.reserveCapacity(input.count + 64)
        let start = Self.documentStart(input)
        repairer.copy(input, from: start, to: input.count, into: &out, depth: 0)
        // Close what the document left open (a truncated download), innermost first.
        for (nameStart, nameEnd) in repairer.openElements.reversed() {
            out.append(contentsOf: "</".utf8)
            out.append(contentsOf: input[nameStart..<nameEnd])
            out.append(UInt8(ascii: ">"))
        }
        return Output(bytes: out, cuts: repairer.flattened ? [.nesting(max: FeedLimits.maxDepth)] : [])
    }

    /// True when the document (from `start`) has nothing only this pass can mend: no DOCTYPE or
    /// entity declaration, no reference other than the predefined entities and plain numeric
    /// ones, no forbidden control character. Such a document goes to libxml2 as it is, and comes
    /// back here only if libxml2 then finds it ill-formed (mismatched tags, a bare `<`…).
    static func isClean(_ b: [UInt8], from start: Int) -> Bool {
        let end = b.count
        guard let rootStart = rootElementStart(b, from: start), !hasCrowdedOrDeepTags(b, from: rootStart) else { return false }
        var i = rootStart
        while true {
            i = ByteScan.nextReferenceOrControl(in: b, from: i, end: end)
            guard i < end else { return true }
            guard b[i] == UInt8(ascii: "&") else { return false } // a control character
            if !Self.isPredefinedReference(b, at: i, end: end) {
                guard i + 2 < end, b[i + 1] == UInt8(ascii: "#") else { return false }
                var j = i + 2
                var value = 0
                let hex = b[j] == UInt8(ascii: "x") || b[j] == UInt8(ascii: "X")
                if hex { j += 1 }
                let digitsStart = j
                while j < end, j - i < 12 {
                    let c = b[j]
                    if c.isDigit { value = value * (hex ? 16 : 10) + Int(c - 48) }
                    else if hex, c | 0x20 >= 0x61, c | 0x20 <= 0x66 { value = value * 16 + Int(c | 0x20) - 0x61 + 10 }
                    else { break }
                    j += 1
                }
                // C1 controls (read as Windows-1252 by the repair) and characters XML forbids go the long way.
                guard j < end, j > digitsStart, b[j] == UInt8(ascii: ";"), value >= 0x20 || value == 9 || value == 10 || value == 13,
                      !(0x80...0x9F).contains(value), !(0xD800...0xDFFF).contains(value), value <= 0x10FFFF,
                      value != 0xFFFE, value != 0xFFFF else { return false }
            }
            i += 1
        }
    }

    /// True when some tag may hold more than `FeedLimits.maxAttributes` attributes (counting
    /// `=` outside quotes between `<` and `>`, which can only overcount): libxml2 checks each
    /// attribute of a tag against all earlier ones, so such a tag goes through the repair
    /// pass, which drops the excess. True too when elements nest deeper than
    /// `FeedLimits.maxDepth` (counting start and end tags, outside comments, CDATA sections and
    /// processing instructions), since only the repair pass bounds nesting.
    static func hasCrowdedOrDeepTags(_ b: [UInt8], from start: Int) -> Bool {
        let end = b.count
        var depth = 0
        var i = start
        while i < end {
            guard let open = ByteScan.indexOf(UInt8(ascii: "<"), in: b, from: i, end: end), open + 1 < end else { return false }
            let next = b[open + 1]
            if next == UInt8(ascii: "!") {
                if ByteScan.matches("<!--", in: b, at: open, end: end) {
                    i = ByteScan.indexAfter("-->", in: b, from: open + 4, end: end) ?? end
                } else if ByteScan.matches("<![CDATA[", in: b, at: open, end: end) {
                    i = ByteScan.indexAfter("]]>", in: b, from: open + 9, end: end) ?? end
                } else {
                    i = open + 2
                }
                continue
            }
            if next == UInt8(ascii: "?") {
                i = ByteScan.indexAfter("?>", in: b, from: open + 2, end: end) ?? end
                continue
            }
            if next == UInt8(ascii: "/") {
                depth = max(0, depth - 1)
                i = open + 2
                continue
            }
            // A start tag: its attributes counted, minding quotes, to its '>'.
            var quote: UInt8 = 0
            var equals = 0
            var j = open + 1
            while j < end {
                let c = b[j]
                if quote != 0 {
                    if c == quote { quote = 0 }
                } else if c == 0x22 || c == 0x27 {
                    quote = c
                } else if c == UInt8(ascii: "=") {
                    equals += 1
                    if equals > FeedLimits.maxAttributes { return true }
                } else if c == UInt8(ascii: ">") {
                    break
                } else if c == UInt8(ascii: "<"), j > open + 1 {
                    break // a tag left unfinished: libxml2 will complain, and the repair pass reads it
                }
                j += 1
            }
            if j < end, b[j] == UInt8(ascii: ">"), b[j - 1] != UInt8(ascii: "/") {
                depth += 1
                if depth > FeedLimits.maxDepth { return true }
            }
            i = j < end && b[j] == UInt8(ascii: ">") ? j + 1 : j
        }
        return false
    }

    /// Where the root element starts, when the prolog before it holds only whitespace, comments
    /// and processing instructions; nil when it has a DOCTYPE (entities to expand here) or
    /// anything else. A DOCTYPE further down is ill-formed, and libxml2's error sends the document
    /// through the repair pass, so the prolog is all this needs to read.
    static func rootElementStart(_ b: [UInt8], from start: Int) -> Int? {
        let end = b.count
        var i = start
        while i < end {
            let c = b[i]
            if c.isASCIIWhitespace { i += 1; continue }
            guard c == UInt8(ascii: "<"), i + 1 < end else { return nil }
            if ByteScan.matches("<!--", in: b, at: i, end: end) {
                guard let after = ByteScan.indexAfter("-->", in: b, from: i + 4, end: end) else { return nil }
                i = after
            } else if b[i + 1] == UInt8(ascii: "?") {
                guard let after = ByteScan.indexAfter("?>", in: b, from: i + 2, end: end) else { return nil }
                i = after
            } else if b[i + 1] == UInt8(ascii: "!") {
                return nil // DOCTYPE (or a stray declaration): the repair pass reads it
            } else {
                return i
            }
        }
        return nil
    }

    /// `&amp;`, `&lt;`, `&gt;`, `&quot;` or `&apos;` at `i`, decided on bytes.
    @inline(__always)
    static func isPredefinedReference(_ b: [UInt8], at i: Int, end: Int) -> Bool {
        guard i + 3 < end else { return false }
        switch b[i + 1] {
        case UInt8(ascii: "l"), UInt8(ascii: "g"):
            return b[i + 2] == UInt8(ascii: "t") && b[i + 3] == UInt8(ascii: ";")
        case UInt8(ascii: "a"):
            guard i + 4 < end else { return false }
            if b[i + 2] == UInt8(ascii: "m") { return b[i + 3] == UInt8(ascii: "p") && b[i + 4] == UInt8(ascii: ";") }
            return i + 5 < end && b[i + 2] == UInt8(ascii: "p") && b[i + 3] == UInt8(ascii: "o")
                && b[i + 4] == UInt8(ascii: "s") && b[i + 5] == UInt8(ascii: ";")
        case UInt8(ascii: "q"):
            return i + 5 < end && b[i + 2] == UInt8(ascii: "u") && b[i + 3] == UInt8(ascii: "o")
                && b[i + 4] == UInt8(ascii: "t") && b[i + 5] == UInt8(ascii: ";")
        default:
            return false
        }
    }

    /// Names (as ranges of the input) of the elements open at this point of the document.
    private var openElements: [(Int, Int)] = []
    /// Start tags dropped past `FeedLimits.maxDepth` and not yet closed: the next end tags are
    /// theirs, and are dropped too.
    private var droppedOpen = 0
    /// Whether any tag was dropped for depth.
    private var flattened = false
    /// How far down the open elements a mismatched end tag may reach to close them.
    static let maxAutoClose = 64

    /// Where the document proper starts: after leading junk and the XML declaration.
    static func documentStart(_ b: [UInt8]) -> Int {
        var i = 0
        while i < b.count, b[i].isASCIIWhitespace { i += 1 }
        if let afterDecl = ByteScan.indexAfter("<?xml", in: b, from: i, end: min(b.count, i + 4096)),
           afterDecl < b.count, b[afterDecl].isASCIIWhitespace || b[afterDecl] == UInt8(ascii: "?"),
           let end = ByteScan.indexAfter("?>", in: b, from: afterDecl, end: b.count) {
            // Whatever stood before the declaration (whitespace, a PHP warning) is not the feed.
            return end
        }
        return i
    }

    private mutating func copy(_ b: [UInt8], from start: Int, to end: Int, into out: inout [UInt8], depth: Int) {
        var i = start
        var runStart = i
        @inline(__always) func flush(_ upTo: Int) {
            if upTo > runStart { out.append(contentsOf: b[runStart..<upTo]) }
        }
        while i < end {
            i = ByteScan.nextMarkupOrControl(in: b, from: i, end: end)
            guard i < end else { break }
            let c = b[i]
            if c == UInt8(ascii: "<") {
                let next: UInt8 = i + 1 < end ? b[i + 1] : 0
                if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") {
                    flush(i)
                    i = copyMarkupDeclaration(b, at: i, end: end, into: &out)
                    runStart = i
                    continue
                }
                if depth == 0, next == UInt8(ascii: "/") {
                    flush(i)
                    if droppedOpen > 0 {
                        droppedOpen -= 1 // the end of an element dropped for depth
                        i = (ByteScan.indexOf(UInt8(ascii: ">"), in: b, from: i + 2, end: end) ?? end - 1) + 1
                    } else {
                        i = copyEndTag(b, at: i, end: end, into: &out)
                    }
                    runStart = i
                    continue
                }
                if depth == 0, isNameByte(next, first: true) {
                    flush(i)
                    i = dropsStartTag(b, at: i, end: end) ?? copyStartTag(b, at: i, end: end, into: &out)
                    runStart = i
                    continue
                }
                if !isNameByte(next, first: true), next != UInt8(ascii: "/") {
                    flush(i) // a bare '<' in text ("2 < 3")
                    out.append(contentsOf: "&lt;".utf8)
                    i += 1
                    runStart = i
                    continue
                }
                i += 1
            } else if c == UInt8(ascii: "&") {
                flush(i)
                i = copyReference(b, at: i, end: end, into: &out, depth: depth)
                runStart = i
            } else {
                flush(i) // a control character XML forbids
                i += 1
                runStart = i
            }
        }
        flush(end)
    }

    /// A start tag: references inside attribute values are repaired like text, `<br>`-style HTML
    /// void elements are closed on the spot, and the element joins the open-element stack.
    private mutating func copyStartTag(_ b: [UInt8], at i: Int, end: Int, into out: inout [UInt8]) -> Int {
        var j = i + 1
        while j < end, !b[j].isASCIIWhitespace, b[j] != UInt8(ascii: ">"), b[j] != UInt8(ascii: "/") { j += 1 }
        let nameEnd = j
        var quote: UInt8 = 0
        var equals = 0
        var lastBlank = j
        var cut: Int?
        while j < end {
            let c = b[j]
            if quote != 0 { if c == quote { quote = 0 } }
            else if c == 0x22 || c == 0x27 { quote = c }
            else if c == UInt8(ascii: ">") { break }
            else if c.isASCIIWhitespace { lastBlank = j }
            else if c == UInt8(ascii: "=") {
                // Attributes past the cap are dropped, from the blank before the first one's name.
                equals += 1
                if equals > FeedLimits.maxAttributes, cut == nil { cut = lastBlank }
            }
            j += 1
        }
        guard j < end else { return end } // a tag cut off by the end of the file is dropped
        let selfClosing = b[j - 1] == UInt8(ascii: "/")
        let copyEnd = cut ?? (selfClosing ? j - 1 : j)
        var k = i
        while k < copyEnd { // copy the tag in runs, repairing references and dropping forbidden controls
            let stop = ByteScan.nextMarkupOrControl(in: b, from: k == i ? i + 1 : k, end: copyEnd)
            out.append(contentsOf: b[k..<stop])
            guard stop < copyEnd else { break }
            let c = b[stop]
            if c == UInt8(ascii: "&") {
                k = copyReference(b, at: stop, end: copyEnd, into: &out, depth: 0)
            } else {
                if c == UInt8(ascii: "<") { out.append(c) } // inside a tag '<' is left to libxml2
                k = stop + 1
            }
        }
        if selfClosing {
            out.append(UInt8(ascii: "/"))
        } else if Self.isHTMLVoid(b, i + 1, nameEnd) {
            out.append(UInt8(ascii: "/"))
        } else if !selfClosing {
            openElements.append((i + 1, nameEnd))
        }
        out.append(UInt8(ascii: ">"))
        return j + 1
    }

    /// At the depth cap a start tag that would open an element is dropped (an empty one is
    /// kept: it adds no depth), and so is the end tag that closes it.
    private mutating func dropsStartTag(_ b: [UInt8], at i: Int, end: Int) -> Int? {
        guard openElements.count >= FeedLimits.maxDepth else { return nil }
        var j = i + 1
        var quote: UInt8 = 0
        while j < end {
            let c = b[j]
            if quote != 0 { if c == quote { quote = 0 } } else if c == 0x22 || c == 0x27 { quote = c } else if c == UInt8(ascii: ">") { break }
            j += 1
        }
        guard j < end else { return end }
        var nameEnd = i + 1
        while nameEnd < j, !b[nameEnd].isASCIIWhitespace, b[nameEnd] != UInt8(ascii: "/") { nameEnd += 1 }
        if b[j - 1] == UInt8(ascii: "/") || Self.isHTMLVoid(b, i + 1, nameEnd) { return nil }
        droppedOpen += 1
        flattened = true
        return j + 1
    }

    /// An end tag: matched against the open elements. One that closes an outer element closes the
    /// inner ones first (`<description>line<br>next</description>`); one that matches nothing
    /// open (`</itm>`) is dropped.
    private mutating func copyEndTag(_ b: [UInt8], at i: Int, end: Int, into out: inout [UInt8]) -> Int {
        var j = i + 2
        while j < end, b[j] != UInt8(ascii: ">") { j += 1 }
        guard j < end else { return end }
        var nameEnd = j
        while nameEnd > i + 2, b[nameEnd - 1].isASCIIWhitespace { nameEnd -= 1 }
        let name = b[(i + 2)..<nameEnd]
        var match = openElements.count - 1
        let floor = max(0, openElements.count - Self.maxAutoClose)
        while match >= floor {
            let (s, e) = openElements[match]
            if b[s..<e].elementsEqual(name) { break }
            match -= 1
        }
        guard match >= floor else { return j + 1 } // stray end tag
        while openElements.count - 1 > match {
            let (s, e) = openElements.removeLast()
            out.append(contentsOf: "</".utf8)
            out.append(contentsOf: b[s..<e])
            out.append(UInt8(ascii: ">"))
        }
        openElements.removeLast()
        out.append(contentsOf: b[i...j])
        return j + 1
    }

    /// `br`, `hr` and `img`, which HTML-minded feeds leave unclosed.
    static func isHTMLVoid(_ b: [UInt8], _ start: Int, _ end: Int) -> Bool {
        let length = end - start
        guard length == 2 || length == 3 else { return false }
        let lower = b[start..<end].map { $0 | 0x20 }
        return lower == Array("br".utf8) || lower == Array("hr".utf8) || lower == Array("img".utf8)
    }

    /// `<!--…-->`, `<![CDATA[…]]>`, `<?…?>`, `<!DOCTYPE …>`: copied, dropped or mined for entities.
    private mutating func copyMarkupDeclaration(_ b: [UInt8], at i: Int, end: Int, into out: inout [UInt8]) -> Int {
        func through(_ terminator: StaticString, from: Int) -> Int {
            ByteScan.indexAfter(terminator, in: b, from: from, end: end) ?? end
        }
        if b[i + 1] == UInt8(ascii: "?") {
            let stop = through("?>", from: i + 2)
            let isXMLDecl = ByteScan.matches("xml", in: b, at: i + 2, end: end)
                && (i + 5 < end && (b[i + 5].isASCIIWhitespace || b[i + 5] == UInt8(ascii: "?")))
            if !isXMLDecl { out.append(contentsOf: b[i..<stop]) }
            return stop
        }
        if ByteScan.matches("<!--", in: b, at: i, end: end) {
            let stop = through("-->", from: i + 4)
            out.append(contentsOf: b[i..<stop])
            return stop
        }
        if ByteScan.matches("<![CDATA[", in: b, at: i, end: end) {
            if let stop = ByteScan.indexAfter("]]>", in: b, from: i + 9, end: end) {
                out.append(contentsOf: b[i..<stop])
                return stop
            }
            out.append(contentsOf: b[i..<end]) // an unfinished CDATA section ends with the file
            out.append(contentsOf: "]]>".utf8)
            return end
        }
        if ByteScan.matches("<!DOCTYPE", in: b, at: i, end: end) || ByteScan.matches("<!doctype", in: b, at: i, end: end) {
            return readDoctype(b, at: i + 9, end: end)
        }
        out.append(b[i])
        return i + 1
    }

    /// Skips a DOCTYPE, recording the entities its internal subset declares.
    private mutating func readDoctype(_ b: [UInt8], at start: Int, end: Int) -> Int {
        var i = start
        var quote: UInt8 = 0
        while i < end {
            let c = b[i]
            if quote != 0 {
                if c == quote { quote = 0 }
            } else if c == 0x22 || c == 0x27 {
                quote = c
            } else if c == UInt8(ascii: "[") {
                i = readInternalSubset(b, at: i + 1, end: end)
                continue
            } else if c == UInt8(ascii: ">") {
                return i + 1
            }
            i += 1
        }
        return end
    }

    private mutating func readInternalSubset(_ b: [UInt8], at start: Int, end: Int) -> Int {
        var i = start
        while i < end {
            if b[i] == UInt8(ascii: "]") { return i + 1 }
            if ByteScan.matches("<!--", in: b, at: i, end: end) {
                i = ByteScan.indexAfter("-->", in: b, from: i + 4, end: end) ?? end
                continue
            }
            if ByteScan.matches("<!ENTITY", in: b, at: i, end: end) {
                i = readEntityDeclaration(b, at: i + 8, end: end)
                continue
            }
            if b[i] == UInt8(ascii: "<") { // other declarations: skip to their end, minding quotes
                var quote: UInt8 = 0
                i += 1
                while i < end {
                    let c = b[i]
                    if quote != 0 { if c == quote { quote = 0 } } else if c == 0x22 || c == 0x27 { quote = c } else if c == UInt8(ascii: ">") { break }
                    i += 1
                }
                i += 1
                continue
            }
            i += 1
        }
        return end
    }

    private mutating func readEntityDeclaration(_ b: [UInt8], at start: Int, end: Int) -> Int {
        var i = start
        func skipSpace() { while i < end, b[i].isASCIIWhitespace { i += 1 } }
        skipSpace()
        var isParameter = false
        if i < end, b[i] == UInt8(ascii: "%") { isParameter = true; i += 1; skipSpace() }
        let nameStart = i
        while i < end, !b[i].isASCIIWhitespace, b[i] != UInt8(ascii: ">") { i += 1 }
        let name = String(decoding: b[nameStart..<i], as: UTF8.self)
        skipSpace()
        var value: [UInt8]?
        var external = false
        if i < end, b[i] == 0x22 || b[i] == 0x27 {
            let quote = b[i]
            i += 1
            let valueStart = i
            while i < end, b[i] != quote { i += 1 }
            value = Array(b[valueStart..<i])
            i += 1
        } else {
            external = true
        }
        while i < end, b[i] != UInt8(ascii: ">") {
            if b[i] == 0x22 || b[i] == 0x27 { // skip quoted system/public ids
                let quote = b[i]
                i += 1
                while i < end, b[i] != quote { i += 1 }
            }
            i += 1
        }
        if !isParameter, !name.isEmpty, entities[name] == nil, !externalEntities.contains(name) {
            if external { externalEntities.insert(name) } else if let value { entities[name] = value }
        }
        return min(end, i + 1)
    }

    /// Handles one `&…` at `i`, appending its repaired form.
    private mutating func copyReference(_ b: [UInt8], at i: Int, end: Int, into out: inout [UInt8], depth: Int) -> Int {
        // The five predefined entities, by far the most common, stay as they are.
        if Self.isPredefinedReference(b, at: i, end: end) {
            var j = i + 3
            while b[j] != UInt8(ascii: ";") { j += 1 }
            out.append(contentsOf: b[i...j])
            return j + 1
        }
        var j = i + 1
        if j < end, b[j] == UInt8(ascii: "#") {
            j += 1
            var hex = false
            if j < end, b[j] == UInt8(ascii: "x") || b[j] == UInt8(ascii: "X") { hex = true; j += 1 }
            let digitsStart = j
            var value: UInt32 = 0
            while j < end, j - digitsStart < 8 {
                let c = b[j]
                if c.isDigit { value = value &* (hex ? 16 : 10) &+ UInt32(c - 48) }
                else if hex, let h = hexValue(c) { value = value &* 16 &+ h }
                else { break }
                j += 1
            }
            guard j > digitsStart, j < end, b[j] == UInt8(ascii: ";") else {
                out.append(contentsOf: "&amp;".utf8)
                return i + 1
            }
            appendCharacterReference(value, into: &out)
            return j + 1
        }
        let nameStart = j
        while j < end, j - nameStart < 40, isNameByte(b[j], first: j == nameStart) { j += 1 }
        guard j > nameStart, j < end, b[j] == UInt8(ascii: ";") else {
            out.append(contentsOf: "&amp;".utf8)
            return i + 1
        }
        let name = String(decoding: b[nameStart..<j], as: UTF8.self)
        switch name {
        case "amp", "lt", "gt", "quot", "apos":
            out.append(contentsOf: b[i...j])
        default:
            if let value = entities[name] {
                if depth < Self.maxEntityDepth, budget >= value.count {
                    budget -= value.count
                    copy(value, from: 0, to: value.count, into: &out, depth: depth + 1)
                }
            } else if externalEntities.contains(name) {
                // Never loaded: the reference reads as nothing.
            } else if let scalar = HTMLEntities.codepoints[name] {
                appendCharacterReference(scalar, into: &out)
            } else {
                out.append(contentsOf: "&amp;".utf8)
                out.append(contentsOf: b[nameStart...j])
            }
        }
        return j + 1
    }

    private func appendCharacterReference(_ raw: UInt32, into out: inout [UInt8]) {
        var value = raw
        if (0x80...0x9F).contains(value) { value = UInt32(SingleByteCharsets.windows1252[Int(value) - 0x80]) }
        let allowed = value == 0x9 || value == 0xA || value == 0xD || (0x20...0xD7FF).contains(value)
            || (0xE000...0xFFFD).contains(value) || (0x10000...0x10FFFF).contains(value)
        if !allowed { value = 0xFFFD }
        out.append(contentsOf: "&#".utf8)
        out.append(contentsOf: String(value).utf8)
        out.append(UInt8(ascii: ";"))
    }

    private func hexValue(_ c: UInt8) -> UInt32? {
        switch c {
        case 0x61...0x66: return UInt32(c - 0x61 + 10)
        case 0x41...0x46: return UInt32(c - 0x41 + 10)
        default: return nil
        }
    }

    private func isNameByte(_ c: UInt8, first: Bool) -> Bool {
        if (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == UInt8(ascii: "_") || c >= 0x80 { return true }
        if first { return false }
        return c.isDigit || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") || c == UInt8(ascii: ":")
    }
}
