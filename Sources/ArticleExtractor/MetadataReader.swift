import Foundation
import LibXML

/// What a page says about itself, gathered before the body is touched.
///
/// Order of trust (first present wins):
/// - title: JSON-LD article `headline`/`name` → Dublin Core title → `og:title` → `<meta name=title>`
///   → `twitter:title` → Parse.ly title → the `<title>` element without its site-name part;
/// - byline: JSON-LD `author` names → `dc:creator` → `<meta name=author>` → Parse.ly author →
///   `article:author` (when not a URL) → a visible byline element (rel/itemprop/class "author",
///   "byline") found while scoring;
/// - published: JSON-LD `datePublished` → `article:published_time` → Parse.ly / `pubdate` / DC
///   date metas → the first `<time datetime>`; modified: JSON-LD `dateModified` →
///   `article:modified_time` → `og:updated_time`;
/// - excerpt: JSON-LD `description` → DC description → `og:description` → `<meta name=description>`
///   → `twitter:description` → the article's first paragraph;
/// - site name: JSON-LD `publisher.name` → `og:site_name` → `application-name`;
/// - language: `<html lang>` → `content-language` → JSON-LD `inLanguage` → `og:locale`;
/// - image: `og:image` → `twitter:image` → JSON-LD `image`; canonical: `<link rel=canonical>` →
///   `og:url` → JSON-LD `url`.
struct PageMetadata: Sendable {
    var title: String?
    var byline: String?
    var published: String?
    var modified: String?
    var excerpt: String?
    var siteName: String?
    var language: String?
    var image: String?
    var canonicalURL: String?
    /// JSON-LD `articleBody`, the fallback when the page body holds no article text.
    var articleBody: String?
    /// JSON-LD `isAccessibleForFree: false`, the schema.org paywall marker.
    var markedPaywalled = false
    /// The article type named by JSON-LD (NewsArticle, LiveBlogPosting, ...).
    var articleType: String?
}

enum MetadataReader {
    /// `meta` tags read, JSON-LD bytes read in all, and JSON-LD nesting accepted: far above
    /// real pages, and a bound on what a hostile one costs.
    static let maxMetaTags = 4096
    static let maxJSONLDBytes = 4 << 20
    static let maxJSONDepth = 128
    static let articleTypes = [
        "AdvertiserContentArticle", "NewsArticle", "AnalysisNewsArticle", "AskPublicNewsArticle",
        "BackgroundNewsArticle", "OpinionNewsArticle", "ReportageNewsArticle", "ReviewNewsArticle", "Report",
        "SatiricalArticle", "ScholarlyArticle", "MedicalScholarlyArticle", "SocialMediaPosting", "BlogPosting",
        "LiveBlogPosting", "DiscussionForumPosting", "TechArticle", "APIReference",
    ]

    static func isArticleType(_ type: String) -> Bool {
        type.hasPrefix("Article") || articleTypes.contains(where: { type.contains($0) })
    }

