/// The words the renderers share, so Markdown and HTML say the same thing the same way.
enum DigestWording {
    static func sourceCount(_ count: Int) -> String { count == 1 ? "1 source" : "\(count) sources" }

    /// "Final edition · generated Mon 26 Oct 00:05 UTC · times in Europe/London (UTC+1)".
    static func editionLine(_ day: DigestDay) -> String {
        let edition = day.isFinal ? "Final edition: the day is over" : "Updated through the day"
        let zone = day.clockChange.map { "times in \(day.timezone) (\($0.offsetBefore), then \($0.offsetAfter))" }
            ?? "times in \(day.timezone) (\(day.utcOffset))"
        return edition + " · generated " + day.displayTime(day.generatedAt) + " · " + zone
    }

    /// "The clocks went back one hour at 02:00 UTC+1 (01:00 UTC); times today show their UTC offset."
    static func clockChangeLine(_ change: DigestClockChange, day: DigestDay) -> String {
        let shift = offsetDifference(change)
        let before = DigestTime(secondsSince1970: change.at.secondsSince1970,
                                utcOffsetSeconds: change.at.utcOffsetSeconds + shift)
        let direction = shift > 0 ? "went back" : "went forward"
        let amount = abs(shift) == 3600 ? "one hour" : "\(abs(shift) / 60) minutes"
        let when = "\(before.clock) \(change.offsetBefore) (\(change.at.clock) \(change.offsetAfter))"
        return "The clocks \(direction) \(amount) at \(when); times today show their UTC offset."
    }

    /// Seconds the offset dropped by (positive when the clocks went back).
    private static func offsetDifference(_ change: DigestClockChange) -> Int {
        offsetSeconds(change.offsetBefore) - offsetSeconds(change.offsetAfter)
    }

    /// Reads "UTC", "UTC+1", "UTC-4", "UTC+5:30" back to seconds.
    static func offsetSeconds(_ name: String) -> Int {
        guard name.hasPrefix("UTC"), name.count > 3 else { return 0 }
        let body = name.dropFirst(3)
        let sign = body.first == "-" ? -1 : 1
        let parts = body.dropFirst().split(separator: ":")
        let hours = parts.first.flatMap { Int($0) } ?? 0
        let minutes = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        return sign * (hours * 3600 + minutes * 60)
    }

    static func statsParts(_ stats: DigestStats) -> [(value: Int, label: String)] {
        [(stats.feedsPolled, stats.feedsPolled == 1 ? "feed polled" : "feeds polled"),
         (stats.newArticles, stats.newArticles == 1 ? "new article" : "new articles"),
         (stats.stories, stats.stories == 1 ? "story" : "stories"),
         (stats.storiesWithThreeOrMoreSources, "covered by 3+ sources"),
         (stats.feedsNeedingAttention, stats.feedsNeedingAttention == 1 ? "feed needs attention" : "feeds need attention")]
    }

    static func entityRows(_ entities: DigestEntities) -> [(label: String, names: [String])] {
        [("People", entities.people), ("Organisations", entities.organizations), ("Places", entities.places)]
            .filter { !$0.1.isEmpty }
    }

    static func kindName(_ kind: FeedProblem.Kind) -> String {
        switch kind {
        case .failing: return "failing"
        case .stale: return "stale"
        case .networkDown: return "network down"
        }
    }

    /// "failing since Sat 24 Oct 22:10", "5 failures in a row", "last success …".
    static func problemDetails(_ error: DigestFeedError, day: DigestDay) -> [String] {
        var parts: [String] = []
        if let since = error.since { parts.append("Since " + day.displayTime(since)) }
        if error.consecutiveFailures > 0 {
            parts.append(error.consecutiveFailures == 1 ? "1 failure" : "\(error.consecutiveFailures) failures in a row")
        }
        parts.append(error.lastSuccess.map { "last success " + day.displayTime($0) } ?? "no success on record")
        return [parts.joined(separator: "; ")]
    }

    /// "12,000 (3 sources) · 15,000 (Riverside Dispatch)": each value of a fact and who gives it.
    static func factValues(_ fact: DigestFact) -> String {
        fact.values.map { value in
            let who = value.sources.count == 1 ? value.sources[0].name : sourceCount(value.sources.count)
            return value.text + " (" + who + ")"
        }.joined(separator: " · ")
    }

    /// The facts the sources disagree on.
    static func disagreements(_ story: DigestStory) -> [DigestFact] { story.facts.filter { !$0.agree } }

    /// A source's own title when it says something the headline does not.
    static func distinctTitle(_ title: String?, headline: String) -> String? {
        distinctTitle(title, headlineKey: titleKey(headline))
    }

    /// `distinctTitle(_:headline:)` with the headline's `titleKey` worked out once per story.
    static func distinctTitle(_ title: String?, headlineKey: String) -> String? {
        guard let title, !title.isEmpty else { return nil }
        return titleKey(title) == headlineKey ? nil : title
    }

    /// A title's letters and digits, lower-cased: two titles with the same key say the same.
    static func titleKey(_ text: String) -> String {
        // ASCII alone: its letters and digits are a-z, A-Z and 0-9, one byte a character.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf8.count)
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): bytes.append(byte)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(byte + 0x20)
                default: break
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        return text.lowercased().filter { $0.isLetter || $0.isNumber }
    }
}
