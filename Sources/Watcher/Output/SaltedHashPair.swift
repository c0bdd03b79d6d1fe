/// A value by two independently salted 64-bit hashes: equal values give equal pairs, and two
/// different ones share a pair with a chance of about 2^-128. The daemon's caches key what they
/// keep by such a pair rather than keeping the value itself (a story's input, an entry's JSON)
/// a second time. `Hasher` is seeded per process, so a pair never leaves the process.
struct SaltedHashPair: Hashable, Sendable {
    var a: Int
    var b: Int

    /// The pair of what `combine` feeds a hasher, under two salts of the caller's own.
    init(salts: (UInt64, UInt64), _ combine: (inout Hasher) -> Void) {
        var first = Hasher()
        first.combine(salts.0)
        combine(&first)
        var second = Hasher()
        second.combine(salts.1)
        combine(&second)
        a = first.finalize()
        b = second.finalize()
    }

    /// A pair as read back from where this process wrote it (`DigestDayLedger`).
    init(a: Int, b: Int) {
        self.a = a
        self.b = b
    }
}
