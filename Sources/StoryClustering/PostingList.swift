/// The item serials filed under one LSH band key or lead shingle, oldest first.
///
/// Nearly every band key belongs to one item only (that is what makes LSH selective), so a
/// single serial is stored inline: an array per key would be one allocation per band of
/// every item, on arrival and again on expiry. Saved as a plain array of serials.
enum PostingList: Sendable, Codable, Equatable {
    case one(Int64)
    case many([Int64])

    init(_ serial: Int64) { self = .one(serial) }

    mutating func append(_ serial: Int64) {
        switch self {
        case .one(let first): self = .many([first, serial])
        case .many(var list):
            self = .one(0)  // releases the array, so that the append below does not copy it
            list.append(serial)
            self = .many(list)
        }
    }

    /// Calls `body` for the newest `limit` serials, oldest of them first.
    func forEachNewest(_ limit: Int, _ body: (Int64) -> Void) {
        switch self {
        case .one(let serial): body(serial)
        case .many(let list): for serial in list.suffix(limit) { body(serial) }
        }
    }

    /// Removes `serial`; returns false when the list is then empty.
    mutating func remove(_ serial: Int64) -> Bool {
        switch self {
        case .one(let only): return only != serial
        case .many(var list):
            guard let index = list.firstIndex(of: serial) else { return true }
            self = .one(0)
            list.remove(at: index)
            if list.count == 1 { self = .one(list[0]) } else { self = .many(list) }
            return !list.isEmpty
        }
    }

    var serials: [Int64] {
        switch self {
        case .one(let serial): return [serial]
        case .many(let list): return list
        }
    }

    init(from decoder: Decoder) throws {
        let list = try decoder.singleValueContainer().decode([Int64].self)
        guard let first = list.first else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "empty posting list"))
        }
        self = list.count == 1 ? .one(first) : .many(list)
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(serials)
    }
}
