/// Lines news pages set among a story's paragraphs that are not the story: a byline ("By Jane
/// Doe, Staff Writer", "Jane Doe, Political Correspondent"), a publishing time ("Published:
/// 09:12, 4 March"), a wire dateline opening the first paragraph ("HALVIK (Agency) —"), and a
/// wire sign-off ("Reporting by …; Editing by …"). They are recognised by the shape news
/// writing gives them, never by site, and only where they stand: bylines and times at the head,
/// the dateline at the start of the first paragraph of prose.
enum ParagraphFurniture {
    /// The paragraphs without these lines, and the byline's name when one was taken out.
    static func clean(_ paragraphs: [String]) -> (paragraphs: [String], byline: String?) {
        var out: [String] = []
        out.reserveCapacity(paragraphs.count)
        var byline: String?
        var inHead = true
        for (index, paragraph) in paragraphs.enumerated() {
            if isSignOff(paragraph) { continue }
            if inHead && index < headParagraphs {
                if isBylineLine(paragraph) {
                    if byline == nil { byline = bylineName(paragraph) }
                    continue
                }
                if isPublishingLine(paragraph) { continue }
                if let name = datedNameLine(paragraph) {
                    if byline == nil { byline = name }
                    continue
                }
                if paragraph.count >= minimumProseLength {
                    inHead = false
                    out.append(strippingDateline(paragraph) ?? paragraph)
                    continue
                }
            }
            out.append(paragraph)
        }
        return (out, byline)
    }

    /// How far into the text a byline or publishing line may stand.
    static let headParagraphs = 5
    /// A paragraph at least this long is the story's first paragraph of prose.
    static let minimumProseLength = 60

    // MARK: - Datelines

    /// The paragraph without its wire dateline ("CITY (Agency) —", "CITY, Region, Date -",
    /// "CITY —"), or nil when it does not open with one. The place is written in capitals; a
    /// region or date may follow after commas, the agency in brackets.
    static func strippingDateline(_ paragraph: String) -> String? {
        let head = paragraph.prefix(120)
        guard let (prefixEnd, restStart) = datelineSeparator(in: head) else { return nil }
        var prefix = Substring(head[..<prefixEnd]).trimmingSpaces
        let rest = Substring(paragraph[restStart...]).trimmingSpaces
        guard let first = rest.first, first.isUppercase || first.isNumber || "“\"'‘".contains(first) else { return nil }
        var hasAgency = false
        if prefix.hasSuffix(")"), let open = prefix.lastIndex(of: "(") {
            let agency = prefix[prefix.index(after: open)..<prefix.index(before: prefix.endIndex)]
            guard !agency.isEmpty, agency.count <= 40, !agency.contains("(") else { return nil }
            hasAgency = true
            prefix = Substring(prefix[..<open]).trimmingSpaces
        }
        let parts = prefix.split(separator: ",", omittingEmptySubsequences: false).map { Substring($0).trimmingSpaces }
        guard let place = parts.first, parts.count <= 3 else { return nil }
        guard isCapitalisedPlace(place) else { return nil }
        for part in parts.dropFirst() {
            guard !part.isEmpty, part.count <= 30, part.split(separator: " ").count <= 4,
                  !part.contains(where: { "!?;:".contains($0) }) else { return nil }
        }
        // A lone word in capitals before a dash could be an acronym in prose ("NATO — …"):
        // without an agency it must look like a place (no lower case anywhere, at least 3 letters).
        if !hasAgency && parts.count == 1 && place.count < 3 { return nil }
        return String(rest)
    }

    /// The dash that ends a dateline: an em or en dash (spaced or not), or a spaced hyphen.
    private static func datelineSeparator(in head: Substring) -> (String.Index, String.Index)? {
        var index = head.startIndex
        while index < head.endIndex {
            let c = head[index]
            if c == "—" || c == "–" {
                return (index, head.index(after: index))
            }
            if c == "-", index > head.startIndex, head[head.index(before: index)] == " " {
                var after = head.index(after: index)
                if after < head.endIndex, head[after] == "-" { after = head.index(after: after) }
                if after < head.endIndex, head[after] == " " { return (index, after) }
            }
            // A sentence's full stop before any dash: the paragraph opened with a sentence, not a
            // dateline ("ST. LOUIS" is an abbreviation in capitals).
            if c == "." || c == "!" || c == "?", index > head.startIndex, head[head.index(before: index)].isLowercase {
                let next = head.index(after: index)
                if next == head.endIndex || head[next] == " " { return nil }
            }
            index = head.index(after: index)
        }
        return nil
    }