    /// Reads metadata; `documentTitle` is the page's cleaned `<title>` (see `TitleFinder`).
    static func read(_ tree: WorkingTree, documentTitle: String) -> PageMetadata {
        var values: [String: String] = [:]
        var metadata = PageMetadata()
        let jsonLD = readJSONLD(tree, documentTitle: documentTitle, into: &metadata)

        // Real pages have tens of meta tags; past the first few thousand, none is read.
        for meta in tree.descendants(of: WorkingTree.root, named: "meta").prefix(Self.maxMetaTags) {
            guard let content = tree.attribute(meta, "content"), !content.isEmpty else { continue }
            let value = TextNormalizer.trim(content)
            var matched = false
            if let property = tree.attribute(meta, "property") {
                if let key = propertyKey(property) {
                    values[key] = value
                    matched = true
                }
                let lower = property.lowercased()
                if ["og:image", "og:url", "og:locale", "og:updated_time", "article:modified_time", "og:image:url",
                    "og:image:secure_url"].contains(lower), values[lower] == nil {
                    values[lower] = value
                }
            }
            if !matched, let name = tree.attribute(meta, "name") {
                if let key = nameKey(name) {
                    values[key] = value
                } else {
                    let lower = name.lowercased()
                    if ["twitter:image", "twitter:image:src", "application-name", "pubdate", "publishdate",
                        "date", "dc.date", "dc.date.issued", "dcterms.date", "sailthru.date", "article.published",
                        "last-modified", "language", "og:image"].contains(lower), values[lower] == nil {
                        values[lower] = value
                    }
                }
            }
            if let equiv = tree.attribute(meta, "http-equiv")?.lowercased(), equiv == "content-language" {
                values["content-language"] = value
            }
            if let itemprop = tree.attribute(meta, "itemprop")?.lowercased(), values["itemprop:" + itemprop] == nil {
                values["itemprop:" + itemprop] = value
            }
        }

        func first(_ keys: [String]) -> String? {
            for key in keys { if let v = values[key], !v.isEmpty { return v } }
            return nil
        }

        metadata.title = nonEmpty(jsonLD.title) ?? first(["dc:title", "dcterm:title", "og:title", "weibo:article:title",
                                                         "weibo:webpage:title", "title", "twitter:title", "parsely-title"])
            ?? documentTitle
        var articleAuthor = values["article:author"]
        if let author = articleAuthor, author.contains("://") || author.hasPrefix("www.") { articleAuthor = nil }
        metadata.byline = nonEmpty(jsonLD.byline) ?? first(["dc:creator", "dcterm:creator", "author", "parsely-author"]) ?? articleAuthor
        metadata.excerpt = nonEmpty(jsonLD.excerpt) ?? first(["dc:description", "dcterm:description", "og:description",
                                                             "weibo:article:description", "weibo:webpage:description",
                                                             "description", "twitter:description"])
        metadata.siteName = nonEmpty(jsonLD.siteName) ?? first(["og:site_name", "application-name"])
        let publishedRaw = nonEmpty(jsonLD.published) ?? first(["article:published_time", "parsely-pub-date", "pubdate",
                                                               "publishdate", "itemprop:datepublished", "dc:date",
                                                               "dc.date.issued", "dcterms.date", "sailthru.date",
                                                               "article.published", "date"])
        metadata.published = publishedRaw.flatMap(DateNormalizer.rfc3339) ?? firstTimeElement(tree)
        let modifiedRaw = nonEmpty(jsonLD.modified) ?? first(["article:modified_time", "og:updated_time", "itemprop:datemodified", "last-modified"])
        metadata.modified = modifiedRaw.flatMap(DateNormalizer.rfc3339)

        let html = tree.descendants(of: WorkingTree.root, named: "html").first
        let lang = html.flatMap { tree.attribute($0, "lang") ?? tree.attribute($0, "xml:lang") }
        metadata.language = nonEmpty(lang.map(TextNormalizer.trim)) ?? first(["content-language", "language"])
            ?? nonEmpty(jsonLD.language) ?? values["og:locale"].map { $0.replacingOccurrences(of: "_", with: "-") }
        metadata.image = first(["og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src"])
            ?? nonEmpty(jsonLD.image)
        var canonical: String?
        for link in tree.descendants(of: WorkingTree.root, named: "link") {
            let rel = (tree.attribute(link, "rel") ?? "").lowercased().split(separator: " ")
            if rel.contains("canonical"), let href = tree.attribute(link, "href"), !href.isEmpty {
                canonical = TextNormalizer.trim(href)
                break
            }
        }
        metadata.canonicalURL = canonical ?? first(["og:url"]) ?? nonEmpty(jsonLD.url)

        metadata.title = metadata.title.map(unescapeEntities)
        metadata.byline = metadata.byline.map(unescapeEntities)
        metadata.excerpt = metadata.excerpt.map(unescapeEntities)
        metadata.siteName = metadata.siteName.map(unescapeEntities)
        return metadata
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !TextNormalizer.isBlank(value) else { return nil }
        return value
    }

