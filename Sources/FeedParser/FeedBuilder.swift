import LibXML

extension XMLStartElement: XMLStartElementView {}

/// Builds a `Feed` from the event stream of an RSS, RDF or Atom document.
///
/// Every element is either a *container* (channel, item, entry, author, image…) or a *text
/// element* (title, link, description…). A text element collects its character data and, when
/// a feed puts markup inside it (`<description>line<br>next</description>`, Atom xhtml content),
/// the markup re-serialised as HTML. When a text element ends, its value is filed under the
/// innermost container.
struct FeedBuilder: XMLEventHandler {
    /// The document's base URL (`--base-url`, or the URL it was fetched from).
    let documentBase: String?

    private(set) var feed: Feed?
    /// The feed's format, kept apart from `feed` so that the per-element checks do not touch
    /// (and copy) the whole feed value.
    private var format: FeedFormat?
    /// Name of the root element, for the "not a feed" error.
    private(set) var rootName: String?
    private var isAtom = false
    private var isAtom03 = false
    /// Qualified name → (namespace, field): one lookup per element instead of building keys.
    private var fieldCache: [String: (namespace: String, field: Field)] = [:]
    /// The namespace of an RSS or Atom root that feedwatch does not know by URI.
    private var rootNamespace: String?

    private var frames: [Frame] = []
    /// Index in `frames` of the text element currently collecting child markup.
    private var captureRoot: Int?
    private var containers: [Container] = [.document]

    private var entry: EntryDraft?
    private var person: Person?
    private var feedDraft = FeedDraft()
    /// RSS 1.0 when its namespace is used, RSS 0.90 for the Netscape namespace.
    private var rdfVersion: String?

    /// The newest entries so far, at most the parse's cap: a feed of a million items never
    /// holds a million entries.
    private var kept: NewestKeeper<Entry>
    /// Caps the document went over, in the order they were hit.
    private var cuts: [FeedCut] = []

    init(documentBase: String?, maxEntries: Int = FeedLimits.defaultMaxEntries) {
        self.documentBase = documentBase
        kept = NewestKeeper(limit: maxEntries)
    }

    /// Entries read so far, kept or not: which of two readings of a broken document got further.
    var entriesSeen: Int { kept.seen }

    private mutating func cut(_ cut: FeedCut) {
        if !cuts.contains(cut) { cuts.append(cut) }
    }

    private mutating func keep(_ draft: EntryDraft) {
        guard feed != nil else { return }
        let entry = draft.finished()
        kept.add(entry, date: entry.published ?? entry.updated)
        if draft.droppedCategories { cut(.categories(max: FeedLimits.maxCategories)) }
    }

    enum Container: Equatable {
        case document, feed, entry, person, image, ignored, category
    }

    struct Frame {
        var field: Field
        var element: XMLStartElement
        var base: String?
        var text = ""
        /// For elements serialised into a capture root: where their start tag ended in it.
        var openTagEnd = 0
        /// For text elements: how many child elements were serialised into `text`.
        var childElements = 0
        var transparent = false
        var opensContainer = false
    }

    /// Fields of the feed that need a fallback order.
    struct FeedDraft {
        var updated: FeedDate?
        var updatedFallback: FeedDate?
        var description: String?
        var descriptionFallback: String?
        var language: String?
        var rootLanguage: String?
        var titleFallback: String?
        var image: String?
        var ttl: Int?
        var updatePeriod: Int?
        var updateFrequency: Int?
    }

    /// An entry being read, with the candidates for fields that have priorities.
    struct EntryDraft {
        var value = Entry()
        var rssLink: String?
        var alternateLink: String?
        var permalinkGuid: String?
        var rdfAbout: String?
        var titleFallback: String?
        var summaryFallback: String?
        var publishedFallback: FeedDate?
        var contentIsFromAtom = false
        var droppedCategories = false

