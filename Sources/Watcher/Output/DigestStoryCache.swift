import Digest
import Foundation
import Synchronization

/// The digest stories a long-running daemon has already built, by a fingerprint of what they
/// were built from, and their text in each format.
///
/// Building a story (its sources, summary, quotes and the facts its outlets agree or disagree
/// on) is most of the cost of a digest, and on a busy day the daemon rebuilds the day every
/// cycle while only the stories that gained a source changed. A story is a pure function of its
/// `StoryInput` (and the zone and tag order), so an equal input gets the story built before;
/// only new or changed stories are built again. Each build keeps only its own stories, so the
/// cache holds one day's stories (today's, which the daemon rebuilds every cycle).
///
/// Rendering the day in three formats is the next cost, so each kept story also keeps its
/// fragments (`DigestStoryFragment`: its text with the rank left out), rendered the first time
/// a day of their `DigestStoryFragment.layoutKey` needs them; the day is then assembled from
/// them, and a story that only moved in the ranking is not rendered again. Given a directory,
/// the fragments are kept in a file there (`DigestFragmentSpill`) rather than in memory, so
/// that the daemon's resident size does not grow with the day's text.
///
/// With a spill file, a kept story is held whole only until its day is written: then
/// (`keepStoriesInSpill`) only its header stays in memory (`header(of:sharing:)`: what ranking, the
/// day's groups, figures and contents need) and the story itself is its JSON fragment in the
/// file, read back when it must be rendered again (a new layout, a fragment that does not read)
/// or when the feeds show it (`wholeLeadingStories`). Held whole, the day's built stories were
/// what still made the daemon grow through a day: about 1 KB per item of the day.
public final class DigestStoryCache: Sendable {
    /// Which renderer a fragment is for.
    enum Format: Hashable, Sendable {
        case html, markdown, json
    }

    private struct Entry {
        /// The story as built, or its header once `whole` holds it.
        var story: DigestStory {
            get { boxed.value }
            set { boxed = ImmutableBox(newValue) }
        }
        private var boxed: ImmutableBox<DigestStory>
        /// Where the whole story is in the spill file (its JSON fragment, which does not depend
        /// on the layout) while `story` is its header; nil while `story` is whole.
        var whole: DigestFragmentSpill.Ref?
        /// The layout key the fragments were rendered for.
        var layout: String = ""
        var fragments = KeptFragments()
        /// The story's outlets (numbers from `HeaderParts.outlet(_:)`) while `story` is its header, which
        /// lists no sources.
        var outlets: [UInt32] = []

        init(story: DigestStory) { boxed = ImmutableBox(story) }
    }

    /// A story's fragments by format, inline: a dictionary here cost a heap block per story.
    fileprivate struct KeptFragments {
        private var html, markdown, json: KeptFragment?

        subscript(format: Format) -> KeptFragment? {
            get {
                switch format {
                case .html: html
                case .markdown: markdown
                case .json: json
                }
            }
            set {
                switch format {
                case .html: html = newValue
                case .markdown: markdown = newValue
                case .json: json = newValue
                }
            }
        }

        /// The kept ones, with their format.
        var all: [(format: Format, fragment: KeptFragment)] {
            [(.html, html), (.markdown, markdown), (.json, json)].compactMap { format, fragment in
                fragment.map { (format, $0) }
            }
        }
    }

    /// A rendered fragment, in the spill file when it could be written there, else in memory.
    fileprivate enum KeptFragment {
        case inMemory(DigestStoryFragment)
        case spilled(DigestFragmentSpill.Ref)
    }

    private struct State {
        var context: String = ""
        var stories: [StoryKey: Entry] = [:]
        /// The key of each story id of the last build; nil for an id two stories shared.
        var keyOfID: [String: StoryKey?] = [:]
        /// Stories handed out by `madeStory` for the coming build, kept through it as if built.
        var carried: [StoryKey] = []
        var hits = 0
        var builds = 0
        var fragmentsReused = 0
        var fragmentsRendered = 0
        /// Stories read back whole from the spill file, and those that did not read (rendered
        /// from their header; see `takeDamage`).
        var storiesReadBack = 0
        var damaged = false
        /// What the day's headers share, held once.
        var shared = HeaderParts()
    }

    /// What the day's headers have in common, held once for the day rather than once per
    /// story: labels, tag lists, and the outlets (`DigestBuilder.outletKey`), which a header
    /// names by number. It grows with the outlets and tag sets seen, not with the stories, and
    /// is let go with the day.
    struct HeaderParts {
        private var strings: Set<String> = []
        private var tagLists: Set<[String]> = []
        private var outletNumbers: [String: UInt32] = [:]
        private(set) var outletKeys: [String] = []

        mutating func string(_ text: String) -> String { strings.insert(text).memberAfterInsert }

        mutating func tags(_ tags: [String]) -> [String] {
            tags.isEmpty ? tags : tagLists.insert(tags).memberAfterInsert
        }

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
    /// The stories' inputs as made from the store, kept beside the stories built from them.
    public let inputs = DigestStoryInputCache()
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
    }

