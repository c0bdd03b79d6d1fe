/// Groups the figures a story's sources report into facts — "homes without power: 12,000 (3
/// sources) · 15,000 (Riverside Dispatch)" — so the digest can say where the sources agree and
/// where they give different numbers for the same thing.
///
/// What a figure counts is read from its own sentence, by general rules of English news prose
/// rather than word lists about any topic:
/// - its **kind** from how it is written: a currency sign makes it money (and the sign its unit),
///   a percent sign or "percent"/"per cent" a percentage, letters glued to the number ("90mph")
///   a measure in that unit, a time word after it a duration, anything else a count;
/// - its **head**: the noun phrase right after the number, ending at its first plural or at a
///   function word ("12,000 *homes* without power", "4,200 striking *dockers*"); when nothing
///   nominal follows ("a levy of €1.1bn", "inflation fell to 2.1%"), the nearest content word
///   before it, stepping over function words, verbs and names;
/// - its **window**: the content words around it in the sentence.
///
/// Two figures are the same fact only when they are of the same kind and unit and either have the
/// same value and share context words, or have the same head and share another context word.
/// Figures that merely look alike — a share price and a percentage, a sum of money and a head
/// count, euros and dollars — are never grouped. A group in which one outlet gives two different
/// values is dropped: that outlet is counting two different things, so the group is not one fact.
/// Only groups reported by two or more outlets are facts.
public enum FactGrouping {
    /// One figure as one source reported it.
    public struct Mention: Sendable, Hashable {
        /// The figure as written ("12,000", "€4.8bn", "2.1%").
        public var text: String
        /// The sentence it appears in.
        public var sentence: String
        /// The outlet's name.
        public var outlet: String
        /// The article's link.
        public var url: String?

        public init(text: String, sentence: String, outlet: String, url: String? = nil) {
            self.text = text
            self.sentence = sentence
            self.outlet = outlet
            self.url = url
        }
    }

    /// How a figure is measured; figures of different kinds are never one fact.
    public enum Kind: String, Sendable, Codable, Equatable {
        case count, money, percent, measure, duration
    }

    /// What one figure says, read from its sentence.
    public struct Reading: Sendable, Equatable {
        public var kind: Kind
        /// The currency sign or measuring unit ("€", "mph"); empty for counts and percentages.
        public var unit: String
        public var value: Double
        /// Half the last written digit's worth: "€4.8bn" ± €0.05bn, "11%" ± 0.5, "4,200" ± 0.5.
        public var tolerance: Double
        /// The stem of the counted noun ("home" for "homes"), nil when none was found.
        public var head: String?
        /// "homes", "homes without power": what is counted, as written (lower-cased).
        public var phrase: String?
        /// Content-word stems around the figure.
        public var window: Set<String>
    }

    /// A fact: one thing counted, with each value given and who gave it.
    public struct Fact: Sendable, Equatable {
        public var counted: String
        public var kind: Kind
        /// Most-reported value first.
        public var values: [Value]
    }

    /// One value of a fact and the sources that give it.
    public struct Value: Sendable, Equatable {
        public var text: String
        public var value: Double
        public var sentence: String
        /// Distinct outlets in first-seen order, each with the link of its first mention.
        public var sources: [(name: String, url: String?)]

        public static func == (a: Value, b: Value) -> Bool {
            a.text == b.text && a.value == b.value && a.sentence == b.sentence
                && a.sources.map(\.name) == b.sources.map(\.name) && a.sources.map(\.url) == b.sources.map(\.url)
        }
    }

    /// Caps that keep the work linear whatever a feed sends.
    static let maxMentions = 400
    static let maxSentenceWords = 120
    static let maxSentenceCharacters = 2_000

    /// The facts among a story's figures, most widely reported first.
    public static func facts(_ mentions: [Mention]) -> [Fact] {
        facts(mentions, reading: { read($0.text, in: $0.sentence) })
    }