        mutating func appendCategory(_ category: String) {
            if value.categories.count < FeedLimits.maxCategories { value.categories.append(category) } else { droppedCategories = true }
        }

        func finished() -> Entry {
            var e = value
            e.link = rssLink ?? alternateLink ?? permalinkGuid
            if e.id == nil { e.id = rdfAbout }
            if e.title == nil { e.title = titleFallback }
            if e.summary == nil { e.summary = summaryFallback }
            if e.published == nil { e.published = publishedFallback }
            return e
        }
    }

    // MARK: Events

    mutating func startElement(_ element: XMLStartElement) {
        let parentBase = frames.last?.base ?? documentBase
        var base = parentBase
        if !element.attributes.isEmpty,
           let xmlBase = element.attribute(local: "base", namespace: FeedNamespaces.xml) ?? element.attribute("xml:base") {
            base = URLResolver.resolve(xmlBase, against: parentBase)
        }
        if format == nil, frames.isEmpty {
            startRoot(element)
        }
        let field = self.field(for: element)
        if format == .rdf, rdfVersion == nil {
            if element.namespaceURI == FeedNamespaces.rss10 { rdfVersion = "1.0" }
            else if element.namespaceURI == FeedNamespaces.rss090 { rdfVersion = "0.90" }
        }
        var frame = Frame(field: field, element: element, base: base)

        if let root = captureRoot {
            // Inside a text element: serialise the child as HTML.
            if frames.count == root + 1, frames[root].childElements == 0,
               frames[root].text.utf8.allSatisfy(\.isASCIIWhitespace),
               element.localName == "div", element.namespaceURI == FeedNamespaces.xhtml,
               constructType(of: frames[root].element) == .xhtml {
                frame.transparent = true // Atom's xhtml wrapper div is not part of the content
                frames[root].text = ""
            } else {
                frames[root].text += startTag(element, base: base)
                frames[root].childElements += 1
            }
            frame.openTagEnd = frames[root].text.utf8.count
            frames.append(frame)
            return
        }

        if let container = containerKind(for: field, element: element) {
            frame.opensContainer = true
            openContainer(container, field: field, element: element, base: base)
            frames.append(frame)
            return
        }
        handleAttributes(field: field, element: element, base: base)
        frames.append(frame)
        captureRoot = frames.count - 1
    }

    /// Text matters only inside a text element the builder files somewhere.
    var wantsText: Bool {
        guard let root = captureRoot else { return false }
        return frames[root].field != .other
    }

    mutating func text(_ text: String) {
        guard !frames.isEmpty else { return }
        if let root = captureRoot {
            if frames.count - 1 == root {
                frames[root].text += text
            } else {
                frames[root].text += HTMLText.escape(text)
            }
        }
    }

    mutating func endElement() {
        guard let frame = frames.popLast() else { return }
        if let root = captureRoot {
            if frames.count > root {
                // A serialised child closes.
                if !frame.transparent {
                    let name = frame.element.localName
                    if frames[root].text.utf8.count == frame.openTagEnd, Self.voidElements.contains(name.lowercased()) {
                        frames[root].text.removeLast()
                        frames[root].text += " />"
                    } else {
                        frames[root].text += "</" + name + ">"
                    }
                }
                return
            }
            captureRoot = nil
            fileText(frame)
            return
        }
        if frame.opensContainer { closeContainer(frame) }
    }

    /// The field an element stands for, cached per namespace and name for this document.
    private mutating func field(for element: XMLStartElement) -> Field {
        if let hit = fieldCache[element.name], hit.namespace == element.namespaceURI { return hit.field }
        let key: String
        if let rootNamespace, element.namespaceURI == rootNamespace {
            key = (isAtom ? "atom:" : "") + element.localName // a feed's own (unregistered) namespace
        } else {
            key = FeedNamespaces.key(for: element, defaultAtom: isAtom)
        }
        let field = Field(rawValue: key) ?? .other
        if !frames.isEmpty { fieldCache[element.name] = (element.namespaceURI, field) }
        return field
    }

