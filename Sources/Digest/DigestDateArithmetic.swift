/// Whole-day steps between `DigestDate`s, for windows such as "the last 30 days" and for
/// retention cut-offs, in the proleptic Gregorian calendar (no zone, no clock).
extension DigestDate {
    /// The day `days` later (earlier when negative); nil when that leaves years 1…9999.
    public func advanced(byDays days: Int) -> DigestDate? {
        // Years 1…9999 span fewer than 3.7 million days: anything further is out of range,
        // and checking first keeps the sum from overflowing.
        guard (-4_000_000...4_000_000).contains(days) else { return nil }
        let civil = CivilCalendar.civil(dayNumber: dayNumber + days)
        return DigestDate(year: civil.year, month: civil.month, day: civil.day)
    }

    /// Days from `other` to this day (negative when `other` is later).
    public func days(since other: DigestDate) -> Int {
        dayNumber - other.dayNumber
    }
}
