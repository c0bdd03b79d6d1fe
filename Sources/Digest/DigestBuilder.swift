import Foundation

/// Turns a day's raw stories into the ranked, grouped `DigestDay`.
///
/// Ranking: more distinct outlets first (outlets are told apart by name, case- and
/// space-insensitively, or by feed URL when a source has no name); then the more recent story
/// first, where a story's time is its latest source's `published` (or `firstSeen` if no source
/// has a time); then earlier `firstSeen`, headline and id, so the order never depends on input
/// order.
///
/// Grouping: when the config has tags, each story appears once, under its dominant tag — the
/// tag carried by the most of its distinct outlets, ties going to the tag listed first in the
/// config. Stories with no configured tag go under "Other stories". Without tags there is one
/// group, "All stories".
public enum DigestBuilder {
    public static func build(_ input: DigestInput) -> DigestDay {
        build(input, mapStories: { inputs, make in inputs.map(make) })
    }

    /// `build`, with the caller choosing how the stories are made (`mapStories` must return
    /// `make` of each input, in order). Each story is made from its own input alone, so the
    /// Watcher makes them on every core at once; the day is the same as `build(input)`.
    /// `readings`, when given, keeps the figures' readings between builds (see `FactReadingMemo`).
    /// `madeBefore` are more stories of the day, made by an earlier build of the same zone and
    /// tag order from inputs that have not changed since (a daemon keeps the stories rather
    /// than their inputs); they are ranked with the others. Those kept in short list no sources,
    /// and their outlets (`outletKey`) come as `outletsBefore`, for the day's outlet count.
    public static func build(_ input: DigestInput, madeBefore: [DigestStory] = [], outletsBefore: Set<String> = [],
                             mapStories: ([StoryInput], @escaping @Sendable (StoryInput) -> DigestStory) -> [DigestStory],
                             readings: FactReadingMemo? = nil) -> DigestDay {
        let zone = input.timeZone
        let tagOrder = TextCleaner.names(input.tagOrder)
        readings?.beginBuild()
        var stories = mapStories(input.stories) { story(from: $0, zone: zone, tagOrder: tagOrder, readings: readings) }
        stories += madeBefore
        stories.sort(by: ranksBefore)
        for index in stories.indices { stories[index].rank = index + 1 }

        let dayStart = startOfDay(input.date, in: zone)
        let dayEnd = startOfDay(nextDay(input.date), in: zone)
        let startTime = DigestTime(dayStart, in: zone)

        var outlets = outletsBefore
        for story in stories { for source in story.sources { outlets.insert(outletKey(source)) } }

        let feedErrors = input.feedProblems.map { feedError(from: $0, zone: zone) }.sorted(by: listsBefore)
        let stats = DigestStats(
            feedsPolled: max(0, input.feedsPolled), newArticles: max(0, input.newArticles), stories: stories.count,
            storiesWithThreeOrMoreSources: stories.filter { $0.sourceCount >= 3 }.count,
            outlets: outlets.count, feedsNeedingAttention: feedErrors.count)

        return DigestDay(
            date: input.date, timezone: zone.identifier, generatedAt: DigestTime(input.generatedAt, in: zone),
            isFinal: input.isFinal, utcOffset: startTime.offsetName,
            clockChange: clockChange(from: dayStart, to: dayEnd, in: zone), stats: stats,
            groups: groups(stories, tagOrder: tagOrder), stories: stories, feedErrors: feedErrors)
    }

    // MARK: Stories

