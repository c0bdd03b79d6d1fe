import Digest
import FeedParser
import Foundation
import Logging
import Storage
import StoryClustering
import Synchronization

/// Builds a day's digest from the store and writes its files, only when the day's content changed.
///
/// Day boundaries are midnights in the configured zone (so a DST day is 23 or 25 hours long).
/// Files are written atomically; a failed write (disk full, read-only) leaves the old file
/// whole, is logged, and is retried on the next cycle.
public struct DigestPublisher: Sendable {
    public let config: WatcherConfig
    let store: any FeedStorage
    let logger: Logger
    /// Stories built in earlier cycles of this process (the daemon's), with their rendered
    /// fragments; nil builds and renders every story.
    let storyCache: DigestStoryCache?
    /// Where the day last written is left for `DigestFeedPublisher` in the same process (the
    /// daemon's); nil leaves it nothing, and the feeds read the day's file.
    let editionHandoff: DigestEditionHandoff?

    public init(config: WatcherConfig, store: any FeedStorage, logger: Logger, storyCache: DigestStoryCache? = nil,
                editionHandoff: DigestEditionHandoff? = nil) {
        self.config = config
        self.store = store
        self.logger = logger
        self.storyCache = storyCache
        self.editionHandoff = editionHandoff
    }

    var calendar: Calendar {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = config.timeZone
        return c
    }