    /// `facts(_:)` with each mention read by `reading`, which must give `read(text, in: sentence)`
    /// (a daemon remembers the readings of a story's figures between its builds).
    public static func facts(_ mentions: [Mention], reading read: (Mention) -> Reading?) -> [Fact] {
        // A fact needs two outlets: one outlet's figures are not read at all (most stories).
        guard hasTwoOutlets(mentions.prefix(maxMentions).lazy.map(\.outlet)) else { return [] }
        var items: [(mention: Mention, reading: Reading, outlet: String)] = []
        var seen = Set<String>()
        for mention in mentions.prefix(maxMentions) {
            guard let reading = read(mention) else { continue }
            let outlet = outletKey(mention.outlet)
            // One outlet saying the same thing twice (title and body, two entries) counts once.
            let key = "\(outlet)|\(reading.kind)|\(reading.unit)|\(reading.value)|\(reading.head ?? "")"
            if seen.insert(key).inserted { items.append((mention, reading, outlet)) }
        }
        guard items.count >= 2 else { return [] }

        // Union-find over mentions that are the same fact.
        var parent = Array(items.indices)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        // Only readings of one kind and unit can be one fact, so only those pairs are compared.
        // A root is always the smallest index of its set, so the sets do not depend on the order
        // in which pairs are joined.
        let readings = items.map(\.reading)
        var byMeasure: [String: [Int]] = [:]
        for i in readings.indices { byMeasure[readings[i].kind.rawValue + "|" + readings[i].unit, default: []].append(i) }
        for indices in byMeasure.values {
            for x in indices.indices {
                for y in (x + 1)..<indices.count where sameFact(readings[indices[x]], readings[indices[y]]) {
                    let (a, b) = (root(indices[x]), root(indices[y]))
                    if a != b { parent[max(a, b)] = min(a, b) }
                }
            }
        }
        var groups: [Int: [Int]] = [:]
        var order: [Int] = []
        for i in items.indices {
            let r = root(i)
            if groups[r] == nil { order.append(r) }
            groups[r, default: []].append(i)
        }

        var facts: [(fact: Fact, outlets: Int, first: Int)] = []
        for r in order {
            guard let members = groups[r] else { continue }
            let outlets = Set(members.map { items[$0].outlet })
            guard outlets.count >= 2 else { continue }
            // Values: mentions whose values agree share one.
            var values: [(reading: Reading, mentions: [Int])] = []
            for m in members {
                if let v = values.firstIndex(where: { agree($0.reading, items[m].reading) }) {
                    values[v].mentions.append(m)
                } else {
                    values.append((items[m].reading, [m]))
                }
            }
            // An outlet with two different values counts two things: not one fact.
            var valueOf: [String: Int] = [:]
            var ambiguous = false
            for (v, value) in values.enumerated() {
                for m in value.mentions {
                    if let other = valueOf[items[m].outlet], other != v { ambiguous = true }
                    valueOf[items[m].outlet] = v
                }
            }
            guard !ambiguous, let counted = label(members.map { items[$0].reading }) else { continue }
            let built: [(Value, Int)] = values.map { value in
                var sources: [(name: String, url: String?)] = []
                var names = Set<String>()
                for m in value.mentions where names.insert(items[m].outlet).inserted {
                    sources.append((items[m].mention.outlet, items[m].mention.url))
                }
                // The value as most sources wrote it, in the first such source's sentence.
                var spellings: [String: Int] = [:]
                for m in value.mentions { spellings[items[m].mention.text, default: 0] += 1 }
                let lead = value.mentions.first { spellings[items[$0].mention.text] == spellings.values.max() } ?? value.mentions[0]
                return (Value(text: items[lead].mention.text, value: value.reading.value,
                              sentence: items[lead].mention.sentence, sources: sources), value.mentions[0])
            }
            let sorted = built.sorted { a, b in
                a.0.sources.count != b.0.sources.count ? a.0.sources.count > b.0.sources.count : a.1 < b.1
            }.map(\.0)
            facts.append((Fact(counted: counted, kind: items[members[0]].reading.kind, values: sorted),
                          outlets.count, members[0]))
        }
        return facts.sorted { a, b in a.outlets != b.outlets ? a.outlets > b.outlets : a.first < b.first }.map(\.fact)
    }

