import Testing
@testable import StoryClustering

/// Inputs the fuzzer (FuzzClusterInput) found, kept so they never come back.
@Suite struct CanonicalURLFuzzRegressionTests {
    @Test func aPathThatIsOnlyAnAMPMarkerDoesNotTrap() {
        // The suffix "/amp/" was cut, then the prefix "/amp/" from what was left: a trap.
        #expect(CanonicalURL.key("https://harbour.example/amp/") == "harbour.example")
        #expect(CanonicalURL.key("https://harbour.example/AMP/") == "harbour.example")
        #expect(CanonicalURL.key("https://harbour.example/amp/strike") == "harbour.example/strike")
        #expect(CanonicalURL.key("https://harbour.example/strike/amp") == "harbour.example/strike")
    }

    @Test func pathsWhoseCaseChangesTheirLengthAreCutByBytes() {
        // "İ" lower-cases to two scalars: counts from a lower-cased copy would cut the wrong place.
        #expect(CanonicalURL.key("https://harbour.example/İİİ/index.html") == "harbour.example/İİİ")
        #expect(CanonicalURL.key("https://harbour.example/amp/İ") == "harbour.example/İ")
    }
}
