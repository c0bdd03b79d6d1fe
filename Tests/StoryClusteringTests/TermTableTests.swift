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
            func clear(_ value: inout Int?) { value = nil }
            switch next() % 6 {
            case 0, 1:
                table[key] = step; model[key] = step
            case 2:
                #expect(table.removeValue(forKey: key) == model.removeValue(forKey: key))
            case 3:
                // In place through the optional subscript; nothing happens to an absent key.
                table[key]? += 10; model[key]? += 10
            case 4:
                // Removal through an inout access (the in-place path) closes the probe run.
                clear(&table[key]); model[key] = nil
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

/// LSH posting lists store a single serial inline; they must still behave as the arrays they
/// replaced, and save as arrays.
@Suite struct PostingListTests {
    @Test func behavesLikeAnArrayOfSerials() {
        var lists: [PostingList?] = Array(repeating: nil, count: 16)
        var model: [[Int64]] = Array(repeating: [], count: 16)
        var state: UInt64 = 3
        for serial in Int64(1)...5_000 {
            state = TermHash.mix(state)
            let k = Int(state % 16)
            if state % 3 == 0, let victim = model[k].first {
                // Expiry takes the oldest; now and then a serial from the middle.
                let gone = state % 9 == 0 ? model[k][model[k].count / 2] : victim
                model[k].remove(at: model[k].firstIndex(of: gone)!)
                if lists[k]!.remove(gone) == false { lists[k] = nil }
            } else {
                if lists[k] == nil { lists[k] = PostingList(serial) } else { lists[k]!.append(serial) }
                model[k].append(serial)
            }
            #expect((lists[k]?.serials ?? []) == model[k])
            var newest: [Int64] = []
            lists[k]?.forEachNewest(4) { newest.append($0) }
            #expect(newest == Array(model[k].suffix(4)))
        }
    }

    @Test func savesAsAnArray() throws {
        let saved: [UInt64: [Int64]] = [9: [4], 12: [1, 5, 8]]
        let table = try JSONDecoder().decode(TermTable<PostingList>.self, from: JSONEncoder().encode(saved))
        #expect(table[9] == .one(4) && table[12] == .many([1, 5, 8]))
        #expect(try JSONDecoder().decode([UInt64: [Int64]].self, from: JSONEncoder().encode(table)) == saved)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(PostingList.self, from: Data("[]".utf8)) }
    }

    /// The open stories table saves the `[Int64: StoryCluster]` dictionary it replaced.
    @Test func storyTableSavesAsADictionary() throws {
        var table = StoryTable()
        for serial in Int64(1)...40 { table[serial] = StoryCluster(serial: serial, id: "s\(serial)", time: Double(serial)) }
        table.removeValue(forKey: 7)
        table[8]?.count += 3
        let dictionary = try JSONDecoder().decode([Int64: StoryCluster].self, from: JSONEncoder().encode(table))
        #expect(dictionary.keys.sorted() == table.serials)
        #expect(dictionary[8]?.count == 3 && dictionary[7] == nil && dictionary[40]?.id == "s40")
        let back = try JSONDecoder().decode(StoryTable.self, from: JSONEncoder().encode(dictionary))
        #expect(back.values.map(\.id) == table.values.map(\.id))
    }
}
