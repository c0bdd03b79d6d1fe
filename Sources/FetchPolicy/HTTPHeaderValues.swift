import Foundation

/// Parsers for the response headers that steer fetching and polling — Cache-Control, Retry-After,
/// Content-Length — into bounded values.
///
/// Servers send anything: `Retry-After: 1e20`, `inf`, `-5`, an HTTP date in the year 9999,
/// `max-age=99999999999999999999`, two different Content-Lengths. The grammar (RFC 9110/9111)
/// allows only digits for the numbers; anything else is malformed and ignored, and what parses is
/// clamped to the ranges in `Bounds`.
public enum HTTPHeaderValues {
    /// max-age (or s-maxage) in seconds, at most `Bounds.maxPublisherInterval`; nil when absent or
    /// malformed. `no-cache`/`no-store` give 0.
    public static func maxAge(cacheControl: String?) -> TimeInterval? {
        guard let value = cacheControl?.lowercased(), value.utf8.count <= 4096 else { return nil }
        let cap = Int(Bounds.maxPublisherInterval)
        var result: TimeInterval?
        for directive in value.split(separator: ",") {
            let parts = directive.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let name = parts.first else { continue }
            switch name {
            case "max-age", "s-maxage":
                let raw = parts.count == 2 ? parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) : ""
                if let n = Bounds.decimalDigits(raw, cap: cap) { result = max(result ?? 0, TimeInterval(n)) }
            case "no-cache", "no-store":
                result = result ?? 0
            default:
                break
            }
        }
        return result
    }

    /// Retry-After as seconds from `now`, clamped to 0 ... `Bounds.maxServerWait`: either
    /// delta-seconds or an HTTP date. Nil when absent or malformed (`1e20`, `inf`, `-5`).
    public static func retryAfter(_ value: String?, now: Date) -> TimeInterval? {
        guard let v = value?.trimmingCharacters(in: .whitespaces), !v.isEmpty, v.utf8.count <= 64 else { return nil }
        if let first = v.utf8.first, first >= 0x30 && first <= 0x39 {
            return Bounds.decimalDigits(v, cap: Int(Bounds.maxServerWait)).map(TimeInterval.init)
        }
        guard let date = httpDate(v) else { return nil }
        return Bounds.clamp(date.timeIntervalSince(now), to: 0...Bounds.maxServerWait)
    }

    /// Content-Length in bytes: digits only; a list of equal values (a proxy's doubling) is one
    /// value; different values, a sign or anything else is nil (malformed: the body is then read
    /// under the byte cap as if no length was given). Values past 2^62 are 2^62.
    public static func contentLength(_ value: String?) -> Int? {
        guard let value, value.utf8.count <= 256 else { return nil }
        var length: Int?
        for part in value.split(separator: ",", omittingEmptySubsequences: false) {
            guard let n = Bounds.decimalDigits(part.trimmingCharacters(in: .whitespaces), cap: 1 << 62) else { return nil }
            if let length, length != n { return nil }
            length = n
        }
        return length
    }

    /// IMF-fixdate, RFC 850 and asctime forms; nil for anything else, or a year outside 1900...9999.
    public static func httpDate(_ s: String) -> Date? {
        // The grammar is ASCII. DateFormatter would also take other digits ("２０２６"), and leaks
        // memory on every call given a character outside the BMP (an emoji): neither reaches it.
        guard s.utf8.count <= 64, s.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "GMT")
            f.dateFormat = format
            if let d = f.date(from: s), d.timeIntervalSince1970.isFinite,
               (-2_208_988_800...253_402_300_799).contains(d.timeIntervalSince1970) { return d }
        }
        return nil
    }

    /// Last-Modified value for a file's modification time (so file:// feeds get 304s too).
    public static func httpDateString(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return f.string(from: date)
    }
}
