import Testing
@testable import FeedParser

/// Dates as feeds write them, normalised to UTC; anything doubtful is nil, never a guess.
@Suite struct DateParsingTests {
    @Test(arguments: [
        ("Thu, 26 Nov 2026 18:30:00 +0000", "2026-11-26T18:30:00Z"),
        ("Thu, 26 Nov 2026 13:30:00 EST", "2026-11-26T18:30:00Z"),
        ("Thu,26 Nov 2026 18:30 GMT", "2026-11-26T18:30:00Z"),
        ("26 Nov 26 18:30:00 +0100", "2026-11-26T17:30:00Z"),
        ("Thursday, 26 November 2026", "2026-11-26T00:00:00Z"),
        ("Thu Nov 26 2026 19:30:00 GMT+0100 (Central European Standard Time)", "2026-11-26T18:30:00Z"),
        ("2026-11-26T18:30:00.123+05:30", "2026-11-26T13:00:00Z"),
        ("2026-11-26 18:30:00", "2026-11-26T18:30:00Z"),
        ("2026-11", "2026-11-01T00:00:00Z"),
        ("20261126", "2026-11-26T00:00:00Z"),
        ("2026/11/26 18:30:00 PT", "2026-11-27T02:30:00Z"),
    ])
    func parses(raw: String, expected: String) {
        #expect(FeedDateParser.parse(raw)?.description == expected)
    }

    @Test(arguments: ["", "yesterday", "Thu, 31 Nov 2026 10:00:00 GMT", "2026-11-26T25:00:00Z",
                      "Thu, 26 Nov 2026 10:00:00 +0099", "2026-11-26T10:00:00Zjunk", "10000-01-01"])
    func rejects(raw: String) {
        #expect(FeedDateParser.parse(raw) == nil)
    }

    /// The one-pass reader of the common RSS form must agree with the general reader wherever it
    /// answers, and leave everything else to it.
    @Test func commonFormFastPathAgreesWithTheGeneralReader() {
        let taken = ["Thu, 26 Nov 2026 18:30:00 +0000", "26 Nov 2026 18:30:00 GMT", "Sat, 29 Feb 2028 23:59:59 -0830",
                     "thu, 5 NOV 2026 01:02:03 UTC", "Thu, 26 Nov 2026 18:30:00 Z"]
        for raw in taken {
            let fast = FeedDateParser.parseCanonicalRFC822(Array(raw.utf8))
            #expect(fast != nil, "\(raw) should take the fast path")
            #expect(fast == FeedDateParser.parseRFC822(raw), "\(raw)")
        }
        let left = ["Thu, 26 Nov 2026 13:30:00 EST", "Thu,26 Nov 2026 18:30 GMT", "Thu, 31 Feb 2026 10:00:00 +0000",
                    "Thu, 26 Nov 2026 24:00:00 +0000", "Thu, 26 Nov 2026 10:00:00 +0099", "Thu, 26 Nov 2026 10:00:00 +2500",
                    "Thu, 26 Nov 26 18:30:00 +0000", "Thu, 26 Nov 2026 18:30:00 GMT (London)", "Thx, 26 Nov 2026 18:30:00 GMT"]
        for raw in left {
            #expect(FeedDateParser.parseCanonicalRFC822(Array(raw.utf8)) == nil, "\(raw) is not the common form")
        }
    }
}
