import Digest
import Foundation
import GRDB
import Storage
import Synchronization

/// The digest stories a long-running daemon has already built, by a fingerprint of what they
/// were built from, and their text in each format.
///
/// Building a story (its sources, summary, quotes and the facts its outlets agree or disagree
/// on) is most of the cost of a digest, and on a busy day the daemon rebuilds the day every
/// cycle while only the stories that gained a source changed. A story is a pure function of its
/// `StoryInput` (and the zone and tag order), so an equal input gets the story built before;
/// only new or changed stories are built again. The cache holds the stories of the day being
/// built (today's, which the daemon rebuilds every cycle), not those of earlier days.
///
/// Rendering the day in three formats is the next cost, so each kept story also keeps its
/// fragments (`DigestStoryFragment`: its text with the rank left out), rendered the first time
/// a day of their `DigestStoryFragment.layoutKey` needs them; the day is then assembled from
/// them, and a story that only moved in the ranking is not rendered again. Given a directory,
/// the fragments are kept in a file there (`DigestFragmentSpill`) rather than in memory, so
/// that the daemon's resident size does not grow with the day's text.
///
/// What is kept of each story is a row of the day's ledger (`DigestDayLedger`, a file beside
/// the spill file): its fragments' places and, once its day is written (`keepStoriesInSpill`),
/// its header (`header(of:sharing:)`: what ranking, the day's groups, figures and contents
/// need) and the place of the story itself, its JSON fragment in the spill file, read back when
/// it must be rendered again (a new layout, a fragment that does not read) or when the feeds
/// show it (`wholeLeadingStories`). A story is held whole in memory only from its build until
/// its day is written. Held in memory, the day's stories were what still made the daemon grow
/// through a day: about 1 KB per item whole, 1.3 KB per story as headers with their keys.
public final class DigestStoryCache: Sendable {
    /// Which renderer a fragment is for.
    enum Format: Hashable, Sendable, CaseIterable {
        case html, markdown, json

        /// Its column in the ledger's `story` table.
        var column: String {
            switch self {
            case .html: "html"
            case .markdown: "markdown"
            case .json: "json"
            }
        }
    }

    /// A kept story as one use of it reads it from the ledger: its header once it is whole in
    /// the spill file (`whole`), and its fragments for `layout`.
    private struct Kept {
        var header: DigestStory?
        var whole: DigestFragmentSpill.Ref?
        var layout: String
        var fragments: [Format: KeptFragment] = [:]

        init(header headerBytes: Data?, whole wholeBytes: Data?, layout: String, fragments bytes: [(Format, Data?)]) {
            whole = wholeBytes.flatMap(DigestFragmentSpill.Ref.init(ledgerBytes:))
            // A header without its whole story's place is nothing kept.
            let parsed = whole == nil ? nil : headerBytes.flatMap(DigestStoryCache.header(ledgerBytes:))
            header = parsed?.story
            self.layout = layout
            for (format, data) in bytes {
                if let data { fragments[format] = KeptFragment(ledgerBytes: data) }
            }
        }
    }

    /// A rendered fragment, in the spill file when it could be written there, else in the ledger.
    enum KeptFragment {
        case inMemory(DigestStoryFragment)
        case spilled(DigestFragmentSpill.Ref)
    }

    private struct State {
        var context: String = ""
        /// Stories of the last build held whole in memory: built since the day was last written
        /// (or all day, without a spill file). The others are headers in the ledger.
        var whole: [StoryKey: DigestStory] = [:]
        /// Stories handed out by `madeStory` for the coming build, kept through it as if built.
        var carried: [(key: StoryKey, id: String)] = []
        /// The headers (and whole story's places) of the day being built, read in one pass by
        /// `beginCarrying(day:)` and let go when the build ends: a build asks for every story.
        var headers: [Data: (header: Data, whole: Data)]?
        var hits = 0
        var builds = 0
        var fragmentsReused = 0
        var fragmentsRendered = 0
        /// Stories read back whole from the spill file, and those that did not read (rendered
        /// from their header; see `takeDamage`).
        var storiesReadBack = 0
        var damaged = false
        /// The outlets headers name by number (emptied with the ledger's stories).
        var shared = HeaderParts()
    }

