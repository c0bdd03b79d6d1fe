import Foundation
import Testing
@testable import FetchPolicy

/// Header values found by `make fuzz` (scripts/fuzz.sh, target FuzzHeaders) that once went wrong,
/// kept so they never do again.
@Suite struct FuzzRegressionTests {
    let now = Date(timeIntervalSince1970: 1_796_400_000)

    /// A Retry-After holding an emoji made DateFormatter leak on every response (AddressSanitizer
    /// found it); the same formatter also read digits the HTTP grammar does not allow. Dates are
    /// ASCII, and anything else is no date.
    @Test func httpDatesAreASCIIOnly() {
        #expect(HTTPHeaderValues.httpDate("Fri, 04 Dec 2026 18:30:00 GMT") == Date(timeIntervalSince1970: 1_796_409_000))
        for value in ["Fri, ０４ Dec ２０２６ 18:30:00 GMT", "Fri, 04 Dec ٢٠٢٦ 18:30:00 GMT",
                      "Fri, 04 Dec 2026 18:30:00 GMT😀", "😀"] {
            #expect(HTTPHeaderValues.httpDate(value) == nil, "\(value)")
            #expect(HTTPHeaderValues.retryAfter(value, now: now) == nil, "Retry-After: \(value)")
        }
        #expect(HTTPHeaderValues.retryAfter("Fri, 04 Dec 2026 18:30:00 GMT", now: now) == 9000)
    }
}
