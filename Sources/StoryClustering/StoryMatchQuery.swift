/// The item side of a story match, weighted once per item and then scored against each
/// candidate story where it lies in the clusterer's table.
///
/// Scoring in place (a mutating call through the dictionary) matters: copying a story out
/// to read it retains and releases every centroid and member list, for each of up to two
/// dozen candidates of every item.
struct StoryMatchQuery {
    /// Headline words with `idf²` (so a dot product needs one lookup per word), and the norm.
    var titleWeighted: [(UInt64, Float)] = []
    var titleNorm: Float = 0
    /// Lead words with `tf · idf²`, and the norm.
    var bodyWeighted: [(UInt64, Float)] = []
    var bodyNorm: Float = 0
    /// Per headline word and per entity: too common in the window to count as a shared word.
    var commonTitle: [Bool] = []
    var commonName: [Bool] = []
    var commonFigure: [Bool] = []
    /// Figures of the item that are not too common to count.
    var informativeFigures = 0
    /// How specific each name and figure is: its IDF over that of an unseen word (0...1). A
    /// rare surname or "€86m" says more about the event than "Government" or "2026".
    var nameSpecificity: [Float] = []
    var figureSpecificity: [Float] = []
    /// The headline's names: its words that are names of the item (written capitalised
    /// mid-sentence in the headline or the body, so that "Paimmer" in "Paimmer Foods to cut 25
    /// jobs" counts), not too common, with their specificity.
    var headlineNames: [(UInt64, Float)] = []
    /// The words of the name each of `headlineNames` is part of, as the item writes it
    /// ("Storm Maelis": storm, maelis).
    var headlineNamePhrases: [[UInt64]] = []
    /// The headline's other words.
    var headlineOtherTerms: [UInt64] = []

    init(_ f: ItemFeatures, terms: TermWindow, commonTermShare: Double) {
        titleWeighted.reserveCapacity(f.titleTerms.count)
        for t in f.titleTerms {
            let w = terms.idf(t)
            titleNorm += w * w
            titleWeighted.append((t, w * w))
        }
        titleNorm = titleNorm.squareRoot()
        bodyWeighted.reserveCapacity(f.bodyVector.weights.count)
        f.bodyVector.weights.forEach { t, w in
            let idf = terms.idf(t)
            let x = w * idf
            bodyNorm += x * x
            bodyWeighted.append((t, x * idf))
        }
        bodyNorm = bodyNorm.squareRoot()
        let common = terms.documents < 200 ? Int.max : Int(Double(terms.documents) * commonTermShare)
        commonTitle = f.titleTerms.map { terms.frequency($0) > common }
        commonName = f.entities.map { terms.frequency($0.0) > common }
        commonFigure = f.figures.map { terms.frequency($0.0) > common }
        informativeFigures = commonFigure.count(where: { !$0 })
        let unseen = max(terms.unseenIDF, 1)
        nameSpecificity = f.entities.map { min(terms.idf($0.0) / unseen, 1) }
        figureSpecificity = f.figures.map { min(terms.idf($0.0) / unseen, 1) }
        for t in f.titleTerms {
            if let n = f.entities.firstIndex(where: { $0.0 == t }) {
                if !commonName[n] {
                    headlineNames.append((t, nameSpecificity[n]))
                    // Each word of a name written as several shows the whole name (`BodyLines`).
                    let written = f.entities[n].1
                    headlineNamePhrases.append(f.entities.compactMap { $0.1 == written ? $0.0 : nil })
                }
            } else {
                headlineOtherTerms.append(t)
            }
        }
    }
}

/// What one candidate story shares with an item, before time and thresholds are applied.
struct StoryCandidateScore {
    var titleSimilarity: Float = 0
    var bodySimilarity: Float?
    /// Informative headline words and names shared, for the second signal and the reason.
    var shared: [String] = []
    var sharedNames = 0
    /// Both the item and the story have bodies (the body path applies).
    var bothHaveBodies = false
    /// A headline word of the item is a keyword of this established story.
    var keyword = false
    var lastTime: Double = 0
    var primaryCount = 0
    /// The weighed evidence, and the names and figures shared (display forms, item order).
    var evidence = MatchEvidence()
    var sharedNameList: [String] = []
    var sharedFigureList: [String] = []
}

