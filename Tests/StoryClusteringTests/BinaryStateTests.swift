import FeedwatchTesting
import Foundation
import Testing
@testable import StoryClustering

/// The clusterer's checkpoint form: a restored clusterer is the one that was saved (same saved
/// fields, same decisions on what comes next), it is much smaller than the JSON form, and
/// damaged bytes are an error, never a crash.
@Suite struct BinaryStateTests {
    /// A stream with every part of the state in use: stories with several outlets, wire copies
    /// (the near-duplicate index), developing stories, GUIDs and URLs, boilerplate lines.
    static let stream: [NewsItem] = {
        var items = NewsFixtures.background + NewsFixtures.rateRise + NewsFixtures.phoneCall + NewsFixtures.summit
            + NewsFixtures.earnings
        let footer = "\nShare this article\nCopyright Harbour Wire. All rights reserved."
        for n in 0..<12 {
            let body = "Dock workers at Port Velmar walked out on shift \(n % 3) over a pay offer of 4.\(n)% "
                + "that the union called an insult to a workforce of 2,400." + footer
            items.append(NewsItem(id: "port-\(n)", source: "Outlet \(n % 5)", title: "Port Velmar dock strike enters day \(n % 3 + 1)",
                                  text: body, published: NewsFixtures.at(Double(n) * 5), url: "https://outlet\(n % 5).example/port/\(n)",
                                  guid: "outlet\(n % 5)-port-\(n % 6)"))
        }
        return items.sorted { ($0.published ?? 0, $0.id) < ($1.published ?? 0, $1.id) }
    }()