    /// One to four words, every letter a capital (a place as wires write it: "NEW YORK",
    /// "TROMSØ", "ST. LOUIS").
    private static func isCapitalisedPlace(_ place: Substring) -> Bool {
        let words = place.split(separator: " ")
        guard (1...4).contains(words.count) else { return false }
        var letters = 0
        for c in place {
            if c.isLetter {
                guard c.isUppercase else { return false }
                letters += 1
            } else if !(c == " " || c == "." || c == "-" || c == "'" || c == "’") {
                return false
            }
        }
        return letters >= 2
    }

    // MARK: - Bylines

    /// Words that name a newsroom role ("Staff Writer", "Political Correspondent").
    static let roleWords: Set<String> = [
        "writer", "correspondent", "reporter", "editor", "columnist", "contributor", "journalist", "staff", "chief",
        "critic", "producer", "photographer",
    ]
    /// Small words a name or a byline may hold in lower case.
    static let connectors: Set<String> = ["and", "&", "for", "in", "of", "de", "da", "van", "von", "der", "la", "le", "at", "the", "y"]

    /// A line that is only a byline: "By Jane Doe", "By Jane Doe, Staff Writer", "By JANE DOE FOR
    /// SITE", "Jane Doe, Political Correspondent", "By Jane Doe | 4 March 2026".
    static func isBylineLine(_ paragraph: String) -> Bool {
        guard paragraph.utf8.count <= 160, paragraph.count <= 90 else { return false }
        let line = Substring(paragraph).trimmingSpaces
        // What follows a bar or a middle dot is a date or a reading time.
        let main = line.split(whereSeparator: { $0 == "|" || $0 == "·" || $0 == "•" }).first.map { Substring($0).trimmingSpaces } ?? ""
        let parts = main.split(separator: ",", omittingEmptySubsequences: false).map { Substring($0).trimmingSpaces }
        guard let namePart = parts.first, parts.count <= 3 else { return false }
        let lower = namePart.lowercased()
        if lower.hasPrefix("by ") {
            let name = namePart.dropFirst(3)
            if isNameLike(name, maxWords: 8) && parts.dropFirst().allSatisfy({ isNameLike($0, maxWords: 5) }) { return true }
            return isDatedByline(main.dropFirst(3))
        }
        // "Jane Doe, Political Correspondent": a name, then a role.
        guard parts.count == 2, isNameLike(namePart, maxWords: 4), namePart.split(separator: " ").count >= 2,
              isNameLike(parts[1], maxWords: 5) else { return false }
        let roleWordsFound = parts[1].split(separator: " ").contains { roleWords.contains(Substring($0.lowercased()).trimming(".")) }
        return roleWordsFound
    }

    /// "Jane Doe March 4, 2026 10:15 AM": a name, then the date (a day, a month or a weekday
    /// opens it).
    private static func isDatedByline(_ text: Substring) -> Bool {
        let words = text.split(separator: " ")
        var nameWords = 0
        for word in words {
            let bare = Substring(Substring(word).trimming(",."))
            if let first = bare.first, first.isUppercase || connectors.contains(bare.lowercased()), !startsDate(bare) {
                nameWords += 1
            } else {
                break
            }
        }
        guard (1...6).contains(nameWords), nameWords < words.count else { return false }
        let rest = Substring(words[nameWords]).trimming(",.")
        return startsDate(Substring(rest)) && words[nameWords...].contains { $0.contains(where: \.isNumber) }
    }

    /// A day number, a month or a weekday.
    private static func startsDate(_ word: Substring) -> Bool {
        guard let first = word.first else { return false }
        if first.isNumber { return true }
        let lower = word.lowercased()
        guard lower.count >= 3 else { return false }
        return monthNames.contains { $0.hasPrefix(lower) } || weekdayNames.contains { $0.hasPrefix(lower) }
    }

