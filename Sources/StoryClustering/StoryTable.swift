/// The open stories by serial.
///
/// Every item scores up to two dozen candidate stories; a `Dictionary` hands each one out
/// by moving it (centroids, members) out of its storage and back. This table is a
/// `TermTable` (serials are distinct small integers, good enough as their own hash) whose
/// subscript mutates a story where it lies. It is saved as the `[Int64: StoryCluster]`
/// dictionary earlier versions wrote, so saved state loads either way.
struct StoryTable: Sendable, Codable {
    private var table = TermTable<StoryCluster>()

    init() {}

    var count: Int { table.count }

    subscript(serial: Int64) -> StoryCluster? {
        get { table[UInt64(bitPattern: serial)] }
        set { table[UInt64(bitPattern: serial)] = newValue }
        _modify { yield &table[UInt64(bitPattern: serial)] }
    }

    @discardableResult
    mutating func removeValue(forKey serial: Int64) -> StoryCluster? {
        table.removeValue(forKey: UInt64(bitPattern: serial))
    }

    /// Every open story's serial, oldest first.
    var serials: [Int64] { table.keysInSlotOrder.map { Int64(bitPattern: $0) }.sorted() }

    /// Every open story, oldest first.
    var values: [StoryCluster] { serials.map { self[$0]! } }

    init(from decoder: Decoder) throws {
        let dictionary = try [Int64: StoryCluster](from: decoder)
        for serial in dictionary.keys.sorted() { self[serial] = dictionary[serial]! }
    }

    func encode(to encoder: Encoder) throws {
        var dictionary: [Int64: StoryCluster] = [:]
        dictionary.reserveCapacity(count)
        table.forEach { dictionary[Int64(bitPattern: $0)] = $1 }
        try dictionary.encode(to: encoder)
    }
}