    /// The calendar day `date` falls on, in the configured zone.
    public func day(of date: Date) -> DigestDate {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return DigestDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    /// [start, end) of a day in the configured zone.
    public func bounds(of day: DigestDate) -> (start: Date, end: Date) {
        let start = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
        let end = calendar.date(byAdding: .day, value: 1, to: start)!
        return (start, end)
    }

    /// Keeps today's digest current and finalises yesterday's once after midnight.
    public func publishCurrent(now: Date) -> [String] {
        let today = day(of: now)
        var written: [String] = []
        let yesterday = day(of: bounds(of: today).start.addingTimeInterval(-3600))
        if (try? store.value(forKey: "digest_final_\(yesterday)")) == nil,
           (try? store.value(forKey: "digest_hash_\(yesterday)")) != nil {
            if let files = try? publish(yesterday, now: now, force: false) {
                written += files
                try? store.setValue("1", forKey: "digest_final_\(yesterday)")
            }
        }
        do { written += try publish(today, now: now, force: false) } catch {
            logger.error("digest not written: \(error)")
        }
        return written
    }

    /// Writes the digest of `day`; returns the files written (none when nothing changed).
    ///
    /// Two checks keep an unchanged day cheap. First the stamp of everything the day is made
    /// from (`inputStamp`: the store's content generation, the feeds' problems, the config, the
    /// binary): when it equals the stamp the files were written from, the day's entries are not
    /// even read. Otherwise the day is built once, and its files are rewritten only when the
    /// content apart from its generation time changed (`JSONDigest.contentFingerprint`). The
    /// stories' text comes from `storyCache` where it was rendered before, so a cycle renders
    /// only the stories that changed and assembles the rest.
    @discardableResult
    public func publish(_ day: DigestDate, now: Date, force: Bool, formats: [DigestFormat]? = nil) throws -> [String] {
        let written = try publishOnce(day, now: now, force: force, formats: formats)
        // A kept story that did not read back from the spill file was rendered from its header:
        // the cache has let go of every story, and the day is made again from the store.
        guard storyCache?.takeDamage() == true else { return written }
        logger.warning("digest stories did not read back from the state directory; the day is built again", metadata: ["day": "\(day)"])
        return try publishOnce(day, now: now, force: true, formats: formats)
    }

    private func publishOnce(_ day: DigestDate, now: Date, force: Bool, formats: [DigestFormat]?) throws -> [String] {
        let (start, end) = bounds(of: day)
        let isFinal = now >= end
        let formats = formats ?? config.formats
        let paths = formats.map { (config.digestDir as NSString).appendingPathComponent("\(day).\($0.rawValue)") }
        let context = try DayContext(store: store)
        let stampKey = "digest_inputs_\(day)"
        let stamp = inputStamp(day, start: start, end: end, now: now, isFinal: isFinal, formats: formats, context: context)
        let filesExist = paths.allSatisfy { FileManager.default.fileExists(atPath: $0) }
        if !force, filesExist, try store.value(forKey: stampKey) == stamp { return [] }

        var timer = StageTimer()
        let (input, storyKeys, madeBefore) = try gatherKeyed(day, start: start, end: end, now: now, isFinal: isFinal,
                                                             context: context)
        timer.lap("read")
        // Each story is made from its own entries alone: on every core at once.
        let parallel: ([StoryInput], @escaping @Sendable (StoryInput) -> DigestStory) -> [DigestStory] = { stories, make in
            ParallelMap.map(stories, make)
        }
        let model = DigestBuilder.build(input, madeBefore: madeBefore, outletsBefore: storyCache?.carriedOutletKeys() ?? [],
                                        mapStories: storyCache?.mapStories(context: storyContext, day: day.description, map: parallel,
                                                                                       keys: storyKeys) ?? parallel,
                                        readings: storyCache?.readings)
        // The content without its generation time decides whether anything changed.
        let jsonFragments = fragments(of: model, format: .json)
        let fingerprint = JSONDigest.contentFingerprint(model, fragments: jsonFragments)
        timer.lap("build")
        let hashKey = "digest_hash_\(day)"
        if !force, filesExist, let stored = try store.value(forKey: hashKey), isSameContent(stored, fingerprint, model) {
            if stored != fingerprint { try store.setValue(fingerprint, forKey: hashKey) }
            try store.setValue(stamp, forKey: stampKey)
            return []
        }
        do {
            try FileManager.default.createDirectory(atPath: config.digestDir, withIntermediateDirectories: true)
        } catch {
            throw AtomicFile.WriteError(path: config.digestDir, reason: "cannot create the digest directory (\(error.localizedDescription))")
        }
        // Each format is assembled from its stories' fragments (rendered now only where new),
        // straight into its file: a busy day's files run to megabytes, and are never held whole.
        var written: [String] = []
        var htmlFragments: (any DigestStoryFragments)?
        for (format, path) in zip(formats, paths) {
            switch format {
            case .html:
                let html = fragments(of: model, format: .html)
                htmlFragments = html
                try AtomicFile.write(to: path) { HTMLDigest.render(model, fragments: html, into: &$0) }
            case .md:
                let markdown = fragments(of: model, format: .markdown)
                try AtomicFile.write(to: path) { MarkdownDigest.render(model, fragments: markdown, into: &$0) }
            case .json:
                try AtomicFile.write(to: path) { JSONDigest.render(model, fragments: jsonFragments, into: &$0) }
            }
            written.append(path)
        }
        if let editionHandoff, let json = formats.firstIndex(of: .json) {
            // The feeds show the day's leading stories whole, as many as an entry's budget of their
            // HTML takes (their fragments' sizes say how many); of the rest they need only the count.
            // Without the HTML format, by the JSON fragments' sizes: the JSON of a story carries all
            // its HTML shows, so four budgets of it are ample (the feeds check, and read the file if not).
            let leading = htmlFragments.map { DigestFeedContent.storiesRendered(ofFragments: $0) }
                ?? DigestFeedContent.storiesRendered(ofFragments: jsonFragments, budget: 4 * DigestFeedContent.storyBudgetBytes)
            let edition = storyCache?.wholeLeadingStories(of: model, count: leading) ?? DigestFeedContent.leadingDay(model, count: leading)
            editionHandoff.keep(DigestEditionHandoff.Edition(
                leading: edition, storyCount: model.stories.count,
                fingerprint: fingerprint, fileSignature: DigestFeedPublisher.fileSignature(path: paths[json])))
        }
        // Written: the kept stories wait in the spill file as headers until they are needed whole.
        storyCache?.keepStoriesInSpill()
        storyCache?.compactSpillIfDue()
        try store.setValue(fingerprint, forKey: hashKey)
        try writeIndex(day: day, model: model, isFinal: isFinal)
        // Last: a failed write above leaves the old stamp, so the next cycle tries again.
        try store.setValue(stamp, forKey: stampKey)
        timer.lap("write")
        logger.info("digest written", metadata: ["day": "\(day)", "stories": "\(model.stories.count)", "files": "\(written.count)",
                                                 "time": "\(timer.summary)"])
        return written
    }

    /// The fragments of the day's stories in `format`: from `storyCache` where kept (read from its
    /// spill file as they are written), the rest rendered on every core at once.
    func fragments(of model: DigestDay, format: DigestStoryCache.Format) -> any DigestStoryFragments {
        let parallel: ([DigestStory], @escaping @Sendable (DigestStory) -> DigestStoryFragment) -> [DigestStoryFragment] = {
            stories, render in ParallelMap.map(stories, render)
        }
        if let storyCache { return storyCache.fragments(of: model, format: format, map: parallel) }
        return parallel(model.stories, DigestStoryCache.renderer(format, day: model))
    }

    /// The stored fingerprint is the day's: equal, or one kept by an older version
    /// (`JSONDigest.legacyContentFingerprint`) of the same content.
    func isSameContent(_ stored: String, _ fingerprint: String, _ model: DigestDay) -> Bool {
        if stored == fingerprint { return true }
        guard !stored.hasPrefix(JSONDigest.contentFingerprintPrefix) else { return false }
        let zero = DigestTime(Date(timeIntervalSince1970: 0), in: config.timeZone)
        return stored == JSONDigest.legacyContentFingerprint(model, generatedAtZero: zero)
    }

    /// What a day's digest is made from besides the entries, read once per publish: the feeds
    /// (names, health, polls), the network flag and the items set aside.
    struct DayContext {
        var feeds: [FeedState]
        var networkDown: Bool
        var quarantined: [QuarantinedItem]
        var contentGeneration: Int64

        init(store: any FeedStorage) throws {
            feeds = try store.allFeeds()
            networkDown = (try? store.value(forKey: "network_down")) == "1"
            quarantined = (try? store.quarantinedItems()) ?? []
            contentGeneration = try store.contentGeneration()
        }
    }

    /// A fingerprint of everything the day's digest is made from, without reading its entries:
    /// the store's content generation (every change to entries, articles and feed names moves
    /// it), the feeds polled that day, the feeds needing attention, the config's zone, tags and
    /// formats, whether the day is final, and the running binary (a new one may render
    /// differently). Equal stamps give equal digests apart from their generation time and the
    /// failure counts of feeds that keep failing: a count that moves on every poll is not news,
    /// so it does not rebuild a day on its own (which feeds fail, why and since when does); the
    /// files show the count as of their last rebuild, `feedwatch status` the live one.
    func inputStamp(_ day: DigestDate, start: Date, end: Date, now: Date, isFinal: Bool, formats: [DigestFormat],
                    context: DayContext) -> String {
        var parts: [String] = ["day \(day)", "final \(isFinal)", "generation \(context.contentGeneration)",
                               "zone \(config.timeZone.identifier)", "formats \(formats.map(\.rawValue))",
                               "tags \(tagOrder)", "binary \(Self.binaryIdentity)",
                               "polled \(polledCount(context.feeds, start: start, end: end))"]
        for problem in problems(context, now: now) {
            parts.append("problem \(problem.kind.rawValue) \(problem.feedURL) \(problem.name) \(problem.problem) "
                         + "\(problem.since?.timeIntervalSince1970 ?? 0) \(problem.lastSuccess?.timeIntervalSince1970 ?? 0)")
        }
        return Self.fingerprint(parts.joined(separator: "\n"))
    }

    /// The running executable's size and modification time: a new binary rebuilds every day it
    /// publishes once, so a change in how digests are rendered reaches the files.
    static let binaryIdentity: String = {
        guard let path = Bundle.main.executablePath,
              let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return "unknown" }
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(size) \(modified)"
    }()

