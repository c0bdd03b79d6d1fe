import Foundation
import LibXML

/// JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1), read leniently: wrong types are
/// skipped field by field rather than failing the feed.
enum JSONFeedParser {
    static func parse(_ utf8: [UInt8], baseURL: String?) throws(FeedParseError) -> Feed {
        let object: Any
        // Nesting is bounded before decoding, whose recursion the document would otherwise drive.
        guard !ByteScan.jsonNestingExceeds(utf8, limit: FeedLimits.maxJSONDepth) else {
            throw FeedParseError(.notAFeed, "not a feed: the JSON document nests deeper than \(FeedLimits.maxJSONDepth) levels")
        }
        do {
            object = try JSONSerialization.jsonObject(with: Data(utf8), options: [.fragmentsAllowed])
        } catch {
            throw FeedParseError(.notAFeed, "not a feed: the document is neither XML nor valid JSON")
        }
        guard let root = object as? [String: Any] else {
            throw FeedParseError(.notAFeed, "not a feed: the JSON document is not an object")
        }
        let versionURL = (root["version"] as? String) ?? ""
        guard versionURL.contains("jsonfeed.org/version/") else {
            throw FeedParseError(.notAFeed, "not a feed: JSON without a jsonfeed.org \"version\" is not a JSON Feed")
        }
        let version = versionURL.hasSuffix("/1.1") ? "1.1" : (versionURL.hasSuffix("/1") ? "1.0" : String(versionURL.split(separator: "/").last ?? ""))
        let feedURL = string(root["feed_url"]).map { URLResolver.resolve($0, against: baseURL) }
        let base = baseURL ?? feedURL
        var feed = Feed(format: .json, version: version)
        feed.title = string(root["title"]).map(HTMLText.foldWhitespace)
        feed.link = string(root["home_page_url"]).map { URLResolver.resolve($0, against: base) }
        feed.feedLink = feedURL
        feed.description = string(root["description"])
        feed.language = string(root["language"])
        feed.image = (string(root["icon"]) ?? string(root["favicon"])).map { URLResolver.resolve($0, against: base) }
        feed.authors = authors(root, base: base)
        for case let item as [String: Any] in (root["items"] as? [Any]) ?? [] {
            var entry = Entry()
            if let id = item["id"] {
                entry.id = (id as? String) ?? (id as? NSNumber).map { $0.stringValue }
            }
            entry.link = (string(item["url"]) ?? string(item["external_url"])).map { URLResolver.resolve($0, against: base) }
            entry.title = string(item["title"]).map(HTMLText.foldWhitespace)
            entry.summary = string(item["summary"])
            entry.content = string(item["content_html"]) ?? string(item["content_text"]).map { HTMLText.escape($0) }
            entry.published = string(item["date_published"]).flatMap(FeedDateParser.parse)
            entry.updated = string(item["date_modified"]).flatMap(FeedDateParser.parse)
            entry.authors = authors(item, base: base)
            entry.categories = ((item["tags"] as? [Any]) ?? []).lazy.compactMap { $0 as? String }.prefix(FeedLimits.maxCategories).map { $0 }
            for case let attachment as [String: Any] in ((item["attachments"] as? [Any]) ?? []).prefix(FeedLimits.maxEnclosures) {
                guard let url = string(attachment["url"]) else { continue }
                entry.enclosures.append(Enclosure(url: URLResolver.resolve(url, against: base),
                                                  type: string(attachment["mime_type"]),
                                                  length: (attachment["size_in_bytes"] as? NSNumber)?.intValue))
            }
            feed.entries.append(entry)
        }
        return feed
    }

    private static func string(_ value: Any?) -> String? {
        guard let s = value as? String else { return nil }
        let trimmed = s.trimmingASCIIWhitespace()
        return trimmed.isEmpty ? nil : trimmed
    }

    /// JSON Feed 1.1 `authors`, or 1.0's single `author`.
    private static func authors(_ object: [String: Any], base: String?) -> [Person] {
        var list = (object["authors"] as? [Any]) ?? []
        if list.isEmpty, let single = object["author"] { list = [single] }
        return list.prefix(FeedLimits.maxPeople).compactMap { value in
            guard let a = value as? [String: Any] else { return nil }
            let person = Person(name: string(a["name"]), email: nil, uri: string(a["url"]).map { URLResolver.resolve($0, against: base) })
            return person.name == nil && person.uri == nil ? nil : person
        }
    }
}
