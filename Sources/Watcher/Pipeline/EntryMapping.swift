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
            published: entry.published.map { Date(timeIntervalSince1970: TimeInterval($0.secondsSince1970)) },
            updated: entry.updated.map { Date(timeIntervalSince1970: TimeInterval($0.secondsSince1970)) },
            authors: entry.authors.compactMap { $0.name ?? $0.email },
            firstSeen: firstSeen)
    }

    /// The entry's own text, as plain text: content if given, else summary.
    static func feedText(summary: String?, content: String?) -> String {
        for candidate in [content, summary] {
            guard let html = candidate, !html.isEmpty else { continue }
            let text = HTMLText.plainText(fromHTML: html)
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
        case .auto: return feedText(summary: input.summary, content: input.content).count < 600
        }
    }
}