    // MARK: Root and containers

    private mutating func startRoot(_ element: XMLStartElement) {
        rootName = element.name
        let local = element.localName.lowercased()
        let ns = element.namespaceURI
        var format: FeedFormat?
        var version: String?
        switch local {
        case "rss":
            format = .rss
            version = element.attribute("version").flatMap(Self.rssVersion)
        case "rdf" where ns == FeedNamespaces.rdf || element.name.lowercased() == "rdf:rdf":
            format = .rdf
        case "feed":
            format = .atom
            isAtom = true
            let declared = element.attribute("version")
            isAtom03 = ns == FeedNamespaces.atom03 || (ns != FeedNamespaces.atom10 && declared == "0.3")
            version = isAtom03 ? "0.3" : (ns == FeedNamespaces.atom10 ? "1.0" : declared)
        case "entry" where ns == FeedNamespaces.atom10 || ns == FeedNamespaces.atom03:
            format = .atom // an Atom entry document: a feed of one entry
            isAtom = true
            isAtom03 = ns == FeedNamespaces.atom03
            version = isAtom03 ? "0.3" : "1.0"
        case "channel":
            format = .rss
        default:
            format = nil
        }
        guard let format else { return }
        if !ns.isEmpty, FeedNamespaces.prefixes[ns] == nil { rootNamespace = ns }
        if format == .rdf {
            if element.namespaceDeclarations.contains(FeedNamespaces.rss10) { rdfVersion = "1.0" }
            else if element.namespaceDeclarations.contains(FeedNamespaces.rss090) { rdfVersion = "0.90" }
        }
        feed = Feed(format: format, version: version)
        self.format = format
        feedDraft.rootLanguage = element.attribute(local: "lang", namespace: FeedNamespaces.xml) ?? element.attribute("xml:lang")
        containers.append(.feed)
    }

    static func rssVersion(_ raw: String) -> String? {
        let v = raw.trimmingASCIIWhitespace()
        switch v {
        case "": return nil
        case "2.0", "2.01", "2.1", "2": return "2.0"
        default: return v
        }
    }

    private func containerKind(for field: Field, element: XMLStartElement) -> Container? {
        switch field {
        case .channel, .rdfRoot, .rss, .atomFeed, .items, .rdfSeq, .rdfBag, .rdfLi:
            return frames.isEmpty || field == .channel ? .feed : .ignored
        case .item, .atomEntry:
            return .entry // an item inside an item (an unclosed one before it) is its sibling
        case .atomAuthor, .atomContributor:
            return .person
        case .image, .atomImage:
            return .image
        case .textinput, .textInput, .atomSource, .itunesOwner, .mediaGroup,
             .mediaContent, .atomGenerator:
            return .ignored
        case .itunesCategory:
            return .category
        default:
            return nil
        }
    }

    private mutating func openContainer(_ container: Container, field: Field, element: XMLStartElement, base: String?) {
        switch container {
        case .entry:
            if let unfinished = entry { keep(unfinished) }
            entry = EntryDraft()
            if let about = element.attribute(local: "about", namespace: FeedNamespaces.rdf) ?? element.attribute("rdf:about") {
                entry?.rdfAbout = about
            }
        case .person:
            person = Person()
        case .category:
            if containers.last == .entry || containers.last == .category, containers.contains(.entry),
               let text = element.attribute("text")?.trimmingASCIIWhitespace(), !text.isEmpty {
                entry?.appendCategory(text)
            }
        case .feed where frames.isEmpty:
            return // the root itself; already counted in startRoot
        default:
            break
        }
        containers.append(container)
    }

