/// A day's digest as a feed entry's content: the body of `HTMLDigest`'s page — what a reader
/// sees, without the `<head>`, its style sheet and policy — with every link made absolute.
///
/// The page's own links are relative (`#story-3`, `index.html`, `2026-11-26.html#s-17`); inside
/// a feed reader they would point nowhere, so they are joined to the digest directory's URL. Web
/// links are left as `HTMLDigest` wrote them. Everything else is `HTMLDigest`'s: all feed text is
/// escaped, so `href="` can only appear in the markup the renderer wrote.
///
/// An entry carries the day's top stories up to `storyBudgetBytes` of their HTML, and when the
/// day holds more, a first line that says how many and links to the day's page. A busy day's
/// page runs to megabytes, and the feeds carry thirty days: whole, they grew past what feed
/// readers fetch (Miniflux refuses a response over 15 MiB by default) and had to be held in memory
/// whole to be written. Bounded, a feed stays within about 30 × 128 KiB whatever the inflow.
public enum DigestFeedContent {
    /// The most story HTML one entry carries (the first story always goes in).
    public static let storyBudgetBytes = 128 << 10

    /// `day` may hold only its leading stories (`leadingDay(_:count:)`) when `storyCount` says how
    /// many the day has and `rendersWithin(leading:storyCount:)` holds for them.
    public static func html(of day: DigestDay, storyCount: Int? = nil, site: DigestFeedSite) -> String {
        let total = max(day.stories.count, storyCount ?? 0)
        let (shown, fragments) = leadingStories(of: withSafeAnchors(day), budget: storyBudgetBytes)
        let omitted = total - shown.stories.count
        var content = ""
        if omitted > 0 {
            content = "<p class=\"feed-note\">The top \(shown.stories.count) of \(total) stories. <a href=\""
                + XMLEscaper.escape(site.pageURL(of: day.date)) + "\">All \(total) on the day\u{2019}s page</a>.</p>\n"
        }
        return content + body(ofPage: HTMLDigest.render(shown, fragments: fragments), date: day.date, site: site)
    }

    /// How many of the day's leading stories `html(of:site:)` renders: those it shows and the
    /// first that did not fit. A day handed to it needs at least these whole.
    public static func storiesRendered(of day: DigestDay) -> Int {
        let shown = leadingStories(of: withSafeAnchors(day), budget: storyBudgetBytes).fragments.count
        return min(day.stories.count, shown + 1)
    }

    /// How many of the day's leading stories `html(of:site:)` may render, from the sizes of their
    /// HTML fragments (`HTMLDigest.storyFragment`) alone, without reading them: at least
    /// `storiesRendered(of:)` (the list of all stories and the rank's digits are left out, so
    /// the estimate errs towards more). The stories a handed-over day must hold whole.
    /// `budget`: for fragments of another format, as many bytes of theirs as stand for the entry's.
    public static func storiesRendered(ofFragments fragments: some DigestStoryFragments, budget: Int = storyBudgetBytes) -> Int {
        var used = 0
        var shown = 0
        while shown < fragments.count {
            let cost = fragments.byteCount(at: shown)
            if shown > 0, used + cost > budget { break }
            used += cost
            shown += 1
        }
        return min(fragments.count, shown + 1)
    }

    /// Whether `leading`, the first stories of a day that holds `storyCount`, is all
    /// `html(of:storyCount:site:)` needs to write what the whole day gives: the day itself, or
    /// leading stories within which the budget ran out (the first story that did not fit among them).
    public static func rendersWithin(leading: DigestDay, storyCount: Int) -> Bool {
        if leading.stories.count >= storyCount { return true }
        return leadingStories(of: withSafeAnchors(leading), budget: storyBudgetBytes).fragments.count < leading.stories.count
    }

    /// The day's first `count` stories, its sections keeping only those; the day's figures stay whole.
    public static func leadingDay(_ day: DigestDay, count: Int) -> DigestDay {
        guard count < day.stories.count else { return day }
        let count = max(0, count)
        var leading = day
        leading.stories = Array(day.stories.prefix(count))
        leading.groups = day.groups.compactMap { group in
            var group = group
            group.ranks = group.ranks.filter { $0 >= 1 && $0 <= count }
            return group.ranks.isEmpty ? nil : group
        }
        return leading
    }