extension StoryCluster {
    /// Refreshes the cached norms if due, then scores `query` (for item `f`) against this story.
    mutating func score(_ query: StoryMatchQuery, item f: ItemFeatures, time: Double, terms: TermWindow,
                        now: Double) -> StoryCandidateScore {
        refreshNorms(terms, now: now)
        var s = StoryCandidateScore(lastTime: lastTime, primaryCount: primaryCount)
        var rarest: Float = 0
        if query.titleNorm > 0 && titleNorm > 0 {
            var dot: Float = 0
            for (t, w) in query.titleWeighted {
                if let cw = title.weights[t] {
                    dot += w * cw
                    rarest = max(rarest, w)
                }
            }
            s.titleSimilarity = dot / (query.titleNorm * titleNorm)
        }
        // Second signal: informative words or names shared with the story. Words in a large
        // share of recent items (template words such as "quarter", "net", "dividend") do not
        // count; shares need a sample, so not below 200 items.
        for (n, t) in f.titleTerms.enumerated() where !query.commonTitle[n] && title.weights[t] != nil {
            let name = f.titleWords[n]
            if !s.shared.contains(name) { s.shared.append(name) }
        }
        let sharedTitleWords = s.shared.count
        var specificity: Float = 0
        for (n, (t, name)) in f.entities.enumerated() where !query.commonName[n] && entities.weights[t] != nil {
            s.sharedNames += 1
            specificity += query.nameSpecificity[n]
            if !s.sharedNameList.contains(name) { s.sharedNameList.append(name) }
            if !s.shared.contains(where: { $0.lowercased() == name.lowercased() }) { s.shared.append(name) }
        }
        // The item's headline names that the story has nowhere, and how much of the rest of
        // the headline the story's headlines say.
        var unmatched: Float = 0
        for (t, specificity) in query.headlineNames where entities.weights[t] == nil {
            unmatched = max(unmatched, specificity)
        }
        // The name both headlines carry (the most specific and most the story's subject, by
        // specificity times the share of the story's headlines that carry it), as one name:
        // every word of the name as the item writes it is the story's ("Storm Maelis" where the
        // story has "Maelis" and "storm"; not "Sougal Telecom" where it has "Soubran Telecom").
        var headlineShared: Float = 0
        var subjectShare: Double = 0
        for (n, (t, specificity)) in query.headlineNames.enumerated() {
            guard entities.weights[t] != nil, let inHeadlines = title.weights[t] else { continue }
            let share = min(Double(inHeadlines) / Double(max(titleCount, 1)), 1)
            guard Double(specificity) * share > Double(headlineShared) * subjectShare,
                  query.headlineNamePhrases[n].allSatisfy({ entities.weights[$0] != nil || title.weights[$0] != nil
                      || body.weights[$0] != nil }) else { continue }
            headlineShared = specificity
            subjectShare = share
        }
        let otherWords = query.headlineOtherTerms.count
        var otherShared = 0
        if unmatched > 0 {
            for t in query.headlineOtherTerms where title.weights[t] != nil { otherShared += 1 }
        }
        for (n, (t, figure)) in f.figures.enumerated() where !query.commonFigure[n] && figures.weights[t] != nil {
            if !s.sharedFigureList.contains(figure) {
                s.sharedFigureList.append(figure)
                specificity += query.figureSpecificity[n]
            }
        }
        s.bothHaveBodies = f.hasBody && bodyMembers > 0
        if query.bodyNorm > 0 && bodyNorm > 0 && s.bothHaveBodies {
            var dot: Float = 0
            for (t, w) in query.bodyWeighted {
                if let cw = body.weights[t] { dot += w * cw }
            }
            s.bodySimilarity = dot / (query.bodyNorm * bodyNorm)
        }
        // One shared word is enough only when it is a keyword of an established story: in at
        // least half of its headlines, and most of the word's recent uses are in this story
        // (a burst such as "Titanfall"), unlike template words ("quarter", "net").
        if titleCount >= 3 {
            s.keyword = f.titleTerms.contains { t in
                let inStory = title.weights[t] ?? 0
                return inStory * 2 >= Float(titleCount) && inStory * 2 >= Float(terms.frequency(t))
            }
        }
        s.evidence = MatchEvidence(
            titleSimilarity: Double(s.titleSimilarity), bodySimilarity: s.bodySimilarity.map(Double.init),
            rarestShared: Double(rarest.squareRoot() / terms.unseenIDF), sharedTitleWords: sharedTitleWords,
            sharedNames: s.sharedNames,
            sharedFigures: s.sharedFigureList.count, sharedSpecificity: Double(specificity),
            headlineNamesUnmatched: Double(unmatched),
            headlineOtherWordsShared: otherWords > 0 ? Double(otherShared) / Double(otherWords) : 0,
            headlineNameShared: Double(headlineShared), headlineNameSubjectShare: subjectShare,
            itemFigures: query.informativeFigures,
            storyHasFigures: !figures.isEmpty, keyword: s.keyword, itemHasBody: f.hasBody,
            storyHasBody: bodyMembers > 0, primaryCount: max(primaryCount, 1),
            hoursSinceLast: max(0, time - lastTime) / 3600, hoursSinceFirst: max(0, time - firstTime) / 3600)
        return s
    }
}
