import Foundation
import Testing
@testable import StoryClustering

/// The clusterer's own hash table must behave exactly like the `Dictionary` it replaced.
@Suite struct TermTableTests {
    /// Random inserts, updates and removals, checked against a Dictionary after every step;
    /// keys share their low bits (long probe runs) and include 0.
    @Test func behavesLikeADictionary() {
        var table = TermTable<Int>()
        var model: [UInt64: Int] = [:]
        var state: UInt64 = 42
        func next() -> UInt64 { state = TermHash.mix(state); return state }
        for step in 0..<20_000 {
            let key: UInt64 = step % 97 == 0 ? 0 : (next() % 512) << 20 | (next() % 3)
            switch next() % 4 {
            case 0, 1:
                table[key] = step; model[key] = step
            case 2:
                #expect(table.removeValue(forKey: key) == model.removeValue(forKey: key))
            default:
                table[key, default: 0] += 1; model[key, default: 0] += 1
            }
            #expect(table.count == model.count)
            #expect(table[key] == model[key])
        }
        for (key, value) in model { #expect(table[key] == value) }
        #expect(Dictionary(uniqueKeysWithValues: table.entries.map { ($0.key, $0.value) }) == model)
    }

    @Test func appendingThroughTheDefaultSubscriptKeepsEverything() {
        var postings = TermTable<[Int64]>()
        for serial in 0..<1_000 { postings[UInt64(serial % 7) + 1, default: []].append(Int64(serial)) }
        #expect(postings.count == 7)
        #expect(postings[1]?.count == 143)
        #expect(postings[3]?.first == 2)
    }

    /// Saved state written before the table existed (a plain dictionary) reads back, and the
    /// table writes the same shape.
    @Test func encodesAsTheDictionaryItReplaced() throws {
        let dictionary: [UInt64: Float] = [7: 1.5, 0: 2, UInt64.max: 3, 1 << 40: 4]
        let table = try JSONDecoder().decode(TermTable<Float>.self, from: JSONEncoder().encode(dictionary))
        #expect(table.count == 4 && table[0] == 2 && table[UInt64.max] == 3 && table[1 << 40] == 4)
        let back = try JSONDecoder().decode([UInt64: Float].self, from: JSONEncoder().encode(table))
        #expect(back == dictionary)
    }

    /// A clusterer saved mid-stream and restored keeps expiring stories as the one that ran on:
    /// the expiry queue is rebuilt, not saved.
    @Test func restoredClustererExpiresLikeTheOriginal() throws {
        func item(_ day: Int, _ n: Int) -> NewsItem {
            NewsFixtures.item("d\(day)-\(n)", "Src\(n % 5)", "Event \(day * 100 + n) happens in town \(n)",
                              "Something numbered \(day * 100 + n) happened today in place \(n).",
                              hours: Double(day * 24) + Double(n) * 0.5)
        }
        var original = StoryClusterer()
        for day in 0..<5 { for n in 0..<30 { _ = original.add(item(day, n)) } }
        var restored = try JSONDecoder().decode(StoryClusterer.self, from: JSONEncoder().encode(original))
        for day in 5..<10 {
            for n in 0..<30 {
                let a = original.add(item(day, n)), b = restored.add(item(day, n))
                #expect(a.story == b.story && a.reason.description == b.reason.description)
            }
            #expect(original.openStoryCount == restored.openStoryCount)
        }
        #expect(original.openStoryCount <= 30 * 4)
    }
}

@Suite struct StoryExpiryQueueTests {
    @Test func oldestComesFirstWhateverThePushOrder() {
        var queue = StoryExpiryQueue()
        var state: UInt64 = 7
        var pushed: [(Double, Int64)] = []
        for serial in 0..<500 {
            state = TermHash.mix(state)
            let time = Double(state % 1_000)
            queue.push(time, Int64(serial))
            pushed.append((time, Int64(serial)))
        }
        var popped: [(Double, Int64)] = []
        while let oldest = queue.oldest { popped.append((oldest.time, oldest.serial)); queue.removeOldest() }
        let expected = pushed.sorted { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        #expect(popped.map(\.0) == expected.map(\.0))
        #expect(popped.map(\.1) == expected.map(\.1))
    }
}
