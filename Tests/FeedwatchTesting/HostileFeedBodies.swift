import Foundation

/// Feed documents that are hostile in what they say rather than in how they are served:
/// enormous item counts, deep nesting, impossible dates, absurd refresh hints, entity bombs,
/// and control characters in every field. Also the honest feeds a battery needs beside them.
public enum HostileFeedBodies {
    /// Planted in hostile text right after a line break and a syslog priority, so a log line
    /// that starts with it (or with `<N>` and then it) is a line forged by a feed.
    public static let forgeryMarker = "FWFORGED"

    /// Control characters, a NUL, bidi overrides, ANSI escapes, C1 controls and line breaks
    /// followed by journald priorities, all in one string.
    public static let controlText =
        "Title\u{0}with NUL\u{1}\u{7}\u{8} \u{1B}[31mred\u{1B}[0m \u{1B}]0;owned\u{7} \u{202E}desrever\u{202C} \u{2066}iso\u{2069}"
        + " \u{85}nel \u{2028}ls \u{7F}del\n<2>\(forgeryMarker) critical\r<3>\(forgeryMarker) error\r\n<0>\(forgeryMarker) emerg"

    /// The same without what XML 1.0 forbids outright (C0 controls other than tab, CR and LF):
    /// text a conforming parser must hand over as it is.
    public static let xmlLegalControlText =
        "Title \u{202E}desrever\u{202C} \u{2066}iso\u{2069} \u{85}nel \u{2028}ls \u{7F}del\n<2>\(forgeryMarker) critical\r<3>\(forgeryMarker) error\r\n<0>\(forgeryMarker) emerg"

