import Digest
import Foundation
import StoryClustering

/// How the values the digest caches keep are written in `DigestDayLedger`'s BLOB columns: the
/// clusterer's binary form (`BinaryStateWriter`: varints and length-prefixed texts), read back
/// with every length checked, so a row that does not read is nothing kept, never a trap.
/// A ledger value that does not read back as written.
struct LedgerRowUnreadable: Error {}

extension SaltedHashPair {
    var ledgerBytes: Data {
        var writer = BinaryStateWriter(reservingCapacity: 20)
        writer.write(a)
        writer.write(b)
        return Data(writer.bytes)
    }

    init?(ledgerBytes: Data) {
        var reader = BinaryStateReader([UInt8](ledgerBytes))
        guard let a = try? reader.int(), let b = try? reader.int(), reader.isAtEnd else { return nil }
        self.init(a: a, b: b)
    }
}

extension DigestFragmentSpill.Ref {
    func write(to writer: inout BinaryStateWriter) {
        writer.write(offset)
        writer.write(textBytes)
        writer.write(pieceCount)
        writer.write(fingerprint)
        writer.write(generation)
        writer.write(UInt32(trailingBlankLines))
    }

    init(from reader: inout BinaryStateReader) throws {
        let offset = try reader.uint64(), textBytes = try reader.uint32(), pieceCount = try reader.uint32()
        let fingerprint = try reader.uint64(), generation = try reader.uint32()
        guard let blankLines = UInt16(exactly: try reader.uint32()) else { throw LedgerRowUnreadable() }
        self.init(offset: offset, textBytes: textBytes, pieceCount: pieceCount, fingerprint: fingerprint,
                  generation: generation, trailingBlankLines: blankLines)
    }

    var ledgerBytes: Data {
        var writer = BinaryStateWriter(reservingCapacity: 32)
        write(to: &writer)
        return Data(writer.bytes)
    }

    init?(ledgerBytes: Data) {
        var reader = BinaryStateReader([UInt8](ledgerBytes))
        guard let ref = try? Self(from: &reader), reader.isAtEnd else { return nil }
        self = ref
    }
}

extension DigestStoryCache.KeptFragment {
    /// A place in the spill file, or (without one) the fragment itself.
    var ledgerBytes: Data {
        var writer = BinaryStateWriter()
        switch self {
        case .spilled(let ref):
            writer.write(UInt32(0))
            ref.write(to: &writer)
        case .inMemory(let fragment):
            writer.write(UInt32(1))
            writer.write(fragment.pieces) { $0.write($1) }
            writer.write(fragment.trailingBlankLines)
            writer.write(fragment.fingerprint)
        }
        return Data(writer.bytes)
    }

    init?(ledgerBytes: Data) {
        var reader = BinaryStateReader([UInt8](ledgerBytes))
        do {
            switch try reader.uint32() {
            case 0:
                self = .spilled(try DigestFragmentSpill.Ref(from: &reader))
            case 1:
                let pieces = try reader.array { try $0.string() }
                let blankLines = try reader.int()
                let fingerprint = try reader.uint64()
                guard (0...1_000).contains(blankLines) else { return nil }
                self = .inMemory(DigestStoryFragment(pieces: pieces, trailingBlankLines: blankLines, fingerprint: fingerprint))
            default:
                return nil
            }
        } catch {
            return nil
        }
        guard reader.isAtEnd else { return nil }
    }
}

extension DigestStoryCache {
    /// A story's header (`header(of:sharing:)`) with the numbers of its outlets.
    static func headerBytes(_ story: DigestStory, outlets: [UInt32]) -> Data {
        var writer = BinaryStateWriter(reservingCapacity: 160)
        writer.write(outlets)
        writer.write(story.id)
        writer.write(story.headline)
        writer.write(story.anchor)
        writer.write(story.label)
        writer.write(story.tags) { $0.write($1) }
        for time in [story.firstSeen, story.latest] {
            writer.write(time.secondsSince1970)
            writer.write(time.utcOffsetSeconds)
        }
        writer.write(story.sourceCount)
        return Data(writer.bytes)
    }

    /// The outlets' numbers `headerBytes` wrote first, without reading the rest.
    static func outlets(ledgerBytes: Data) -> [UInt32]? {
        var reader = BinaryStateReader([UInt8](ledgerBytes))
        return try? reader.uint32s()
    }

    /// What `headerBytes` wrote: the header as a story of rank 0, and its outlets' numbers.
    static func header(ledgerBytes: Data) -> (story: DigestStory, outlets: [UInt32])? {
        var reader = BinaryStateReader([UInt8](ledgerBytes))
        do {
            let outlets = try reader.uint32s()
            let id = try reader.string(), headline = try reader.string(), anchor = try reader.string()
            let label = try reader.optionalString()
            let tags = try reader.array { try $0.string() }
            var times: [DigestTime] = []
            for _ in 0..<2 { times.append(DigestTime(secondsSince1970: try reader.int(), utcOffsetSeconds: try reader.int())) }
            let sourceCount = try reader.int()
            guard reader.isAtEnd else { return nil }
            let story = DigestStory(rank: 0, id: id, headline: headline, firstSeen: times[0], latest: times[1],
                                    sourceCount: sourceCount, tags: tags, label: label, summary: nil, sources: [],
                                    entities: DigestEntities(people: [], organizations: [], places: []),
                                    quotes: [], figures: [], anchor: anchor, facts: [], developingFrom: nil)
            return (story, outlets)
        } catch {
            return nil
        }
    }
}

extension DigestStoryInputCache {
    /// The outlet name each item a story's reasons mention had.
    static func mentionBytes(_ mentions: [String: String?]) -> Data {
        var writer = BinaryStateWriter()
        writer.write(mentions.sorted { $0.key < $1.key }) { writer, mention in
            writer.write(mention.key)
            writer.write(mention.value)
        }
        return Data(writer.bytes)
    }

    static func mentions(ledgerBytes: Data) -> [String: String?]? {
        var reader = BinaryStateReader([UInt8](ledgerBytes))
        guard let pairs = try? reader.array(minimumBytes: 2, { r -> (String, String?) in (try r.string(), try r.optionalString()) }),
              reader.isAtEnd else { return nil }
        return Dictionary(pairs, uniquingKeysWith: { first, _ in first })
    }
}
