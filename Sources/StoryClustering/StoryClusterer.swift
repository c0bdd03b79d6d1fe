/// The online story clusterer: feed it items in published order, get a story per item.
///
/// Three layers decide, cheapest first:
/// 1. exact — same canonical URL, GUID or normalised headline as an item in the window;
/// 2. near-duplicate — the body copies an earlier body (MinHash LSH + lead index, verified
///    by shingle containment);
/// 3. story — the open stories that share informative words with the item are weighed by
///    `StoryMatchModel` (headline and lead similarity, shared names and figures, a rare word
///    in common, the story's size, the hours since its first and last reports; weights fitted
///    on the dev sets) and the item joins the most probable one above 0.5; a match with a
///    story that started too long ago, or one the item would have joined had no time passed,
///    opens a new story linked to it as "developing".
///
/// The whole state is a `Codable` value: the daemon saves it after each batch and restores
/// it at start. Memory follows the configured windows, not the length of the stream.
public struct StoryClusterer: Sendable, Codable {
    /// Not part of the saved state: a restored clusterer weighs evidence with the configuration
    /// (and fitted match model) of the running binary, so new weights reach a daemon whose
    /// state was saved by an earlier version.
    public var configuration = ClusteringConfiguration()
    /// The most items the window holds, and the most stories open, however many come within
    /// `windowHours` and `storyExpiryHours`: the oldest leave first. What the clusterer holds in
    /// memory follows its window (about 4 KB an item), so without a bound it would follow the
    /// inflow: 72 hours of 150 items a minute are 650,000 items. Not part of the saved state (a
    /// setting of the process, like `configuration`, and not a knob of how items are matched).
    public var maxWindowItems = StoryClusterer.defaultMaxWindowItems
    /// About 400 MB of window: 72 hours of up to 33,000 items a day, the inflow of a few
    /// thousand feeds, fit under it whole.
    public static let defaultMaxWindowItems = 100_000

    var now: Double = -Double.greatestFiniteMagnitude
    var nextStorySerial: Int64 = 1
    var nextItemSerial: Int64 = 1
    var stories = StoryTable()
    var storyIDs: [String: Int64] = [:]
    var titlePostings = TermTable<[Int64]>()
    var stalePostings: Int = 0
    var livePostings: Int = 0
    var terms = TermWindow()
    var boilerplate = BoilerplateFilter()
    var nearDuplicates = NearDuplicateIndex()
    var urlIndex: [String: ExactEntry] = [:]
    var guidIndex: [String: ExactEntry] = [:]
    var titleIndex: [String: ExactEntry] = [:]
    var window: [WindowRecord] = []
    var windowHead: Int = 0
    var lastStoryExpiry: Double = -Double.greatestFiniteMagnitude
    /// Derived from `stories`, so not saved: rebuilt at the first expiry after a restore.
    var expiryQueue = StoryExpiryQueue()
    var expiryQueueBuilt = false
    /// When not nil, every scored (item, candidate story) pair is appended here (not saved):
    /// `feedwatch cluster --dump-features` reads it to build the match model's training data.
    public var pairLog: [CandidatePair]?

    enum CodingKeys: String, CodingKey {
        case now, nextStorySerial, nextItemSerial, stories, storyIDs, titlePostings, stalePostings,
             livePostings, terms, boilerplate, nearDuplicates, urlIndex, guidIndex, titleIndex, window, windowHead,
             lastStoryExpiry
    }

    struct ExactEntry: Sendable, Codable {
        var story: Int64
        var itemID: String
        var itemSerial: Int64
        var time: Double
    }

    struct WindowRecord: Sendable, Codable {
        var serial: Int64
        var time: Double
        var terms: [UInt64]
        var url: String?
        var guid: String?
        var titleKey: String?
        var lines: [BoilerplateFilter.LineKey]
        var fingerprinted: Bool
    }