    /// The outlets (`DigestBuilder.outletKey`) a header names by number: the table grows with the
    /// outlets seen, not with the stories.
    struct HeaderParts {
        private var outletNumbers: [String: UInt32] = [:]
        private(set) var outletKeys: [String] = []

        /// The number of the outlet with `key`, given on first sight.
        mutating func outlet(_ key: String) -> UInt32 {
            if let number = outletNumbers[key] { return number }
            let number = UInt32(truncatingIfNeeded: outletKeys.count)
            outletNumbers[key] = number
            outletKeys.append(key)
            return number
        }
    }

    private let state = Mutex(State())
    /// Where the day's kept stories are: rows of a private SQLite file beside the spill file.
    let ledger: DigestDayLedger
    /// The stories' inputs as made from the store, kept beside the stories built from them.
    public let inputs: DigestStoryInputCache
    /// The readings of the stories' figures: a changed story reads only its new figures.
    public let readings = FactReadingMemo()
    /// Entries' analyses and reasons, decoded once: a changed story decodes only its new entries.
    let decoded = DecodedEntryCache()
    /// Developing stories' links to stories of finished days, made once.
    let developingLinks = DevelopingLinkMemo()
    /// Outlet names of other days' entries that today's reasons mention.
    let outletNames = OutletNameMemo()

    /// A story's input by two independently salted 64-bit hashes: equal inputs get equal keys,
    /// and two different inputs share one with a chance of about 2^-128. Keeping the key rather
    /// than the input keeps the cache from holding the day's text a second time.
    struct StoryKey: Hashable {
        var hashes: SaltedHashPair

        init(_ input: StoryInput) {
            hashes = SaltedHashPair(salts: (0x5EED_0001, 0x5EED_0002)) { $0.combine(input) }
        }

        init(hashes: SaltedHashPair) { self.hashes = hashes }

        var ledgerBytes: Data { hashes.ledgerBytes }
    }

    /// Where the fragments are kept when not in memory (nil: in memory).
    let spill: DigestFragmentSpill?

    /// `spillDirectory`: where to keep the rendered fragments and the day's stories in files of
    /// their own (the daemon's state directory); nil, or a directory where no file can be made,
    /// keeps them in memory.
    public convenience init(spillDirectory: String? = nil) {
        self.init(spill: spillDirectory.flatMap { DigestFragmentSpill(directory: $0) })
    }

    /// The ledger goes beside the spill file; without one, in memory.
    init(spill: DigestFragmentSpill?) {
        self.spill = spill
        ledger = DigestDayLedger(directory: spill?.directory)
        inputs = DigestStoryInputCache(ledger: ledger)
    }

    /// The story made before from an input with `key`, when the cache holds it for `context`,
    /// for `DigestBuilder.build(_:madeBefore:mapStories:readings:)`; the next `mapStories` keeps
    /// it as one of its build's stories. With it, the caller needs no input for that story.
    func madeStory(_ key: StoryKey, context: String) -> DigestStory? {
        state.withLock { s in
            guard s.context == context else { return nil }
            guard let story = s.whole[key] ?? header(key, in: s) else { return nil }
            s.carried.append((key, story.id))
            s.hits += 1
            return story
        }
    }

    /// The header kept for `key` in the ledger, if any: from the build's headers when read.
    private func header(_ key: StoryKey, in s: State) -> DigestStory? {
        headerRow(key, in: s).flatMap { Kept(header: $0.header, whole: $0.whole, layout: "", fragments: []).header }
    }

    /// The header and whole story's place the ledger keeps for `key`: from the build's headers
    /// (`beginCarrying(day:)`) when they were read, else its row.
    private func headerRow(_ key: StoryKey, in s: State) -> (header: Data, whole: Data)? {
        if let headers = s.headers { return headers[key.ledgerBytes] }
        return ledger.read { db in
            try db.row("SELECT header, whole FROM story WHERE key = ? AND header IS NOT NULL AND whole IS NOT NULL",
                       [key.ledgerBytes]).map { row -> (header: Data, whole: Data) in (row[0], row[1]) }
        } ?? nil
    }