    /// Whether two readings are the same fact (see the type's comment).
    /// An outlet's name as facts compare it: lower-cased, its spaces folded.
    static func outletKey(_ outlet: String) -> String {
        outlet.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Whether the names are of at least two outlets (compared as `outletKey` does).
    public static func hasTwoOutlets<Names: Sequence>(_ outlets: Names) -> Bool where Names.Element == String {
        var first: String?
        for outlet in outlets {
            let key = outletKey(outlet)
            if let first, first != key { return true }
            first = first ?? key
        }
        return false
    }

    static func sameFact(_ a: Reading, _ b: Reading) -> Bool {
        guard a.kind == b.kind, a.unit == b.unit else { return false }
        if agree(a, b) {
            if let ha = a.head, ha == b.head { return true }
            return shares(a.window, b.window, atLeast: 2, besides: nil)
        }
        guard let ha = a.head, ha == b.head else { return false }
        return shares(a.window, b.window, atLeast: 1, besides: ha)
    }

    /// Whether the two sets have at least `count` words in common other than `besides`, counted
    /// without building their intersection.
    static func shares(_ a: Set<String>, _ b: Set<String>, atLeast count: Int, besides: String?) -> Bool {
        let (small, large) = a.count <= b.count ? (a, b) : (b, a)
        var found = 0
        for word in small where word != besides && large.contains(word) {
            found += 1
            if found >= count { return true }
        }
        return false
    }

    /// Whether two values are the same number as written (a rounded "€4.8bn" agrees with "€4.82bn").
    static func agree(_ a: Reading, _ b: Reading) -> Bool {
        abs(a.value - b.value) <= max(a.tolerance, b.tolerance) + 1e-9 * max(abs(a.value), abs(b.value))
    }

    /// What a group counts: the noun phrase whose head most of the group's sentences mention near
    /// their figure ("homes"), told more fully when a reading adds a short tail to it ("homes
    /// without power"); ties go to the phrase given most often, then to the first.
    static func label(_ readings: [Reading]) -> String? {
        func bare(_ phrase: String) -> String {
            phrase.split(separator: " ").prefix { !prepositions.contains(String($0)) }.joined(separator: " ")
        }
        let phrases = readings.compactMap(\.phrase)
        var given: [String: Int] = [:]
        var order: [String] = []
        for phrase in phrases.map(bare) where !phrase.isEmpty {
            if given[phrase] == nil { order.append(phrase) }
            given[phrase, default: 0] += 1
        }
        func mentioned(_ phrase: String) -> Int {
            guard let last = phrase.split(separator: " ").last else { return 0 }
            let head = stem(String(last))
            return readings.filter { $0.head == head || $0.window.contains(head) }.count
        }
        var best: (phrase: String, mentioned: Int, given: Int)?
        for phrase in order {
            let score = (phrase, mentioned(phrase), given[phrase] ?? 0)
            if let current = best, (current.mentioned, current.given) >= (score.1, score.2) { continue }
            best = score
        }
        guard let common = best?.phrase else { return nil }
        var tailed: [String: Int] = [:]
        var tailOrder: [String] = []
        for phrase in phrases where phrase.hasPrefix(common + " ") && bare(phrase) == common {
            if tailed[phrase] == nil { tailOrder.append(phrase) }
            tailed[phrase, default: 0] += 1
        }
        return tailOrder.max { (tailed[$0] ?? 0, -(tailOrder.firstIndex(of: $0) ?? 0)) < (tailed[$1] ?? 0, -(tailOrder.firstIndex(of: $1) ?? 0)) } ?? common
    }

    // MARK: - Reading one figure

    /// What the figure `text` says within `sentence`; nil when it is not a number or cannot be
    /// found in its sentence.
    public static func read(_ text: String, in sentence: String) -> Reading? {
        guard let parsed = parse(text) else { return nil }
        let words = Self.words(String(sentence.prefix(maxSentenceCharacters)))
        let figureWords = Self.words(text)
        guard !figureWords.isEmpty, let at = find(figureWords.map(\.key), in: words.map(\.key)) else { return nil }
        let before = Array(words[..<at])
        let after = Array(words[(at + figureWords.count)...])

        var kind = parsed.kind
        let endsClause = words[at + figureWords.count - 1].breaksAfter
        let startsClause = words[at].breaksBefore
        // Noun phrase after the number: modifiers up to the first plural or function word.
        var phraseWords: [Word] = []
        if !endsClause {
            for word in after.prefix(3) {
                if word.breaksBefore || word.isNumber || isFunction(word.key) || isVerbLike(word.key) { break }
                phraseWords.append(word)
                if looksPlural(word.key) || word.breaksAfter { break }
            }
        }
        if phraseWords.count > 2, let last = phraseWords.last, !looksPlural(last.key), !last.breaksAfter {
            // Without a plural the phrase may have run on into a verb: keep it short.
            phraseWords.removeLast()
        }
        var head: String?
        var phrase: String?
        if let last = phraseWords.last {
            head = stem(last.key)
            var text = phraseWords.map(\.key).joined(separator: " ")
            // A short prepositional tail: "homes without power", "kinds of medical supplies".
            let rest = after.dropFirst(phraseWords.count)
            if !last.breaksAfter, let prep = rest.first, prepositions.contains(prep.key), !prep.breaksBefore, !prep.breaksAfter {
                var tail: [String] = []
                // One word ("without power"), or two when the second ends the noun ("of medical supplies").
                let tailWords = Array(rest.dropFirst().prefix(2))
                func fits(_ word: Word) -> Bool {
                    !word.breaksBefore && !word.isNumber && !isFunction(word.key) && !isVerbLike(word.key)
                }
                if let first = tailWords.first, fits(first) {
                    tail.append(first.key)
                    if !first.breaksAfter, !looksPlural(first.key), tailWords.count > 1, fits(tailWords[1]), looksPlural(tailWords[1].key) {
                        tail.append(tailWords[1].key)
                    }
                }
                if !tail.isEmpty { text += " " + prep.key + " " + tail.joined(separator: " ") }
            }
            phrase = text
            if kind == .count, timeUnits.contains(last.key) { kind = .duration }
        } else if !startsClause {
            // The nearest content word before, over function words and verbs, within the clause.
            var skipped = 0
            var index = before.count - 1
            while index >= 0, skipped < 5 {
                let word = before[index]
                if word.isNumber || word.breaksAfter { break }
                if isFunction(word.key) || isVerbLike(word.key) || (word.key.count > 5 && word.key.hasSuffix("ing")) || word.isCapitalized {
                    skipped += 1
                    if word.breaksBefore { break }
                    index -= 1
                    continue
                }
                // A word right after a modal or "to" is a verb ("would narrow to 2.9%", "to raise €1bn").
                if index > 0, verbMarkers.contains(before[index - 1].key), !before[index - 1].breaksAfter {
                    skipped += 1
                    index -= 1
                    continue
                }
                head = stem(word.key)
                phrase = word.key
                break
            }
        }
        var window = Set<String>()
        let lower = max(0, at - 6), upper = min(words.count, at + figureWords.count + 6)
        for word in words[lower..<upper] where !word.isNumber && !isFunction(word.key) && word.key.count > 1 {
            window.insert(stem(word.key))
        }
        for word in figureWords { window.remove(stem(word.key)) }
        return Reading(kind: kind, unit: parsed.unit, value: parsed.value, tolerance: parsed.tolerance,
                       head: head, phrase: phrase, window: window)
    }

    /// A word of a sentence: lower-cased letters and digits (and the number's own signs), with
    /// whether clause punctuation stands before or after it.
    struct Word {
        var key: String
        var isNumber: Bool
        var breaksBefore: Bool
        var breaksAfter: Bool
        /// Written with a capital: a name, which says who, not what is counted.
        var isCapitalized = false
    }

    static func words(_ text: String) -> [Word] {
        var result: [Word] = []
        var pendingBreak = false
        for raw in text.split(whereSeparator: { $0.isWhitespace }).prefix(maxSentenceWords) {
            var core = Substring(raw)
            var leadBreak = false
            while let c = core.first, !c.isLetter, !c.isNumber, !c.isCurrencySymbol {
                if clauseMarks.contains(c) { leadBreak = true }
                core = core.dropFirst()
            }
            var trailBreak = false
            while let c = core.last, !c.isLetter, !c.isNumber, c != "%" {
                if clauseMarks.contains(c) { trailBreak = true }
                core = core.dropLast()
            }
            if core.hasSuffix("'s") || core.hasSuffix("’s") { core = core.dropLast(2) }
            if core.isEmpty {
                if leadBreak || trailBreak || raw.contains(where: { clauseMarks.contains($0) }) { pendingBreak = true }
                continue
            }
            let key = core.lowercased().replacingOccurrences(of: "’", with: "'")
            // Scale and number words belong to a number ("£120 million", "two million").
            result.append(Word(key: key, isNumber: core.contains(where: \.isNumber) || scales[key] != nil || numberWords[key] != nil,
                               breaksBefore: leadBreak || pendingBreak, breaksAfter: trailBreak,
                               // A capital at the start of the sentence or a clause is not a name.
                               isCapitalized: core.first?.isUppercase == true && !result.isEmpty
                                   && !(result.last?.breaksAfter ?? true) && !leadBreak && !pendingBreak))
            pendingBreak = false
        }
        return result
    }

    /// Where `needle` first occurs in `haystack`, as a run of words.
    static func find(_ needle: [String], in haystack: [String]) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<(start + needle.count)]) == needle { return start }
        }
        return nil
    }

    /// The figure's kind, unit, value and rounding tolerance, from its text alone.
    static func parse(_ text: String) -> (kind: Kind, unit: String, value: Double, tolerance: Double)? {
        guard text.utf8.count <= 64 else { return nil }
        let lower = text.lowercased()
        var currency = ""
        var digits = ""
        var afterNumber = ""
        var seenDigit = false
        for c in lower {
            if c.isNumber || ((c == "." || c == ",") && seenDigit && afterNumber.isEmpty) {
                if !afterNumber.isEmpty { break }
                digits.append(c)
                seenDigit = true
            } else if !seenDigit {
                if c.isCurrencySymbol { currency.append(c) }
            } else {
                afterNumber.append(c)
            }
        }
        var number: Double
        var decimals = 0
        if seenDigit {
            let plain = digits.replacingOccurrences(of: ",", with: "")
            guard let parsed = Double(plain.hasSuffix(".") ? String(plain.dropLast()) : plain), parsed.isFinite else { return nil }
            number = parsed
            if let dot = plain.firstIndex(of: ".") { decimals = plain.distance(from: dot, to: plain.endIndex) - 1 }
        } else {
            // Spelled-out counts: "twelve", "three hundred".
            guard let value = spelledNumber(lower) else { return nil }
            number = value
            afterNumber = ""
        }
        let rest = afterNumber.trimmingCharacters(in: .whitespaces)
        let restWords = rest.split(whereSeparator: { !$0.isLetter && $0 != "%" }).map(String.init)
        var scale = 1.0
        var kind: Kind = currency.isEmpty ? .count : .money
        var unit = currency
        if rest.contains("%") || restWords.contains("percent") || rest.contains("per cent") || restWords.first == "pc" {
            kind = .percent
            unit = ""
        } else if let first = restWords.first {
            if let s = scales[first] {
                scale = s
            } else if !afterNumber.hasPrefix(" "), kind == .count, !first.isEmpty {
                kind = .measure
                unit = first
            }
        }
        let value = number * scale
        guard value.isFinite else { return nil }
        // Half the last written digit: "11%" agrees with "11.4%", "€4.8bn" with "€4.82bn"; whole counts must match.
        let tolerance = 0.5 * scale * pow10(-decimals)
        return (kind, unit, value, tolerance)
    }

    static func pow10(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<min(abs(exponent), 12) { result *= 10 }
        return exponent < 0 ? 1 / result : result
    }

    static func spelledNumber(_ text: String) -> Double? {
        var total = 0.0
        var found = false
        for word in text.split(whereSeparator: { !$0.isLetter }) {
            if let n = numberWords[String(word)] { total += n; found = true }
            else if let s = scales[String(word)], found { total *= s }
            else { return found ? total : nil }
        }
        return found ? total : nil
    }

    // MARK: - English, in general

    /// A crude stem, so "homes" meets "home" and "fined" meets "fine".
    static func stem(_ word: String) -> String {
        var w = word
        if w.hasSuffix("'") { w.removeLast() }
        if w.count > 4, w.hasSuffix("ies") { w.removeLast(3); w += "y" }
        else if w.count > 4, w.hasSuffix("sses") { w.removeLast(2) }
        else if w.count > 3, w.hasSuffix("s"), !w.hasSuffix("ss"), !w.hasSuffix("us") { w.removeLast() }
        if w.count > 4, w.hasSuffix("ed") { w.removeLast(2) }
        else if w.count > 5, w.hasSuffix("ing") { w.removeLast(3) }
        if w.count > 3, w.hasSuffix("e") { w.removeLast() }
        return w
    }

    static func looksPlural(_ word: String) -> Bool {
        (word.count > 2 && word.hasSuffix("s") && !word.hasSuffix("ss") && !word.hasSuffix("us")) || word.hasSuffix("s'")
            || irregularPlurals.contains(word)
    }

    /// A past tense or participle ("offered", "cut"), or a verb of change or reporting: words that
    /// say what happened to a number, not what it counts.
    static func isVerbLike(_ word: String) -> Bool {
        (word.count > 4 && word.hasSuffix("ed")) || changeVerbs.contains(word)
    }

    static func isFunction(_ word: String) -> Bool { functionWords.contains(word) }

    static let clauseMarks: Set<Character> = [",", ";", ":", "(", ")", "—", "–", ".", "!", "?", "\"", "“", "”", "[", "]"]
    static let prepositions: Set<String> = ["of", "without", "with", "in", "on", "at", "for", "from", "across", "under", "over"]
    static let functionWords: Set<String> = [
        "a", "an", "the", "of", "to", "in", "on", "at", "for", "from", "by", "with", "without", "and", "or", "but", "nor",
        "as", "than", "that", "this", "these", "those", "it", "its", "they", "their", "them", "he", "his", "him", "she",
        "her", "we", "our", "us", "you", "your", "i", "my", "is", "are", "was", "were", "be", "been", "being", "am",
        "has", "have", "had", "having", "will", "would", "could", "should", "shall", "may", "might", "must", "can",
        "do", "does", "did", "not", "no", "some", "about", "around", "nearly", "almost", "roughly", "approximately",
        "more", "less", "fewer", "over", "under", "up", "down", "least", "most", "just", "only", "also", "another",
        "other", "others", "per", "into", "onto", "after", "before", "since", "while", "which", "who", "whom", "whose",
        "what", "when", "where", "why", "how", "all", "each", "every", "both", "either", "neither", "there", "here",
        "so", "such", "very", "much", "many", "if", "then", "some", "any", "one", "ones", "than", "toward", "towards",
        "against", "between", "among", "across", "through", "during", "until", "till", "via", "within", "out", "off",
        "still", "even", "already", "now", "yet", "again", "estimated", "total", "further", "extra", "additional",
    ]
    static let changeVerbs: Set<String> = [
        "rose", "rise", "rises", "fell", "fall", "falls", "grew", "grow", "grows", "cut", "cuts", "sank", "slid", "hit",
        "hits", "stood", "stands", "said", "says", "say", "put", "puts", "reach", "reaches", "jump", "jumps", "drop",
        "drops", "climb", "climbs", "total", "totals", "is", "are", "to", "lost", "left", "leave", "leaves", "leaving",
        "set", "sets", "gave", "give", "gives", "made", "make", "makes", "took", "take", "takes", "won", "win", "wins",
    ]
    static let verbMarkers: Set<String> = ["to", "will", "would", "could", "should", "shall", "may", "might", "must", "can", "did", "does", "do"]
    static let irregularPlurals: Set<String> = ["people", "children", "staff", "police", "men", "women", "crew", "personnel", "troops", "cattle"]
    static let timeUnits: Set<String> = ["seconds", "minutes", "hours", "days", "weeks", "months", "years", "decades", "nights"]
    static let scales: [String: Double] = [
        "k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "million": 1e6, "millions": 1e6, "bn": 1e9, "b": 1e9,
        "bln": 1e9, "billion": 1e9, "billions": 1e9, "tn": 1e12, "trn": 1e12, "trillion": 1e12,
    ]
    static let numberWords: [String: Double] = [
        "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
        "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
        "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    ]
}
