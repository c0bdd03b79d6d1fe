/// Document frequencies over a sliding time window, for incremental IDF.
///
/// Each item adds its distinct terms once; when it leaves the window they are taken away
/// again. Terms whose frequency drops to zero are removed, so memory follows the window,
/// not the history.
public struct TermWindow: Sendable, Codable {
    public internal(set) var documents: Int = 0
    var frequencies = TermTable<Int32>()

    public init() {}

    public mutating func add(_ terms: [UInt64]) {
        documents += 1
        for t in terms { frequencies[t, default: 0] += 1 }
    }

    public mutating func remove(_ terms: [UInt64]) {
        documents -= 1
        for t in terms {
            if let f = frequencies[t] {
                if f <= 1 { frequencies.removeValue(forKey: t) } else { frequencies[t] = f - 1 }
            }
        }
    }

    public func frequency(_ term: UInt64) -> Int { Int(frequencies[term] ?? 0) }

    /// The IDF of a term not seen in the window: the largest there is.
    public var unseenIDF: Float { logf(Float(documents + 2)) + 1 }

    /// Smoothed inverse document frequency; an unseen term gets the largest value.
    @inline(__always)
    public func idf(_ term: UInt64) -> Float {
        let n = Float(documents + 1)
        let df = Float(frequencies[term] ?? 0)
        return logf((n + 1) / (df + 1)) + 1
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