    /// Where the fragments are kept when not in memory (nil: in memory).
    let spill: DigestFragmentSpill?

    /// `spillDirectory`: where to keep the rendered fragments in a file of their own (the
    /// daemon's state directory); nil, or a directory where no file can be made, keeps them in
    /// memory.
    public convenience init(spillDirectory: String? = nil) {
        self.init(spill: spillDirectory.flatMap { DigestFragmentSpill(directory: $0) })
    }

    init(spill: DigestFragmentSpill?) {
        self.spill = spill
    }

    /// The story made before from an input with `key`, when the cache holds it for `context`,
    /// for `DigestBuilder.build(_:madeBefore:mapStories:readings:)`; the next `mapStories` keeps
    /// it as one of its build's stories. With it, the caller needs no input for that story.
    func madeStory(_ key: StoryKey, context: String) -> DigestStory? {
        state.withLock { s in
            guard s.context == context, let entry = s.stories[key] else { return nil }
            s.carried.append(key)
            s.hits += 1
            return entry.story
        }
    }

    /// Forgets what `madeStory` handed out for a build that did not happen (call before a build's first `madeStory`).
    func beginCarrying() {
        state.withLock { $0.carried = [] }
    }

    /// A `mapStories` for `DigestBuilder.build(_:mapStories:)`: cached stories for unchanged
    /// inputs, `map` (e.g. a parallel map) over the rest. `context` names what else a story
    /// depends on (zone, tag order); a new context empties the cache. `keys` gives the key of
    /// stories by id where the caller made it with the very input it passes (see
    /// `DigestPublisher.gatherKeyed`); the others are hashed here.
    func mapStories(context: String, map: @escaping ([StoryInput], @escaping @Sendable (StoryInput) -> DigestStory) -> [DigestStory],
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
                }
                for (k, key) in keys.enumerated() {
                    if let entry = s.stories[key] { result[k] = entry.story } else { missing.append(k) }
                }
                s.hits += inputs.count - missing.count
                s.builds += missing.count
            }
            let built = map(missing.map { inputs[$0] }, make)
            for (k, story) in zip(missing, built) { result[k] = story }
            self.state.withLock { s in
                var kept: [StoryKey: Entry] = [:]
                kept.reserveCapacity(inputs.count + s.carried.count)
                var keyOfID: [String: StoryKey?] = [:]
                keyOfID.reserveCapacity(inputs.count + s.carried.count)
                func keep(_ key: StoryKey, _ entry: Entry) {
                    kept[key] = entry
                    keyOfID[entry.story.id] = keyOfID[entry.story.id] == nil ? .some(key) : .some(nil)
                }
                for (k, key) in keys.enumerated() {
                    guard let story = result[k] else { continue }
                    keep(key, s.stories[key] ?? Entry(story: story))
                }
                for key in s.carried where kept[key] == nil {
                    if let entry = s.stories[key] { keep(key, entry) }
                }
                s.stories = kept
                s.keyOfID = keyOfID
                s.carried = []
            }
            return result.compactMap { $0 }
        }
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
            for (index, story) in day.stories.enumerated() {
                guard let (key, entry) = Self.kept(story, in: s) else {
                    missing.append(index)
                    continue
                }
                keys[index] = key
                if let whole = entry.whole { wholeRefs[index] = whole }
                if entry.layout == layout, let kept = entry.fragments[format] {
                    slots[index] = kept
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
            for (index, fragment) in kept {
                guard let key = keys[index], var entry = s.stories[key] else { continue }
                if entry.layout != layout {
                    entry.layout = layout
                    entry.fragments = KeptFragments()
                }
                entry.fragments[format] = fragment
                s.stories[key] = entry
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
            return true
        }
    }

    /// Once a day is written: every kept story whose JSON fragment is in the spill file keeps
    /// only its header in memory, and is read back from the file when it is needed whole.
    func keepStoriesInSpill() {
        guard spill != nil else { return }
        state.withLock { s in
            let due = s.stories.indices.filter { s.stories.values[$0].whole == nil }
            for index in due {
                let entry = s.stories.values[index]
                guard case .spilled(let ref)? = entry.fragments[.json] else { continue }
                s.stories.values[index].whole = ref
                (s.stories.values[index].story, s.stories.values[index].outlets) = Self.header(of: entry.story, sharing: &s.shared)
            }
        }
    }

    /// What the day needs of a story apart from its text: its ranking keys, headline, anchor,
    /// tags and label (what other stories' headers have too taken from `parts`), and, beside it,
    /// the numbers of its outlets, for the day's outlet count (`carriedOutletKeys`). A header
    /// lists no sources: a source took a hundred bytes, a number takes four.
    static func header(of story: DigestStory, sharing parts: inout HeaderParts) -> (DigestStory, [UInt32]) {
        var outlets: [UInt32] = []
        var seen = Set<UInt32>()
        for source in story.sources {
            let number = parts.outlet(DigestBuilder.outletKey(source))
            if seen.insert(number).inserted { outlets.append(number) }
        }
        let header = DigestStory(rank: story.rank, id: story.id, headline: story.headline, firstSeen: story.firstSeen,
                                 latest: story.latest, sourceCount: story.sourceCount, tags: parts.tags(story.tags),
                                 label: story.label.map { parts.string($0) },
                                 summary: nil, sources: [], entities: DigestEntities(people: [], organizations: [], places: []),
                                 quotes: [], figures: [], anchor: story.anchor, facts: [], developingFrom: nil)
        return (header, outlets)
    }

    /// The outlets (`DigestBuilder.outletKey`) of the headers `madeStory` handed out for the
    /// coming build, which list no sources of their own: `DigestBuilder.build`'s `outletsBefore`.
    func carriedOutletKeys() -> Set<String> {
        state.withLock { s in
            var keys = Set<String>()
            for key in s.carried {
                for number in s.stories[key]?.outlets ?? [] where Int(number) < s.shared.outletKeys.count {
                    keys.insert(s.shared.outletKeys[Int(number)])
                }
            }
            return keys
        }
    }

    /// `day` with its leading stories whole (read back where the cache holds their headers):
    /// those whose JSON text adds up to `jsonBytes`, and the one after; with the number of
    /// leading stories that are whole (all of them when every story is; fewer when one does not
    /// read back). The feeds show a day's leading stories up to a budget of their HTML, which
    /// is smaller than their JSON.
    func wholeLeadingStories(of day: DigestDay, jsonBytes: Int) -> (day: DigestDay, whole: Int) {
        var day = day
        var limit = 0
        var used = 0
        var refs: [(Int, DigestFragmentSpill.Ref)] = []
        state.withLock { s in
            while limit < day.stories.count, used <= jsonBytes {
                let story = day.stories[limit]
                limit += 1
                guard let (_, entry) = Self.kept(story, in: s) else { continue }
                if let whole = entry.whole {
                    refs.append((limit - 1, whole))
                    used += whole.byteCount
                } else if case .spilled(let ref)? = entry.fragments[.json] {
                    used += ref.byteCount
                } else if case .inMemory(let fragment)? = entry.fragments[.json] {
                    used += fragment.byteCount
                }
            }
        }
        var wholeCount = limit
        for (index, ref) in refs {
            guard let story = readBack(ref, rank: day.stories[index].rank) else {
                wholeCount = min(wholeCount, index)
                continue
            }
            day.stories[index] = story
        }
        return (day, wholeCount)
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
    }

    /// Copies the spill file's live fragments to a fresh file once dead ones outweigh them. Called
    /// once a day's files are written: fragments handed out before it (`DayFragments`) no
    /// longer read from the file after it.
    func compactSpillIfDue() {
        state.withLock { compactSpillIfDue(&$0) }
    }

    private func compactSpillIfDue(_ s: inout State) {
        guard let spill else { return }
        // A whole story is usually its JSON fragment as well: the bytes are copied once.
        var live: [DigestFragmentSpill.Ref] = []
        var placeOf: [UInt64: Int] = [:]
        var users: [(key: StoryKey, format: Format?, place: Int)] = []
        func use(_ key: StoryKey, _ format: Format?, _ ref: DigestFragmentSpill.Ref) {
            let place = placeOf[ref.offset] ?? {
                live.append(ref)
                placeOf[ref.offset] = live.count - 1
                return live.count - 1
            }()
            users.append((key, format, place))
        }
        for (key, entry) in s.stories {
            for (format, fragment) in entry.fragments.all {
                if case .spilled(let ref) = fragment { use(key, format, ref) }
            }
            if let whole = entry.whole { use(key, nil, whole) }
        }
        guard spill.wantsCompaction(liveBytes: live.reduce(0) { $0 + $1.recordBytes }),
              let moved = spill.compact(live) else { return }
        for user in users {
            if let format = user.format {
                s.stories[user.key]?.fragments[format] = .spilled(moved[user.place])
            } else {
                s.stories[user.key]?.whole = moved[user.place]
            }
        }
    }

    /// The bytes of rendered fragments held in memory (not in the spill file).
    var fragmentBytesInMemory: Int {
        state.withLock { s in
            s.stories.values.reduce(0) { total, entry in
                entry.fragments.all.reduce(total) { sum, kept in
                    let fragment = kept.fragment
                    if case .inMemory(let kept) = fragment { return sum + kept.byteCount }
                    return sum
                }
            }
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

    /// The entry of the last build that holds `story` itself (rank aside), with its key.
    private static func kept(_ story: DigestStory, in s: State) -> (StoryKey, Entry)? {
        guard let found = s.keyOfID[story.id], let key = found, let entry = s.stories[key],
              isSame(story, entry.story) else { return nil }
        return (key, entry)
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

    /// How many kept stories are held as headers (whole in the spill file), and how many were
    /// read back whole since the cache was made.
    var storiesInSpill: (held: Int, readBack: Int) {
        state.withLock { s in (s.stories.values.reduce(0) { $0 + ($1.whole == nil ? 0 : 1) }, s.storiesReadBack) }
    }
}