    private mutating func closeContainer(_ frame: Frame) {
        guard let container = containers.popLast() else { return }
        switch container {
        case .entry:
            if let draft = entry { keep(draft) }
            entry = nil
        case .person:
            if let p = person, p.name != nil || p.email != nil || p.uri != nil {
                let isAuthor = frame.field == .atomAuthor
                if containers.last == .entry {
                    if isAuthor { appendAuthor(p, toEntry: true) }
                } else if containers.last == .feed, isAuthor {
                    appendAuthor(p, toEntry: false)
                }
            }
            person = nil
        default:
            break
        }
        if containers.isEmpty { containers = [.document] }
    }

    // MARK: Attribute-carrying elements

    private mutating func handleAttributes(field: Field, element: XMLStartElement, base: String?) {
        let context = containers.last ?? .document
        switch field {
        case .enclosure:
            guard context == .entry, let raw = element.attribute("url") else { return }
            guard entry?.value.enclosures.count ?? 0 < FeedLimits.maxEnclosures else { return cut(.enclosures(max: FeedLimits.maxEnclosures)) }
            entry?.value.enclosures.append(Enclosure(url: URLResolver.resolve(raw, against: base),
                                                     type: element.attribute("type"),
                                                     length: element.attribute("length").flatMap(Self.integer)))
        case .itunesImage:
            if context == .feed, feedDraft.image == nil, let href = element.attribute("href") ?? element.attribute("url") {
                feedDraft.image = URLResolver.resolve(href, against: base)
            }
        case .atomCategory:
            if context == .entry, let term = element.attribute("term")?.trimmingASCIIWhitespace(), !term.isEmpty {
                entry?.appendCategory(term)
            }
        default:
            break
        }
    }

    static func integer(_ raw: String) -> Int? {
        Int(raw.trimmingASCIIWhitespace())
    }

    // MARK: Text elements

    private mutating func fileText(_ frame: Frame) {
        let context = containers.last ?? .document
        let field = frame.field
        let raw = frame.text
        if field == .atomLink {
            fileAtomLink(frame, context: context)
            return
        }
        switch context {
        case .person:
            let value = HTMLText.foldWhitespace(raw)
            guard !value.isEmpty else { return }
            switch field {
            case .atomName, .name: person?.name = value
            case .atomEmail, .email: person?.email = value
            case .atomUri, .atomUrl, .atomHomepage, .uri, .url: person?.uri = URLResolver.resolve(value, against: frame.base)
            default: break
            }
        case .image:
            if field == .url || field == .atomUrl, containers.dropLast().last == .feed, feedDraft.image == nil {
                let value = raw.trimmingASCIIWhitespace()
                if !value.isEmpty { feedDraft.image = URLResolver.resolve(value, against: frame.base) }
            }
        case .entry:
            fileEntryText(field: field, raw: raw, frame: frame)
        case .feed:
            fileFeedText(field: field, raw: raw, frame: frame)
        default:
            break
        }
    }

    /// `<link rel href>` of Atom (and atom:link in RSS); Atom 0.3 feeds sometimes put the URL in the text.
    private mutating func fileAtomLink(_ frame: Frame, context: Container) {
        let element = frame.element
        guard let href = element.attribute("href") ?? Optional(frame.text.trimmingASCIIWhitespace()), !href.isEmpty else { return }
        let url = URLResolver.resolve(href, against: frame.base)
        let rel = (element.attribute("rel") ?? "alternate").trimmingASCIIWhitespace().lowercased()
        if context == .entry {
            switch rel {
            case "alternate", "http://www.iana.org/assignments/relation/alternate":
                if entry?.alternateLink == nil { entry?.alternateLink = url }
            case "enclosure":
                guard entry?.value.enclosures.count ?? 0 < FeedLimits.maxEnclosures else { return cut(.enclosures(max: FeedLimits.maxEnclosures)) }
                entry?.value.enclosures.append(Enclosure(url: url, type: element.attribute("type"),
                                                         length: element.attribute("length").flatMap(Self.integer)))
            default: break
            }
        } else if context == .feed {
            switch rel {
            case "alternate": if feed?.link == nil { feed?.link = url }
            case "self": if feed?.feedLink == nil { feed?.feedLink = url }
            default: break
            }
        }
    }

