import Foundation

/// Finite, bounded conversions for numbers that came from outside: a server's header, a feed's
/// element, the config file.
///
/// Swift traps on `Int(someDouble)` when the double is infinite, NaN or out of range, and on
/// integer overflow. A `Retry-After: 1e20` once took the daemon down that way. Every number from
/// the outside goes through one of these before it reaches a timer, a date or a message.
public enum Bounds {
    /// The longest wait any server may impose on us with Retry-After (a day).
    public static let maxServerWait: TimeInterval = 86_400
    /// The longest a server or feed may ask us to leave it alone between polls (30 days);
    /// the poll policy then clamps to `max_interval`.
    public static let maxPublisherInterval: TimeInterval = 30 * 86_400

    /// `value` clamped into `range`; NaN becomes the lower bound.
    public static func clamp(_ value: Double, to range: ClosedRange<Double>) -> Double {
        guard !value.isNaN else { return range.lowerBound }
        return min(max(value, range.lowerBound), range.upperBound)
    }

    /// Seconds rounded to a whole number for a message, clamped to ±100 years (NaN is 0): never traps.
    public static func wholeSeconds(_ seconds: TimeInterval) -> Int {
        seconds.isNaN ? 0 : Int(clamp(seconds, to: -3.2e9...3.2e9).rounded())
    }

    /// Milliseconds for a timer or deadline, clamped to 0 ... 1 year: never traps.
    public static func milliseconds(_ seconds: TimeInterval) -> Int64 {
        Int64(clamp(seconds * 1000, to: 0...3.2e10).rounded())
    }

    /// An unsigned decimal integer as the HTTP grammar writes it (`1*DIGIT`): no sign, no
    /// exponent, no fraction, no spaces inside. Values past `cap` are `cap`. Nil when malformed.
    public static func decimalDigits<S: StringProtocol>(_ text: S, cap: Int) -> Int? {
        guard !text.isEmpty else { return nil }
        var value = 0
        for byte in text.utf8 {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            if value < cap { value = value > (cap - Int(byte - 0x30)) / 10 ? cap : value * 10 + Int(byte - 0x30) }
        }
        return min(value, cap)
    }
}
