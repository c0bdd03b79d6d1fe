import FeedParser
import Foundation
import Storage
import StoryClustering

/// Turns parsed feed entries into what the store keeps, and decides which need their page fetched.
enum EntryMapping {
    static func input(_ entry: Entry, firstSeen: Date) -> EntryInput {
        EntryInput(
            guid: entry.id.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 },
            link: entry.link,
            canonicalURL: entry.link.flatMap(CanonicalURL.key),
            title: entry.title,
            summary: entry.summary,
            content: entry.content,
            published: plausible(entry.published, firstSeen: firstSeen),
            updated: plausible(entry.updated, firstSeen: firstSeen),
            authors: entry.authors.compactMap { $0.name ?? $0.email },
            firstSeen: firstSeen)
    }

    /// The earliest date a feed item is believed: 1900-01-01. Feeds carry year-1 and epoch-zero dates
    /// from broken templates, and year-292277026596 ones from overflowing generators.
    static let earliestPlausibleDate = Date(timeIntervalSince1970: -2_208_988_800)
    /// How far ahead of our clock an item may claim to be published (time-zone slips).
    static let futureSlack: TimeInterval = 2 * 86_400

    /// A feed's date, bounded: before 1900 it is dropped (the entry is then dated by when we saw
    /// it); more than two days ahead of `firstSeen` it is clamped to `firstSeen`, so a feed cannot
    /// pin its items to the top of every digest by dating them in the future.
    static func plausible(_ date: FeedDate?, firstSeen: Date) -> Date? {
        guard let seconds = date.map({ TimeInterval($0.secondsSince1970) }), seconds.isFinite else { return nil }
        guard seconds >= earliestPlausibleDate.timeIntervalSince1970 else { return nil }
        if seconds > firstSeen.timeIntervalSince1970 + futureSlack { return firstSeen }
        return Date(timeIntervalSince1970: seconds)
    }

    /// The entry's own text, as plain text: content if given, else summary.
    static func feedText(summary: String?, content: String?) -> String {
        for candidate in [content, summary] {
            guard let html = candidate, !html.isEmpty else { continue }
            let text = FeedTextFurniture.removed(from: HTMLText.plainText(fromHTML: html))
            if !text.isEmpty { return text }
        }
        return ""
    }

    /// Fetch the page when the feed or config says so, or (auto) when the feed's own text is short.
    static func wantsArticle(_ input: EntryInput, feedSetting: Bool?, mode: FullTextMode) -> Bool {
        guard let link = input.link?.lowercased(),
              link.hasPrefix("http://") || link.hasPrefix("https://") || link.hasPrefix("file://") else { return false }
        if let feedSetting { return feedSetting }
        switch mode {
        case .always: return true
        case .never: return false
        // Fewer than 600 characters, counted no further than that. The text never has more
        // characters than its markup has bytes (a tag gives a space at most, a reference one
        // character), so short markup needs no parse: this runs for every new entry, inside the
        // transaction that stores it.
        case .auto:
            if (input.content?.utf8.count ?? 0) < 600 && (input.summary?.utf8.count ?? 0) < 600 { return true }
            return feedText(summary: input.summary, content: input.content).dropFirst(599).isEmpty
        }
    }
}
