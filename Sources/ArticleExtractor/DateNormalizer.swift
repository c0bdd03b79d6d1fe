/// Turns the date strings pages carry (ISO 8601 in its many shapes, RFC 822 / 2822, "January 5,
/// 2024") into RFC 3339 UTC (`2024-01-05T14:30:00Z`). A date without a zone is taken as UTC; a
/// bare date becomes midnight. Pure arithmetic: no calendar or locale APIs.
enum DateNormalizer {
    static func rfc3339(_ raw: String) -> String? {
        let text = TextNormalizer.squash(raw)
        guard !text.isEmpty else { return nil }
        if let value = iso8601(text) ?? rfc822(text) ?? monthName(text) { return value }
        return nil
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    private static func format(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int, offsetMinutes: Int) -> String? {
        guard (1..<10000).contains(y), (1...12).contains(mo), (1...31).contains(d), (0...24).contains(h),
              (0...59).contains(mi), (0...60).contains(s) else { return nil }
        var seconds = daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + min(s, 59) - offsetMinutes * 60
        let days = Int((Double(seconds) / 86400).rounded(.down))
        seconds -= days * 86400
        let (yy, mm, dd) = civilFromDays(days)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let year = String(repeating: "0", count: max(0, 4 - String(yy).count)) + String(yy)
        return "\(year)-\(two(mm))-\(two(dd))T\(two(seconds / 3600)):\(two(seconds % 3600 / 60)):\(two(seconds % 60))Z"
    }

    // Howard Hinnant's days-from-civil algorithm.
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// Reads digits from `chars` at `index`, exactly `count` of them.
    private static func digits(_ chars: [Character], _ index: inout Int, _ count: Int) -> Int? {
        guard index + count <= chars.count else { return nil }
        var value = 0
        for i in index..<(index + count) {
            guard let d = chars[i].wholeNumberValue, chars[i].isASCII else { return nil }
            value = value * 10 + d
        }
        index += count
        return value
    }

    private static func iso8601(_ text: String) -> String? {
        let c = Array(text)
        var i = 0
        guard let y = digits(c, &i, 4) else { return nil }
        let dashed = i < c.count && c[i] == "-"
        if dashed { i += 1 }
        guard let mo = digits(c, &i, 2) else { return nil }
        if dashed { guard i < c.count, c[i] == "-" else { return nil }; i += 1 }
        guard let d = digits(c, &i, 2) else { return nil }
        var h = 0, mi = 0, s = 0, offset = 0
        if i < c.count && (c[i] == "T" || c[i] == " " || c[i] == "t") {
            i += 1
            guard let hh = digits(c, &i, 2) else { return format(y, mo, d, 0, 0, 0, offsetMinutes: 0) }
            h = hh
            if i < c.count && c[i] == ":" { i += 1 }
            guard let mm = digits(c, &i, 2) else { return nil }
            mi = mm
            if i < c.count && c[i] == ":" { i += 1 }
            if let ss = digits(c, &i, 2) { s = ss }
            if i < c.count && (c[i] == "." || c[i] == ",") {
                i += 1
                while i < c.count, c[i].isASCII, c[i].isNumber { i += 1 }
            }
            while i < c.count && c[i] == " " { i += 1 }
            if i < c.count {
                if c[i] == "Z" || c[i] == "z" {
                    i += 1
                } else if c[i] == "+" || c[i] == "-" {
                    let sign = c[i] == "-" ? -1 : 1
                    i += 1
                    guard let oh = digits(c, &i, 2) else { return nil }
                    if i < c.count && c[i] == ":" { i += 1 }
                    let om = digits(c, &i, 2) ?? 0
                    offset = sign * (oh * 60 + om)
                } else if text.uppercased().hasSuffix("UTC") || text.uppercased().hasSuffix("GMT") {
                    i = c.count
                }
            }
        }
        return format(y, mo, d, h, mi, s, offsetMinutes: offset)
    }

    private static let zones: [String: Int] = [
        "UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "EST": -300, "EDT": -240, "CST": -360, "CDT": -300,
        "MST": -420, "MDT": -360, "PST": -480, "PDT": -420, "BST": 60, "CET": 60, "CEST": 120,
    ]

    private static func month(_ word: Substring) -> Int? {
        let lower = word.lowercased()
        guard lower.count >= 3 else { return nil }
        return months.firstIndex(of: String(lower.prefix(3))).map { $0 + 1 }
    }

    private static func clock(_ word: Substring) -> (Int, Int, Int)? {
        let parts = word.split(separator: ":")
        guard parts.count >= 2, let h = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        return (h, m, parts.count > 2 ? Int(parts[2].prefix(2)) ?? 0 : 0)
    }

    private static func zoneOffset(_ word: Substring) -> Int? {
        if let known = zones[word.uppercased()] { return known }
        guard word.count == 5, let sign = word.first, sign == "+" || sign == "-", let value = Int(word.dropFirst()) else { return nil }
        return (sign == "-" ? -1 : 1) * (value / 100 * 60 + value % 100)
    }

    /// "Tue, 10 Jun 2003 04:00:00 GMT" and similar.
    private static func rfc822(_ text: String) -> String? {
        var words = text.split(whereSeparator: { $0 == " " || $0 == "," }).map { $0 }
        if let first = words.first, first.count >= 3, first.allSatisfy(\.isLetter), month(first) == nil { words.removeFirst() }
        guard words.count >= 3, let d = Int(words[0]), let mo = month(words[1]), let y = Int(words[2]) else { return nil }
        var h = 0, mi = 0, s = 0, offset = 0
        if words.count > 3, let time = clock(words[3]) {
            (h, mi, s) = time
            if words.count > 4, let zone = zoneOffset(words[4]) { offset = zone }
        }
        return format(y < 100 ? y + 2000 : y, mo, d, h, mi, s, offsetMinutes: offset)
    }

    /// "January 5, 2024", "Jan 5 2024 3:04 PM".
    private static func monthName(_ text: String) -> String? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "." }).map { $0 }
        guard words.count >= 3, let mo = month(words[0]), let d = Int(words[1]), let y = Int(words[2]), y > 1900 else { return nil }
        var h = 0, mi = 0, s = 0
        if words.count > 3, let time = clock(words[3]) {
            (h, mi, s) = time
            if words.count > 4 {
                let marker = words[4].lowercased()
                if marker == "pm" && h < 12 { h += 12 } else if marker == "am" && h == 12 { h = 0 }
            }
        }
        return format(y, mo, d, h, mi, s, offsetMinutes: 0)
    }
}