    /// Starts a build of `day`: forgets what `madeStory` handed out for a build that did not
    /// happen, and reads the day's headers in one pass (call before the build's first `madeStory`).
    func beginCarrying(day: String) {
        let headers = ledger.read { db -> [Data: (header: Data, whole: Data)] in
            var headers: [Data: (header: Data, whole: Data)] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT key, header, whole FROM story WHERE day = ? AND header IS NOT NULL AND whole IS NOT NULL
                """, arguments: [day])
            while let row = try rows.next() {
                let key: Data = row[0], header: Data = row[1], whole: Data = row[2]
                headers[key] = (header, whole)
            }
            return headers
        }
        state.withLock { s in
            s.carried = []
            s.headers = headers
        }
    }

    /// A `mapStories` for `DigestBuilder.build(_:mapStories:)`: cached stories for unchanged
    /// inputs, `map` (e.g. a parallel map) over the rest. `context` names what else a story
    /// depends on (zone, tag order); a new context empties the cache. `day` is the day built
    /// (its stories are kept until a later day is built). `keys` gives the key of stories by id
    /// where the caller made it with the very input it passes (see
    /// `DigestPublisher.gatherKeyed`); the others are hashed here.
    func mapStories(context: String, day: String = "", map: @escaping ([StoryInput], @escaping @Sendable (StoryInput) -> DigestStory) -> [DigestStory],
                    keys known: [String: StoryKey] = [:])
        -> ([StoryInput], @escaping @Sendable (StoryInput) -> DigestStory) -> [DigestStory] {
        { inputs, make in
            var result = [DigestStory?](repeating: nil, count: inputs.count)
            var missing: [Int] = []
            let keys = inputs.map { known[$0.id] ?? StoryKey($0) }
            self.state.withLock { s in
                if s.context != context {
                    s = State()
                    s.context = context
                    self.ledger.removeStories()
                }
                self.ledger.removeDays(before: day)
                for (k, key) in keys.enumerated() {
                    if let story = s.whole[key] ?? self.header(key, in: s) { result[k] = story } else { missing.append(k) }
                }
                s.hits += inputs.count - missing.count
                s.builds += missing.count
            }
            let built = map(missing.map { inputs[$0] }, make)
            for (k, story) in zip(missing, built) { result[k] = story }
            self.state.withLock { s in
                self.keep(keys: keys, stories: result, built: Set(missing), day: day, in: &s)
            }
            return result.compactMap { $0 }
        }
    }

    /// Notes a build's stories in the ledger: the new ones with their day, and the key each
    /// story id is now under (a story that changed leaves its old row). Whole stories of earlier
    /// builds that this one did not keep are let go.
    private func keep(keys: [StoryKey], stories: [DigestStory?], built: Set<Int>, day: String, in s: inout State) {
        var keyOfID: [String: StoryKey?] = [:]
        var kept = Set<StoryKey>()
        func note(_ key: StoryKey, id: String) {
            keyOfID[id] = keyOfID[id] == nil ? .some(key) : .some(nil)
            kept.insert(key)
        }
        for (k, key) in keys.enumerated() {
            guard let story = stories[k] else { continue }
            note(key, id: story.id)
            if built.contains(k) { s.whole[key] = story }
        }
        for (key, id) in s.carried { note(key, id: id) }
        let keptBytes = Set(kept.map(\.ledgerBytes))
        let latest = ledger.read { db -> [String: Data?] in
            var latest: [String: Data?] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT id, key FROM latest WHERE day = ?", arguments: [day])
            while let row = try rows.next() {
                let id: String = row[0], key: Data? = row[1]
                latest[id] = .some(key)
            }
            return latest
        } ?? [:]
        ledger.change { db in
            for k in built.sorted() {
                try db.run("""
                    INSERT INTO story (key, day) VALUES (?, ?)
                    ON CONFLICT (key) DO UPDATE SET day = excluded.day, header = NULL, whole = NULL
                    """, [keys[k].ledgerBytes, day])
            }
            for (id, key) in keyOfID {
                let now = key?.ledgerBytes
                let before: Data? = latest[id] ?? nil
                if latest[id] != nil, before == now { continue }
                try db.run("INSERT INTO latest (day, id, key) VALUES (?, ?, ?) ON CONFLICT (day, id) DO UPDATE SET key = excluded.key",
                           [day, id, now])
                // The story's earlier form, which no id of the day is under any more.
                if let before, !keptBytes.contains(before) { try db.run("DELETE FROM story WHERE key = ?", [before]) }
            }
        }
        s.whole = s.whole.filter { kept.contains($0.key) }
        s.carried = []
        s.headers = nil
    }

    /// The fragments of `day`'s stories in `format`, in the order of `day.stories`: kept ones for
    /// stories of the last build rendered before for a day of the same layout, the rest rendered
    /// now (by `map`, e.g. on every core) and kept. A story is taken from the cache only when it
    /// is the kept story itself (rank aside), so a day built some other way still renders right.
    /// Kept fragments are read from the spill file one at a time as the day is written
    /// (`DayFragments`), so the day's text is never in memory whole.
    func fragments(of day: DigestDay, format: Format,
                   map: ([DigestStory], @escaping @Sendable (DigestStory) -> DigestStoryFragment) -> [DigestStoryFragment])
        -> DayFragments {
        let layout = DigestStoryFragment.layoutKey(of: day)
        var slots = [KeptFragment?](repeating: nil, count: day.stories.count)
        var missing: [Int] = []
        var keys = [StoryKey?](repeating: nil, count: day.stories.count)
        var wholeRefs: [Int: DigestFragmentSpill.Ref] = [:]
        state.withLock { s in
            let rows = dayRows(day.date.description, format: format)
            for (index, story) in day.stories.enumerated() {
                guard let (key, kept) = Self.kept(story, row: rows[story.id], format: format, s) else {
                    missing.append(index)
                    continue
                }
                keys[index] = key
                if let whole = kept.whole { wholeRefs[index] = whole }
                if kept.layout == layout, let fragment = kept.fragments[format] {
                    slots[index] = fragment
                } else {
                    missing.append(index)
                }
            }
        }
        let render = Self.renderer(format, day: day)
        // A header is rendered as the story it stands for, read back from the spill file.
        let stories = day.stories
        let refs = wholeRefs
        let wholeStory: @Sendable (Int) -> DigestStory = { [self] index in
            guard let ref = refs[index] else { return stories[index] }
            return self.readBack(ref, rank: stories[index].rank) ?? stories[index]
        }
        let rendered = map(missing.map { wholeStory($0) }, render)
        for (index, fragment) in zip(missing, rendered) { slots[index] = .inMemory(fragment) }
        let kept = zip(missing, rendered).map { index, fragment -> (Int, KeptFragment) in
            (index, spill?.store(fragment).map(KeptFragment.spilled) ?? .inMemory(fragment))
        }
        state.withLock { s in
            s.fragmentsReused += day.stories.count - missing.count
            s.fragmentsRendered += missing.count
            ledger.change { db in
                // One statement a fragment: the layout and this format's fragment change together,
                // and the other formats' fragments of another layout are dropped with them.
                let others = Format.allCases.filter { $0 != format }
                    .map { "\($0.column) = CASE WHEN layout = ?1 THEN \($0.column) ELSE NULL END" }.joined(separator: ", ")
                let sql = "UPDATE story SET layout = ?1, \(format.column) = ?2, \(others) WHERE key = ?3"
                for (index, fragment) in kept {
                    guard let key = keys[index] else { continue }
                    try db.run(sql, [layout, fragment.ledgerBytes, key.ledgerBytes])
                }
            }
        }
        return DayFragments(slots: slots.map { $0 ?? .inMemory(DigestStoryFragment(pieces: [])) }, spill: spill,
                            renderAgain: { render(wholeStory($0)) })
    }

    /// The whole story kept at `ref` (its JSON fragment), with `rank`; nil, and the cache marked
    /// damaged (`takeDamage`), when it does not read back.
    private func readBack(_ ref: DigestFragmentSpill.Ref, rank: Int) -> DigestStory? {
        let story = spill?.load(ref).flatMap { fragment in
            try? JSONDecoder().decode(DigestStory.self, from: Data(fragment.text(rank: rank).utf8))
        }
        state.withLock { s in
            if story == nil { s.damaged = true } else { s.storiesReadBack += 1 }
        }
        return story
    }

    /// Whether a story had to be rendered from its header since the last call, because its
    /// whole form did not read back from the spill file (a failing disk). The files written
    /// then are wrong in that story: the caller writes the day again from the store, and the
    /// cache has let go of every story, so that all are built afresh.
    func takeDamage() -> Bool {
        state.withLock { s in
            guard s.damaged else { return false }
            let counts = (s.hits, s.builds, s.fragmentsReused, s.fragmentsRendered, s.storiesReadBack)
            s = State(context: s.context)
            (s.hits, s.builds, s.fragmentsReused, s.fragmentsRendered, s.storiesReadBack) = counts
            ledger.removeStories()
            return true
        }
    }

    /// Once a day is written: every kept story whose JSON fragment is in the spill file keeps
    /// only its header, in the ledger, and is read back from the file when it is needed whole.
    func keepStoriesInSpill() {
        guard spill != nil else { return }
        state.withLock { s in
            var moved: [StoryKey] = []
            var shared = s.shared
            let whole = s.whole
            let written = ledger.change { (db: Database) throws -> Void in
                for (key, story) in whole {
                    guard let row = try db.row("SELECT json FROM story WHERE key = ?", [key.ledgerBytes]), let bytes = row[0] as Data?,
                          case .spilled(let ref)? = KeptFragment(ledgerBytes: bytes) else { continue }
                    let made: (DigestStory, [UInt32]) = Self.header(of: story, sharing: &shared)
                    try db.run("UPDATE story SET header = ?, whole = ? WHERE key = ?",
                               [Self.headerBytes(made.0, outlets: made.1), ref.ledgerBytes, key.ledgerBytes])
                    moved.append(key)
                }
            }
            s.shared = shared
            for key in moved where written { s.whole[key] = nil }
        }
    }

    /// What the day needs of a story apart from its text: its ranking keys, headline, anchor,
    /// tags and label, and, beside it, the numbers of its outlets (from `parts`), for the day's
    /// outlet count (`carriedOutletKeys`). A header lists no sources.
    static func header(of story: DigestStory, sharing parts: inout HeaderParts) -> (DigestStory, [UInt32]) {
        var outlets: [UInt32] = []
        var seen = Set<UInt32>()
        for source in story.sources {
            let number = parts.outlet(DigestBuilder.outletKey(source))
            if seen.insert(number).inserted { outlets.append(number) }
        }
        let header = DigestStory(rank: story.rank, id: story.id, headline: story.headline, firstSeen: story.firstSeen,
                                 latest: story.latest, sourceCount: story.sourceCount, tags: story.tags, label: story.label,
                                 summary: nil, sources: [], entities: DigestEntities(people: [], organizations: [], places: []),
                                 quotes: [], figures: [], anchor: story.anchor, facts: [], developingFrom: nil)
        return (header, outlets)
    }

    /// The outlets (`DigestBuilder.outletKey`) of the headers `madeStory` handed out for the
    /// coming build, which list no sources of their own: `DigestBuilder.build`'s `outletsBefore`.
    func carriedOutletKeys() -> Set<String> {
        state.withLock { s in
            let headers = s.carried.filter { s.whole[$0.key] == nil }
            let numbers = headers.flatMap { headerRow($0.key, in: s).flatMap { Self.outlets(ledgerBytes: $0.header) } ?? [] }
            var keys = Set<String>()
            for number in numbers where Int(number) < s.shared.outletKeys.count {
                keys.insert(s.shared.outletKeys[Int(number)])
            }
            return keys
        }
    }

    /// The first `count` stories of `day` (`DigestFeedContent.leadingDay`), whole: read back
    /// where the cache holds their headers, for the feeds, which show a day's leading stories.
    /// Cut before the first one that does not read back.
    func wholeLeadingStories(of day: DigestDay, count: Int) -> DigestDay {
        var leading = DigestFeedContent.leadingDay(day, count: count)
        var refs: [(Int, DigestFragmentSpill.Ref)] = []
        state.withLock { s in
            _ = ledger.read { db in
                for (index, story) in leading.stories.enumerated() {
                    guard let (_, kept) = try Self.kept(story, day: day.date.description, db: db, s), let whole = kept.whole else { continue }
                    refs.append((index, whole))
                }
            }
        }
        for (index, ref) in refs {
            guard let story = readBack(ref, rank: leading.stories[index].rank) else {
                return DigestFeedContent.leadingDay(leading, count: index)
            }
            leading.stories[index] = story
        }
        return leading
    }

    /// One day's fragments in one format, as `fragments(of:format:map:)` found them: those kept in
    /// the spill file are read from it when a renderer asks for them, and one that cannot be read
    /// is rendered again. Their piece counts and fingerprints are known without reading them.
    struct DayFragments: DigestStoryFragments {
        fileprivate let slots: [KeptFragment]
        let spill: DigestFragmentSpill?
        let renderAgain: (Int) -> DigestStoryFragment

        var count: Int { slots.count }

        func fragment(at index: Int) -> DigestStoryFragment {
            switch slots[index] {
            case .inMemory(let fragment): fragment
            case .spilled(let ref): spill?.load(ref) ?? renderAgain(index)
            }
        }

        func pieceCount(at index: Int) -> Int {
            switch slots[index] {
            case .inMemory(let fragment): fragment.pieces.count
            case .spilled(let ref): Int(ref.pieceCount)
            }
        }

        func fingerprint(at index: Int) -> UInt64 {
            switch slots[index] {
            case .inMemory(let fragment): fragment.fingerprint
            case .spilled(let ref): ref.fingerprint
            }
        }

        func byteCount(at index: Int) -> Int {
            switch slots[index] {
            case .inMemory(let fragment): fragment.byteCount
            case .spilled(let ref): ref.byteCount
            }
        }
    }

    /// Copies the spill file's live fragments to a fresh file once dead ones outweigh them. Called
    /// once a day's files are written: fragments handed out before it (`DayFragments`) no
    /// longer read from the file after it.
    func compactSpillIfDue() {
        guard let spill else { return }
        state.withLock { _ in
            // A whole story is usually its JSON fragment as well: the bytes are copied once.
            var live: [DigestFragmentSpill.Ref] = []
            var placeOf: [UInt64: Int] = [:]
            var users: [(key: Data, column: String, place: Int)] = []
            let columns = ["whole"] + Format.allCases.map(\.column)
            _ = ledger.read { db in
                let rows = try Row.fetchCursor(db, sql: "SELECT key, \(columns.joined(separator: ", ")) FROM story")
                while let row = try rows.next() {
                    let key: Data = row["key"]
                    for column in columns {
                        guard let bytes = row[column] as Data? else { continue }
                        let ref: DigestFragmentSpill.Ref?
                        if column == "whole" {
                            ref = DigestFragmentSpill.Ref(ledgerBytes: bytes)
                        } else if case .spilled(let spilled)? = KeptFragment(ledgerBytes: bytes) {
                            ref = spilled
                        } else {
                            ref = nil
                        }
                        guard let ref else { continue }
                        let place = placeOf[ref.offset] ?? {
                            live.append(ref)
                            placeOf[ref.offset] = live.count - 1
                            return live.count - 1
                        }()
                        users.append((key, column, place))
                    }
                }
            }
            guard spill.wantsCompaction(liveBytes: live.reduce(0) { $0 + $1.recordBytes }),
                  let moved = spill.compact(live) else { return }
            let written = ledger.change { db in
                for user in users {
                    let ref = moved[user.place]
                    let bytes = user.column == "whole" ? ref.ledgerBytes : KeptFragment.spilled(ref).ledgerBytes
                    try db.run("UPDATE story SET \(user.column) = ? WHERE key = ?", [bytes, user.key])
                }
            }
            // Places in the old file no longer read: without the new ones, nothing is kept.
            if !written { ledger.removeStories() }
        }
    }

    /// The bytes of rendered fragments held in the ledger itself (not in the spill file).
    var fragmentBytesInMemory: Int {
        state.withLock { _ in
            ledger.read { db in
                var total = 0
                let rows = try Row.fetchCursor(db, sql: "SELECT html, markdown, json FROM story")
                while let row = try rows.next() {
                    for column in 0..<3 {
                        if let bytes = row[column] as Data?, case .inMemory(let fragment)? = KeptFragment(ledgerBytes: bytes) {
                            total += fragment.byteCount
                        }
                    }
                }
                return total
            } ?? 0
        }
    }

    /// The renderer of a story's fragment in `format`, for `day`'s layout.
    static func renderer(_ format: Format, day: DigestDay) -> @Sendable (DigestStory) -> DigestStoryFragment {
        switch format {
        case .html: { HTMLDigest.storyFragment($0, day: day) }
        case .markdown: { MarkdownDigest.storyFragment($0, day: day) }
        case .json: { JSONDigest.storyFragment($0) }
        }
    }

    /// A story of a day as the ledger has it: its key, header, whole story's place, layout and the
    /// fragment in one format.
    private typealias DayRow = (key: Data, header: Data?, whole: Data?, layout: String, fragment: Data?)

    /// The day's stories by id, with their fragments in `format`, read in one pass (an id two
    /// stories of the build shared is left out).
    private func dayRows(_ day: String, format: Format) -> [String: DayRow] {
        ledger.read { db in
            var rows: [String: DayRow] = [:]
            let cursor = try Row.fetchCursor(db, sql: Self.dayRowSQL(format), arguments: [day])
            while let row = try cursor.next() {
                let id: String = row[0]
                rows[id] = Self.dayRow(row)
            }
            return rows
        } ?? [:]
    }

    /// The kept story `row` holds (with its fragment in `format`) when it is `story` itself
    /// (rank aside), with its key.
    private static func kept(_ story: DigestStory, row: DayRow?, format: Format, _ s: State) -> (StoryKey, Kept)? {
        guard let row, let hashes = SaltedHashPair(ledgerBytes: row.key) else { return nil }
        let key = StoryKey(hashes: hashes)
        let kept = Kept(header: row.header, whole: row.whole, layout: row.layout, fragments: [(format, row.fragment)])
        guard let same = s.whole[key] ?? kept.header, isSame(story, same) else { return nil }
        return (key, kept)
    }

    /// The story of the last build of `day` that is `story` itself (rank aside), with its key and
    /// its JSON fragment: one story's `dayRows`, for the few leading stories a feed shows.
    private static func kept(_ story: DigestStory, day: String, db: Database, _ s: State) throws -> (StoryKey, Kept)? {
        let row = try db.row(dayRowSQL(.json) + " AND latest.id = ?", [day, story.id])
        return kept(story, row: row.map(dayRow), format: .json, s)
    }

    /// The day's stories (`latest` joined to `story`) with their fragment in `format`.
    private static func dayRowSQL(_ format: Format) -> String {
        """
        SELECT latest.id, story.key, story.header, story.whole, story.layout, story.\(format.column)
        FROM latest JOIN story ON story.key = latest.key WHERE latest.day = ?
        """
    }

    private static func dayRow(_ row: Row) -> DayRow {
        (row[1], row[2], row[3], row[4], row[5])
    }

    /// The same story apart from its rank (the day's ranking sets it after the story is built).
    private static func isSame(_ story: DigestStory, _ kept: DigestStory) -> Bool {
        var story = story
        story.rank = kept.rank
        return story == kept
    }

    /// How many stories came from the cache and how many were built, since the cache was made.
    public var counts: (reused: Int, built: Int) {
        state.withLock { ($0.hits, $0.builds) }
    }

    /// How many story fragments were reused and how many rendered, since the cache was made.
    public var fragmentCounts: (reused: Int, rendered: Int) {
        state.withLock { ($0.fragmentsReused, $0.fragmentsRendered) }
    }

    /// How many of the kept stories are held whole in memory (not yet written to the spill file,
    /// or without one).
    var storiesHeldWhole: Int { state.withLock { $0.whole.count } }

    /// How many kept stories are held as headers (whole in the spill file), and how many were
    /// read back whole since the cache was made.
    var storiesInSpill: (held: Int, readBack: Int) {
        state.withLock { s in
            let held = ledger.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM story WHERE header IS NOT NULL") ?? 0 } ?? 0
            return (held, s.storiesReadBack)
        }
    }
}
