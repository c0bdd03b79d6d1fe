extension MergeReason {
    /// The reason in a reader's words, for the digest's `sources[].reason`: outlets by name rather
    /// than item ids ("wire copy of Northgate Wire, 91% of its text", "same event: Port Adrana,
    /// NRWU, 3,700 miners; 2 h after the first report").
    ///
    /// `outletOf` names the outlet of an earlier item id; when it cannot, the reason says
    /// "an earlier report" instead of showing an id.
    public func readerText(outletOf: (String) -> String?) -> String {
        func outlet(_ id: String) -> String { outletOf(id) ?? "an earlier report" }
        switch self {
        case .newStory:
            return "first report"
        case .developing:
            return "first report of a new development"
        case let .sameCanonicalURL(id):
            return "same article URL as \(outlet(id))"
        case let .sameGUID(id):
            return "same article id as \(outlet(id))"
        case let .sameTitle(id):
            return "same headline as \(outlet(id))"
        case let .nearDuplicate(id, containment, excerpt):
            let pct = Int((min(max(containment, 0), 1) * 100).rounded())
            return excerpt ? "summary of \(outlet(id))'s report, \(pct)% of its text"
                           : "wire copy of \(outlet(id)), \(pct)% of its text"
        case .mergedStory:
            return "same event, reported under a second thread that was merged into this story"
        case let .sameEvent(_, _, _, names, figures, words, hours):
            var evidence = Array(names.prefix(3)) + Array(figures.prefix(2))
            if evidence.isEmpty { evidence = Array(words.prefix(3)) }
            let gap = "\(Self.hours(hours)) after the first report"
            return evidence.isEmpty ? "same event; \(gap)" : "same event: \(evidence.joined(separator: ", ")); \(gap)"
        }
    }

    /// The reasons of one story's sources, in the order the digest lists them, in a reader's
    /// words (`readerText`). A story is opened once, but a story merged into it (the clusterer's
    /// split-story merge) brings the report that opened it: only the first source that opened a
    /// story is "first report"; a later one says it began a second thread of the same event.
    ///
    /// `times` (seconds since 1970, as the clusterer read each source: published, else first
    /// seen), when given, puts a merged story's "… after the first report" right: each half
    /// counted from its own opening report, and the reader sees one story with one first report.
    public static func readerTexts(_ reasons: [MergeReason?], times: [Double?]? = nil,
                                   outletOf: (String) -> String?) -> [String?] {
        let openers = reasons.filter { reason in
            switch reason {
            case .newStory?, .developing?: return true
            default: return false
            }
        }.count
        // Only a merged story's gaps are counted again: elsewhere the clusterer's own are right.
        let firstTime = openers > 1 ? times?.compactMap({ $0 }).filter(\.isFinite).min() : nil
        var opened = false
        return reasons.enumerated().map { index, reason in
            guard let reason else { return nil }
            switch reason {
            case .newStory, .developing:
                if opened { return "same event: began a second thread of it, merged into this story" }
                opened = true
                return reason.readerText(outletOf: outletOf)
            case let .sameEvent(probability, titleSimilarity, bodySimilarity, names, figures, words, _):
                guard let firstTime, let times, index < times.count, let time = times[index], time.isFinite else {
                    return reason.readerText(outletOf: outletOf)
                }
                return MergeReason.sameEvent(probability: probability, titleSimilarity: titleSimilarity,
                                             bodySimilarity: bodySimilarity, names: names, figures: figures, words: words,
                                             hoursAfterFirst: max(0, time - firstTime) / 3600).readerText(outletOf: outletOf)
            default:
                return reason.readerText(outletOf: outletOf)
            }
        }
    }
}