    /// The configured tags in the order the config first lists them.
    var tagOrder: [String] {
        var order: [String] = []
        for feed in config.feeds { for tag in feed.tags where !order.contains(tag) { order.append(tag) } }
        return order
    }

    func polledCount(_ feeds: [FeedState], start: Date, end: Date) -> Int {
        feeds.filter { ($0.lastAttemptAt ?? .distantPast) >= start && ($0.lastAttemptAt ?? .distantPast) < end }.count
    }

    func problems(_ context: DayContext, now: Date) -> [FeedProblem] {
        FeedHealth.problems(context.feeds.filter(\.active), now: now, networkDown: context.networkDown,
                            quarantined: context.quarantined)
    }

    /// What index.html shows of each day, kept in the store between runs.
    struct IndexRecord: Codable {
        var stories: Int
        var final: Bool
        var top: String?
    }

    func writeIndex(day: DigestDate, model: DigestDay, isFinal: Bool) throws {
        var days: [String: IndexRecord] = [:]
        if let json = try store.value(forKey: "digest_index"),
           let decoded = try? JSONDecoder().decode([String: IndexRecord].self, from: Data(json.utf8)) {
            days = decoded
        }
        days[day.description] = IndexRecord(stories: model.stories.count, final: isFinal, top: model.stories.first?.headline)
        try store.setValue(String(decoding: try JSONEncoder().encode(days), as: UTF8.self), forKey: "digest_index")
        guard config.formats.contains(.html) else { return }
        let entries = days.compactMap { key, record in
            DigestDate(key).map { DigestIndexEntry(date: $0, storyCount: record.stories, isFinal: record.final, topHeadline: record.top) }
        }.sorted { $0.date > $1.date }
        try AtomicFile.write(HTMLDigest.renderIndex(entries), to: (config.digestDir as NSString).appendingPathComponent("index.html"))
    }