    /// Stories looked at per headline word: the most recently opened ones that contain it.
    static let maxPostingScan = 64
    /// Stories scored in full per item (the best by shared-word IDF).
    static let maxCandidates = 24
    /// Other stories whose co-matches one story counts (for `checkMerge`).
    static let maxMergeEvidence = 64

    public init(configuration: ClusteringConfiguration = ClusteringConfiguration()) {
        self.configuration = configuration
    }

    /// Number of stories currently open.
    public var openStoryCount: Int { stories.count }

    /// Items in the clusterer's time window (what its state is made of).
    public var windowItemCount: Int { window.count - windowHead }

    // MARK: - Adding items

    /// Assigns `item` to a story (an existing one or a new one) and updates the state.
    public mutating func add(_ item: NewsItem) -> Assignment {
        add(PreparedItem(item, configuration: configuration, boilerplate: boilerplate))
    }

    /// Assigns an item prepared ahead (on another thread, say) to a story.
    public mutating func add(_ prepared: PreparedItem) -> Assignment {
        let prepared = prepared.configuration == configuration ? prepared
            : PreparedItem(prepared.item, configuration: configuration)
        let item = prepared.item
        let time = item.published ?? (now > -Double.greatestFiniteMagnitude ? now : 0)
        if time > now { now = time }
        expire()
        let features = prepared.features(filteredBy: boilerplate)
        let itemSerial = nextItemSerial
        nextItemSerial += 1

        var decision: (story: Int64, reason: MergeReason, copy: Bool)?
        var developingFrom: String?
        var developingReason: MergeReason?

        // 1. Exact layer.
        if let guid = features.guid, let e = guidIndex[guid], stories[e.story] != nil {
            decision = (e.story, .sameGUID(itemID: e.itemID), true)
        } else if let url = features.url, let e = urlIndex[url], stories[e.story] != nil {
            decision = (e.story, .sameCanonicalURL(itemID: e.itemID), true)
        } else if let key = features.titleKey, let e = titleIndex[key], let s = stories[e.story],
                  time - s.firstTime <= configuration.developingAfterHours * 3600 {
            decision = (e.story, .sameTitle(itemID: e.itemID), true)
        }
        // 2. Near-duplicate layer. A headline-only item whose headline is the article's first
        //    words (feeds that truncate the lead into the title) is looked up by its headline.
        let probe = features.fingerprint.isEmpty ? features.titleFingerprint : features.fingerprint
        if decision == nil,
           let m = nearDuplicates.bestMatch(for: probe,
                                            containment: configuration.nearDuplicateContainment,
                                            minShared: configuration.nearDuplicateMinShingles,
                                            strongShared: configuration.nearDuplicateStrongShingles,
                                            shortContainment: configuration.nearDuplicateShortContainment,
                                            isActive: { stories[$0] != nil },
                                            namesAgree: { hasHeadlineNames(of: features, story: $0) }) {
            decision = (m.story, .nearDuplicate(itemID: m.itemID, containment: m.containment, excerpt: m.isExcerpt), true)
        }
        // 3. Story layer.
        var nearest: StoryMatch?
        var related: StoryMatch?
        var continued: StoryMatch?
        var alsoHigh: [Int64] = []
        if decision == nil {
            if let match = bestStory(for: features, time: time, related: &related, nearest: &nearest,
                                     continued: &continued, alsoHigh: &alsoHigh) {
                decision = (match.story, .sameEvent(probability: match.probability, titleSimilarity: match.title,
                                                    bodySimilarity: match.body, names: match.names,
                                                    figures: match.figures, words: match.words,
                                                    hoursAfterFirst: match.hoursSinceFirst), false)
            } else if let continued, let story = stories[resolved(continued.story)] {
                // The item reports an event whose story is past its cut: what happened next
                // starts a story of its own, linked to the old one (to the story a merged one
                // feeds: its items are that story's now).
                developingFrom = story.id
                developingReason = .developing(from: story.id, titleSimilarity: continued.title,
                                               hoursApart: continued.hoursSinceFirst)
            }
        }
        if decision == nil && developingFrom == nil, let related, let story = stories[resolved(related.story)] {
            developingFrom = story.id
            developingReason = .developing(from: story.id, titleSimilarity: related.title,
                                           hoursApart: (time - story.firstTime) / 3600)
        }
        let storySerial: Int64
        let reason: MergeReason
        let isCopy: Bool
        var isNew = false
        if let decision {
            storySerial = resolved(decision.story)
            if storySerial != decision.story, case let .sameEvent(p, title, _, _, _, _, _) = decision.reason {
                reason = .mergedStory(from: stories[decision.story]?.id ?? "", probability: p, titleSimilarity: title)
            } else {
                reason = decision.reason
            }
            isCopy = decision.copy
        } else {
            storySerial = openStory(for: item, time: time)
            reason = developingReason ?? .newStory(
                closest: nearest.flatMap { stories[$0.story]?.id }, titleSimilarity: nearest?.title ?? 0,
                bodySimilarity: nearest?.body, sharedTerms: nearest?.words ?? [])
            stories[storySerial]!.developingFrom = developingFrom
            isCopy = false
            isNew = true
        }
        join(storySerial, features: features, item: item, time: time, isCopy: isCopy, reason: reason)
        record(features, item: item, itemSerial: itemSerial, story: storySerial, time: time)
        let merged = checkMerge(storySerial, alsoHigh: alsoHigh)
        // After a merge the item, like every item of its story, belongs to the larger one.
        let finalSerial = merged == nil ? storySerial : resolved(storySerial)
        return Assignment(story: stories[finalSerial]?.id ?? "", reason: reason, isNearDuplicate: isCopy,
                          isNewStory: isNew, developingFrom: developingFrom, merged: merged)
    }

