/// Reads the dates real feeds contain: RFC 822 and its broken variants (two-digit years, missing
/// seconds or time, named and military zones, `GMT-01:01`, stray commas), W3C-DTF / ISO 8601 with
/// reduced precision, ordinal and two-digit forms, MSSQL and asctime styles, and a few localised
/// forms (Greek, Hungarian, Korean, Perforce). Anything else, or any out-of-range field, is nil:
/// a wrong date is worse than none.
public enum FeedDateParser {
    public static func parse(_ raw: String) -> FeedDate? {
        let text = raw.trimmingASCIIWhitespace()
        guard !text.isEmpty, text.utf8.count < 128 else { return nil }
        if let common = parseCanonicalRFC822(Array(text.utf8)) { return common }
        if let korean = parseKorean(text) { return korean }
        var iso = ISODateParser(translatingMonthNames(in: text))
        if let date = iso.parse() { return date }
        return parseRFC822(text)
    }

    // MARK: RFC 822 family (token based, on bytes)

    /// The form most RSS feeds write, `Wed, 02 Oct 2002 13:00:00 +0000` (or `GMT`/`UTC`/`Z`),
    /// read in one pass with no allocation. Anything else, even slightly off, returns nil and
    /// goes to the general reader below, which decides the same way for this form.
    static func parseCanonicalRFC822(_ b: [UInt8]) -> FeedDate? {
        var i = 0
        let n = b.count
        @inline(__always) func digits(_ count: Int) -> Int? {
            guard i + count <= n else { return nil }
            var value = 0
            for k in i..<(i + count) {
                guard b[k].isDigit else { return nil }
                value = value * 10 + Int(b[k] - 48)
            }
            i += count
            return value
        }
        @inline(__always) func expect(_ byte: UInt8) -> Bool {
            guard i < n, b[i] == byte else { return false }
            i += 1
            return true
        }
        @inline(__always) func lowerLetter(_ k: Int) -> UInt8 { b[k] | 0x20 }
        // Optional weekday: three letters and ", ".
        if n > 5, b[0].isASCIILetter, b[3] == UInt8(ascii: ",") {
            let key = (UInt32(lowerLetter(0)) << 16) | (UInt32(lowerLetter(1)) << 8) | UInt32(lowerLetter(2))
            guard canonicalWeekdays.contains(key), b[4] == 0x20 else { return nil }
            i = 5
        }
        let dayDigits = i + 1 < n && b[i + 1].isDigit ? 2 : 1
        guard let day = digits(dayDigits), expect(0x20), i + 4 <= n, b[i + 3] == 0x20 else { return nil }
        let monthKey = (UInt32(lowerLetter(i)) << 16) | (UInt32(lowerLetter(i + 1)) << 8) | UInt32(lowerLetter(i + 2))
        guard let month = canonicalMonths.firstIndex(of: monthKey) else { return nil }
        i += 4
        guard let year = digits(4), expect(0x20), let hour = digits(2), expect(0x3A), let minute = digits(2),
              expect(0x3A), let second = digits(2), expect(0x20), i < n else { return nil }
        let offset: Int
        let zone = b[i...]
        if b[i] == 0x2B || b[i] == 0x2D {
            guard zone.count == 5, zone.dropFirst().allSatisfy(\.isDigit) else { return nil }
            i += 1
            let hh = digits(2)!, mm = digits(2)!
            guard hh < 24, mm < 60 else { return nil }
            offset = (hh * 3600 + mm * 60) * (zone.first == 0x2D ? -1 : 1)
        } else if zone.elementsEqual("GMT".utf8) || zone.elementsEqual("UTC".utf8) || zone.elementsEqual("Z".utf8) {
            offset = 0
        } else {
            return nil
        }
        return FeedDate(year: year, month: month + 1, day: day, hour: hour, minute: minute, second: second,
                        offsetSeconds: offset)
    }

    /// "mon"…"sun" and "jan"…"dec" as three packed lower-case bytes, for the fast path.
    private static let canonicalWeekdays: Set<UInt32> = Set(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map(packed))
    private static let canonicalMonths: [UInt32] = ["jan", "feb", "mar", "apr", "may", "jun",
                                                    "jul", "aug", "sep", "oct", "nov", "dec"].map(packed)
    private static func packed(_ word: String) -> UInt32 {
        word.utf8.reduce(0) { ($0 << 8) | UInt32($1) }
    }

