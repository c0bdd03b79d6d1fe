/// The newest `limit` of a stream of entries (or of anything dated), kept while the stream goes
/// by: memory follows the limit, not the stream. Ranking is `Feed.newest`'s — dated first, newest
/// first, ties and undated ones in document order — a fixed order on (date, position), so
/// pruning early keeps exactly what pruning at the end would.
struct NewestKeeper<Element> {
    let limit: Int
    private var items: [Element] = []
    private var dates: [FeedDate?] = []
    /// How many were offered.
    private(set) var seen = 0
    /// Pruning waits until this many are held, so that it costs O(log n) per entry amortised.
    private let threshold: Int

    init(limit: Int) {
        self.limit = max(0, limit)
        threshold = self.limit > Int.max / 2 ? Int.max : max(2 * self.limit, self.limit + 1024)
    }

    mutating func add(_ item: Element, date: FeedDate?) {
        seen += 1
        items.append(item)
        dates.append(date)
        if items.count >= threshold { prune() }
    }

    private mutating func prune() {
        guard items.count > limit else { return }
        let keep = Feed.newestIndices(count: items.count, limit: limit) { dates[$0] }
        items = keep.map { items[$0] }
        dates = keep.map { dates[$0] }
    }

    /// The kept ones, in the order they came.
    func finished() -> [Element] {
        var copy = self
        copy.prune()
        return copy.items
    }

    /// The cut to report, if any were dropped.
    var cut: FeedCut? {
        seen > limit ? .entries(kept: limit, seen: seen) : nil
    }
}