    /// Whether the story has every name of the item's headline (its headline words that are
    /// names of the item, common ones aside) somewhere among its names.
    func hasHeadlineNames(of f: ItemFeatures, story serial: Int64) -> Bool {
        guard let story = stories[serial] else { return false }
        let common = terms.documents < 200 ? Int.max : Int(Double(terms.documents) * configuration.commonTermShare)
        for t in f.titleTerms where story.entities.weights[t] == nil && terms.frequency(t) <= common
            && f.entities.contains(where: { $0.0 == t }) {
            return false
        }
        return true
    }

    struct StoryMatch {
        var story: Int64
        /// Probability (from the match model) that the item reports this story's event.
        var probability: Double
        var title: Double
        var body: Double?
        var names: [String]
        var figures: [String]
        var words: [String]
        var hoursSinceFirst: Double
    }

    /// One scored (item, candidate story) pair, for fitting the match model (`pairLog`).
    public struct CandidatePair: Sendable {
        public var storyID: String
        public var features: [Double]
        public var probability: Double
    }

    /// Names of the numbers in `CandidatePair.features`.
    public static var candidateFeatureNames: [String] { MatchEvidence.featureNames }

    /// The open story this item most probably belongs to, if the model says it does.
    ///
    /// Only a story within its developing cut (`developingAfterHours`, or
    /// `developingAfterHoursWithBodies` when both sides have full text) absorbs items. When the
    /// most probable match is past it, the item reports what happened next: it joins the story
    /// an earlier development of the same story opened (linked to it as "developing"), or else
    /// nothing, and `continued` receives the old story to link a new one to. Without this, every
    /// report of the next news cycle opened a development of its own. `related` receives the
    /// story it would join if no time had passed (the same subject days later: linked as
    /// "developing"); `nearest` the most probable miss, for the reason.
    mutating func bestStory(for f: ItemFeatures, time: Double, related: inout StoryMatch?,
                            nearest: inout StoryMatch?, continued: inout StoryMatch?,
                            alsoHigh: inout [Int64]) -> StoryMatch? {
        guard !f.titleTerms.isEmpty || !f.bodyVector.isEmpty else { return nil }
        // Candidates vote by the IDF of the words they share with the item; only the best
        // few are scored in full, so the work per item does not grow with the window.
        var votes = TermTable<Float>(minimumCapacity: 64)
        for t in f.retrievalTerms {
            guard let list = titlePostings[t] else { continue }
            let idf = terms.idf(t)
            for s in list.suffix(StoryClusterer.maxPostingScan) { votes[UInt64(s), default: 0] += idf }
        }
        let candidates = votes.count <= StoryClusterer.maxCandidates ? votes.keysInSlotOrder.sorted()
            : votes.entries.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(StoryClusterer.maxCandidates).map(\.key).sorted()
        let query = StoryMatchQuery(f, terms: terms, commonTermShare: configuration.commonTermShare)

        var best: StoryMatch?
        // Candidates above the bar that are developments of an older story.
        var developments: [StoryMatch] = []
        let model = configuration.matchModel
        for key in candidates {
            let serial = Int64(key)
            guard let score = stories[serial]?.score(query, item: f, time: time, terms: terms, now: now),
                  score.evidence.isEligible else { continue }
            let x = score.evidence.vector()
            let p = model.probability(x)
            if pairLog != nil, let id = stories[serial]?.id {
                pairLog?.append(CandidatePair(storyID: id, features: x, probability: p))
            }
            var match = StoryMatch(story: serial, probability: p, title: Double(score.titleSimilarity),
                                   body: score.bodySimilarity.map(Double.init), names: score.sharedNameList,
                                   figures: score.sharedFigureList,
                                   words: Array(score.shared.prefix(6)), hoursSinceFirst: score.evidence.hoursSinceFirst)
            // A story past its cut neither absorbs the item nor counts as the other half of a
            // split (`checkMerge`).
            let cutoff = match.body != nil ? configuration.developingAfterHoursWithBodies : configuration.developingAfterHours
            let pastCut = match.hoursSinceFirst > cutoff
            if p >= configuration.storyMergeProbability && !pastCut { alsoHigh.append(serial) }
            if p >= model.threshold {
                if pastCut {
                    if p > (continued?.probability ?? 0) { continued = match }
                } else {
                    if p > (best?.probability ?? 0) { best = match }
                    if stories[serial]?.developingFrom != nil { developments.append(match) }
                }
                continue
            }
            let laterCycle = score.evidence.hoursSinceLast >= configuration.developingGapHours
            let timeless = laterCycle ? model.probability(score.evidence.vector(timeless: true)) : 0
            if timeless >= max(model.threshold, configuration.developingLinkProbability) {
                match.probability = timeless
                if timeless > (related?.probability ?? 0) { related = match }
            } else if p > (nearest?.probability ?? 0) {
                nearest = match
            }
        }
        // The most probable story is past its cut: the item reports what happened next, so it
        // joins the development of that story already opened (the most probable one), if any.
        if let old = continued, old.probability >= (best?.probability ?? 0) {
            // Developments are linked to the story a merged one feeds (see `add`).
            let oldID = stories[resolved(old.story)]?.id
            best = nil
            for m in developments where stories[m.story]?.developingFrom.map(resolvedStoryID) == oldID
                && m.probability > (best?.probability ?? 0) {
                best = m
            }
        }
        return best
    }

