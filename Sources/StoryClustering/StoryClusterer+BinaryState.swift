/// The clusterer's state in the compact form of `BinaryStateWriter`, for checkpoints.
///
/// The same fields the `Codable` form saves, in the same order it declares them; tables are
/// written in key order and read back in that order, as the `Codable` form does, so a restored
/// state lays out its tables the same way whichever form it came from. Reading is checked
/// throughout (`BinaryStateReader`).
extension StoryClusterer {
    /// The first bytes of a binary checkpoint ("FWSTATE" and a version byte): never the start of
    /// the JSON form, which opens with `{`.
    static let binaryStateMagic: [UInt8] = Array("FWSTATE".utf8) + [binaryStateVersion]
    /// Moves whenever a saved field is added, removed or changes its meaning.
    static let binaryStateVersion: UInt8 = 1

    /// The whole state, binary.
    public func binaryState() -> [UInt8] {
        var w = BinaryStateWriter(reservingCapacity: 1 << 16)
        write(to: &w)
        return w.bytes
    }

    /// The whole state, binary, handed to `emit` in parts of about `partBytes` each (joined,
    /// they are `binaryState()`), each in the same buffer: a checkpoint is stored part by part as
    /// it is encoded, so the encoded state is never held whole. Throws what `emit` threw (no
    /// part follows it).
    public func binaryState(partBytes: Int, emit: ([UInt8]) throws -> Void) throws {
        try withoutActuallyEscaping(emit) { emit in
            var w = BinaryStateWriter(partBytes: partBytes, emit: emit)
            write(to: &w)
            try w.finish()
        }
    }

    private func write(to w: inout BinaryStateWriter) {
        for byte in Self.binaryStateMagic { w.write(UInt64(byte)) }
        w.write(now)
        w.write(nextStorySerial)
        w.write(nextItemSerial)
        stories.write(to: &w)
        w.write(storyIDs.sorted { $0.key < $1.key }) { w, pair in
            w.write(pair.key)
            w.write(pair.value)
        }
        titlePostings.write(to: &w) { w, list in w.write(list) { $0.write($1) } }
        w.write(stalePostings)
        w.write(livePostings)
        terms.write(to: &w)
        boilerplate.write(to: &w)
        nearDuplicates.write(to: &w)
        for index in [urlIndex, guidIndex, titleIndex] {
            w.write(index.sorted { $0.key < $1.key }) { w, pair in
                w.write(pair.key)
                pair.value.write(to: &w)
            }
        }
        w.write(window) { w, record in record.write(to: &w) }
        w.write(windowHead)
        w.write(lastStoryExpiry)
    }

    /// Whether `bytes` are a binary checkpoint (else they are the JSON form).
    public static func isBinaryState(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.starts(with: binaryStateMagic.prefix(7))
    }

    /// The state `binaryState()` wrote; throws when the bytes are damaged or of another version.
    public init(binaryState bytes: [UInt8]) throws {
        var r = BinaryStateReader(bytes)
        for expected in Self.binaryStateMagic {
            let byte = try r.uint64()
            guard byte == UInt64(expected) else {
                throw BinaryStateReader.Damaged(offset: r.position, reason: "not a story state of version \(Self.binaryStateVersion)")
            }
        }
        self.init()
        now = try r.double()
        nextStorySerial = try r.int64()
        nextItemSerial = try r.int64()
        stories = try StoryTable(from: &r)
        let ids = try r.array(minimumBytes: 2) { r in (try r.string(), try r.int64()) }
        storyIDs = Dictionary(ids, uniquingKeysWith: { _, last in last })
        titlePostings = try TermTable(from: &r) { r in try r.array { try $0.int64() } }
        stalePostings = try r.int()
        livePostings = try r.int()
        terms = try TermWindow(from: &r)
        boilerplate = try BoilerplateFilter(from: &r)
        nearDuplicates = try NearDuplicateIndex(from: &r)
        var indexes: [[String: ExactEntry]] = []
        for _ in 0..<3 {
            let pairs = try r.array(minimumBytes: 5) { r in (try r.string(), try ExactEntry(from: &r)) }
            indexes.append(Dictionary(pairs, uniquingKeysWith: { _, last in last }))
        }
        urlIndex = indexes[0]
        guidIndex = indexes[1]
        titleIndex = indexes[2]
        window = try r.array(minimumBytes: 8) { try WindowRecord(from: &$0) }
        windowHead = try r.int()
        lastStoryExpiry = try r.double()
        guard r.isAtEnd else { throw BinaryStateReader.Damaged(offset: r.position, reason: "bytes follow the state") }
        guard (0...window.count).contains(windowHead) else {
            throw BinaryStateReader.Damaged(offset: r.position, reason: "the window's head is outside the window")
        }
    }
}