    private mutating func fileEntryText(field: Field, raw: String, frame: Frame) {
        guard entry != nil else { return }
        let trimmed = raw.trimmingASCIIWhitespace()
        switch field {
        case .title:
            if entry!.value.title == nil { entry!.value.title = Self.rssTitle(raw) }
        case .atomTitle:
            if entry!.value.title == nil { entry!.value.title = title(fromConstruct: raw, frame) }
        case .dcTitle, .mediaTitle:
            if entry!.titleFallback == nil { entry!.titleFallback = Self.rssTitle(raw) }
        case .link:
            if entry!.rssLink == nil, !trimmed.isEmpty { entry!.rssLink = URLResolver.resolve(trimmed, against: frame.base) }
        case .guid:
            guard !trimmed.isEmpty else { return }
            if entry!.value.id == nil { entry!.value.id = trimmed }
            let permalink = frame.element.attribute("isPermaLink")?.lowercased() ?? "true"
            if permalink == "true", entry!.permalinkGuid == nil {
                entry!.permalinkGuid = URLResolver.resolve(trimmed, against: frame.base)
            }
        case .atomId:
            if entry!.value.id == nil, !trimmed.isEmpty { entry!.value.id = trimmed }
        case .description:
            if entry!.value.summary == nil, !trimmed.isEmpty { entry!.value.summary = trimmed }
        case .atomSummary:
            if entry!.value.summary == nil { entry!.value.summary = summary(fromConstruct: raw, frame.element) }
        case .itunesSummary, .itunesSubtitle, .mediaDescription, .dcDescription:
            if entry!.summaryFallback == nil, !trimmed.isEmpty { entry!.summaryFallback = trimmed }
        case .contentEncoded, .xhtmlBody, .body, .fullitem:
            if entry!.value.content == nil || entry!.contentIsFromAtom, !trimmed.isEmpty {
                entry!.value.content = trimmed
                entry!.contentIsFromAtom = false
            }
        case .atomContent:
            if entry!.value.content == nil, let html = content(fromConstruct: raw, frame.element), !html.isEmpty {
                entry!.value.content = html
                entry!.contentIsFromAtom = true
            }
        case .pubDate, .atomPublished, .atomIssued:
            if entry!.value.published == nil { entry!.value.published = FeedDateParser.parse(raw) }
        case .dctermsIssued, .dctermsCreated, .atomCreated:
            if entry!.publishedFallback == nil { entry!.publishedFallback = FeedDateParser.parse(raw) }
        case .atomUpdated, .atomModified, .dcDate, .dctermsModified:
            let date = FeedDateParser.parse(raw)
            // Atom's own element wins over Dublin Core; a repeated one overwrites (feedparser does too).
            if entry!.value.updated == nil || ((field == .atomUpdated || field == .atomModified) && date != nil) { entry!.value.updated = date }
            if field == .dcDate, entry!.publishedFallback == nil { entry!.publishedFallback = date }
        case .author, .dcCreator, .dcAuthor, .itunesAuthor:
            if let p = PersonParser.parse(raw) { appendAuthor(p, toEntry: true) }
        case .category, .dcSubject, .mediaCategory:
            if !trimmed.isEmpty { entry!.appendCategory(HTMLText.foldWhitespace(trimmed)) }
        default:
            break
        }
    }

