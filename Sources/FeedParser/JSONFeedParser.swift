import Foundation
import LibXML

/// JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1), read leniently: wrong types are
/// skipped field by field rather than failing the feed.
///
/// The document is read with `JSONReader`, in bounded parts: the `items` array element by
/// element, keeping only the newest `maxEntries`, and every other array or object capped
/// (`FeedLimits`), so that no shape of JSON costs more than a pass over its bytes.
enum JSONFeedParser {
    static let limits = JSONReader.Limits(maxDepth: FeedLimits.maxJSONDepth,
                                          maxArrayElements: FeedLimits.maxJSONArrayElements,
                                          maxObjectMembers: FeedLimits.maxJSONObjectMembers)

    static func parse(_ utf8: [UInt8], baseURL: String?,
                      maxEntries: Int = FeedLimits.defaultMaxEntries) throws(FeedParseError) -> Feed {
        // Nesting is bounded before reading, so the error names it whatever else is wrong.
        guard !ByteScan.jsonNestingExceeds(utf8, limit: FeedLimits.maxJSONDepth) else {
            throw FeedParseError(.notAFeed, "not a feed: the JSON document nests deeper than \(FeedLimits.maxJSONDepth) levels")
        }
        var reader = JSONReader(utf8, limits: limits)
        var root: [String: JSONValue]?
        var items = NewestKeeper<[String: JSONValue]>(limit: maxEntries)
        do throws(JSONReader.Failure) {
            if reader.peek() == UInt8(ascii: "{") {
                var members: [String: JSONValue] = [:]
                try reader.readObject(depth: 0) { (name: String, reader: inout JSONReader) throws(JSONReader.Failure) in
                    if name == "items", reader.peek() == UInt8(ascii: "[") {
                        items = NewestKeeper(limit: maxEntries) // a repeated "items" replaces the first, as a repeated key does
                        try readItems(&reader, into: &items)
                        members[name] = .array([])
                    } else if members.count < limits.maxObjectMembers || members[name] != nil {
                        members[name] = try reader.value(depth: 1)
                    } else {
                        try reader.skip(depth: 1)
                    }
                }
                root = members
            } else {
                _ = try reader.value()
            }
            try reader.finish()
        } catch {
            throw FeedParseError(.notAFeed, "not a feed: the document is neither XML nor valid JSON")
        }
        guard let root else {
            throw FeedParseError(.notAFeed, "not a feed: the JSON document is not an object")
        }
        let versionURL = root["version"]?.string ?? ""
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
        var cutPeople = false
        var cutCategories = false
        feed.authors = authors(root, base: base, cut: &cutPeople)
        for item in items.finished() {
            feed.entries.append(entry(item, base: base, cutPeople: &cutPeople, cutCategories: &cutCategories))
        }
        if reader.droppedArrayElements { feed.cuts.append(.jsonArrayElements(max: limits.maxArrayElements)) }
        if reader.droppedObjectMembers { feed.cuts.append(.jsonObjectMembers(max: limits.maxObjectMembers)) }
        if cutPeople { feed.cuts.append(.people(max: FeedLimits.maxPeople)) }
        if cutCategories { feed.cuts.append(.categories(max: FeedLimits.maxCategories)) }
        if let cut = items.cut { feed.cuts.append(cut) }
        feed.capPeopleAcrossEntries()
        return feed
    }

    /// The elements of `items` that are objects, each kept with its date so that only the
    /// newest stay; other elements are read and skipped.
    private static func readItems(_ reader: inout JSONReader,
                                  into items: inout NewestKeeper<[String: JSONValue]>) throws(JSONReader.Failure) {
        try reader.readArray(depth: 1) { (reader: inout JSONReader) throws(JSONReader.Failure) in
            guard reader.peek() == UInt8(ascii: "{"), case .object(let item) = try reader.value(depth: 2) else {
                return try reader.skip(depth: 2)
            }
            let date = string(item["date_published"]).flatMap(FeedDateParser.parse)
                ?? string(item["date_modified"]).flatMap(FeedDateParser.parse)
            items.add(item, date: date)
        }
    }

    private static func entry(_ item: [String: JSONValue], base: String?,
                              cutPeople: inout Bool, cutCategories: inout Bool) -> Entry {
        var entry = Entry()
        switch item["id"] {
        case .string(let id)?: entry.id = id
        case .number(let literal)?: entry.id = numberText(literal)
        default: break
        }
        entry.link = (string(item["url"]) ?? string(item["external_url"])).map { URLResolver.resolve($0, against: base) }
        entry.title = string(item["title"]).map(HTMLText.foldWhitespace)
        entry.summary = string(item["summary"])
        entry.content = string(item["content_html"]) ?? string(item["content_text"]).map { HTMLText.escape($0) }
        entry.published = string(item["date_published"]).flatMap(FeedDateParser.parse)
        entry.updated = string(item["date_modified"]).flatMap(FeedDateParser.parse)
        entry.authors = authors(item, base: base, cut: &cutPeople)
        let tags = (item["tags"]?.array ?? []).lazy.compactMap(\.string)
        entry.categories = Array(tags.prefix(FeedLimits.maxCategories))
        if tags.dropFirst(FeedLimits.maxCategories).first != nil { cutCategories = true }
        for attachment in (item["attachments"]?.array ?? []).lazy.compactMap(\.object).prefix(FeedLimits.maxEnclosures) {
            guard let url = string(attachment["url"]) else { continue }
            entry.enclosures.append(Enclosure(url: URLResolver.resolve(url, against: base),
                                              type: string(attachment["mime_type"]),
                                              length: attachment["size_in_bytes"]?.integer))
        }
        return entry
    }

    /// A numeric `id` as text, the way Foundation writes the number it decodes: whole numbers
    /// as their digits, others as the shortest decimal form of the double.
    static func numberText(_ literal: String) -> String {
        if let whole = Int(literal) { return String(whole) }
        guard let value = Double(literal) else { return literal }
        return NSNumber(value: value).stringValue
    }

    private static func string(_ value: JSONValue?) -> String? {
        guard let s = value?.string else { return nil }
        let trimmed = s.trimmingASCIIWhitespace()
        return trimmed.isEmpty ? nil : trimmed
    }

    /// JSON Feed 1.1 `authors`, or 1.0's single `author`.
    private static func authors(_ object: [String: JSONValue], base: String?, cut: inout Bool) -> [Person] {
        var list = object["authors"]?.array ?? []
        if list.isEmpty, let single = object["author"] { list = [single] }
        if list.count > FeedLimits.maxPeople { cut = true }
        return list.prefix(FeedLimits.maxPeople).compactMap { value in
            guard let a = value.object else { return nil }
            let person = Person(name: string(a["name"]), email: nil, uri: string(a["url"]).map { URLResolver.resolve($0, against: base) })
            return person.name == nil && person.uri == nil ? nil : person
        }
    }
}