    private static func story(from input: StoryInput, zone: TimeZone, tagOrder: [String], readings: FactReadingMemo?) -> DigestStory {
        let headline = TextCleaner.line(input.headline)
        let pairs = input.sources.map { source in
            (source: DigestSource(name: TextCleaner.optionalLine(source.name) ?? TextCleaner.line(source.feedURL),
                                  feedURL: TextCleaner.line(source.feedURL), url: WebLink.safe(source.url),
                                  title: TextCleaner.optionalLine(source.title),
                                  published: source.published.map { DigestTime($0, in: zone) },
                                  reason: TextCleaner.optionalLine(source.reason)),
             tags: source.tags)
        }.sorted { a, b in sourcesBefore(a.source, b.source) }
        // One outlet, one spelling: later entries take the name of the outlet's earliest entry.
        var spelling: [String: String] = [:]
        let sources = pairs.map { pair in
            var source = pair.source
            let key = outletKey(source)
            if let first = spelling[key] { source.name = first } else { spelling[key] = source.name }
            return source
        }
        let firstSeen = DigestTime(input.firstSeen, in: zone)
        let latest = sources.compactMap(\.published).max() ?? firstSeen

        // Tags: a count per tag over distinct outlets, so one outlet with many entries weighs once.
        var outletTags: [String: Set<String>] = [:]
        for pair in pairs {
            for tag in pair.tags {
                let cleaned = TextCleaner.line(tag).lowercased()
                if let known = tagOrder.first(where: { $0.lowercased() == cleaned }) {
                    outletTags[outletKey(pair.source), default: []].insert(known)
                }
            }
        }
        var tagCounts: [String: Int] = [:]
        for tags in outletTags.values { for tag in tags { tagCounts[tag, default: 0] += 1 } }
        let tags = tagOrder.enumerated().filter { tagCounts[$0.element] != nil }.sorted { a, b in
            let (ca, cb) = (tagCounts[a.element] ?? 0, tagCounts[b.element] ?? 0)
            return ca != cb ? ca > cb : a.offset < b.offset
        }.map(\.element)

        return DigestStory(
            rank: 0, id: TextCleaner.line(input.id), headline: headline.isEmpty ? "(untitled story)" : headline,
            firstSeen: firstSeen, latest: latest, sourceCount: Set(sources.map(outletKey)).count,
            tags: tags, label: TextCleaner.optionalLine(input.label), summary: TextCleaner.paragraphs(input.summary),
            sources: sources,
            entities: DigestEntities(people: TextCleaner.names(input.people),
                                     organizations: TextCleaner.names(input.organizations),
                                     places: TextCleaner.names(input.places)),
            quotes: input.quotes.compactMap { quote in
                guard let text = TextCleaner.optionalLine(quote.text) else { return nil }
                return DigestQuote(text: text, speaker: TextCleaner.optionalLine(quote.speaker),
                                   sourceURL: WebLink.safe(quote.sourceURL))
            },
            figures: input.figures.compactMap { figure in
                guard let text = TextCleaner.optionalLine(figure.text) else { return nil }
                return DigestFigure(text: text, context: TextCleaner.optionalLine(figure.context),
                                    sourceURL: WebLink.safe(figure.sourceURL))
            },
            facts: facts(input.reportedFigures, readings: readings),
            developingFrom: input.developingFrom.flatMap { link in
                TextCleaner.optionalLine(link.headline).map {
                    DigestDevelopingLink(id: TextCleaner.line(link.id), date: link.date, headline: $0)
                }
            })
    }

    /// The story's facts from every figure its sources reported, cleaned like the rest.
    private static func facts(_ figures: [ReportedFigure], readings: FactReadingMemo?) -> [DigestFact] {
        // Only the first `maxMentions` are grouped: the rest of a story of hundreds of sources is
        // not cleaned either, so a story's build does not grow with its size. A story of one
        // outlet has no facts: its figures are not cleaned either.
        guard FactGrouping.hasTwoOutlets(figures.prefix(FactGrouping.maxMentions).lazy.map(\.outlet)) else { return [] }
        let cleaned = Array(figures.lazy.compactMap { figure -> ReportedFigure? in
            guard let text = TextCleaner.optionalLine(figure.text), let sentence = TextCleaner.optionalLine(figure.sentence),
                  let outlet = TextCleaner.optionalLine(figure.outlet) else { return nil }
            return ReportedFigure(text: text, sentence: sentence, outlet: outlet, url: WebLink.safe(figure.url))
        }.prefix(FactGrouping.maxMentions))
        let grouped = readings.map { memo in FactGrouping.facts(cleaned, reading: memo.reading) } ?? FactGrouping.facts(cleaned)
        return grouped.map { fact in
            DigestFact(counted: fact.counted, kind: fact.kind, values: fact.values.map { value in
                DigestFactValue(text: value.text, value: value.value, sentence: value.sentence,
                                sources: value.sources.map { DigestFactSource(name: $0.name, url: $0.url) })
            })
        }
    }

    /// Earliest published first (who had it first), undated last, then by name and link.
    private static func sourcesBefore(_ a: DigestSource, _ b: DigestSource) -> Bool {
        switch (a.published, b.published) {
        case let (x?, y?) where x != y: return x < y
        case (_?, nil): return true
        case (nil, _?): return false
        default: return (a.name.lowercased(), a.url ?? "") < (b.name.lowercased(), b.url ?? "")
        }
    }