    private mutating func fileFeedText(field: Field, raw: String, frame: Frame) {
        guard feed != nil else { return }
        let trimmed = raw.trimmingASCIIWhitespace()
        switch field {
        case .title:
            if feed!.title == nil { feed!.title = Self.rssTitle(raw) }
        case .atomTitle:
            if feed!.title == nil { feed!.title = title(fromConstruct: raw, frame) }
        case .dcTitle:
            if feedDraft.titleFallback == nil { feedDraft.titleFallback = Self.rssTitle(raw) }
        case .link:
            if feed!.link == nil, !trimmed.isEmpty { feed!.link = URLResolver.resolve(trimmed, against: frame.base) }
        case .description:
            if feedDraft.description == nil, !trimmed.isEmpty { feedDraft.description = Self.rssTitle(raw) }
        case .atomSubtitle, .atomTagline:
            if feedDraft.description == nil {
                let text = title(fromConstruct: raw, frame)
                if !text.isEmpty { feedDraft.description = text }
            }
        case .itunesSummary, .itunesSubtitle, .dcDescription:
            if feedDraft.descriptionFallback == nil, !trimmed.isEmpty { feedDraft.descriptionFallback = Self.rssTitle(raw) }
        case .language, .dcLanguage:
            if feedDraft.language == nil, !trimmed.isEmpty { feedDraft.language = trimmed }
        case .lastBuildDate, .atomUpdated, .atomModified, .dcDate, .dctermsModified:
            if feedDraft.updated == nil { feedDraft.updated = FeedDateParser.parse(raw) }
        case .pubDate, .dctermsIssued:
            if feedDraft.updatedFallback == nil { feedDraft.updatedFallback = FeedDateParser.parse(raw) }
        case .managingEditor, .author, .dcCreator, .dcAuthor, .itunesAuthor:
            if let p = PersonParser.parse(raw) { appendAuthor(p, toEntry: false) }
        case .itunesLink:
            if frame.element.attribute("rel") == "image", feedDraft.image == nil, let href = frame.element.attribute("href") {
                feedDraft.image = URLResolver.resolve(href, against: frame.base)
            }
        case .atomLogo:
            if feedDraft.image == nil, !trimmed.isEmpty { feedDraft.image = URLResolver.resolve(trimmed, against: frame.base) }
        case .ttl:
            feedDraft.ttl = Int(trimmed)
        case .syUpdatePeriod:
            feedDraft.updatePeriod = ["hourly": 3600, "daily": 86_400, "weekly": 604_800, "monthly": 2_592_000,
                                      "yearly": 31_536_000][trimmed.lowercased()]
        case .syUpdateFrequency:
            feedDraft.updateFrequency = Int(trimmed)
        default:
            break
        }
    }

    private mutating func appendAuthor(_ p: Person, toEntry: Bool) {
        if toEntry {
            guard entry != nil, !entry!.value.authors.contains(where: { Self.samePerson($0, p) }) else { return }
            guard entry!.value.authors.count < FeedLimits.maxPeople else { return cut(.people(max: FeedLimits.maxPeople)) }
            entry!.value.authors.append(p)
        } else if feed != nil {
            guard !feed!.authors.contains(where: { Self.samePerson($0, p) }) else { return }
            guard feed!.authors.count < FeedLimits.maxPeople else { return cut(.people(max: FeedLimits.maxPeople)) }
            feed!.authors.append(p)
        }
    }

    static func samePerson(_ a: Person, _ b: Person) -> Bool {
        if let name = a.name, let other = b.name { return name == other }
        return a.name == nil && b.name == nil && a.email != nil && a.email == b.email
    }

    // MARK: Finishing

    /// The feed with its fallbacks applied, or nil when the root was not a feed.
    func finished() -> Feed? {
        guard var feed else { return nil }
        feed.entries = kept.finished()
        feed.cuts = cuts + (kept.cut.map { [$0] } ?? [])
        feed.capPeopleAcrossEntries()
        if feed.title == nil { feed.title = feedDraft.titleFallback }
        feed.description = feedDraft.description ?? feedDraft.descriptionFallback
        feed.language = feedDraft.language ?? feedDraft.rootLanguage
        feed.updated = feedDraft.updated ?? feedDraft.updatedFallback
        feed.image = feedDraft.image
        if feed.format == .rdf {
            feed.version = feed.version ?? rdfVersion
        }
        if feedDraft.ttl != nil || feedDraft.updatePeriod != nil {
            let interval = feedDraft.updatePeriod.map { $0 / max(1, feedDraft.updateFrequency ?? 1) }
            feed.refreshHint = RefreshHint(ttlMinutes: feedDraft.ttl, updateIntervalSeconds: interval)
        }
        return feed
    }