    // MARK: - From the store to the digest's input

    func gather(_ day: DigestDate, start: Date, end: Date, now: Date, isFinal: Bool) throws -> DigestInput {
        try gather(day, start: start, end: end, now: now, isFinal: isFinal, context: DayContext(store: store))
    }

    func gather(_ day: DigestDate, start: Date, end: Date, now: Date, isFinal: Bool, context: DayContext) throws -> DigestInput {
        try gatherKeyed(day, start: start, end: end, now: now, isFinal: isFinal, context: context).input
    }

    /// What `DigestStoryCache` tells a story by: the zone and tag order the stories are made for.
    var storyContext: String { "\(config.timeZone.identifier)\n\(tagOrder)" }

    /// `gather`, with the daemon's `DigestStoryCache` key of each story by id (made once with the
    /// story's input, so an unchanged story's text is not hashed again each cycle), and the
    /// stories of the day that cache holds made from unchanged inputs (not in the input).
    func gatherKeyed(_ day: DigestDate, start: Date, end: Date, now: Date, isFinal: Bool, context: DayContext) throws
        -> (input: DigestInput, keys: [String: DigestStoryCache.StoryKey], madeBefore: [DigestStory]) {
        var keys: [String: DigestStoryCache.StoryKey] = [:]
        var stories: [StoryInput] = []
        var madeBefore: [DigestStory] = []
        let count: Int
        if let storyCache {
            let kept = try cachedStories(day, start: start, end: end, feedStates: context.feeds, cache: storyCache)
            stories.reserveCapacity(kept.stories.count)
            keys.reserveCapacity(kept.stories.count)
            for story in kept.stories {
                guard let input = story.input else { continue }
                stories.append(input)
                keys[input.id] = story.storyKey
            }
            madeBefore = kept.made
            count = kept.count
        } else {
            (stories, count) = try storyInputs(start: start, end: end)
        }
        storyCache?.decoded.endOfBuild()
        let input = DigestInput(date: day, timeZone: config.timeZone, generatedAt: now,
                                feedsPolled: polledCount(context.feeds, start: start, end: end),
                                newArticles: count, tagOrder: tagOrder, stories: stories,
                                feedProblems: problems(context, now: now), isFinal: isFinal)
        return (input, keys, madeBefore)
    }