    static func parseRFC822(_ text: String) -> FeedDate? {
        var day: Int?, month: Int?, year: Int?
        var hour = 0, minute = 0, second = 0
        var sawTime = false
        var offset: Int?
        var meridiem: Int? // 0 am, 12 pm
        for token in tokens(Array(text.utf8)) {
            let first = token[token.startIndex]
            if first.isASCIILetter || first >= 0x80 {
                // A zone glued to an offset: GMT-01:01, UTC+2, Etc/GMT.
                if let zone = zoneWithOffset(token) { offset = zone; continue }
                var end = token.endIndex
                while end > token.startIndex, token[end - 1] == 0x2E { end -= 1 } // "Sept."
                let word = token[token.startIndex..<end]
                let key = word.allSatisfy({ $0 < 0x80 })
                    ? String(decoding: word.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
                    : String(decoding: word, as: UTF8.self).lowercased()
                if weekdays.contains(key) || localWeekdays.contains(key) { continue }
                if let m = monthNumber(key) { guard month == nil else { return nil }; month = m; continue }
                if let z = namedZones[key] { offset = z; continue }
                if key == "am" { meridiem = 0; continue }
                if key == "pm" { meridiem = 12; continue }
                return nil
            }
            if first == 0x2B || first == 0x2D { // + -
                guard let z = parseOffset(token) else { return nil }
                offset = z
                continue
            }
            if token.contains(0x3A) { // ':'
                guard !sawTime, let t = parseClock(token) else { return nil }
                (hour, minute, second) = t.clock
                if let z = t.zone { offset = z }
                sawTime = true
                continue
            }
            if token.contains(0x2F) { // Perforce: 2006/09/15
                let parts = token.split(separator: 0x2F, omittingEmptySubsequences: false)
                guard parts.count == 3, parts[0].count == 4, let y = number(parts[0]), let m = number(parts[1]),
                      let d = number(parts[2]) else { return nil }
                (year, month, day) = (y, m, d)
                continue
            }
            guard let value = number(token) else { return nil }
            if token.count >= 3 {
                guard year == nil, token.count == 4 else { return nil }
                year = value
            } else if day == nil {
                day = value
            } else if year == nil {
                year = value < 70 ? 2000 + value : 1900 + value
            } else {
                return nil
            }
        }
        guard let d = day, let m = month, let y = year else { return nil }
        if let meridiem {
            guard (1...12).contains(hour) else { return nil }
            hour = hour % 12 + meridiem
        }
        return FeedDate(year: y, month: m, day: d, hour: hour, minute: minute, second: second,
                        offsetSeconds: offset ?? 0)
    }

    /// Splits on spaces, tabs, newlines and commas, dropping "(comments)".
    static func tokens(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var result: [ArraySlice<UInt8>] = []
        var start = -1
        var depth = 0
        for (i, byte) in bytes.enumerated() {
            let separator = byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x2C
                || byte == 0x28 || byte == 0x29 || depth > 0
            if byte == 0x28 { depth += 1 } else if byte == 0x29 { depth = max(0, depth - 1) }
            if separator {
                if start >= 0 { result.append(bytes[start..<i]); start = -1 }
            } else if start < 0 {
                start = i
            }
        }
        if start >= 0 { result.append(bytes[start...]) }
        return result
    }

    /// A run of 1 to 9 ASCII digits as a number.
    static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        var value = 0
        for byte in digits {
            guard byte.isDigit else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }

    /// `HH:MM[:SS[.fff]]`, possibly with a `Z` or offset glued on.
    static func parseClock(_ token: ArraySlice<UInt8>) -> (clock: (Int, Int, Int), zone: Int?)? {
        var body = token
        var zone: Int?
        if body.last == 0x5A || body.last == 0x7A { body = body.dropLast(); zone = 0 } // Z z
        if let sign = body.dropFirst().firstIndex(where: { $0 == 0x2B || $0 == 0x2D }) {
            guard let z = parseOffset(body[sign...]) else { return nil }
            zone = z
            body = body[..<sign]
        }
        let parts = body.split(separator: 0x3A, omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return nil }
        var numbers: [Int] = []
        for (i, part) in parts.enumerated() {
            var digits = part
            if i == 2, let dot = part.firstIndex(of: 0x2E) {
                guard part[(dot + 1)...].allSatisfy(\.isDigit) else { return nil }
                digits = part[..<dot]
            }
            guard (1...2).contains(digits.count), let n = number(digits) else { return nil }
            numbers.append(n)
        }
        return ((numbers[0], numbers[1], numbers.count == 3 ? numbers[2] : 0), zone)
    }

    /// `+HHMM`, `-HH:MM`, `+HH`, returning seconds east of UTC.
    static func parseOffset(_ text: ArraySlice<UInt8>) -> Int? {
        guard let sign = text.first, sign == 0x2B || sign == 0x2D else { return nil }
        let hasColon = text.contains(0x3A)
        let body = text.dropFirst().filter { $0 != 0x3A }
        guard body.allSatisfy(\.isDigit), [1, 2, 4].contains(body.count) else { return nil }
        if hasColon, body.count != 4 { return nil }
        let hours: Int, minutes: Int
        if body.count == 4 {
            hours = Int(body[0] - 48) * 10 + Int(body[1] - 48)
            minutes = Int(body[2] - 48) * 10 + Int(body[3] - 48)
        } else {
            hours = body.reduce(0) { $0 * 10 + Int($1 - 48) }
            minutes = 0
        }
        guard hours <= 23, minutes <= 59 else { return nil }
        let seconds = hours * 3600 + minutes * 60
        return sign == 0x2D ? -seconds : seconds
    }

    static func parseOffset(_ text: Substring) -> Int? {
        parseOffset(ArraySlice(Array(text.utf8)))
    }

    static func zoneWithOffset(_ token: ArraySlice<UInt8>) -> Int? {
        guard token.contains(where: { $0 == 0x2B || $0 == 0x2D || $0 == 0x2F }) else { return nil }
        let lower = String(decoding: token, as: UTF8.self).lowercased()
        for prefix in ["etc/gmt", "etc/utc", "gmt", "utc", "ut"] where lower.hasPrefix(prefix) {
            let rest = token.dropFirst(prefix.utf8.count)
            if rest.isEmpty { return prefix.hasPrefix("etc") ? 0 : nil }
            return parseOffset(rest)
        }
        return nil
    }

    static func monthNumber(_ key: String) -> Int? {
        if let m = localMonths[key] { return m }
        // The first three bytes may end inside a character ("août"); decoding cannot fail, the key just misses.
        guard key.utf8.count >= 3, let m = monthPrefixes[String(decoding: key.utf8.prefix(3), as: UTF8.self)] else { return nil }
        // "sept" and full or partial names ("janu") are fine; other words starting alike are not.
        return key == "sept" || monthNames[m - 1].hasPrefix(key) ? m : nil
    }

    static let monthPrefixes: [String: Int] = Dictionary(uniqueKeysWithValues: monthNames.enumerated().map {
        (String($0.element.prefix(3)), $0.offset + 1)
    })

    static let monthNames = ["january", "february", "march", "april", "may", "june", "july", "august",
                             "september", "october", "november", "december"]
    static let weekdays: Set<String> = ["mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
                                        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    /// Zone abbreviations as seconds east of UTC. US military-style one-word zones (ET, CT…)
    /// are read as standard time, as feedparser does.
    static let namedZones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "wet": 0,
        "est": -5 * 3600, "edt": -4 * 3600, "cst": -6 * 3600, "cdt": -5 * 3600,
        "mst": -7 * 3600, "mdt": -6 * 3600, "pst": -8 * 3600, "pdt": -7 * 3600,
        "ast": -4 * 3600, "adt": -3 * 3600, "akst": -9 * 3600, "akdt": -8 * 3600, "hst": -10 * 3600,
        "at": -4 * 3600, "et": -5 * 3600, "ct": -6 * 3600, "mt": -7 * 3600, "pt": -8 * 3600,
        "met": 3600, "mest": 2 * 3600, "cet": 3600, "cest": 2 * 3600, "bst": 3600, "west": 3600,
        "eet": 2 * 3600, "eest": 3 * 3600, "msk": 3 * 3600, "jst": 9 * 3600, "kst": 9 * 3600,
        "aest": 10 * 3600, "aedt": 11 * 3600, "nzst": 12 * 3600, "nzdt": 13 * 3600,
    ]

    // MARK: Localised forms

    /// Greek abbreviations (lower-cased, with and without accents) and Hungarian month names.
    static let localMonths: [String: Int] = [
        "ιαν": 1, "φεβ": 2, "μάώ": 3, "μάρ": 3, "μαρ": 3, "απρ": 4, "μάι": 5, "μαι": 5, "μαϊ": 5,
        "ιούν": 6, "ιουν": 6, "ιον": 6, "ιούλ": 7, "ιουλ": 7, "ιολ": 7, "αύγ": 8, "αυγ": 8, "σεπ": 9,
        "οκτ": 10, "νοέ": 11, "νοε": 11, "δεκ": 12,
        "január": 1, "február": 2, "március": 3, "április": 4, "máj": 5, "május": 5, "június": 6,
        "július": 7, "augusztus": 8, "szeptember": 9, "október": 10, "november": 11, "december": 12,
    ]
    static let localWeekdays: Set<String> = ["κυρ", "δευ", "τρι", "τετ", "πεμ", "παρ", "σαβ"]

    /// `2004-július-13T9:15-05:00` → `2004-07-13T09:15-05:00`, so the ISO reader can take it.
    static func translatingMonthNames(in text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value > 0x7F }) else { return text }
        let parts = text.split(separator: "-", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, let month = localMonths[parts[1].lowercased()] else { return text }
        var rest = String(parts[2])
        if let t = rest.firstIndex(of: "T"), rest[rest.index(after: t)...].prefix(while: \.isASCIIDigit).count == 1 {
            rest.insert("0", at: rest.index(after: t))
        }
        return "\(parts[0])-\(month < 10 ? "0" : "")\(month)-\(rest)"
    }