    private static let metaPrefixes = ["article", "dc", "dcterm", "og", "twitter"]
    private static let metaFields = ["author", "creator", "description", "published_time", "title", "site_name"]

    /// `property="og:title"` and friends → "og:title" (property may list several names).
    static func propertyKey(_ property: String) -> String? {
        for token in property.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
            let parts = token.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count >= 2 else { continue }
            for index in 0..<(parts.count - 1) where metaPrefixes.contains(String(parts[index])) {
                let field = String(parts[index + 1])
                if metaFields.contains(field) { return String(parts[index]) + ":" + field }
            }
        }
        return nil
    }

    private static let nameFields = ["author", "creator", "pub-date", "description", "title", "site_name"]
    /// Every prefix + separator + field spelling `nameKey` accepts ("dc.creator", "og:title").
    private static let prefixedNameKeys: Set<String> = {
        var keys: Set<String> = []
        for prefix in ["dc", "dcterm", "og", "twitter", "parsely", "weibo:article", "weibo:webpage"] {
            for separator in ["-", ".", ":"] {
                for field in nameFields { keys.insert(prefix + separator + field) }
            }
        }
        return keys
    }()

    /// `name="dc.creator"`, `name="author"`, `name="parsely-title"` → normalised key, else nil.
    static func nameKey(_ name: String) -> String? {
        let compact = name.lowercased().filter { !$0.isWhitespace }
        if nameFields.contains(compact) { return compact }
        if prefixedNameKeys.contains(compact) { return compact.replacingOccurrences(of: ".", with: ":") }
        return nil
    }

    private static func firstTimeElement(_ tree: WorkingTree) -> String? {
        for time in tree.descendants(of: WorkingTree.root, named: "time") {
            if let value = tree.attribute(time, "datetime"), let date = DateNormalizer.rfc3339(value) { return date }
        }
        return nil
    }

    /// Decodes the few entities pages double-escape in meta values.
    static func unescapeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[amp...]
            guard let semi = after.prefix(12).firstIndex(of: ";") else { out += "&"; rest = after.dropFirst(); continue }
            let name = after[after.index(after: amp)..<semi]
            var replacement: String?
            switch name {
            case "quot": replacement = "\""
            case "amp": replacement = "&"
            case "apos": replacement = "'"
            case "lt": replacement = "<"
            case "gt": replacement = ">"
            default:
                if name.hasPrefix("#") {
                    let digits = name.dropFirst()
                    let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
                    if let value {
                        let valid = value != 0 && value <= 0x10FFFF && !(0xD800...0xDFFF).contains(value)
                        replacement = String(Unicode.Scalar(valid ? value : 0xFFFD) ?? "\u{FFFD}")
                    }
                }
            }
            if let replacement {
                out += replacement
                rest = after[after.index(after: semi)...]
            } else {
                out += "&"
                rest = after.dropFirst()
            }
        }
        out += rest
        return out
    }

    // MARK: - JSON-LD

    struct JSONLDValues {
        var title: String?
        var byline: String?
        var excerpt: String?
        var siteName: String?
        var published: String?
        var modified: String?
        var language: String?
        var image: String?
        var url: String?
    }

    private static func readJSONLD(_ tree: WorkingTree, documentTitle: String, into metadata: inout PageMetadata) -> JSONLDValues {
        var result = JSONLDValues()
        var jsonBytes = 0
        for script in tree.descendants(of: WorkingTree.root, named: "script") {
            guard (tree.attribute(script, "type") ?? "").lowercased().contains("ld+json") else { continue }
            // JSON-LD read in all, at most: a page's own description of itself is short.
            guard jsonBytes < Self.maxJSONLDBytes, let raw = tree.textContent(script, maxBytes: Self.maxJSONLDBytes - jsonBytes)
            else { break }
            jsonBytes += raw.utf8.count + 64
            var content = TextNormalizer.trim(raw)
            if content.hasPrefix("<![CDATA[") { content.removeFirst(9) }
            if content.hasSuffix("]]>") { content.removeLast(3) }
            guard !ByteScan.jsonNestingExceeds(content.utf8, limit: Self.maxJSONDepth),
                  let parsed = try? JSONSerialization.jsonObject(with: Data(content.utf8), options: [.fragmentsAllowed])
            else { continue }
            guard let article = findArticle(parsed, depth: 0) else { continue }
            let name = article["name"] as? String
            let headline = article["headline"] as? String
            if let name, let headline, name != headline {
                let nameMatches = TextSimilarity.similarity(name, documentTitle) > 0.75
                let headlineMatches = TextSimilarity.similarity(headline, documentTitle) > 0.75
                result.title = headlineMatches && !nameMatches ? headline : name
            } else {
                result.title = (name ?? headline).map(TextNormalizer.trim)
            }
            result.byline = authorNames(article["author"])
            result.excerpt = (article["description"] as? String).map(TextNormalizer.trim)
            if let publisher = article["publisher"] as? [String: Any], let publisherName = publisher["name"] as? String {
                result.siteName = TextNormalizer.trim(publisherName)
            }
            result.published = (article["datePublished"] as? String).map(TextNormalizer.trim)
            result.modified = (article["dateModified"] as? String).map(TextNormalizer.trim)
            result.language = article["inLanguage"] as? String
            result.image = imageURL(article["image"])
            result.url = article["url"] as? String ?? (article["mainEntityOfPage"] as? [String: Any])?["@id"] as? String
            if let body = article["articleBody"] as? String, !TextNormalizer.isBlank(body) {
                metadata.articleBody = body
            }
            if let free = article["isAccessibleForFree"] {
                if let flag = free as? Bool, !flag { metadata.markedPaywalled = true }
                if let text = free as? String, text.lowercased() == "false" { metadata.markedPaywalled = true }
            }
            metadata.articleType = typeNames(article["@type"]).first(where: isArticleType)
            break
        }
        return result
    }

    private static func typeNames(_ value: Any?) -> [String] {
        if let single = value as? String { return [single] }
        if let many = value as? [Any] { return many.compactMap { $0 as? String } }
        return []
    }

    private static func hasSchemaContext(_ context: Any?) -> Bool {
        func ok(_ s: String) -> Bool {
            let lower = s.lowercased()
            return lower.hasPrefix("http://schema.org") || lower.hasPrefix("https://schema.org")
        }
        if let s = context as? String { return ok(s) }
        if let object = context as? [String: Any], let vocab = object["@vocab"] as? String { return ok(vocab) }
        if let list = context as? [Any] { return list.contains { hasSchemaContext($0) } }
        return false
    }

    /// The first object typed as an article, searching arrays and `@graph`.
    private static func findArticle(_ value: Any, depth: Int, contextKnown: Bool = false) -> [String: Any]? {
        guard depth < 6 else { return nil }
        if let list = value as? [Any] {
            for item in list { if let found = findArticle(item, depth: depth + 1, contextKnown: contextKnown) { return found } }
            return nil
        }
        guard let object = value as? [String: Any] else { return nil }
        let known = contextKnown || hasSchemaContext(object["@context"])
        guard known else { return nil }
        if typeNames(object["@type"]).contains(where: isArticleType) { return object }
        if let graph = object["@graph"] { return findArticle(graph, depth: depth + 1, contextKnown: true) }
        return nil
    }

    private static func authorNames(_ value: Any?) -> String? {
        if let object = value as? [String: Any], let name = object["name"] as? String { return TextNormalizer.trim(name) }
        if let list = value as? [Any] {
            let names = list.compactMap { ($0 as? [String: Any])?["name"] as? String }.map(TextNormalizer.trim)
            return names.isEmpty ? nil : names.joined(separator: ", ")
        }
        return nil
    }

    private static func imageURL(_ value: Any?) -> String? {
        if let s = value as? String { return s }
        if let object = value as? [String: Any] { return object["url"] as? String }
        if let list = value as? [Any], let first = list.first { return imageURL(first) }
        return nil
    }
}