    /// Longest chain of merges followed (a merged story's target is never merged at the time,
    /// so chains grow only when that target later merges too).
    static let maxMergeChain = 8

    /// The open story that `serial` now feeds: itself, or the story it was merged into.
    func resolved(_ serial: Int64) -> Int64 {
        var current = serial
        for _ in 0..<StoryClusterer.maxMergeChain {
            guard let next = stories[current]?.mergedInto, stories[next] != nil else { return current }
            current = next
        }
        return current
    }

    /// The id of the story whose items story `id`'s items are now: `id` itself, or, for a story
    /// merged into another (`Assignment.merged`), that story's id (following merges of merges).
    /// Ids of closed or unknown stories come back as they are.
    public func resolvedStoryID(_ id: String) -> String {
        guard let serial = storyIDs[id] else { return id }
        return stories[resolved(serial)]?.id ?? id
    }

    /// Whether the story `serial` (which an item just joined) and another open story are two
    /// halves of one: a large story told from several angles often opens twice within
    /// minutes, each half then growing on its own. When a story of `storyMergeMinItems` or
    /// more has at least `storyMergeShare` of its items also scored at least
    /// `storyMergeProbability` on a larger open story, it stops growing and what would join
    /// it joins the larger one. The merge is returned so that the caller moves the items it gave
    /// the smaller story; its id stays valid while it is open (`resolvedStoryID`).
    /// The three settings are cross-validated by `bench/stories/cv_story_merge.py`.
    @discardableResult
    mutating func checkMerge(_ serial: Int64, alsoHigh: [Int64]) -> StoryMerge? {
        guard !alsoHigh.isEmpty, let count = stories[serial]?.count else { return nil }
        var others: [Int64] = []
        for other in alsoHigh {
            let target = resolved(other)
            if target != serial && !others.contains(target) { others.append(target) }
        }
        guard !others.isEmpty else { return nil }
        // Counted in place (the table's accessor yields the story), at most `maxMergeEvidence`
        // other stories per story.
        if stories[serial]?.alsoMatched == nil { stories[serial]?.alsoMatched = [:] }
        for other in others {
            if stories[serial]?.alsoMatched?[other] != nil {
                stories[serial]?.alsoMatched?[other]? += 1
            } else if (stories[serial]?.alsoMatched?.count ?? 0) < StoryClusterer.maxMergeEvidence {
                stories[serial]?.alsoMatched?[other] = 1
            }
        }
        guard count >= configuration.storyMergeMinItems else { return nil }
        let needed = Double(count) * configuration.storyMergeShare
        for other in others {
            guard Double(stories[serial]?.alsoMatched?[other] ?? 0) >= needed, let otherCount = stories[other]?.count,
                  stories[other]?.mergedInto == nil else { continue }
            guard otherCount > count || (otherCount == count && other < serial) else { continue }
            stories[serial]?.mergedInto = other
            guard let from = stories[serial]?.id, let into = stories[other]?.id else { return nil }
            // What continues the merged story continues the one it feeds. (A development opens
            // after its story's cut and closes after it, so all of them are open here.)
            var developments: [String] = []
            for s in stories.serials where stories[s]?.developingFrom == from {
                stories[s]?.developingFrom = into
                if let id = stories[resolved(s)]?.id, !developments.contains(id) { developments.append(id) }
            }
            return StoryMerge(from: from, into: into, developments: developments)
        }
        return nil
    }

