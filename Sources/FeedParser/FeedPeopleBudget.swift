extension Feed {
    /// Caps the authors of all entries together at `FeedLimits.maxPeoplePerFeed`, keeping the
    /// first ones of every entry alike. Each entry already keeps at most `FeedLimits.maxPeople`,
    /// but ten thousand entries of sixty-four authors is still 640,000 people to store and print
    /// for a document of a few megabytes; real feeds name one or two per entry.
    mutating func capPeopleAcrossEntries() {
        let total = entries.reduce(0) { $0 + $1.authors.count }
        guard total > FeedLimits.maxPeoplePerFeed else { return }
        let each = max(1, FeedLimits.maxPeoplePerFeed / max(1, entries.count))
        for index in entries.indices where entries[index].authors.count > each {
            entries[index].authors.removeLast(entries[index].authors.count - each)
        }
        cuts.append(.peoplePerFeed(max: FeedLimits.maxPeoplePerFeed, each: each))
    }
}
