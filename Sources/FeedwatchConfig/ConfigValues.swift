/// Parsers for the human-friendly values of the config file: durations ("1h30m") and sizes ("15MiB").
public enum ConfigValues {
    /// "90s", "30m", "1h30m", "2d", "1w", or a bare number of seconds. Nil when malformed or not positive.
    public static func duration(_ text: String) -> Double? {
        let s = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard s.utf8.count <= 64 else { return nil }
        if s.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) {
            guard let n = Double(s), n.isFinite, n > 0 else { return nil }
            return n
        }
        var total = 0.0
        var number = ""
        var sawUnit = false
        var chars = Array(s)
        chars.removeAll { $0 == " " }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isASCII && (c.isNumber || c == ".") {
                number.append(c)
                i += 1
                continue
            }
            var unit = ""
            while i < chars.count, chars[i].isLetter { unit.append(chars[i]); i += 1 }
            guard let value = Double(number) else { return nil }
            let scale: Double
            switch unit {
            case "ms": scale = 0.001
            case "s", "sec", "secs", "second", "seconds": scale = 1
            case "m", "min", "mins", "minute", "minutes": scale = 60
            case "h", "hr", "hrs", "hour", "hours": scale = 3600
            case "d", "day", "days": scale = 86_400
            case "w", "week", "weeks": scale = 604_800
            default: return nil
            }
            total += value * scale
            number = ""
            sawUnit = true
        }
        guard number.isEmpty, sawUnit, total.isFinite, total > 0 else { return nil }
        return total
    }

    /// "15MiB", "512KB", "1GiB", "1048576". Binary and decimal prefixes. Nil when malformed.
    public static func byteSize(_ text: String) -> Int? {
        let s = text.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: " ", with: "")
        guard s.utf8.count <= 64 else { return nil }
        if let n = Int(s) { return n > 0 ? n : nil }
        let digits = s.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        guard let value = Double(digits), value.isFinite, value > 0 else { return nil }
        let scale: Double
        switch s.dropFirst(digits.count) {
        case "b": scale = 1
        case "k", "kb": scale = 1_000
        case "kib": scale = 1_024
        case "m", "mb": scale = 1_000_000
        case "mib": scale = 1_048_576
        case "g", "gb": scale = 1_000_000_000
        case "gib": scale = 1_073_741_824
        default: return nil
        }
        let bytes = value * scale
        // Past 2^62 is no size anyone means; refuse it rather than trap in the conversion.
        guard bytes < 4.6e18 else { return nil }
        return Int(bytes)
    }

    /// Bytes as the shortest binary spelling ("15MiB", "1GiB", "512KiB"), for messages.
    public static func format(bytes: Int) -> String {
        for (unit, size) in [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] where bytes >= size && bytes % size == 0 {
            return "\(bytes / size)\(unit)"
        }
        return "\(bytes)B"
    }

    /// Seconds as the shortest config spelling ("1h30m"), for messages and `feeds list`.
    public static func format(duration seconds: Double) -> String {
        guard seconds.isFinite, seconds < 1e12 else { return "\(seconds)s" }
        var rest = Int(max(0, seconds).rounded())
        if rest == 0 { return "0s" }
        var out = ""
        for (unit, size) in [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)] where rest >= size {
            out += "\(rest / size)\(unit)"
            rest %= size
        }
        return out
    }
}

import Foundation