    static func json(_ clusterer: StoryClusterer) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(clusterer), as: UTF8.self)
    }

    @Test func aRestoredClustererIsTheSavedOneAndDecidesAsItWould() throws {
        let cut = Self.stream.count * 2 / 3
        var original = StoryClusterer()
        for item in Self.stream.prefix(cut) { _ = original.add(item) }
        #expect(original.openStoryCount > 5 && original.windowItemCount == cut)
        var restored = try StoryClusterer(binaryState: original.binaryState())
        Self.expectSame(restored, original)
        for item in Self.stream.dropFirst(cut) {
            let a = original.add(item), b = restored.add(item)
            #expect(a.story == b.story && a.reason.description == b.reason.description, "\(item.id)")
            #expect(a.isNearDuplicate == b.isNearDuplicate && a.developingFrom == b.developingFrom)
        }
        #expect(restored.openStoryCount == original.openStoryCount && restored.windowItemCount == original.windowItemCount)
    }

    /// Every saved field came back: the binary forms are equal (tables in key order), and so is
    /// the length of the JSON forms, whose tables list their entries in an order that depends on
    /// how each table grew (a field the binary form left out would be missing from the JSON).
    static func expectSame(_ a: StoryClusterer, _ b: StoryClusterer, sourceLocation: SourceLocation = #_sourceLocation) {
        let same = a.binaryState() == b.binaryState()
        #expect(same, sourceLocation: sourceLocation)
        #expect((try? json(a).utf8.count) == (try? json(b).utf8.count), sourceLocation: sourceLocation)
        #expect(a.openStoryCount == b.openStoryCount && a.windowItemCount == b.windowItemCount, sourceLocation: sourceLocation)
    }

    /// The parts a checkpoint is stored in as it is encoded are the state cut at value
    /// boundaries near the part size: joined, they are the state whole and restore the same
    /// clusterer. An error from the store stops the parts and reaches the caller.
    @Test func theStateInPartsJoinsToTheWholeState() throws {
        var clusterer = StoryClusterer()
        for item in Self.stream { _ = clusterer.add(item) }
        let whole = clusterer.binaryState()
        for partBytes in [1, 97, 4_096, whole.count - 1, whole.count, 1 << 20] {
            var parts: [[UInt8]] = []
            try clusterer.binaryState(partBytes: partBytes) { parts.append($0) }
            #expect(Array(parts.joined()) == whole, "part size \(partBytes)")
            #expect(parts.count <= max(1, (whole.count + partBytes - 1) / partBytes), "part size \(partBytes): \(parts.count) parts")
            // Every part but the last reached the size, and went past it by less than one value
            // (the longest here is a body of text).
            for part in parts.dropLast() { #expect(part.count >= partBytes && part.count < partBytes + 1_024, "\(part.count) bytes") }
            Self.expectSame(try StoryClusterer(binaryState: Array(parts.joined())), clusterer)
        }
        var emptyParts = 0
        try StoryClusterer().binaryState(partBytes: 64) { _ in emptyParts += 1 }
        #expect(emptyParts == 1)
        struct DiskFull: Error {}
        var handed = 0
        #expect(throws: DiskFull.self) {
            try clusterer.binaryState(partBytes: 512) { _ in
                handed += 1
                if handed == 3 { throw DiskFull() }
            }
        }
        #expect(handed == 3)
    }

    @Test func anEmptyClustererRoundTrips() throws {
        let empty = StoryClusterer()
        Self.expectSame(try StoryClusterer(binaryState: empty.binaryState()), empty)
    }

    @Test func theBinaryFormIsAFractionOfTheJSON() throws {
        var clusterer = StoryClusterer()
        for item in Self.stream { _ = clusterer.add(item) }
        let binary = clusterer.binaryState().count
        let json = try JSONEncoder().encode(clusterer).count
        #expect(binary * 2 < json, "binary \(binary) bytes, JSON \(json)")
        #expect(StoryClusterer.isBinaryState(clusterer.binaryState()))
        #expect(!StoryClusterer.isBinaryState(try JSONEncoder().encode(clusterer)))
    }

    /// Every truncation, and bytes changed here and there, throw or give some state: never a trap,
    /// never an allocation the bytes cannot back.
    @Test func damagedBytesAreAnErrorNotACrash() throws {
        var clusterer = StoryClusterer()
        for item in Self.stream.prefix(30) { _ = clusterer.add(item) }
        let bytes = clusterer.binaryState()
        for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 400)) {
            #expect(throws: BinaryStateReader.Damaged.self) { try StoryClusterer(binaryState: Array(bytes.prefix(length))) }
        }
        var rng = SplitMix64(seed: 11)
        for _ in 0..<300 {
            var damaged = bytes
            for _ in 0..<3 {
                let at = Int(rng.next() % UInt64(damaged.count - 8)) + 8
                damaged[at] = UInt8(truncatingIfNeeded: rng.next())
            }
            _ = try? StoryClusterer(binaryState: damaged)
        }
        // A huge length in front of a short tail is refused before anything is allocated.
        var lying = Array(bytes.prefix(8 + 8 + 2 + 2))
        lying += [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]
        #expect(throws: BinaryStateReader.Damaged.self) { try StoryClusterer(binaryState: lying) }
    }

    @Test func anotherVersionIsRefused() throws {
        var bytes = StoryClusterer().binaryState()
        bytes[7] = StoryClusterer.binaryStateVersion &+ 1
        #expect(throws: BinaryStateReader.Damaged.self) { try StoryClusterer(binaryState: bytes) }
    }

    @Test func varintsAndZigzagRoundTripAtTheirEdges() throws {
        var w = BinaryStateWriter()
        let unsigned: [UInt64] = [0, 1, 127, 128, 16_383, 16_384, UInt64(UInt32.max), UInt64.max - 1, UInt64.max]
        let signed: [Int64] = [0, -1, 1, 63, -64, 64, -65, Int64.max, Int64.min]
        for value in unsigned { w.write(value) }
        for value in signed { w.write(value) }
        w.write(Double.nan)
        w.write(-Double.greatestFiniteMagnitude)
        w.write(Float(-0.0))
        var r = BinaryStateReader(w.bytes)
        for value in unsigned { #expect(try r.uint64() == value) }
        for value in signed { #expect(try r.int64() == value) }
        #expect(try r.double().isNaN)
        #expect(try r.double() == -Double.greatestFiniteMagnitude)
        #expect(try r.float().bitPattern == Float(-0.0).bitPattern)
        #expect(r.isAtEnd)
        // An eleventh varint byte, or a tenth above 1, is too long for 64 bits.
        var long = BinaryStateReader([UInt8](repeating: 0xFF, count: 9) + [0x02])
        #expect(throws: BinaryStateReader.Damaged.self) { try long.uint64() }
    }
}
