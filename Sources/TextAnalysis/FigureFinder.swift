/// Finds the numbers that measure something — counts, money, percentages, quantities — and
/// leaves out the numbers that only label or date things: years, dates, clock times, durations,
/// ages, ordinals, identifiers, scores and phone numbers.
public enum FigureFinder {
    static let currencySymbols: Set<String> = ["£", "$", "€", "¥", "₹", "₽", "₩", "₺", "₴", "₦"]
    static let currencyWords: Set<String> = ["us$", "a$", "c$", "nz$", "hk$", "s$", "r$"]
    static let scales: [String: Double] = [
        "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "mn": 1e6, "m": 1e6, "bn": 1e9,
        "b": 1e9, "k": 1e3, "tn": 1e12, "trn": 1e12, "millions": 1e6, "billions": 1e9, "crore": 1e7, "lakh": 1e5,
    ]
    /// Units written straight after the number ("15cm", "12C", "40mph").
    static let attachedUnits: Set<String> = [
        "cm", "mm", "km", "m", "kg", "g", "mg", "t", "lb", "lbs", "oz", "c", "f", "mph", "kmh", "kph", "ft", "mi",
        "ha", "gw", "mw", "kw", "kwh", "mwh", "gwh", "gb", "mb", "tb", "l", "ml", "sq", "km2", "m2", "mbps", "v",
    ]
    static let timeUnits: Set<String> = [
        "year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours", "minute",
        "minutes", "second", "seconds", "decade", "decades", "century", "centuries", "night", "nights", "yr",
        "yrs", "hr", "hrs", "min", "mins", "sec", "secs", "millennia", "weekend", "weekends", "fortnight",
    ]
    static let clockWords: Set<String> = ["am", "pm", "a.m", "p.m", "a.m.", "p.m.", "gmt", "bst", "utc", "cet", "est", "edt", "pst", "o'clock", "hrs", "local"]
    static let months: Set<String> = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    ]
    static let identifierCues: Set<String> = [
        "no", "number", "nos", "route", "flight", "room", "page", "pages", "chapter", "section", "article",
        "channel", "platform", "gate", "version", "model", "bus", "level", "grade", "category", "covid", "windows",
        "iphone", "phase", "stage", "season", "episode", "series", "act", "clause", "paragraph", "rule", "term",
        "pg", "p", "v", "vs", "amendment", "resolution", "code", "junction", "exit", "apollo", "ward", "tier",
        "figure", "table", "aged", "age", "ages", "call", "dial", "ext", "telephone", "tel", "phone", "ref",
        "world", "top",
    ]
    static let numberWords: [String: Double] = [
        "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
        "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
        "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    ]
    /// Nouns that follow a count without ending in "s".
    static let irregularPlurals: Set<String> = ["people", "children", "police", "staff", "men", "women", "cattle", "sheep", "fish", "personnel", "troops", "deer", "aircraft", "crew", "feet", "geese", "mice", "teeth"]

    public static func figures(in doc: AnalyzedText) -> [Figure] {
        let tokens = doc.tokens
        var out: [Figure] = []
        var i = 0
        while i < tokens.count {
            if let (fig, next) = figure(at: i, doc: doc) {
                if let f = fig { out.append(f) }
                i = next
            } else {
                i += 1
            }
        }
        return out
    }

    static func lower(_ tokens: [Token], _ k: Int) -> String {
        k >= 0 && k < tokens.count ? tokens[k].text.lowercased() : ""
    }

    /// Parses "1,200.5" -> 1200.5.
    static func parseNumber(_ s: Substring) -> Double? {
        Double(s.replacingOccurrences(of: ",", with: ""))
    }

    /// Returns nil when token i does not start a number; (nil, next) when it is a number that is
    /// not a figure (skip to next); (figure, next) otherwise.
    static func figure(at i: Int, doc: AnalyzedText) -> (Figure?, Int)? {
        let tokens = doc.tokens
        let t = tokens[i]
        guard let first = t.text.unicodeScalars.first else { return nil }
        let isDigitStart = Tokenizer.isDigit(first)
        if !isDigitStart {
            return wordFigure(at: i, doc: doc)
        }
        // split numeric prefix and suffix
        let chars = Array(t.text)
        var k = 0
        while k < chars.count, chars[k].isNumber || ((chars[k] == "," || chars[k] == ".") && k + 1 < chars.count && chars[k + 1].isNumber) { k += 1 }
        let numText = String(chars[0..<k])
        let suffix = String(chars[k...]).lowercased()
        guard var value = parseNumber(Substring(numText)) else { return (nil, i + 1) }
        var startTok = i
        var endTok = i       // inclusive
        var isMoney = false
        var isPercent = false
        var hasScale = false
        var hasUnit = false
        // currency before
        if i > 0, tokens[i - 1].end == t.start {
            let p = tokens[i - 1].text
            if currencySymbols.contains(p) {
                isMoney = true
                startTok = i - 1
                if i > 1, tokens[i - 2].end == tokens[i - 1].start, ["us", "a", "c", "nz", "hk", "s", "r"].contains(tokens[i - 2].text.lowercased()) {
                    startTok = i - 2
                }
            } else if currencyWords.contains(p.lowercased()) {
                isMoney = true
                startTok = i - 1
            }
        }
        if !suffix.isEmpty {
            if let s = scales[suffix] {
                value *= s
                hasScale = true
            } else if attachedUnits.contains(suffix) {
                hasUnit = true
            } else if suffix == "%" {
                isPercent = true
            } else {
                // ordinals, decades, clock times, identifiers ("4.17am", "1st", "1990s", "2-1")
                return (nil, i + 1)
            }
        }
        // scale word after
        var j = i + 1
        if !hasScale, !hasUnit, j < tokens.count, let s = scales[lower(tokens, j)], tokens[j].kind == .word,
           ["thousand", "million", "billion", "trillion", "bn", "mn", "tn", "crore", "lakh"].contains(lower(tokens, j)) {
            value *= s
            hasScale = true
            endTok = j
            j += 1
        }
        // percent
        if j < tokens.count, tokens[j].text == "%", tokens[j].start == tokens[endTok].end {
            isPercent = true
            endTok = j
            j += 1
        } else if lower(tokens, j) == "percent" || lower(tokens, j) == "pc" {
            isPercent = true
            endTok = j
            j += 1
        } else if lower(tokens, j) == "per", lower(tokens, j + 1) == "cent" {
            isPercent = true
            endTok = j + 1
            j += 2
        }
        let next = lower(tokens, j)
        let prev = lower(tokens, startTok - 1)
        let prevWord: String = {
            var p = startTok - 1
            while p >= 0, tokens[p].kind == .punctuation, tokens[p].text == "." { p -= 1 }
            return lower(tokens, p)
        }()
        let strong = isMoney || isPercent || hasScale || hasUnit
        if !strong {
            // clock times: "10:30", "3 pm"
            if next == ":" || prev == ":" && startTok > 0 && tokens[startTok - 1].start == tokens[startTok - 2 >= 0 ? startTok - 2 : 0].end { return (nil, i + 1) }
            if clockWords.contains(next) || (next == "a" || next == "p") && lower(tokens, j + 1) == "." { return (nil, j + 1) }
            // years
            if numText.count == 4, !numText.contains(","), !numText.contains("."), let y = Int(numText), y >= 1500, y <= 2100 { return (nil, i + 1) }
            // dates
            if months.contains(next) || months.contains(prevWord) { return (nil, i + 1) }
            // durations and ages
            if timeUnits.contains(next) { return (nil, j + 1) }
            if next == "-" || next == "\u{2013}" { return (nil, j + 1) } // ranges like "2-1" written apart, scores
            if identifierCues.contains(prevWord) { return (nil, i + 1) }
            // phone numbers and codes: leading zero or runs of bare numbers
            if numText.hasPrefix("0") && numText.count >= 3 { return skipRun(from: i, tokens) }
            if j < tokens.count, tokens[j].kind == .number, !tokens[j].text.contains(",") { return skipRun(from: i, tokens) }
            // addresses / named things: "10 Downing Street" (but "40,000 Ukrainian soldiers")
            if j < tokens.count, tokens[j].isCapitalized, !tokens[j].isAllCaps, tokens[j].start - tokens[endTok].end <= 1 {
                let after = j + 1 < tokens.count ? tokens[j + 1] : nil
                let modifierOfCount = after.map { $0.kind == .word && $0.text.first?.isLowercase == true } ?? false
                if !modifierOfCount && !irregularPlurals.contains(next) { return (nil, i + 1) }
            }
            // ages: "He was 54."
            if ["was", "is", "turned", "turns"].contains(prevWord), ["he", "she", "who"].contains(lower(tokens, startTok - 2)),
               j >= tokens.count || tokens[j].kind == .punctuation { return (nil, j) }
            // inside parentheses right after a name: "(45)" ages
            if prev == "(", next == ")" { return (nil, j + 1) }
        }
        // "minus 12C"
        if hasUnit || (!isMoney && !isPercent) {
            if prevWord == "minus" || (startTok > 0 && tokens[startTok - 1].text == "-" && tokens[startTok - 1].end == t.start && (startTok < 2 || tokens[startTok - 2].end < tokens[startTok - 1].start)) {
                value = -value
                startTok -= 1
            }
        }
        let start = tokens[startTok].start
        let end = tokens[endTok].end
        let ctx = context(doc, at: t.start)
        let counts = countedNoun(tokens, from: j)
        return (Figure(text: doc.text(from: start, to: end), value: value, context: ctx, start: start, end: end, counts: counts), j)
    }

    static func skipRun(from i: Int, _ tokens: [Token]) -> (Figure?, Int) {
        var k = i + 1
        while k < tokens.count, tokens[k].kind == .number || tokens[k].text == "-" { k += 1 }
        return (nil, k)
    }

    static func context(_ doc: AnalyzedText, at offset: Int) -> String {
        guard let s = doc.sentenceIndex(containing: offset) else { return "" }
        return doc.text(of: doc.sentences[s])
    }

    static func countedNoun(_ tokens: [Token], from j: Int) -> String {
        var k = j
        var words: [String] = []
        while k < tokens.count, words.count < 3, tokens[k].kind == .word {
            let w = tokens[k].text
            // a capitalised word only as a modifier ("Ukrainian soldiers")
            if w.first?.isLowercase != true, !(k + 1 < tokens.count && tokens[k + 1].text.first?.isLowercase == true) { break }
            if ["of", "and", "or", "to", "in", "on", "at", "for", "from", "by", "with", "had", "have", "has", "were", "was", "are", "is", "will", "would"].contains(w) { break }
            words.append(w)
            if w.hasSuffix("s") || irregularPlurals.contains(w) { break }
            k += 1
        }
        return words.joined(separator: " ")
    }

    /// Spelled-out counts: "three survivors", "six homes", "half a million", "two million".
    static func wordFigure(at i: Int, doc: AnalyzedText) -> (Figure?, Int)? {
        let tokens = doc.tokens
        let w = tokens[i].text.lowercased()
        if w == "half", lower(tokens, i + 1) == "a", let s = scales[lower(tokens, i + 2)], ["million", "billion", "trillion"].contains(lower(tokens, i + 2)) {
            let start = tokens[i].start, end = tokens[i + 2].end
            return (Figure(text: doc.text(from: start, to: end), value: 0.5 * s, context: context(doc, at: start), start: start, end: end, counts: countedNoun(tokens, from: i + 3)), i + 3)
        }
        guard tokens[i].kind == .word, var value = numberWords[w] else { return nil }
        var endTok = i
        var j = i + 1
        if let s = scales[lower(tokens, j)], ["thousand", "million", "billion", "trillion"].contains(lower(tokens, j)) {
            value *= s
            endTok = j
            j += 1
        } else {
            let next = lower(tokens, j)
            guard j < tokens.count, tokens[j].kind == .word, !timeUnits.contains(next), !next.hasPrefix("-") else { return (nil, i + 1) }
            guard next.hasSuffix("s") || irregularPlurals.contains(next) else { return (nil, i + 1) }
            if ["times", "others", "ways", "things", "percent"].contains(next) || next == "'s" { return (nil, i + 1) }
            if ["the", "those", "these", "their", "his", "her", "its", "our", "all", "first", "last", "next", "past", "top"].contains(lower(tokens, i - 1)) { return (nil, i + 1) }
        }
        let start = tokens[i].start, end = tokens[endTok].end
        return (Figure(text: doc.text(from: start, to: end), value: value, context: context(doc, at: start), start: start, end: end, counts: countedNoun(tokens, from: j)), j)
    }
}