    /// The day's stories made from every entry read in full (a `once` run, `feedwatch digest`),
    /// and how many entries they hold.
    func storyInputs(start: Date, end: Date) throws -> ([StoryInput], Int) {
        var entries = try store.entries(firstSeenFrom: start, to: end)
        // On a shared database other workers store entries while the clusterer works: one without
        // a story yet is in flight, and would show as a story of its own until its story is
        // assigned a few seconds later. It waits for the next edition instead.
        if store.isShared { entries.removeAll { $0.storyID == nil } }
        let (order, groups) = Self.grouped(entries, id: \.id, storyID: \.storyID)
        var names = OutletNames(store: store)
        for entry in entries { names.know(item: entry.id, name: Self.outletName(entry)) }
        // The link is stored on the entry that opened the story, which may be of another day.
        let continues = (try? store.developingLinks(storyIDs: order)) ?? [:]
        // Each story's input is made from its own entries (decoding their analyses is most of
        // the work): on every core at once. Other days' outlet names are looked up under a lock.
        let sharedNames = SharedOutletNames(names)
        let stories = ParallelMap.map(order) { key in
            let members = groups[key] ?? []
            let developing = Self.continued(key, links: members.lazy.map(\.developingFrom), stored: continues)
                .flatMap(developingLink)
            return story(id: key, entries: members, outletOf: sharedNames.name(ofItem:), developingFrom: developing)
        }
        return (stories, entries.count)
    }

