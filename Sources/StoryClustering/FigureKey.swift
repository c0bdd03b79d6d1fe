/// The figures of a report ("3,700", "27 trucks", "€86m", "2.3 million"): the same numbers in
/// two reports are strong evidence of one event, whatever the wording around them.
///
/// A figure is keyed by its number alone, so "€2.6bn", "2.6 billion" and "EUR 2.6 bln" agree:
/// the digits and the decimal point, trailing zeros of the fraction dropped ("3.00" is "3").
/// Lone digits are too common to say anything and have no key. Keys are hashed apart from
/// words ("#" prefix) so that a figure never matches a word.
enum FigureKey {
    /// The key of a normalised token holding digits, or nil when it is no usable figure.
    static func key(_ token: ArraySlice<UInt8>) -> UInt64? {
        var number: [UInt8] = [UInt8(ascii: "#")]
        var started = false
        for b in token {
            if b >= 48 && b <= 57 {
                number.append(b)
                started = true
            } else if b == 0x2E && started {
                number.append(b)
            } else if started {
                break
            }
        }
        guard started else { return nil }
        if number.contains(0x2E) {
            while let last = number.last, last == 48 { number.removeLast() }
        }
        while let last = number.last, last == 0x2E { number.removeLast() }
        // Leading zeros say nothing ("007" is 7); a bare "0" stays.
        while number.count > 2 && number[1] == 48 && number[2] != 0x2E { number.remove(at: 1) }
        guard number.count > 2 else { return nil }
        return TermHash.of(bytes: number[...])
    }

    /// A figure as a reader writes it: thousands separated ("3700" → "3,700") except years.
    static func display(_ token: ArraySlice<UInt8>) -> String {
        let digits = token.allSatisfy { $0 >= 48 && $0 <= 57 }
        guard digits, token.count >= 4, token.count <= 15 else { return String(decoding: token, as: UTF8.self) }
        if token.count == 4, token.first == UInt8(ascii: "1") || token.first == UInt8(ascii: "2") {
            return String(decoding: token, as: UTF8.self)
        }
        var out: [UInt8] = []
        for (n, b) in token.enumerated() {
            if n > 0 && (token.count - n) % 3 == 0 { out.append(UInt8(ascii: ",")) }
            out.append(b)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether a token is a year alone ("2016", "1987"): a date, not a figure. Reports of
    /// unrelated events share years by chance ("the first strike since 2016"), so a year says
    /// nothing about which event a report tells.
    static func isYear(_ token: ArraySlice<UInt8>) -> Bool {
        guard token.count == 4, token.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return false }
        let value = token.reduce(0) { $0 * 10 + Int($1 - 48) }
        return value >= 1900 && value <= 2100
    }

    /// Whether a display is a bare number, which the word after it may complete ("27 trucks").
    static func isBareNumber(_ token: ArraySlice<UInt8>) -> Bool {
        token.allSatisfy { ($0 >= 48 && $0 <= 57) || $0 == 0x2E }
    }
}
