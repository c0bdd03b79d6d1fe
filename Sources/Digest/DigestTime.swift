import Foundation

/// An instant together with the UTC offset the configured zone had at that instant.
///
/// The digest shows local wall-clock times; on a day when the clocks change the same wall-clock
/// time can happen twice, so every time carries its own offset. It is written as RFC 3339 with
/// that offset ("2026-10-25T01:30:00+01:00"), to whole seconds.
public struct DigestTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Whole seconds since 1970-01-01T00:00:00Z (fractions are dropped).
    public var secondsSince1970: Int
    /// The zone's offset from UTC at this instant, in seconds (east positive).
    public var utcOffsetSeconds: Int

    public init(secondsSince1970: Int, utcOffsetSeconds: Int) {
        self.secondsSince1970 = secondsSince1970
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// The instant `date` as seen in `zone`.
    public init(_ date: Date, in zone: TimeZone) {
        let seconds = date.timeIntervalSince1970
        let whole = seconds.isFinite ? Int(max(-62_135_596_800, min(253_402_300_799, seconds.rounded(.down)))) : 0
        self.init(secondsSince1970: whole,
                  utcOffsetSeconds: zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(whole))))
    }

    public var date: Date { Date(timeIntervalSince1970: TimeInterval(secondsSince1970)) }

    /// Seconds since 1970 of the local wall-clock reading.
    private var localSeconds: Int { secondsSince1970 + utcOffsetSeconds }

    /// The local calendar day.
    public var localDate: DigestDate {
        let civil = CivilCalendar.civil(dayNumber: Self.floorDiv(localSeconds, 86_400))
        return DigestDate(year: civil.year, month: civil.month, day: civil.day)
            ?? DigestDate(year: 1970, month: 1, day: 1)!
    }

    /// "14:05" in local time.
    public var clock: String {
        let secondOfDay = localSeconds - Self.floorDiv(localSeconds, 86_400) * 86_400
        return CivilCalendar.pad(secondOfDay / 3600, 2) + ":" + CivilCalendar.pad(secondOfDay % 3600 / 60, 2)
    }

    /// "UTC", "UTC+1", "UTC-4", "UTC+5:30".
    public var offsetName: String {
        if utcOffsetSeconds == 0 { return "UTC" }
        let sign = utcOffsetSeconds < 0 ? "-" : "+"
        let minutes = abs(utcOffsetSeconds) / 60
        return "UTC" + sign + String(minutes / 60) + (minutes % 60 == 0 ? "" : ":" + CivilCalendar.pad(minutes % 60, 2))
    }

    /// "Sun 25 Oct", the short local day for times that fall outside the digest's own day.
    public var shortDay: String {
        let local = localDate
        let weekday = CivilCalendar.weekdayNames[CivilCalendar.weekday(dayNumber: local.dayNumber)].prefix(3)
        return "\(weekday) \(local.day) " + CivilCalendar.monthNames[local.month - 1].prefix(3)
    }

    /// RFC 3339 with the zone's offset, e.g. "2026-10-25T01:30:00+01:00".
    public var rfc3339: String {
        let secondOfDay = localSeconds - Self.floorDiv(localSeconds, 86_400) * 86_400
        let offsetMinutes = abs(utcOffsetSeconds) / 60
        return localDate.description + "T" + CivilCalendar.pad(secondOfDay / 3600, 2) + ":"
            + CivilCalendar.pad(secondOfDay % 3600 / 60, 2) + ":" + CivilCalendar.pad(secondOfDay % 60, 2)
            + (utcOffsetSeconds < 0 ? "-" : "+") + CivilCalendar.pad(offsetMinutes / 60, 2) + ":"
            + CivilCalendar.pad(offsetMinutes % 60, 2)
    }

    public var description: String { rfc3339 }

    /// Parses what `rfc3339` writes (and "Z" for a zero offset; fractions are dropped).
    public init?(rfc3339 text: String) {
        let bytes = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[from..<(from + count)] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard bytes.count >= 20, bytes[4] == 45, bytes[7] == 45, bytes[10] == 84 || bytes[10] == 116,
              bytes[13] == 58, bytes[16] == 58,
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              let civil = DigestDate(year: year, month: month, day: day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        if index < bytes.count, bytes[index] == 46 {
            index += 1
            let start = index
            while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
            guard index > start else { return nil }
        }
        let offset: Int
        if index + 1 == bytes.count, bytes[index] == 90 || bytes[index] == 122 {
            offset = 0
        } else if index + 6 == bytes.count, bytes[index] == 43 || bytes[index] == 45, bytes[index + 3] == 58,
                  let hours = number(index + 1, 2), let minutes = number(index + 4, 2), hours < 24, minutes < 60 {
            offset = (bytes[index] == 45 ? -1 : 1) * (hours * 3600 + minutes * 60)
        } else {
            return nil
        }
        let local = civil.dayNumber * 86_400 + hour * 3600 + minute * 60 + min(second, 59)
        self.init(secondsSince1970: local - offset, utcOffsetSeconds: offset)
    }

    public static func < (lhs: DigestTime, rhs: DigestTime) -> Bool {
        lhs.secondsSince1970 < rhs.secondsSince1970
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let time = DigestTime(rfc3339: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an RFC 3339 time: \(text)")
        }
        self = time
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rfc3339)
    }

    static func floorDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }
}