    /// The day's stories for a daemon that built them before: the entries' revisions are read
    /// (no texts), a story whose revisions are unchanged keeps the input made then, and only the
    /// other stories' entries are read in full. The cost of a cycle follows what changed. A
    /// story whose input is unchanged and whose built story `cache` still holds comes as that
    /// story (`made`), without its input.
    func cachedStories(_ day: DigestDate, start: Date, end: Date, feedStates: [FeedState], cache: DigestStoryCache) throws
        -> (stories: [DigestStoryInputCache.Kept], made: [DigestStory], count: Int) {
        var rows = try store.entryRevisions(firstSeenFrom: start, to: end)
        if store.isShared { rows.removeAll { $0.storyID == nil } }
        let (order, groups) = Self.grouped(rows, id: \.id, storyID: \.storyID)
        let feeds = OutletNameMemo.fingerprint(feedStates)
        var names = OutletNames(store: store, earlier: cache.outletNames.names(forFeeds: feeds))
        for row in rows { names.know(item: row.id, name: Self.outletName(feedName: row.feedName, feedURL: row.feedURL)) }
        let continues = (try? store.developingLinks(storyIDs: order)) ?? [:]
        var made: [String: DigestStoryInputCache.Kept] = [:]
        var missing: [(id: String, key: DigestStoryInputCache.RawKey, developing: DevelopingInput?)] = []
        var madeBefore: [DigestStory] = []
        let context = storyContext
        let dayKey = day.description
        cache.beginCarrying(day: dayKey)
        cache.inputs.beginRead(day: dayKey)
        for id in order {
            let members = groups[id] ?? []
            let developing = Self.continued(id, links: members.lazy.map(\.developingFrom), stored: continues)
                .flatMap { cache.developingLinks.link(to: $0, forDay: day, make: developingLink) }
            let key = DigestStoryInputCache.RawKey(id: id, revisions: members, developingFrom: developing)
            if let kept = cache.inputs.kept(id: id, key: key, outletOf: { names.name(ofItem: $0) }, isMade: { storyKey in
                guard let story = cache.madeStory(storyKey, context: context) else { return false }
                madeBefore.append(story)
                return true
            }) {
                if kept.input != nil { made[id] = kept }
            } else {
                missing.append((id, key, developing))
            }
        }
        // An entry changed between the two reads is built as read now, under the key read before:
        // the next cycle sees a new revision and builds it again.
        let full = try store.entries(ids: missing.flatMap { (groups[$0.id] ?? []).map(\.id) })
        let byID = Dictionary(full.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for story in missing {
            let members = (groups[story.id] ?? []).compactMap { byID[$0.id] }
            made[story.id] = cache.inputs.make(day: dayKey, id: story.id, key: story.key, outletOf: { names.name(ofItem: $0) }) { outletOf in
                self.story(id: story.id, entries: members, outletOf: outletOf, developingFrom: story.developing)
            }
        }
        cache.inputs.endRead()
        cache.outletNames.keep(names.used, forFeeds: feeds)
        return (order.compactMap { made[$0] }, madeBefore, rows.count)
    }

    /// The earlier story that story `id` continues: the link on one of its entries of the day,
    /// else the one stored on its opening entry of another day (`stored`); never itself.
    static func continued(_ id: String, links: some Sequence<String?>, stored: [String: String]) -> String? {
        guard let earlier = links.lazy.compactMap({ $0 }).first ?? stored[id], earlier != id else { return nil }
        return earlier
    }

    /// Rows grouped by story (an entry without one is a story of its own), in the order each
    /// story first appears.
    static func grouped<Row>(_ rows: [Row], id: KeyPath<Row, Int64>, storyID: KeyPath<Row, String?>)
        -> (order: [String], groups: [String: [Row]]) {
        var groups: [String: [Row]] = [:]
        var order: [String] = []
        for row in rows {
            let key = row[keyPath: storyID] ?? "entry-\(row[keyPath: id])"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(row)
        }
        return (order, groups)
    }

    /// The earlier story a developing story continues, as its own day's digest shows it: the day
    /// it was first seen, and the headline chosen by the same rule from that day's entries.
    func developingLink(_ storyID: String) -> DevelopingInput? {
        guard let earlier = try? store.entries(storyID: storyID), let first = earlier.map(\.firstSeen).min() else { return nil }
        let date = day(of: first)
        let (start, end) = bounds(of: date)
        let sameDay = earlier.filter { $0.firstSeen >= start && $0.firstSeen < end }
        return DevelopingInput(id: storyID, date: date, headline: Self.headline(of: Self.ordered(sameDay)))
    }

    /// A story's entries in the order the digest lists them: earliest published first.
    static func ordered(_ entries: [StoredEntry]) -> [StoredEntry] {
        entries.sorted { ($0.published ?? $0.firstSeen, $0.id) < ($1.published ?? $1.firstSeen, $1.id) }
    }

    /// The headline of a story (see `RepresentativeHeadline`): from an original report, not a copy.
    static func headline(of sorted: [StoredEntry], reason: (StoredEntry) -> MergeReason? = mergeReason) -> String {
        let candidates = sorted.map { entry in
            RepresentativeHeadline.Candidate(title: entry.title ?? "", isCopy: Self.isCopy(reason(entry)), published: entry.published)
        }
        return RepresentativeHeadline.choose(candidates).flatMap { sorted[$0].title } ?? "(untitled)"
    }

    /// The stored reason says the entry repeats an article already seen (a re-poll under a new id,
    /// a wire copy, a syndicated or aggregated reprint).
    static func isCopy(_ reason: MergeReason?) -> Bool {
        guard let reason else { return false }
        switch reason {
        case .sameCanonicalURL, .sameGUID, .sameTitle, .nearDuplicate: return true
        default: return false
        }
    }

    static func mergeReason(_ entry: StoredEntry) -> MergeReason? {
        guard let json = entry.storyReasonJSON else { return nil }
        return try? JSONDecoder().decode(MergeReason.self, from: Data(json.utf8))
    }

    func story(id: String, entries: [StoredEntry], outletOf: (String) -> String? = { _ in nil },
               developingFrom: DevelopingInput? = nil) -> StoryInput {
        let sorted = Self.ordered(entries)
        let decoded = storyCache?.decoded
        let reasonOf: (StoredEntry) -> MergeReason? = { e in decoded.map { $0.reason(of: e) } ?? Self.mergeReason(e) }
        let analyses = sorted.map { e in decoded.map { $0.analysis(of: e) } ?? AnalysisRecord.decode(e.analysisJSON) }
        // The lead entry: the one with the most text (an extracted article beats a one-line summary).
        let lead = sorted.indices.max { textLength(sorted[$0]) < textLength(sorted[$1]) } ?? 0
        let headline = Self.headline(of: sorted, reason: reasonOf)
        var summary: String?
        if let keys = analyses[lead]?.keySentences, !keys.isEmpty, sorted[lead].articleText?.isEmpty == false {
            summary = Self.trim(keys.joined(separator: " "), to: 600)
        } else {
            let text = EntryMapping.feedText(summary: sorted[lead].summary, content: sorted[lead].content)
            summary = text.isEmpty ? nil : Self.trim(text, to: 600)
        }
        let label = sorted[lead].articleLabel.flatMap { ["paywalled", "blocked", "summary-only", "partial"].contains($0) ? $0 : nil }
        func merged(_ pick: (AnalysisRecord) -> [String]) -> [String] {
            var counts: [String: Int] = [:]
            var first: [String] = []
            for a in analyses.compactMap({ $0 }) {
                for name in pick(a) {
                    if counts[name] == nil { first.append(name) }
                    counts[name, default: 0] += 1
                }
            }
            return Array(first.enumerated().sorted { (counts[$0.element]!, -$0.offset) > (counts[$1.element]!, -$1.offset) }
                .map(\.element).prefix(6))
        }
        var quotes: [QuoteInput] = []
        var figures: [FigureInput] = []
        var seenQuotes: Set<String> = []
        var seenFigures: Set<String> = []
        for (entry, analysis) in zip(sorted, analyses) {
            guard let analysis else { continue }
            for q in analysis.quotes where q.speaker != nil && seenQuotes.insert(q.text.lowercased()).inserted {
                quotes.append(QuoteInput(text: q.text, speaker: q.speaker, sourceURL: entry.link))
            }
            for f in analysis.figures where seenFigures.insert(f.text.lowercased()).inserted {
                // Figures from one sentence share it: "€4.8 billion · 21% · 15%" with the sentence once.
                if let same = figures.firstIndex(where: { $0.context == f.context && $0.sourceURL == entry.link }) {
                    figures[same].text += " · " + f.text
                } else {
                    figures.append(FigureInput(text: f.text, context: f.context, sourceURL: entry.link))
                }
            }
        }
        // Worded together: a story merged into this one brings a second report that opened a story.
        let reasons = MergeReason.readerTexts(sorted.map(reasonOf),
                                              times: sorted.map { ($0.published ?? $0.firstSeen).timeIntervalSince1970 },
                                              outletOf: outletOf)
        let sources = zip(sorted, reasons).map { e, reason in
            SourceInput(name: Self.outletName(e), feedURL: e.feedURL, url: e.link, title: e.title, published: e.published,
                        tags: e.feedTags, reason: reason)
        }
        var reported: [ReportedFigure] = []
        for (entry, analysis) in zip(sorted, analyses) {
            for f in analysis?.figures ?? [] {
                reported.append(ReportedFigure(text: f.text, sentence: f.context, outlet: Self.outletName(entry), url: entry.link))
            }
        }
        return StoryInput(id: id, headline: headline, firstSeen: sorted.map(\.firstSeen).min()!, sources: sources,
                          summary: summary, label: label, people: merged(\.people), organizations: merged(\.organizations),
                          places: merged(\.places), quotes: Array(quotes.prefix(3)), figures: Array(figures.prefix(4)),
                          reportedFigures: reported, developingFrom: developingFrom)
    }

    /// The outlet's name as the digest shows it (the configured name, else the feed's host).
    static func outletName(_ e: StoredEntry) -> String {
        outletName(feedName: e.feedName, feedURL: e.feedURL)
    }

    static func outletName(feedName: String?, feedURL: String) -> String {
        feedName ?? URL(string: feedURL)?.host ?? feedURL
    }

    /// Outlet names by the clusterer's item id (the entry id as text), for the reasons' words:
    /// the day's entries first, any other entry looked up once.
    struct OutletNames {
        let store: any FeedStorage
        var names: [String: String?] = [:]
        /// Names of entries not of the day: looked up in the store, or given as `earlier`.
        private(set) var others: [String: String?] = [:]

        /// `earlier`: names of other days' entries known already (see `OutletNameMemo`).
        init(store: any FeedStorage, earlier: [String: String?] = [:]) {
            self.store = store
            self.others = earlier
        }

        /// Notes the outlet of an entry of the day (so it is not looked up).
        mutating func know(item id: Int64, name: String) {
            names[String(id)] = .some(name)
        }

        mutating func name(ofItem id: String) -> String? {
            if let known = names[id] { return known }
            if let known = others[id] {
                names[id] = .some(known)
                used[id] = .some(known)
                return known
            }
            let found = Int64(id).flatMap { try? store.entry(id: $0) }.map(DigestPublisher.outletName)
            names[id] = .some(found)
            others[id] = .some(found)
            used[id] = .some(found)
            return found
        }

        /// The names of other days' entries asked for so far.
        private(set) var used: [String: String?] = [:]
    }

    /// `OutletNames` for stories made on several threads at once.
    final class SharedOutletNames: Sendable {
        private let names: Mutex<OutletNames>

        init(_ names: OutletNames) { self.names = Mutex(names) }

        @Sendable func name(ofItem id: String) -> String? { names.withLock { $0.name(ofItem: id) } }
    }

    /// FNV-1a 64 of the text: stable across runs (String.hashValue is seeded per process).
    static func fingerprint(_ text: String) -> String {
        DigestFingerprint.of(text)
    }

    /// How much text an entry has, in UTF-8 bytes (known without reading the text, so a story of
    /// hundreds of sources does not walk all their texts to pick its lead).
    func textLength(_ e: StoredEntry) -> Int {
        (e.articleText?.utf8.count ?? 0) * 2 + (e.content?.utf8.count ?? 0) + (e.summary?.utf8.count ?? 0) / 2
    }

    /// Cuts at a sentence end (or a word) before `limit` characters.
    /// Reads at most `limit` characters of `text`, however long it is.
    static func trim(_ text: String, to limit: Int) -> String {
        guard let cut = text.index(text.startIndex, offsetBy: limit, limitedBy: text.endIndex), cut < text.endIndex
        else { return text }
        let head = text[..<cut]
        // The last ". " of the head, when it keeps more than half of it.
        var k = head.endIndex
        while k > head.startIndex {
            let space = head.index(before: k)
            if head[space] == " ", space > head.startIndex {
                let stop = head.index(before: space)
                if head[stop] == "." {
                    if head.distance(from: head.startIndex, to: stop) > limit / 2 { return String(head[..<stop]) + "." }
                    break
                }
            }
            k = space
        }
        if let space = head.lastIndex(of: " ") { return String(head[..<space]) + "…" }
        return String(head) + "…"
    }
}
