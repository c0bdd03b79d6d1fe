/// What a tagged span must look like to be shown as a name: whatever the tagger's weights say, a
/// reader's entity list never holds "120m", "I’m" or a byline's date ("Jane Roe Nov 26").
///
/// Applied after tagging: a date closing a span ("Nov 26") is cut off it; a span left without a
/// capitalised word, or made of one personal pronoun (with or without a contraction), is no name.
enum EntityShape {
    /// The span `first...last` trimmed to a plausible name, or nil when nothing plausible is left.
    static func plausible(first: Int, last: Int, tokens: [Token]) -> ClosedRange<Int>? {
        guard first <= last, last < tokens.count else { return nil }
        var end = last
        // A date closing the span ("… Nov 26", "… 26 Nov") is a byline's or dateline's, not the
        // name's; other numbers stay ("Apollo 11", "Formula 1").
        while end - 1 >= first {
            let (a, b) = (tokens[end - 1], tokens[end])
            let dayAfterMonth = b.kind == .number && calendarWords.contains(a.text.lowercased())
            let monthAfterDay = a.kind == .number && calendarWords.contains(b.text.lowercased())
            guard dayAfterMonth || monthAfterDay else { break }
            end -= 2
            while end >= first, tokens[end].kind == .punctuation { end -= 1 }
        }
        guard end >= first else { return nil }
        let span = first...end
        guard span.contains(where: { tokens[$0].kind == .word && tokens[$0].isCapitalized && !startsWithDigit(tokens[$0].text) })
        else { return nil }
        if span.count == 1, pronouns.contains(withoutContraction(tokens[first].text)) { return nil }
        return span
    }

    static func startsWithDigit(_ word: String) -> Bool {
        word.unicodeScalars.first.map { $0.properties.numericType != nil } ?? false
    }

    /// "I’m" → "I", "We'll" → "We".
    static func withoutContraction(_ word: String) -> String {
        guard let apostrophe = word.firstIndex(where: { $0 == "'" || $0 == "\u{2019}" }) else { return word }
        return String(word[..<apostrophe])
    }

    /// As written at a sentence's start or mid-sentence; "US" in capitals is a country, not "us".
    static let pronouns: Set<String> = ["I", "We", "You", "He", "She", "It", "They", "Me", "Us", "Him", "Her", "Them"]

    /// The cue list's days and months (`EntityCues.calendarWords`), with the weekday
    /// abbreviations bylines use ("Fri 27").
    static let calendarWords = EntityCues.calendarWords.union(["mon", "tue", "tues", "wed", "thu", "thurs", "fri", "sat", "sun"])
}
