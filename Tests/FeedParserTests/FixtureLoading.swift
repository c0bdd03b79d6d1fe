import Foundation
@testable import FeedParser

/// Reads a fixture written for these tests from the bundle's Fixtures folder.
func fixture(_ name: String) throws -> [UInt8] {
    guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
        throw FixtureMissing(name: name)
    }
    return [UInt8](try Data(contentsOf: url))
}

struct FixtureMissing: Error { let name: String }

func parseFixture(_ name: String, baseURL: String? = nil) throws -> Feed {
    try Feed.parse(try fixture(name), baseURL: baseURL)
}