    /// Korean forms, in Korea Standard Time: `2004-05-25 오후 11:23:17`, `2004년 05월 28일 01:31:15`.
    static func parseKorean(_ text: String) -> FeedDate? {
        guard text.utf8.contains(where: { $0 >= 0xE0 }) else { return nil }
        let isPM = text.contains("오후")
        guard isPM || text.contains("오전") || text.contains("년") else { return nil }
        var numbers: [Int] = []
        var current = ""
        for ch in text + " " {
            if ch.isASCIIDigit { current.append(ch) } else if !current.isEmpty { numbers.append(Int(current)!); current = "" }
        }
        guard numbers.count == 5 || numbers.count == 6 else { return nil }
        var hour = numbers[3]
        if isPM, hour < 12 { hour += 12 }
        return FeedDate(year: numbers[0], month: numbers[1], day: numbers[2], hour: hour, minute: numbers[4],
                        second: numbers.count == 6 ? numbers[5] : 0, offsetSeconds: 9 * 3600)
    }
}

/// W3C-DTF and the ISO 8601 shapes feeds use, parsed with a cursor over ASCII bytes.
struct ISODateParser {
    private let bytes: [UInt8]
    private var i = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    mutating func parse() -> FeedDate? {
        guard let first = bytes.first, first.isDigit || first == UInt8(ascii: "-") else { return nil }
        guard var date = parseDatePart() else { return nil }
        var hour = 0, minute = 0, second = 0, offset = 0
        if i < bytes.count {
            let sep = bytes[i]
            guard sep == UInt8(ascii: "T") || sep == UInt8(ascii: "t") || sep == UInt8(ascii: " ") else { return nil }
            i += 1
            while i < bytes.count, bytes[i] == UInt8(ascii: " ") { i += 1 }
            guard let clock = parseClock() else { return nil }
            (hour, minute, second) = clock
            while i < bytes.count, bytes[i] == UInt8(ascii: " ") { i += 1 }
            if i < bytes.count {
                guard let z = parseZone() else { return nil }
                offset = z
            }
        }
        guard i == bytes.count else { return nil }
        if date.ordinal != nil {
            guard let resolved = date.resolveOrdinal() else { return nil }
            date = resolved
        }
        return FeedDate(year: date.year, month: date.month, day: date.day, hour: hour, minute: minute,
                        second: second, offsetSeconds: offset)
    }