extension StoryClusterer.ExactEntry {
    func write(to w: inout BinaryStateWriter) {
        w.write(story)
        w.write(itemID)
        w.write(itemSerial)
        w.write(time)
    }

    init(from r: inout BinaryStateReader) throws {
        story = try r.int64()
        itemID = try r.string()
        itemSerial = try r.int64()
        time = try r.double()
    }
}

extension StoryClusterer.WindowRecord {
    func write(to w: inout BinaryStateWriter) {
        w.write(serial)
        w.write(time)
        w.write(terms)
        w.write(url)
        w.write(guid)
        w.write(titleKey)
        w.write(lines) { w, key in key.write(to: &w) }
        w.write(fingerprinted)
    }

    init(from r: inout BinaryStateReader) throws {
        serial = try r.int64()
        time = try r.double()
        terms = try r.uint64s()
        url = try r.optionalString()
        guid = try r.optionalString()
        titleKey = try r.optionalString()
        lines = try r.array(minimumBytes: 2) { try BoilerplateFilter.LineKey(from: &$0) }
        fingerprinted = try r.bool()
    }
}

extension TermTable {
    /// Count, then each (key, value) in key order.
    func write(to w: inout BinaryStateWriter, _ value: (inout BinaryStateWriter, Value) -> Void) {
        var entries: [(key: UInt64, value: Value)] = []
        entries.reserveCapacity(count)
        forEach { entries.append(($0, $1)) }
        entries.sort { $0.key < $1.key }
        w.write(entries) { w, entry in
            w.write(entry.key)
            value(&w, entry.value)
        }
    }

    init(from r: inout BinaryStateReader, _ value: (inout BinaryStateReader) throws -> Value) throws {
        let n = try r.count(minimumBytes: 2)
        self.init(minimumCapacity: n)
        for _ in 0..<n {
            let key = try r.uint64()
            insert(key, try value(&r))
        }
    }
}

extension TermTable where Value == Int32 {
    func write(to w: inout BinaryStateWriter) { write(to: &w) { $0.write($1) } }
    init(from r: inout BinaryStateReader) throws { try self.init(from: &r) { try $0.int32() } }
}

extension SparseVector {
    func write(to w: inout BinaryStateWriter) { weights.write(to: &w) { $0.write($1) } }
    init(from r: inout BinaryStateReader) throws { weights = try TermTable(from: &r) { try $0.float() } }
}

extension PostingList {
    func write(to w: inout BinaryStateWriter) { w.write(serials) { $0.write($1) } }

    init(from r: inout BinaryStateReader) throws {
        let list = try r.array { try $0.int64() }
        guard let first = list.first else { throw BinaryStateReader.Damaged(offset: r.position, reason: "an empty posting list") }
        self = list.count == 1 ? .one(first) : .many(list)
    }
}

extension BodyFingerprint {
    func write(to w: inout BinaryStateWriter) {
        w.write(shingles)
        w.write(lead)
        w.write(signature)
    }

    init(from r: inout BinaryStateReader) throws {
        shingles = try r.uint32s()
        lead = try r.uint32s()
        signature = try r.uint32s()
    }
}

extension StoryCluster.Member {
    func write(to w: inout BinaryStateWriter) {
        w.write(itemID)
        w.write(source)
        w.write(title)
        w.write(titleTerms)
        w.write(isCopy)
        w.write(truncated)
        w.write(time)
    }

    init(from r: inout BinaryStateReader) throws {
        itemID = try r.string()
        source = try r.string()
        title = try r.string()
        titleTerms = try r.uint64s()
        isCopy = try r.bool()
        truncated = try r.bool()
        time = try r.double()
    }
}

extension StoryCluster {
    func write(to w: inout BinaryStateWriter) {
        w.write(serial)
        w.write(id)
        w.write(firstTime)
        w.write(lastTime)
        w.write(count)
        w.write(primaryCount)
        title.write(to: &w)
        w.write(titleCount)
        body.write(to: &w)
        w.write(bodyMembers)
        entities.write(to: &w)
        figures.write(to: &w)
        w.write(names.sorted { $0.key < $1.key }) { w, pair in
            w.write(pair.key)
            w.write(pair.value)
        }
        w.write(outlets.sorted { $0.key < $1.key }) { w, pair in
            w.write(pair.key)
            w.write(pair.value)
        }
        w.write(members) { w, member in member.write(to: &w) }
        w.write(developingFrom)
        w.write(mergedInto)
        w.write(alsoMatched != nil)
        if let alsoMatched {
            w.write(alsoMatched.sorted { $0.key < $1.key }) { w, pair in
                w.write(pair.key)
                w.write(pair.value)
            }
        }
        w.write(titleNorm)
        w.write(bodyNorm)
        w.write(normCount)
        w.write(normTime)
    }