    mutating func openStory(for item: NewsItem, time: Double) -> Int64 {
        let serial = nextStorySerial
        nextStorySerial += 1
        var id = item.id.isEmpty ? "story-\(serial)" : item.id
        if storyIDs[id] != nil { id += "~\(serial)" }
        stories[serial] = StoryCluster(serial: serial, id: id, time: time)
        if expiryQueueBuilt { expiryQueue.push(time, serial) }
        storyIDs[id] = serial
        return serial
    }

    mutating func join(_ serial: Int64, features f: ItemFeatures, item: NewsItem, time: Double, isCopy: Bool,
                       reason: MergeReason) {
        // Taken out of the dictionary so that its centroids are uniquely referenced and
        // mutated in place rather than copied on every join.
        guard var story = stories.removeValue(forKey: serial) else { return }
        story.count += 1
        if !isCopy { story.primaryCount += 1 }
        if time > story.lastTime {
            story.lastTime = time
            if expiryQueueBuilt { expiryQueue.push(time, serial) }
        }
        story.outlets[f.outlet, default: 0] += 1
        let sameURL: Bool
        if case .sameCanonicalURL = reason { sameURL = true } else if case .sameGUID = reason { sameURL = true } else { sameURL = false }
        if !sameURL {
            var newTerms: [UInt64] = []
            if !f.titleTerms.isEmpty { story.titleCount += 1 }
            for t in f.titleTerms {
                if story.title.weights[t] == nil { newTerms.append(t) }
                story.title.add(t, 1)
            }
            if !isCopy && f.hasBody {
                story.body.add(f.bodyVector)
                story.bodyMembers += 1
            }
            for (t, _) in f.entities { story.entities.add(t, 1) }
            for (t, _) in f.figures { story.figures.add(t, 1) }
            let before = story.title.weights.count
            story.title.prune(to: StoryCluster.maxCentroidTerms)
            story.body.prune(to: StoryCluster.maxCentroidTerms)
            story.entities.prune(to: 100)
            story.figures.prune(to: 100)
            stalePostings += before - story.title.weights.count
            for t in newTerms where story.title.weights[t] != nil {
                titlePostings[t, default: []].append(serial)
                livePostings += 1
            }
        }
        if story.members.count < StoryCluster.maxStoredMembers {
            story.members.append(.init(itemID: item.id, source: item.source, title: f.cleanedTitle,
                                       titleTerms: f.titleTerms, isCopy: isCopy || f.isAggregator,
                                       truncated: f.truncated, time: time))
        }
        stories[serial] = story
    }

