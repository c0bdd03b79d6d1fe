/// One day's digest as an entry of the digest feeds: the day itself, whether it is today's
/// edition (still updated through the day), and when its content last changed.
///
/// The Digest module has no clock: the Watcher says which day is today and when the day's
/// content changed (not merely when its files were rewritten), so the renderers stay pure and
/// an entry's `updated` moves only when a reader has something new to see.
public struct DigestEdition: Sendable, Equatable {
    public var day: DigestDay
    /// Today's current edition: the title says so, and the entry changes through the day.
    public var isToday: Bool
    /// When the day's content last changed.
    public var updated: DigestTime
    /// How many stories the day holds. `day` may carry only the leading ones the feeds show
    /// (`DigestFeedContent.leadingDay(_:count:)`), so that a busy day is not held whole for them.
    public var storyCount: Int

    public init(day: DigestDay, isToday: Bool, updated: DigestTime? = nil, storyCount: Int? = nil) {
        self.day = day
        self.isToday = isToday
        self.updated = updated ?? day.generatedAt
        self.storyCount = max(day.stories.count, storyCount ?? 0)
    }

    /// "Sunday 6 December 2026 · today's edition, updated through the day",
    /// "Saturday 5 December 2026 · final edition", or the day alone for a day whose final
    /// edition was never written (the daemon was stopped at midnight).
    public var title: String {
        if isToday { return day.date.longName + " · today's edition, updated through the day" }
        return day.date.longName + (day.isFinal ? " · final edition" : "")
    }

    /// One plain-text line for readers that show a summary: the size of the day and its top story.
    public var summary: String {
        guard let top = day.stories.first else { return "No stories yet for this day." }
        let count = storyCount == 1 ? "1 story" : "\(storyCount) stories"
        let outlets = day.stats.outlets == 1 ? "1 outlet" : "\(max(0, day.stats.outlets)) outlets"
        return count + " from " + outlets + ". Top story: " + TextCleaner.line(top.headline)
    }
}
