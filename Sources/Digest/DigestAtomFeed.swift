/// The digest as an Atom 1.0 feed (RFC 4287): one entry per day, newest first.
///
/// Each entry's id is the day's page URL, so it stays the same as the day is rewritten; its
/// `updated` is when the day's content last changed; its content is the day's HTML body with
/// absolute links (`DigestFeedContent`), carried as escaped text (`type="html"`). Every string —
/// the site's URL included — goes through `XMLEscaper`, so no feed text can end an element or
/// make the document ill-formed.
public enum DigestAtomFeed {
    public static func render(_ editions: [DigestEdition], site: DigestFeedSite) -> String {
        render(entries: editions.map { DigestFeedEntry($0, site: site) }, site: site)
    }

    /// The feed of entries whose content is already rendered.
    public static func render(entries: [DigestFeedEntry], site: DigestFeedSite) -> String {
        var out = ""
        render(entries: entries, site: site, into: &out)
        return out
    }

    /// `render(entries:site:)` written to `out` as it is made.
    public static func render(entries given: [DigestFeedEntry], site: DigestFeedSite, into out: inout some TextOutputStream) {
        let entries = DigestFeedOrder.newestFirst(given)
        out.write("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
        out.write("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">\n")
        out.write(element("id", site.atomURL))
        out.write(element("title", site.title))
        out.write(element("subtitle", DigestFeedOrder.description))
        out.write(link(rel: "self", type: "application/atom+xml", href: site.atomURL))
        out.write(link(rel: "alternate", type: "text/html", href: site.indexURL))
        out.write(element("updated", DigestFeedOrder.updated(of: entries)))
        out.write("<author><name>feedwatch</name></author>\n")
        out.write("<generator>feedwatch</generator>\n")
        for entry in entries {
            let page = site.pageURL(of: entry.date)
            out.write("<entry>\n")
            out.write(element("id", page))
            out.write(element("title", entry.title, type: "text"))
            out.write(link(rel: "alternate", type: "text/html", href: page))
            out.write(element("updated", entry.updated.rfc3339))
            out.write(element("summary", entry.summary, type: "text"))
            out.write(element("content", entry.contentHTML, type: "html"))
            out.write("</entry>\n")
        }
        out.write("</feed>\n")
    }

    private static func element(_ name: String, _ text: String, type: String? = nil) -> String {
        let attribute = type.map { " type=\"\($0)\"" } ?? ""
        return "<\(name)\(attribute)>" + XMLEscaper.escape(text) + "</\(name)>\n"
    }

    private static func link(rel: String, type: String, href: String) -> String {
        "<link rel=\"\(rel)\" type=\"\(type)\" href=\"" + XMLEscaper.escape(href) + "\"/>\n"
    }
}

/// What the Atom and JSON feeds share: which editions, in which order, and the feed's date.
enum DigestFeedOrder {
    static let description = "The daily news digest: one entry per day, today's edition updated through the day."

    /// One entry per day (the first given wins), newest day first.
    static func newestFirst(_ entries: [DigestFeedEntry]) -> [DigestFeedEntry] {
        var seen = Set<DigestDate>()
        return entries.filter { seen.insert($0.date).inserted }.sorted { $0.date > $1.date }
    }

    /// The newest entry's `updated`: a feed with unchanged entries keeps its date, byte for byte.
    static func updated(of editions: [DigestFeedEntry]) -> String {
        (editions.map(\.updated).max() ?? DigestTime(secondsSince1970: 0, utcOffsetSeconds: 0)).rfc3339
    }
}