    static func xmlEscaped(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || (0x2028...0x202E).contains(scalar.value)
                    || (0x2066...0x2069).contains(scalar.value) {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    // MARK: - Honest feeds

    /// A story an honest feed carries: what the digest must show after a hostile run.
    public struct Story: Sendable {
        public var title: String
        public var summary: String
        public var path: String
    }

    static func rfc822(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return f.string(from: date)
    }

    static func iso8601(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }

    /// RSS 2.0 with the stories, published in the last hours before `now`; links go to `base`.
    public static func rss(title: String, base: String, stories: [Story], now: Date = Date()) -> String {
        var s = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel><title>\(xmlEscaped(title))</title><link>\(base)/</link>\n"
        for (i, story) in stories.enumerated() {
            s += "<item><title>\(xmlEscaped(story.title))</title><link>\(base)\(story.path)</link><guid>\(base)\(story.path)</guid>"
            s += "<pubDate>\(rfc822(now.addingTimeInterval(-Double(i + 1) * 1800)))</pubDate>"
            s += "<description>\(xmlEscaped(story.summary))</description></item>\n"
        }
        return s + "</channel></rss>\n"
    }

    /// Atom 1.0 with the stories.
    public static func atom(title: String, base: String, stories: [Story], now: Date = Date()) -> String {
        var s = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>\(xmlEscaped(title))</title>"
        s += "<id>\(base)/</id><updated>\(iso8601(now))</updated><link href=\"\(base)/\"/>\n"
        for (i, story) in stories.enumerated() {
            s += "<entry><title>\(xmlEscaped(story.title))</title><id>\(base)\(story.path)</id><link href=\"\(base)\(story.path)\"/>"
            s += "<updated>\(iso8601(now.addingTimeInterval(-Double(i + 1) * 1700)))</updated>"
            s += "<summary>\(xmlEscaped(story.summary))</summary></entry>\n"
        }
        return s + "</feed>\n"
    }

    /// JSON Feed 1.1 with the stories.
    public static func jsonFeed(title: String, base: String, stories: [Story], now: Date = Date()) -> String {
        let items = stories.enumerated().map { i, story in
            "{\"id\": \(jsonString(base + story.path)), \"url\": \(jsonString(base + story.path)), \"title\": \(jsonString(story.title)), "
                + "\"content_text\": \(jsonString(story.summary)), \"date_published\": \"\(iso8601(now.addingTimeInterval(-Double(i + 1) * 1600)))\"}"
        }
        return "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \(jsonString(title)), \"home_page_url\": \"\(base)/\", "
            + "\"items\": [\n" + items.joined(separator: ",\n") + "\n]}\n"
    }

    // MARK: - Hostile documents

    /// `count` minimal items (about 50 bytes each).
    public static func manyItems(_ count: Int) -> String {
        var s = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Very long feed</title>\n"
        s.reserveCapacity(count * 52 + 200)
        for i in 0..<count { s += "<item><title>Flood \(i)</title><guid>flood-\(i)</guid></item>\n" }
        return s + "</channel></rss>\n"
    }

    /// An item whose description holds `depth` nested elements.
    public static func deepXML(_ depth: Int) -> String {
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Deep</title><item><title>Deep XML</title><guid>deep-xml</guid><description>"
            + String(repeating: "<x>", count: depth) + "bottom" + String(repeating: "</x>", count: depth)
            + "</description></item><item><title>After the deep one</title><guid>deep-after</guid></item></channel></rss>\n"
    }

    /// An item whose escaped-HTML summary nests `depth` divs.
    public static func deepHTMLSummary(_ depth: Int) -> String {
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Deep HTML</title><item><title>Deep HTML summary</title><guid>deep-html</guid><description>"
            + String(repeating: "&lt;div&gt;", count: depth) + "bottom" + String(repeating: "&lt;/div&gt;", count: depth)
            + "</description></item></channel></rss>\n"
    }

    /// A JSON Feed with an extension value nested `depth` arrays deep, and an item nested as deep in objects.
    public static func deepJSON(_ depth: Int) -> String {
        "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"Deep JSON\", \"_deep\": "
            + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            + ", \"items\": [{\"id\": \"deep-1\", \"title\": \"Deep JSON item\", \"content_text\": \"x\", \"_ext\": "
            + String(repeating: "{\"a\":", count: depth) + "1" + String(repeating: "}", count: depth) + "}]}\n"
    }

    /// Dates at and past the ends of every calendar and integer type.
    public static let extremeRSSDates = [
        "Mon, 01 Jan 0001 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "Sun, 04 Dec 292277026596 15:30:07 GMT",
        "Wed, 31 Dec 1969 23:59:59 GMT", "Thu, 01 Jan 1970 00:00:00 -9999", "Sat, 32 Feb 2025 25:61:61 GMT",
        "99999999999999999999", "-62135596800", "1e308", "", "Tue, 01 Jan 99999999999999999999 00:00:00 GMT",
    ]
    public static let extremeISODates = [
        "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "292277026596-12-04T15:30:07Z", "-0044-03-15T12:00:00Z",
        "1969-12-31T23:59:59-99:99", "2026-13-45T99:99:99Z", "99999999999999999999-01-01T00:00:00Z",
        "1970-01-01T00:00:00.99999999999999999999Z", "-99999999999-01-01T00:00:00+14:00",
    ]

    public static func rssWithDates(_ dates: [String]) -> String {
        var s = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Time travel</title><lastBuildDate>\(dates.first ?? "")</lastBuildDate>\n"
        for (i, d) in dates.enumerated() {
            s += "<item><title>Dated item \(i) of the RSS time machine</title><guid>rss-date-\(i)</guid><pubDate>\(xmlEscaped(d))</pubDate></item>\n"
        }
        return s + "</channel></rss>\n"
    }

    public static func atomWithDates(_ dates: [String]) -> String {
        var s = "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Atom time travel</title><id>urn:t</id><updated>\(dates.first ?? "")</updated>\n"
        for (i, d) in dates.enumerated() {
            s += "<entry><title>Dated entry \(i) of the Atom time machine</title><id>urn:atom-date-\(i)</id><published>\(xmlEscaped(d))</published><updated>\(xmlEscaped(d))</updated></entry>\n"
        }
        return s + "</feed>\n"
    }

    public static func jsonWithDates(_ dates: [String]) -> String {
        let items = dates.enumerated().map { i, d in
            "{\"id\": \"json-date-\(i)\", \"title\": \"Dated JSON item \(i)\", \"content_text\": \"x\", \"date_published\": \(jsonString(d)), \"date_modified\": \(jsonString(d))}"
        }
        return "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"JSON time travel\", \"items\": [" + items.joined(separator: ",") + "]}\n"
    }

    /// A feed whose channel carries `hints` (raw XML such as `<ttl>1e30</ttl>`).
    public static func rssWithRefreshHints(_ hints: String, name: String) -> String {
        "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:sy=\"http://purl.org/rss/1.0/modules/syndication/\"><channel><title>\(name)</title>"
            + hints + "<item><title>Refresh hint \(name)</title><guid>hint-\(name)</guid></item></channel></rss>\n"
    }

    /// Ten levels of entities, each ten times the one before (10^10 characters if expanded).
    public static let entityBomb: String = {
        var s = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY l0 \"lol\">\n"
        for level in 1...10 { s += "<!ENTITY l\(level) \"" + String(repeating: "&l\(level - 1);", count: 10) + "\">\n" }
        return s + "]>\n<rss version=\"2.0\"><channel><title>&l10;</title><item><title>&l10;</title><guid>bomb</guid><description>&l10;</description></item></channel></rss>\n"
    }()

    /// External entities that name a local file and a URL (the canary's).
    public static func externalEntities(canaryURL: String) -> String {
        "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY file SYSTEM \"file:///etc/passwd\">\n<!ENTITY web SYSTEM \"\(canaryURL)\">\n"
            + "<!ENTITY % remote SYSTEM \"\(canaryURL)/dtd\">\n%remote;\n]>\n"
            + "<rss version=\"2.0\"><channel><title>&file;</title><item><title>External &web; entity</title><guid>xxe</guid>"
            + "<description>&file;&web;</description></item></channel></rss>\n"
    }

    /// RSS with `text` in every field, raw (invalid XML when it holds C0 controls).
    public static func rssWithText(_ text: String, linkBase: String) -> String {
        let t = xmlEscaped(text)
        var s = "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>\(t)</title><link>\(linkBase)/\(t)</link><description>\(t)</description>\n"
        for i in 0..<3 {
            s += "<item><title>\(t) \(i)</title><link>\(linkBase)/item\(i)\(t)</link><guid>\(t)\(i)</guid><author>\(t)</author><dc:creator>\(t)</dc:creator>"
            s += "<category>\(t)</category><description>\(t)</description><comments>\(t)</comments><enclosure url=\"\(linkBase)/\(t)\" type=\"\(t)\" length=\"\(t)\"/>"
            s += "<pubDate>\(t)</pubDate></item>\n"
        }
        return s + "</channel></rss>\n"
    }

    /// Atom with `text` in every field.
    public static func atomWithText(_ text: String, linkBase: String) -> String {
        let t = xmlEscaped(text)
        var s = "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>\(t)</title><id>\(t)</id><updated>\(t)</updated><author><name>\(t)</name></author>\n"
        for i in 0..<3 {
            s += "<entry><title type=\"html\">\(t) \(i)</title><id>\(t)\(i)</id><link href=\"\(linkBase)/entry\(i)\(t)\"/><author><name>\(t)</name><uri>\(t)</uri></author>"
            s += "<summary>\(t)</summary><content type=\"html\">\(t)</content><updated>\(t)</updated></entry>\n"
        }
        return s + "</feed>\n"
    }

    /// JSON Feed with `text` in every field (JSON can carry every control character).
    public static func jsonWithText(_ text: String, linkBase: String) -> String {
        let t = jsonString(text)
        let items = (0..<3).map { i in
            "{\"id\": \(jsonString(text + "\(i)")), \"url\": \(jsonString(linkBase + "/json\(i)" + text)), \"external_url\": \(t), \"title\": \(t), "
                + "\"content_text\": \(t), \"content_html\": \(t), \"summary\": \(t), \"date_published\": \(t), "
                + "\"authors\": [{\"name\": \(t), \"url\": \(t)}], \"tags\": [\(t)]}"
        }
        return "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \(t), \"home_page_url\": \(t), \"description\": \(t), "
            + "\"authors\": [{\"name\": \(t)}], \"items\": [" + items.joined(separator: ",") + "]}\n"
    }

    /// Fields of the wrong JSON types and numbers past every limit.
    public static let jsonWrongTypes = """
    {"version": 1e400, "title": ["not", "a", "string"], "home_page_url": 12, "items": [
    {"id": 1e400, "title": {"nested": true}, "content_text": 99999999999999999999999999, "date_published": -1e308, "url": false},
    {"id": null, "title": null},
    "an item that is a string",
    {"id": "ok-1", "title": "The one well-formed item among the wrong types", "content_text": "x", "date_published": 1e308}
    ]}

    """
}