    mutating func record(_ f: ItemFeatures, item: NewsItem, itemSerial: Int64, story: Int64, time: Double) {
        let entry = ExactEntry(story: story, itemID: item.id, itemSerial: itemSerial, time: time)
        if let u = f.url { urlIndex[u] = entry }
        if let g = f.guid { guidIndex[g] = entry }
        if let k = f.titleKey { titleIndex[k] = entry }
        // Distinct terms of the item: a body vector already holds its headline's words.
        var dfTerms = f.bodyVector.weights.keysInSlotOrder
        if dfTerms.isEmpty { dfTerms = f.titleTerms } else {
            for t in f.titleTerms where !f.bodyVector.weights.contains(t) { dfTerms.append(t) }
        }
        // Figures count like words, so that a figure in every other report ("2026") is common.
        for (t, _) in f.figures { dfTerms.append(t) }
        terms.add(dfTerms)
        boilerplate.record(f.lineKeys, story: story)
        nearDuplicates.insert(serial: itemSerial, itemID: item.id, story: story, time: time, fingerprint: f.fingerprint)
        window.append(WindowRecord(serial: itemSerial, time: time, terms: dfTerms, url: f.url, guid: f.guid,
                                   titleKey: f.titleKey, lines: f.lineKeys, fingerprinted: !f.fingerprint.isEmpty))
    }

    // MARK: - Expiry