    init(from r: inout BinaryStateReader) throws {
        self.init(serial: try r.int64(), id: try r.string(), time: 0)
        firstTime = try r.double()
        lastTime = try r.double()
        count = try r.int()
        primaryCount = try r.int()
        title = try SparseVector(from: &r)
        titleCount = try r.int()
        body = try SparseVector(from: &r)
        bodyMembers = try r.int()
        entities = try SparseVector(from: &r)
        figures = try SparseVector(from: &r)
        names = Dictionary(try r.array(minimumBytes: 2) { r in (try r.uint64(), try r.string()) }, uniquingKeysWith: { _, last in last })
        outlets = Dictionary(try r.array(minimumBytes: 2) { r in (try r.string(), try r.int()) }, uniquingKeysWith: { _, last in last })
        members = try r.array(minimumBytes: 13) { try Member(from: &$0) }
        developingFrom = try r.optionalString()
        mergedInto = try r.optionalInt64()
        if try r.bool() {
            alsoMatched = Dictionary(try r.array(minimumBytes: 2) { r in (try r.int64(), try r.int()) }, uniquingKeysWith: { _, last in last })
        }
        titleNorm = try r.float()
        bodyNorm = try r.float()
        normCount = try r.int()
        normTime = try r.double()
    }
}

extension StoryTable {
    func write(to w: inout BinaryStateWriter) {
        w.write(serials) { w, serial in
            w.write(serial)
            self[serial]?.write(to: &w)
        }
    }

    init(from r: inout BinaryStateReader) throws {
        self.init()
        let n = try r.count(minimumBytes: 2)
        for _ in 0..<n {
            let serial = try r.int64()
            self[serial] = try StoryCluster(from: &r)
        }
    }
}

extension TermWindow {
    func write(to w: inout BinaryStateWriter) {
        w.write(documents)
        frequencies.write(to: &w)
    }

    init(from r: inout BinaryStateReader) throws {
        self.init()
        documents = try r.int()
        frequencies = try TermTable(from: &r)
    }
}

extension BoilerplateFilter.LineKey {
    func write(to w: inout BinaryStateWriter) {
        w.write(line)
        w.write(bySource)
    }

    init(from r: inout BinaryStateReader) throws {
        line = try r.uint64()
        bySource = try r.uint64()
    }
}

extension BoilerplateFilter {
    func write(to w: inout BinaryStateWriter) {
        perSource.write(to: &w)
        lines.write(to: &w) { w, stat in
            w.write(stat.count)
            w.write(stat.firstStory)
            w.write(stat.otherStories)
        }
    }

    init(from r: inout BinaryStateReader) throws {
        self.init()
        perSource = try TermTable(from: &r)
        lines = try TermTable(from: &r) { r in LineStat(count: try r.int32(), firstStory: try r.int64(), otherStories: try r.int32()) }
    }
}

extension NearDuplicateIndex.Record {
    func write(to w: inout BinaryStateWriter) {
        w.write(itemID)
        w.write(story)
        w.write(time)
        fingerprint.write(to: &w)
    }

    init(from r: inout BinaryStateReader) throws {
        itemID = try r.string()
        story = try r.int64()
        time = try r.double()
        fingerprint = try BodyFingerprint(from: &r)
    }
}

extension NearDuplicateIndex {
    func write(to w: inout BinaryStateWriter) {
        w.write(records.sorted { $0.key < $1.key }) { w, pair in
            w.write(pair.key)
            pair.value.write(to: &w)
        }
        buckets.write(to: &w) { w, list in list.write(to: &w) }
        leads.write(to: &w) { w, list in list.write(to: &w) }
    }

    init(from r: inout BinaryStateReader) throws {
        self.init()
        let pairs = try r.array(minimumBytes: 12) { r in (try r.int64(), try Record(from: &r)) }
        records = Dictionary(pairs, uniquingKeysWith: { _, last in last })
        buckets = try TermTable(from: &r) { try PostingList(from: &$0) }
        leads = try TermTable(from: &r) { try PostingList(from: &$0) }
    }
}
