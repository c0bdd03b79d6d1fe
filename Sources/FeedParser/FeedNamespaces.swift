/// The XML namespaces feeds use, and the short prefixes feedwatch files their elements under,
/// whatever prefix (or none) a feed chose. Undeclared but well-known prefixes (`dc:` without an
/// `xmlns:dc`) are mapped by name, as feedparser does.
enum FeedNamespaces {
    static let atom10 = "http://www.w3.org/2005/Atom"
    static let atom03 = "http://purl.org/atom/ns#"
    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    static let rss10 = "http://purl.org/rss/1.0/"
    static let rss090 = "http://my.netscape.com/rdf/simple/0.9/"
    static let xhtml = "http://www.w3.org/1999/xhtml"
    static let xml = "http://www.w3.org/XML/1998/namespace"

    /// Namespace URI → canonical prefix ("" for RSS's own elements).
    static let prefixes: [String: String] = [
        atom10: "atom", atom03: "atom", "http://purl.org/atom/ns#draft-ietf-atompub-format-08": "atom",
        rdf: "rdf", rss10: "", rss090: "", "http://backend.userland.com/rss2": "", "http://blogs.law.harvard.edu/tech/rss": "",
        "http://purl.org/net/rss1.1#": "",
        "http://purl.org/rss/1.0/modules/content/": "content",
        "http://purl.org/dc/elements/1.1/": "dc",
        "http://purl.org/dc/terms/": "dcterms",
        "http://search.yahoo.com/mrss/": "media", "http://search.yahoo.com/mrss": "media",
        "http://www.itunes.com/dtds/podcast-1.0.dtd": "itunes", "http://www.itunes.com/DTDs/Podcast-1.0.dtd": "itunes",
        "http://example.com/DTDs/PodCast-1.0.dtd": "itunes",
        "http://purl.org/rss/1.0/modules/syndication/": "sy",
        xhtml: "xhtml",
        "http://www.w3.org/2005/Atom/": "atom",
    ]

    /// Prefixes recognised when a feed uses them without declaring them.
    static let undeclared: Set<String> = ["atom", "content", "dc", "dcterms", "media", "itunes", "sy", "rdf", "xhtml"]

    /// The canonical key of an element: `title`, `atom:link`, `dc:creator`; unknown namespaces keep
    /// their URI so that they match nothing.
    static func key(for element: XMLStartElementView, defaultAtom: Bool) -> String {
        let ns = element.namespaceURI
        if ns.isEmpty {
            if let colon = element.name.firstIndex(of: ":") {
                let prefix = element.name[..<colon].lowercased()
                let local = element.name[element.name.index(after: colon)...]
                return undeclared.contains(prefix) ? prefix + ":" + local : "?" + element.name
            }
            return defaultAtom ? "atom:" + element.localName : element.localName
        }
        if let prefix = prefixes[ns] {
            return prefix.isEmpty ? element.localName : prefix + ":" + element.localName
        }
        if ns.lowercased().hasPrefix("http://www.itunes.com/dtds/podcast") { return "itunes:" + element.localName }
        return "{" + ns + "}" + element.localName
    }
}

/// The parts of a start tag the key function reads.
protocol XMLStartElementView {
    var name: String { get }
    var localName: String { get }
    var namespaceURI: String { get }
}
