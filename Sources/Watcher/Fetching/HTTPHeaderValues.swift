import Foundation

/// Parsers for the response headers that steer polling: Cache-Control and Retry-After.
enum HTTPHeaderValues {
    /// max-age (or s-maxage) in seconds; nil when absent. `no-cache`/`no-store` give 0.
    static func maxAge(cacheControl: String?) -> TimeInterval? {
        guard let value = cacheControl?.lowercased() else { return nil }
        var result: TimeInterval?
        for directive in value.split(separator: ",") {
            let parts = directive.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            switch parts[0] {
            case "max-age", "s-maxage":
                if parts.count == 2, let n = Double(parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))), n >= 0 {
                    result = max(result ?? 0, n)
                }
            case "no-cache", "no-store":
                result = result ?? 0
            default:
                break
            }
        }
        return result
    }

    /// Retry-After as seconds from `now`: either delta-seconds or an HTTP date.
    static func retryAfter(_ value: String?, now: Date) -> TimeInterval? {
        guard let v = value?.trimmingCharacters(in: .whitespaces), !v.isEmpty else { return nil }
        if let n = Double(v) { return max(0, n) }
        guard let date = httpDate(v) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }

    /// IMF-fixdate, RFC 850 and asctime forms.
    static func httpDate(_ s: String) -> Date? {
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "GMT")
            f.dateFormat = format
            if let d = f.date(from: s) { return d }
        }
        return nil
    }

    /// Last-Modified value for a file's modification time (so file:// feeds get 304s too).
    static func httpDateString(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return f.string(from: date)
    }
}