    // MARK: Text constructs

    enum ConstructType { case text, html, xhtml, base64Text, base64HTML, other }

    func constructType(of element: XMLStartElement) -> ConstructType {
        let type = (element.attribute("type") ?? "").trimmingASCIIWhitespace().lowercased()
        let mode = (element.attribute("mode") ?? "").trimmingASCIIWhitespace().lowercased()
        let isHTMLType = type == "html" || type == "text/html"
        let isXHTMLType = type == "xhtml" || type == "application/xhtml+xml"
        let isTextType = type.isEmpty || type == "text" || type == "text/plain"
        if mode == "base64" { return isTextType ? .base64Text : .base64HTML }
        if isXHTMLType { return .xhtml }
        if isHTMLType { return mode == "xml" ? .xhtml : .html }
        if isTextType { return mode == "escaped" ? .html : .text }
        return .other
    }

    func title(fromConstruct raw: String, _ frame: Frame) -> String {
        switch constructType(of: frame.element) {
        case .text, .other:
            // Markup inside a text construct (invalid, but seen) is read as HTML.
            return frame.childElements > 0 ? HTMLText.plainText(fromHTML: raw) : HTMLText.foldWhitespace(raw)
        case .html, .xhtml: return HTMLText.plainText(fromHTML: raw)
        case .base64Text: return HTMLText.foldWhitespace(Base64.decodeString(raw) ?? "")
        case .base64HTML: return HTMLText.plainText(fromHTML: Base64.decodeString(raw) ?? "")
        }
    }

    func summary(fromConstruct raw: String, _ element: XMLStartElement) -> String? {
        let value: String
        switch constructType(of: element) {
        case .base64Text, .base64HTML: value = Base64.decodeString(raw) ?? ""
        default: value = raw
        }
        let trimmed = value.trimmingASCIIWhitespace()
        return trimmed.isEmpty ? nil : trimmed
    }

    func content(fromConstruct raw: String, _ element: XMLStartElement) -> String? {
        switch constructType(of: element) {
        case .text: return raw.trimmingASCIIWhitespace()
        case .base64Text: return Base64.decodeString(raw)?.trimmingASCIIWhitespace()
        case .base64HTML: return Base64.decodeString(raw)?.trimmingASCIIWhitespace()
        case .html, .xhtml, .other: return raw.trimmingASCIIWhitespace()
        }
    }

    /// RSS titles are plain text unless they look like HTML (an end tag or a reference).
    static func rssTitle(_ raw: String) -> String {
        HTMLText.looksLikeHTML(raw) ? HTMLText.plainText(fromHTML: raw) : HTMLText.foldWhitespace(raw)
    }

    // MARK: Serialising inline markup

    static let voidElements: Set<String> = ["br", "img", "hr", "input", "meta", "link", "area", "base", "col",
                                            "embed", "param", "source", "track", "wbr"]
    static let urlAttributes: Set<String> = ["href", "src", "cite", "background", "longdesc", "action", "poster", "data"]

    private func startTag(_ element: XMLStartElement, base: String?) -> String {
        var tag = "<" + element.localName
        for attribute in element.attributes where attribute.namespaceURI.isEmpty || attribute.namespaceURI == FeedNamespaces.xhtml {
            var value = attribute.value
            if Self.urlAttributes.contains(attribute.localName.lowercased()) {
                value = URLResolver.resolve(value, against: base)
            }
            tag += " " + attribute.localName + "=\"" + HTMLText.escape(value, quotes: true) + "\""
        }
        return tag + ">"
    }
}
