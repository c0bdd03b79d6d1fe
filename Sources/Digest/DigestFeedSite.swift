/// Where the digest files are published, so the feeds can give absolute links.
///
/// A feed reader shows an entry far from the digest directory; every link in it must stand on
/// its own. The base is the digest directory's URL (`digest_base_url`, or its `file://` URL),
/// always ending in "/", so that a file name appended to it names the file.
public struct DigestFeedSite: Sendable, Equatable {
    /// The digest directory's absolute URL, ending in "/".
    public var baseURL: String
    /// The feeds' title, e.g. "feedwatch digest".
    public var title: String

    public init(baseURL: String, title: String = "feedwatch digest") {
        self.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        self.title = title
    }

    /// The URL of a file in the digest directory (`index.html`, `feed.xml`).
    public func url(ofFile name: String) -> String { baseURL + name }

    /// The URL of a day's HTML digest: the entry's link and its stable id.
    public func pageURL(of date: DigestDate) -> String { baseURL + date.description + ".html" }

    /// The Atom feed's own address.
    public var atomURL: String { url(ofFile: "feed.xml") }

    /// The JSON feed's own address.
    public var jsonURL: String { url(ofFile: "feed.json") }

    /// The page that lists every day.
    public var indexURL: String { url(ofFile: "index.html") }
}