    struct DateFields {
        var year: Int, month = 1, day = 1
        var ordinal: Int?

        func resolveOrdinal() -> DateFields? {
            guard let ordinal, ordinal >= 1, ordinal <= (FeedDate.isLeap(year) ? 366 : 365) else { return nil }
            var rest = ordinal
            for m in 1...12 {
                let n = FeedDate.daysIn(month: m, year: year)
                if rest <= n { return DateFields(year: year, month: m, day: rest) }
                rest -= n
            }
            return nil
        }
    }

    private mutating func digits(max: Int = 9) -> [UInt8] {
        var run: [UInt8] = []
        while i < bytes.count, bytes[i].isDigit, run.count < max { run.append(bytes[i]); i += 1 }
        return run
    }

    private mutating func dash() -> Bool {
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1; return true }
        return false
    }

    private static func value(_ run: some Collection<UInt8>) -> Int {
        run.reduce(0) { $0 * 10 + Int($1 - 48) }
    }

    private static func century(_ yy: Int) -> Int { yy < 70 ? 2000 + yy : 1900 + yy }

    private mutating func parseDatePart() -> DateFields? {
        if dash() { // -YY-MM, -YYMM, -YY
            let yy = digits()
            guard yy.count == 2 || yy.count == 4 else { return nil }
            let year = Self.century(Self.value(yy.prefix(2)))
            if yy.count == 4 { return DateFields(year: year, month: Self.value(yy.suffix(2))) }
            if dash() {
                let mm = digits()
                guard mm.count == 2 else { return nil }
                return DateFields(year: year, month: Self.value(mm))
            }
            return DateFields(year: year)
        }
        let head = digits()
        switch head.count {
        case 4:
            let year = Self.value(head)
            guard dash() else { return DateFields(year: year) }
            let second = digits()
            if second.count == 3, i < bytes.count, bytes[i] == UInt8(ascii: "-"), second.first == 48 {
                i += 1 // Google's 2003-012-31
                let dd = digits()
                guard dd.count == 2 else { return nil }
                return DateFields(year: year, month: Self.value(second), day: Self.value(dd))
            }
            if second.count == 3 { return DateFields(year: year, ordinal: Self.value(second)) }
            guard second.count == 2 else { return nil }
            let month = Self.value(second)
            guard dash() else { return DateFields(year: year, month: month) }
            let dd = digits()
            guard dd.count == 2 else { return nil }
            return DateFields(year: year, month: month, day: Self.value(dd))
        case 8: // YYYYMMDD
            return DateFields(year: Self.value(head.prefix(4)), month: Self.value(head[4..<6]), day: Self.value(head.suffix(2)))
        case 7: // YYYYDDD
            return DateFields(year: Self.value(head.prefix(4)), ordinal: Self.value(head.suffix(3)))
        case 6: // YYMMDD
            return DateFields(year: Self.century(Self.value(head.prefix(2))), month: Self.value(head[2..<4]),
                              day: Self.value(head.suffix(2)))
        case 5: // YYDDD
            return DateFields(year: Self.century(Self.value(head.prefix(2))), ordinal: Self.value(head.suffix(3)))
        case 2: // YY-MM-DD, YY-DDD
            let year = Self.century(Self.value(head))
            guard dash() else { return nil }
            let second = digits()
            if second.count == 3 { return DateFields(year: year, ordinal: Self.value(second)) }
            guard second.count == 2, dash() else { return nil }
            let dd = digits()
            guard dd.count == 2 else { return nil }
            return DateFields(year: year, month: Self.value(second), day: Self.value(dd))
        default:
            return nil
        }
    }

    private mutating func parseClock() -> (Int, Int, Int)? {
        let hh = digits(max: 2)
        guard !hh.isEmpty else { return nil }
        if hh.count == 2, i < bytes.count, bytes[i].isDigit { // HHMMSS
            let mm = digits(max: 2)
            let ss = digits(max: 2)
            guard mm.count == 2, ss.isEmpty || ss.count == 2 else { return nil }
            skipFraction()
            return (Self.value(hh), Self.value(mm), ss.isEmpty ? 0 : Self.value(ss))
        }
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
        i += 1
        let mm = digits(max: 2)
        guard mm.count == 2 else { return nil }
        var ss: [UInt8] = []
        if i < bytes.count, bytes[i] == UInt8(ascii: ":") {
            i += 1
            ss = digits(max: 2)
            guard ss.count == 2 else { return nil }
            skipFraction()
        }
        return (Self.value(hh), Self.value(mm), ss.isEmpty ? 0 : Self.value(ss))
    }

    private mutating func skipFraction() {
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: ",") {
            i += 1
            _ = digits(max: 12)
        }
    }

    private mutating func parseZone() -> Int? {
        let c = bytes[i]
        if c == UInt8(ascii: "Z") || c == UInt8(ascii: "z") { i += 1; return 0 }
        guard c == UInt8(ascii: "+") || c == UInt8(ascii: "-") else {
            // A named zone after a space: "2004-07-08 23:56:58 GMT".
            let rest = String(decoding: bytes[i...], as: UTF8.self).lowercased()
            guard let z = FeedDateParser.namedZones[rest] else { return nil }
            i = bytes.count
            return z
        }
        let text = String(decoding: bytes[i...], as: UTF8.self)
        guard let z = FeedDateParser.parseOffset(Substring(text)) else { return nil }
        i = bytes.count
        return z
    }
}

extension UInt8 {
    var isDigit: Bool { self >= 48 && self <= 57 }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    /// The string without leading and trailing ASCII whitespace.
    func trimmingASCIIWhitespace() -> String {
        let utf8 = self.utf8
        if let first = utf8.first, let last = utf8.last, !first.isASCIIWhitespace, !last.isASCIIWhitespace {
            return self // nothing to trim: no copy
        }
        guard let start = utf8.firstIndex(where: { !$0.isASCIIWhitespace }) else { return "" }
        let end = utf8.lastIndex(where: { !$0.isASCIIWhitespace })!
        return String(self[start...end])
    }
}

extension UInt8 {
    var isASCIIWhitespace: Bool { self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0D || self == 0x0C }
}