    mutating func expire() {
        let horizon = now - configuration.windowHours * 3600
        // Room for the item about to be recorded within `maxWindowItems`.
        let keep = max(1, maxWindowItems) - 1
        while windowHead < window.count, window[windowHead].time < horizon || window.count - windowHead > keep {
            let r = window[windowHead]
            terms.remove(r.terms)
            boilerplate.forget(r.lines)
            if let u = r.url, urlIndex[u]?.itemSerial == r.serial { urlIndex.removeValue(forKey: u) }
            if let g = r.guid, guidIndex[g]?.itemSerial == r.serial { guidIndex.removeValue(forKey: g) }
            if let k = r.titleKey, titleIndex[k]?.itemSerial == r.serial { titleIndex.removeValue(forKey: k) }
            if r.fingerprinted { nearDuplicates.remove(serial: r.serial) }
            windowHead += 1
        }
        if windowHead > 4096 && windowHead * 2 > window.count {
            window.removeFirst(windowHead)
            windowHead = 0
        }
        let full = stories.count > keep
        guard full || now - lastStoryExpiry > 1800 else { return }
        if !expiryQueueBuilt {
            expiryQueue = StoryExpiryQueue()
            for serial in stories.serials { expiryQueue.push(stories[serial]!.lastTime, serial) }
            expiryQueueBuilt = true
        }
        if now - lastStoryExpiry > 1800 {
            lastStoryExpiry = now
            let storyHorizon = now - configuration.storyExpiryHours * 3600
            // Every story whose last item is older than the horizon has its current entry below it.
            while let oldest = expiryQueue.oldest, oldest.time < storyHorizon {
                expiryQueue.removeOldest()
                guard let story = stories[oldest.serial], story.lastTime < storyHorizon else { continue }
                closeStory(story)
            }
        }
        // Over the bound, the stories quiet the longest close first (a story's current entry is
        // the one at its last time; older entries of it are passed over).
        while stories.count > keep, let oldest = expiryQueue.oldest {
            expiryQueue.removeOldest()
            guard let story = stories[oldest.serial], story.lastTime == oldest.time else { continue }
            closeStory(story)
        }
        if stalePostings > 4096 && stalePostings * 2 > livePostings { compactPostings() }
    }

    /// Forgets an open story (its postings are dropped at the next compaction).
    private mutating func closeStory(_ story: StoryCluster) {
        stories.removeValue(forKey: story.serial)
        storyIDs.removeValue(forKey: story.id)
        stalePostings += story.title.weights.count
    }

    mutating func compactPostings() {
        var live = 0
        var compacted = TermTable<[Int64]>(minimumCapacity: titlePostings.count)
        titlePostings.forEach { t, list in
            let kept = list.filter { stories[$0]?.title.weights[t] != nil }
            if !kept.isEmpty { compacted[t] = kept; live += kept.count }
        }
        titlePostings = compacted
        livePostings = live
        stalePostings = 0
    }

    // MARK: - Reading stories

    /// What a reader sees of an open story.
    public struct StorySummary: Sendable, Codable, Hashable {
        public var id: String
        public var headline: String
        public var itemCount: Int
        /// Distinct outlets (one outlet's re-polls count once).
        public var sourceCount: Int
        public var sources: [String]
        public var firstSeen: Double
        public var lastSeen: Double
        public var developingFrom: String?
        public var itemIDs: [String]
        /// For a story merged into a larger one (`Assignment.merged`): that story's id. Its items
        /// are that story's; it stays open (and listed) until it closes.
        public var mergedInto: String?
    }

    /// The summary of an open story, or nil when it is unknown or closed.
    public func story(_ id: String) -> StorySummary? {
        guard let serial = storyIDs[id], let s = stories[serial] else { return nil }
        return summary(s)
    }

    /// All open stories, most widely covered first.
    public var openStories: [StorySummary] {
        stories.values.map(summary).sorted {
            ($0.sourceCount, $0.lastSeen, $1.id) > ($1.sourceCount, $1.lastSeen, $0.id)
        }
    }

    func summary(_ s: StoryCluster) -> StorySummary {
        var firstName: [String: String] = [:]
        for m in s.members {
            let key = ItemFeatures.outletKey(m.source, url: "")
            if firstName[key] == nil { firstName[key] = m.source }
        }
        let sources = s.outlets.keys.sorted().map { firstName[$0] ?? $0 }
        let into = s.mergedInto == nil ? s.id : resolvedStoryID(s.id)
        return StorySummary(id: s.id, headline: s.headline(terms), itemCount: s.count, sourceCount: s.outletCount,
                            sources: sources, firstSeen: s.firstTime, lastSeen: s.lastTime,
                            developingFrom: s.developingFrom, itemIDs: s.members.map(\.itemID),
                            mergedInto: into == s.id ? nil : into)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
