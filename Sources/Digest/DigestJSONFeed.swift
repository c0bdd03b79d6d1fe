import Foundation

/// The digest as a JSON Feed 1.1 (https://jsonfeed.org/version/1.1): one item per day, newest
/// first, with the same ids, titles, dates and content as the Atom feed.
///
/// Written by `JSONEncoder` (keys sorted, pretty-printed, slashes unescaped), so every string is
/// escaped as JSON; characters that XML could not carry are replaced as in the Atom feed, since a
/// reader hands `content_html` to the same HTML code either way.
public enum DigestJSONFeed {
    public static let version = "https://jsonfeed.org/version/1.1"

    public static func render(_ editions: [DigestEdition], site: DigestFeedSite) -> String {
        render(entries: editions.map { DigestFeedEntry($0, site: site) }, site: site)
    }

    /// The feed of entries whose content is already rendered.
    public static func render(entries: [DigestFeedEntry], site: DigestFeedSite) -> String {
        let clean = XMLEscaper.replacingIllegal
        let items = DigestFeedOrder.newestFirst(entries).map { entry in
            let page = clean(site.pageURL(of: entry.date))
            return Item(id: page, url: page, title: clean(entry.title), summary: clean(entry.summary),
                        contentHTML: clean(entry.contentHTML), dateModified: entry.updated.rfc3339)
        }
        let document = Document(version: version, title: clean(site.title), homePageURL: clean(site.indexURL),
                                feedURL: clean(site.jsonURL), description: DigestFeedOrder.description, language: "en",
                                authors: [Author(name: "feedwatch")], items: items)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Strings and arrays of them only: encoding cannot fail.
        guard let data = try? encoder.encode(document) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    struct Document: Encodable {
        var version: String
        var title: String
        var homePageURL: String
        var feedURL: String
        var description: String
        var language: String
        var authors: [Author]
        var items: [Item]

        enum CodingKeys: String, CodingKey {
            case version, title, description, language, authors, items
            case homePageURL = "home_page_url"
            case feedURL = "feed_url"
        }
    }

    struct Author: Encodable {
        var name: String
    }

    struct Item: Encodable {
        var id: String
        var url: String
        var title: String
        var summary: String
        var contentHTML: String
        var dateModified: String

        enum CodingKeys: String, CodingKey {
            case id, url, title, summary
            case contentHTML = "content_html"
            case dateModified = "date_modified"
        }
    }
}