    /// The day cut to its best stories whose HTML fits in `budget` bytes (at least one), with
    /// their fragments; the sections keep only the stories shown, the day's figures stay whole.
    static func leadingStories(of day: DigestDay, budget: Int) -> (day: DigestDay, fragments: [DigestStoryFragment]) {
        var fragments: [DigestStoryFragment] = []
        var used = 0
        let listed = day.isGroupedByTag
        for story in day.stories {
            let fragment = HTMLDigest.storyFragment(story, day: day)
            // A story's cost: its article, and its line in the list of all stories when there is one.
            let cost = fragment.byteCount + (listed ? HTMLDigest.contentsItem(story).utf8.count : 0)
            if !fragments.isEmpty, used + cost > budget { break }
            used += cost
            fragments.append(fragment)
        }
        return (leadingDay(day, count: fragments.count), fragments)
    }

    static func body(ofPage text: String, date: DigestDate, site: DigestFeedSite) -> String {
        let page = Array(text.utf8)
        let body = bodyRange(page)
        return absoluteLinks(page[body], pageURL: site.pageURL(of: date), baseURL: site.baseURL)
    }

    /// The bytes between `<body>` (and its line break) and the last `</body>`.
    static func bodyRange(_ page: [UInt8]) -> Range<Int> {
        let open = Array("<body>\n".utf8), close = Array("</body>".utf8)
        let start = firstIndex(of: open, in: page, from: 0).map { $0 + open.count } ?? 0
        var end = page.count
        var search = start
        while let found = firstIndex(of: close, in: page, from: search) {
            end = found
            search = found + close.count
        }
        return start..<max(start, end)
    }

    /// Copies the markup, joining every relative `href` to the digest's URLs: `#…` to the day's
    /// page, anything else to the directory. One pass over the bytes.
    static func absoluteLinks(_ html: ArraySlice<UInt8>, pageURL: String, baseURL: String) -> String {
        let marker = Array("href=\"".utf8)
        let page = Array(XMLEscaper.escape(pageURL).utf8), base = Array(XMLEscaper.escape(baseURL).utf8)
        var out: [UInt8] = []
        out.reserveCapacity(html.count + 4096)
        var cursor = html.startIndex
        while let found = firstIndex(of: marker, in: html, from: cursor) {
            let valueStart = found + marker.count
            out += html[cursor..<valueStart]
            guard let valueEnd = html[valueStart...].firstIndex(of: UInt8(ascii: "\"")) else {
                cursor = valueStart
                break
            }
            let value = html[valueStart..<valueEnd]
            if !(startsWith(value, "http://") || startsWith(value, "https://")) {
                out += value.first == UInt8(ascii: "#") ? page : base
            }
            out += value
            cursor = valueEnd
        }
        out += html[cursor...]
        return String(decoding: out, as: UTF8.self)
    }

    /// The day with every story anchor in the alphabet `StoryAnchor` writes. A day read back
    /// from a file is not trusted to have kept it: an anchor outside it is derived again.
    static func withSafeAnchors(_ day: DigestDay) -> DigestDay {
        var day = day
        for index in day.stories.indices {
            if !isSafeAnchor(day.stories[index].anchor) {
                day.stories[index].anchor = StoryAnchor.anchor(forStoryID: day.stories[index].id)
            }
            if let link = day.stories[index].developingFrom, !isSafeAnchor(link.anchor) {
                day.stories[index].developingFrom?.anchor = StoryAnchor.anchor(forStoryID: link.id)
            }
        }
        return day
    }

    static func isSafeAnchor(_ anchor: String) -> Bool {
        anchor.hasPrefix("s-") && anchor.utf8.count <= 80 && anchor.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }

    private static func startsWith(_ bytes: ArraySlice<UInt8>, _ prefix: String) -> Bool {
        bytes.starts(with: prefix.utf8)
    }

    /// The first position of `needle` in `haystack` at or after `from`. The needles here are a few
    /// bytes long, so this is linear in the haystack whatever the page holds.
    private static func firstIndex<C: RandomAccessCollection>(of needle: [UInt8], in haystack: C, from: Int) -> Int?
    where C.Element == UInt8, C.Index == Int {
        guard let first = needle.first, from <= haystack.endIndex else { return nil }
        var index = max(from, haystack.startIndex)
        while index + needle.count <= haystack.endIndex {
            guard let candidate = haystack[index...].firstIndex(of: first), candidate + needle.count <= haystack.endIndex else {
                return nil
            }
            if haystack[candidate..<(candidate + needle.count)].elementsEqual(needle) { return candidate }
            index = candidate + 1
        }
        return nil
    }
}