    /// Words that each start with a capital (or are small connecting words), at least one of
    /// them capitalised, at most `maxWords`, with no sentence punctuation.
    private static func isNameLike(_ text: Substring, maxWords: Int) -> Bool {
        let words = text.split(separator: " ")
        guard !words.isEmpty, words.count <= maxWords else { return false }
        var capitalised = 0
        for word in words {
            guard let first = word.first else { continue }
            if first.isUppercase {
                capitalised += 1
            } else if !connectors.contains(word.lowercased()) {
                return false
            }
            if word.contains(where: { "!?;:\"“”".contains($0) }) { return false }
        }
        if let last = text.last, last == "." {
            // "Jr." or an initial may end a name; a sentence may not.
            guard let lastWord = words.last, lastWord.count <= 3 else { return false }
        }
        return capitalised > 0
    }

    /// The name of a byline line: without "By", the role and anything after a bar.
    static func bylineName(_ paragraph: String) -> String? {
        let main = paragraph.split(whereSeparator: { $0 == "|" || $0 == "·" || $0 == "•" }).first.map { Substring($0).trimmingSpaces } ?? ""
        var name = main.split(separator: ",").first.map { Substring($0).trimmingSpaces } ?? ""
        if name.lowercased().hasPrefix("by ") { name = Substring(name.dropFirst(3)).trimmingSpaces }
        return name.isEmpty ? nil : String(name)
    }

    /// "Jane Doe | Posted: Mar 4, 2026": a name and a publishing time, set apart by a bar or a
    /// dot. Returns the name.
    static func datedNameLine(_ paragraph: String) -> String? {
        guard paragraph.utf8.count <= 200, paragraph.count <= 120 else { return nil }
        let segments = paragraph.split(whereSeparator: { $0 == "|" || $0 == "·" || $0 == "•" }).map { Substring($0).trimmingSpaces }
        guard segments.count >= 2, segments.contains(where: { isPublishingLine(String($0)) }) else { return nil }
        var name: Substring?
        for segment in segments where !isPublishingLine(String(segment)) {
            guard name == nil, isNameLike(segment, maxWords: 5) else { return nil }
            name = segment
        }
        return name.map { String($0.lowercased().hasPrefix("by ") ? $0.dropFirst(3) : $0) }
    }

    // MARK: - Publishing times and sign-offs

    static let publishingOpenings = ["published", "updated", "posted", "last updated", "last modified", "first published", "modified"]

    /// "Published: 09:12, 4 March 2026", "Posted March 4, 2026 at 6:15 p.m.", "UPDATED: 11:05".
    static func isPublishingLine(_ paragraph: String) -> Bool {
        guard paragraph.utf8.count <= 200, paragraph.count <= 100, paragraph.contains(where: \.isNumber) else { return false }
        let lower = paragraph.lowercased()
        for opening in publishingOpenings where lower.hasPrefix(opening) {
            var rest = Substring(lower.dropFirst(opening.count))
            if rest.hasPrefix(":") { return true }
            rest = Substring(rest).trimmingSpaces
            for word in ["on ", "at "] where rest.hasPrefix(word) { rest = rest.dropFirst(word.count) }
            guard let first = rest.first else { return false }
            if first.isNumber { return true }
            return months.contains { rest.hasPrefix($0) } || weekdays.contains { rest.hasPrefix($0) }
        }
        return false
    }

    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    static let monthNames = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                             "october", "november", "december"]
    static let weekdayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    /// "Reporting by …; Editing by …", "(Additional reporting by …)", "Writing by …".
    static func isSignOff(_ paragraph: String) -> Bool {
        guard paragraph.utf8.count <= 400, paragraph.count <= 200 else { return false }
        var lower = Substring(paragraph.lowercased()).trimmingSpaces
        if lower.hasPrefix("(") { lower = lower.dropFirst() }
        return ["reporting by ", "additional reporting by ", "editing by ", "writing by ", "compiled by ", "reporting and writing by "]
            .contains { lower.hasPrefix($0) }
    }
}

extension Substring {
    /// Without leading and trailing spaces, tabs and line breaks.
    var trimmingSpaces: Substring {
        var s = self
        while let first = s.first, first.isWhitespace { s = s.dropFirst() }
        while let last = s.last, last.isWhitespace { s = s.dropLast() }
        return s
    }

    /// Without leading and trailing characters of `set`.
    func trimming(_ set: String) -> String {
        var s = self
        while let first = s.first, set.contains(first) { s = s.dropFirst() }
        while let last = s.last, set.contains(last) { s = s.dropLast() }
        return String(s)
    }
}