    /// Outlets are told apart by name (case and spacing ignored), else by feed URL.
    public static func outletKey(_ source: DigestSource) -> String {
        let name = source.name.lowercased()
        return name.isEmpty ? "feed:" + source.feedURL : "name:" + name
    }

    private static func ranksBefore(_ a: DigestStory, _ b: DigestStory) -> Bool {
        if a.sourceCount != b.sourceCount { return a.sourceCount > b.sourceCount }
        if a.latest != b.latest { return a.latest > b.latest }
        if a.firstSeen != b.firstSeen { return a.firstSeen < b.firstSeen }
        if a.headline != b.headline { return a.headline < b.headline }
        return a.id < b.id
    }

    /// The stories' layout (see the type's comment).
    private static func groups(_ stories: [DigestStory], tagOrder: [String]) -> [DigestGroup] {
        guard !tagOrder.isEmpty else {
            return [DigestGroup(title: "All stories", tag: nil, ranks: stories.map(\.rank))]
        }
        var byTag: [String: [Int]] = [:]
        var other: [Int] = []
        for story in stories {
            if let dominant = story.tags.first { byTag[dominant, default: []].append(story.rank) } else { other.append(story.rank) }
        }
        var groups = tagOrder.compactMap { tag in
            byTag[tag].map { DigestGroup(title: tag, tag: tag, ranks: $0) }
        }
        if !other.isEmpty { groups.append(DigestGroup(title: "Other stories", tag: nil, ranks: other)) }
        return groups
    }

    // MARK: Feed problems

    private static func feedError(from problem: FeedProblem, zone: TimeZone) -> DigestFeedError {
        DigestFeedError(
            name: TextCleaner.optionalLine(problem.name) ?? TextCleaner.line(problem.feedURL),
            feedURL: TextCleaner.line(problem.feedURL), kind: problem.kind,
            problem: TextCleaner.optionalLine(problem.problem) ?? "unknown problem",
            since: problem.since.map { DigestTime($0, in: zone) },
            consecutiveFailures: max(0, problem.consecutiveFailures),
            lastSuccess: problem.lastSuccess.map { DigestTime($0, in: zone) })
    }

    /// Network-wide trouble first, then failing feeds (most failures first), then stale ones.
    private static func listsBefore(_ a: DigestFeedError, _ b: DigestFeedError) -> Bool {
        let order: [FeedProblem.Kind] = [.networkDown, .failing, .stale]
        let (ka, kb) = (order.firstIndex(of: a.kind) ?? 0, order.firstIndex(of: b.kind) ?? 0)
        if ka != kb { return ka < kb }
        if a.consecutiveFailures != b.consecutiveFailures { return a.consecutiveFailures > b.consecutiveFailures }
        return (a.name.lowercased(), a.feedURL) < (b.name.lowercased(), b.feedURL)
    }

    // MARK: The day in its zone

    /// The first instant of `date` in `zone` (midnight, or the first valid time after a gap).
    static func startOfDay(_ date: DigestDate, in zone: TimeZone) -> Date {
        let midnightUTC = date.dayNumber * 86_400
        // Local midnight is UTC midnight minus the offset; the offset may differ on either side.
        var guess = midnightUTC - zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(midnightUTC)))
        for _ in 0..<3 {
            let corrected = midnightUTC - zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(guess)))
            if corrected == guess { break }
            guess = corrected
        }
        return Date(timeIntervalSince1970: TimeInterval(guess))
    }

    private static func nextDay(_ date: DigestDate) -> DigestDate {
        let civil = CivilCalendar.civil(dayNumber: date.dayNumber + 1)
        return DigestDate(year: civil.year, month: civil.month, day: civil.day) ?? date
    }

    /// The instant the zone's offset changes within [start, end), found by bisection.
    private static func clockChange(from start: Date, to end: Date, in zone: TimeZone) -> DigestClockChange? {
        let before = zone.secondsFromGMT(for: start)
        let last = end.addingTimeInterval(-1)
        guard zone.secondsFromGMT(for: last) != before else { return nil }
        var low = Int(start.timeIntervalSince1970), high = Int(last.timeIntervalSince1970)
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(middle))) == before { low = middle } else { high = middle }
        }
        let at = DigestTime(Date(timeIntervalSince1970: TimeInterval(high)), in: zone)
        return DigestClockChange(at: at, offsetBefore: DigestTime(secondsSince1970: low, utcOffsetSeconds: before).offsetName,
                                 offsetAfter: at.offsetName)
    }
}
