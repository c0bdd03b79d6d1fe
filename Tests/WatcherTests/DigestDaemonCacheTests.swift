import Digest
import Foundation
import Logging
import Storage
import Testing
@testable import Watcher

/// What the daemon keeps between cycles for the digest — each story's rendered fragments, and
/// today's edition handed from the digest to the feeds in memory — changes how much is done,
/// never what is written: every file equals the one a fresh process writes.
@Suite struct DigestDaemonCacheTests {
    /// A newsroom publishing as the daemon does (with its caches) beside one publishing as a
    /// fresh process each cycle, fed the same reports.
    struct Pair {
        let cached = try! DigestDaysFixture()
        let fresh = try! DigestDaysFixture()
        let storyCache: DigestStoryCache
        let entryCache = DigestFeedEntryCache()
        let handoff = DigestEditionHandoff()

        /// The daemon's way by default: fragments in a spill file in the state directory
        /// (`slack`: the dead bytes it tolerates); `spill: false` keeps them in memory.
        init(spill: Bool = true, slack: UInt64 = 4 << 20) {
            storyCache = DigestStoryCache(spill: spill ? DigestFragmentSpill(directory: cached.dir.path, slackBytes: slack) : nil)
        }

        func report(day: Int, n: Int) throws {
            try cached.report(day: day, n: n)
            try fresh.report(day: day, n: n)
        }

        /// One cycle at `now` in both rooms; the files each wrote.
        func cycle(_ now: Date) -> (cached: [String], fresh: [String]) {
            let publisher = DigestPublisher(config: cached.config, store: cached.store, logger: cached.logger,
                                            storyCache: storyCache, editionHandoff: handoff)
            let feeds = DigestFeedPublisher(config: cached.config, store: cached.store, logger: cached.logger,
                                            entryCache: entryCache, editionHandoff: handoff)
            let a = publisher.publishCurrent(now: now) + feeds.publish(now: now)
            let b = fresh.publisher.publishCurrent(now: now) + fresh.feeds.publish(now: now)
            return (a.map { ($0 as NSString).lastPathComponent }, b.map { ($0 as NSString).lastPathComponent })
        }

        /// Every file of the digest directory, by name, in both rooms.
        func files() throws -> (cached: [String: String], fresh: [String: String]) {
            func read(_ room: DigestDaysFixture) throws -> [String: String] {
                var files: [String: String] = [:]
                for name in try FileManager.default.contentsOfDirectory(atPath: room.config.digestDir) {
                    files[name] = try room.read(name)
                }
                return files
            }
            return (try read(cached), try read(fresh))
        }

        func remove() {
            cached.dir.remove()
            fresh.dir.remove()
        }
    }

    @Test(arguments: [true, false])
    func theDaemonsFragmentsAndHandOverWriteWhatAFreshProcessWrites(spill: Bool) throws {
        let pair = Pair(spill: spill)
        defer { pair.remove() }
        var now = DigestDaysFixture.noon(0)
        for day in 0..<3 {
            for n in 0..<4 {
                try pair.report(day: day, n: n * 10)
                now = DigestDaysFixture.noon(day).addingTimeInterval(Double(n * 10 + 5) * 60)
                let written = pair.cycle(now)
                #expect(written.cached == written.fresh)
                let files = try pair.files()
                #expect(files.cached == files.fresh)
                #expect(files.cached.keys.contains("feed.xml") && files.cached.keys.contains("\(DigestDaysFixture.date(day)).html"))
            }
        }
        // Each cycle of a day rendered its new story and reused the others' fragments.
        let counts = pair.storyCache.fragmentCounts
        #expect(counts.reused > 0)
        #expect(counts.rendered < counts.reused + counts.rendered)
        // The feeds took today's edition from memory rather than its file, and let it go.
        #expect(pair.handoff.takenCount >= 9)
        #expect(!pair.handoff.isHolding)
        // The fragments are in the spill file, none in memory (or all in memory without one).
        #expect((pair.storyCache.fragmentBytesInMemory == 0) == spill)
        #expect((pair.storyCache.spill?.fileBytes ?? 0 > 0) == spill)
        // A cycle with nothing new writes nothing, in either room.
        let quiet = pair.cycle(now.addingTimeInterval(60))
        #expect(quiet.cached.isEmpty && quiet.fresh.isEmpty)
    }

    @Test func aNewStoryIsRenderedAndTheOthersAreAssembledFromTheirFragments() throws {
        let pair = Pair()
        defer { pair.remove() }
        for n in 0..<5 { try pair.report(day: 0, n: n) }
        _ = pair.cycle(DigestDaysFixture.noon(0).addingTimeInterval(600))
        let first = pair.storyCache.fragmentCounts
        #expect(first.reused == 0 && first.rendered == 5 * 3)
        // One more story, ranked first (the latest): it is rendered in each format, the five others moved down and are reused.
        try pair.report(day: 0, n: 30)
        let written = pair.cycle(DigestDaysFixture.noon(0).addingTimeInterval(1900))
        #expect(written.cached == written.fresh)
        let second = pair.storyCache.fragmentCounts
        #expect(second.rendered - first.rendered == 3)
        #expect(second.reused - first.reused == 5 * 3)
        #expect(pair.storyCache.counts.built == 6)
        // The five unchanged stories' inputs were kept, not made from their entries again.
        #expect(pair.storyCache.inputs.inputCounts.made == 6 && pair.storyCache.inputs.inputCounts.reused == 5)
        // And they were let go: those stories are held once, built. Only the new story's input,
        // made this cycle, is still held.
        #expect(pair.storyCache.inputs.heldInputCount == 1)
        let files = try pair.files()
        #expect(files.cached == files.fresh)
        #expect(files.cached["\(DigestDaysFixture.date(0)).md"]?.contains("### 1. " + DigestDaysFixture.headline(0, 30)) == true)

        // A story's entry changes in place (its page turns out to be paywalled): that story
        // alone is made, built and rendered again.
        for room in [pair.cached, pair.fresh] {
            let entries = try room.store.entries(firstSeenFrom: DigestDaysFixture.noon(0), to: DigestDaysFixture.noon(1))
            let entry = try #require(entries.first { $0.link == "https://saltmarshherald.example/news/0-2" })
            try room.store.recordArticle(entryID: entry.id, result: .extracted(text: "Subscribe to read on.", metadataJSON: nil,
                                                                                label: "paywalled"))
        }
        let corrected = pair.cycle(DigestDaysFixture.noon(0).addingTimeInterval(2100))
        #expect(corrected.cached == corrected.fresh)
        let third = pair.storyCache.fragmentCounts
        #expect(third.rendered - second.rendered == 3)
        #expect(third.reused - second.reused == 5 * 3)
        #expect(pair.storyCache.counts.built == 7)
        #expect(pair.storyCache.inputs.inputCounts.made == 7 && pair.storyCache.inputs.inputCounts.reused == 10)
        let after = try pair.files()
        #expect(after.cached == after.fresh)
        #expect(after.cached["\(DigestDaysFixture.date(0)).md"]?.contains("*paywalled*") == true)
    }

    /// Stories are held built, without their inputs; when the built stories are gone (the zone or
    /// the tag order changed, which empties the story cache), their inputs are made again from
    /// the store, and the day is still the one a fresh process writes.
    @Test func storiesWhoseInputsWereLetGoAreMadeAgainWhenTheirBuiltStoriesAreGone() throws {
        let pair = Pair()
        defer { pair.remove() }
        for n in 0..<4 { try pair.report(day: 0, n: n) }
        _ = pair.cycle(DigestDaysFixture.noon(0).addingTimeInterval(600))
        try pair.report(day: 0, n: 20)
        _ = pair.cycle(DigestDaysFixture.noon(0).addingTimeInterval(1300))
        #expect(pair.storyCache.inputs.heldInputCount == 1)
        let made = pair.storyCache.inputs.inputCounts.made
        // A build for another context empties the cache of built stories.
        let empty = DigestInput(date: DigestDaysFixture.date(0), timeZone: .gmt, generatedAt: DigestDaysFixture.noon(0))
        _ = DigestBuilder.build(empty, mapStories: pair.storyCache.mapStories(context: "another zone", map: { $0.map($1) }))
        try pair.report(day: 0, n: 30)
        let written = pair.cycle(DigestDaysFixture.noon(0).addingTimeInterval(1900))
        #expect(written.cached == written.fresh)
        let files = try pair.files()
        #expect(files.cached == files.fresh)
        // The four stories whose inputs were let go were made again from their entries, with the new one.
        #expect(pair.storyCache.inputs.inputCounts.made - made == 5)
        #expect(files.cached["\(DigestDaysFixture.date(0)).md"]?.contains(DigestDaysFixture.headline(0, 3)) == true)
    }

    /// Today's file rewritten by another process (`feedwatch once`) is not the edition in memory:
    /// the feeds read the file.
    @Test func aTodayFileWrittenElsewhereIsReadNotTakenFromMemory() throws {
        let pair = Pair()
        defer { pair.remove() }
        try pair.report(day: 0, n: 0)
        let now = DigestDaysFixture.noon(0).addingTimeInterval(600)
        _ = pair.cycle(now)
        let taken = pair.handoff.takenCount
        try pair.report(day: 0, n: 5)
        for room in [pair.cached, pair.fresh] { try room.publisher.publish(DigestDaysFixture.date(0), now: now.addingTimeInterval(60), force: true) }
        let written = pair.cycle(now.addingTimeInterval(120))
        #expect(written.cached.contains("feed.xml"))
        #expect(pair.handoff.takenCount == taken)
        let files = try pair.files()
        #expect(files.cached == files.fresh)
        #expect(files.cached["feed.xml"]?.contains(DigestDaysFixture.headline(0, 5)) == true)
    }

    /// A day whose stored fingerprint an older version wrote (FNV-1a of the whole JSON) is not
    /// rewritten when its content is the same; the fingerprint is then kept in the new form.
    @Test func aFingerprintAnOlderVersionKeptStillSaysTheContentIsTheSame() throws {
        let room = try DigestDaysFixture()
        defer { room.dir.remove() }
        try room.report(day: 0, n: 0)
        let now = DigestDaysFixture.noon(0).addingTimeInterval(600)
        let day = DigestDaysFixture.date(0)
        _ = room.publisher.publishCurrent(now: now)
        let model = try JSONDigest.parse(Data(try room.read("\(day).json").utf8))
        let legacy = JSONDigest.legacyContentFingerprint(model, generatedAtZero: DigestTime(Date(timeIntervalSince1970: 0), in: room.config.timeZone))
        try room.store.setValue(legacy, forKey: "digest_hash_\(day)")
        try room.store.setValue("", forKey: "digest_inputs_\(day)")
        #expect(try room.publisher.publish(day, now: now.addingTimeInterval(60), force: false).isEmpty)
        #expect(try room.store.value(forKey: "digest_hash_\(day)") == JSONDigest.contentFingerprint(model))
        // The feeds' kept fingerprints of the older form keep each day's `updated`.
        _ = room.feeds.publish(now: now)
        var state = room.feeds.loadState()
        let updated = try #require(state[day.description]).updated
        state[day.description]?.fingerprint = JSONDigest.legacyContentFingerprint(model, generatedAtZero: DigestTime(secondsSince1970: 0, utcOffsetSeconds: 0))
        try room.store.setValue(String(decoding: try JSONEncoder().encode(state), as: UTF8.self), forKey: DigestFeedPublisher.stateKey)
        _ = try room.feeds.entries(today: day)
        #expect(room.feeds.loadState()[day.description] == .init(fingerprint: JSONDigest.contentFingerprint(model), updated: updated))
    }

    /// Stories that change all day leave dead fragments in the spill file: once they outweigh the
    /// live ones, the live ones move to a fresh file, and the day reads the same.
    @Test func theSpillFileDropsDeadFragmentsAndTheDayReadsTheSame() throws {
        let pair = Pair(slack: 4_096)
        defer { pair.remove() }
        var largest: UInt64 = 0
        var largestDay = 0
        // Each new day renders its stories afresh (times show another date), and a changed
        // story is rendered again: what was rendered before is dead.
        for day in 0..<4 {
            for n in 0..<6 {
                try pair.report(day: day, n: n)
                if n == 3 {
                    for room in [pair.cached, pair.fresh] {
                        let entries = try room.store.entries(firstSeenFrom: DigestDaysFixture.noon(day), to: DigestDaysFixture.noon(day + 1))
                        let entry = try #require(entries.first { $0.link?.hasSuffix("/\(day)-0") == true })
                        try room.store.recordArticle(entryID: entry.id, result: .extracted(
                            text: "The vote was postponed to next week.", metadataJSON: nil, label: "summary-only"))
                    }
                }
                let written = pair.cycle(DigestDaysFixture.noon(day).addingTimeInterval(Double(n * 60 + 30)))
                #expect(written.cached == written.fresh)
                let files = try pair.files()
                #expect(files.cached == files.fresh)
                largest = max(largest, try #require(pair.storyCache.spill).fileBytes)
                largestDay = max(largestDay, files.cached.filter { $0.key.hasPrefix(DigestDaysFixture.date(day).description) }
                    .values.reduce(0) { $0 + $1.utf8.count })
            }
        }
        let spill = try #require(pair.storyCache.spill)
        #expect(spill.counts.compactions >= 1)
        #expect(pair.storyCache.fragmentBytesInMemory == 0)
        // Within twice the live fragments (at most a day's three files) plus the slack, plus one
        // cycle's fragments written before the check.
        #expect(largest < UInt64(largestDay) * 4 + 4_096)
    }

    /// Once a day is written the daemon keeps each story's header in its day ledger and the story
    /// whole in the spill file, none of them in memory. A busy day's feed entry shows its leading stories read back whole, and
    /// the files and feeds equal what a fresh process writes.
    @Test func keptStoriesAreHeadersAndABusyDaysFeedShowsThemWhole() throws {
        let pair = Pair()
        defer { pair.remove() }
        // More stories than a feed entry's budget holds, and more than the edition reads back.
        for n in 0..<700 { try pair.report(day: 0, n: n) }
        let first = pair.cycle(DigestDaysFixture.noon(0).addingTimeInterval(705 * 60))
        #expect(first.cached == first.fresh)
        #expect(pair.storyCache.storiesInSpill.held == 700)
        // Not one of them is held in memory: each is a row of the day's ledger (a file) and its
        // text is in the spill file.
        #expect(pair.storyCache.storiesHeldWhole == 0)
        #expect(pair.storyCache.ledger.isOnDisk)
        #expect(pair.storyCache.ledger.storyCounts == ["\(DigestDaysFixture.date(0))": 700])
        try pair.report(day: 0, n: 710)
        let taken = pair.handoff.takenCount
        // Written, the edition waits for the feeds as the leading stories the entry renders (as
        // their HTML fragments' sizes say), with the day's count, not as the whole day.
        let noon = DigestDaysFixture.noon(0)
        _ = DigestPublisher(config: pair.cached.config, store: pair.cached.store, logger: pair.cached.logger,
                            storyCache: pair.storyCache, editionHandoff: pair.handoff).publishCurrent(now: noon.addingTimeInterval(714 * 60))
        _ = pair.fresh.publisher.publishCurrent(now: noon.addingTimeInterval(714 * 60))
        let held = try #require(pair.handoff.held)
        let written = try JSONDigest.parse(Data(try pair.cached.read("\(DigestDaysFixture.date(0)).json").utf8))
        let rendered = DigestFeedContent.storiesRendered(of: written)
        #expect(held.of == 701 && rendered < 701)
        #expect(held.stories >= rendered && held.stories <= rendered + 2, "\(held.stories) held, \(rendered) rendered")
        let second = pair.cycle(DigestDaysFixture.noon(0).addingTimeInterval(715 * 60))
        #expect(second.cached == second.fresh && second.cached.contains("feed.xml"))
        let files = try pair.files()
        #expect(files.cached == files.fresh)
        #expect(files.cached["feed.xml"]?.contains(" of 701 stories. ") == true)
        // The feeds took the edition from memory: its leading stories were read back whole, the
        // rest stayed headers.
        #expect(pair.handoff.takenCount == taken + 1)
        let kept = pair.storyCache.storiesInSpill
        #expect(kept.held == 701)
        #expect(kept.readBack > 0 && kept.readBack < 700)
    }

    /// The ledger holds the day being written: once the next day is built, the finished day's
    /// stories leave it (the finished day's last edition is written first, as a fresh process
    /// writes it).
    @Test func aFinishedDaysStoriesLeaveTheLedgerWhenTheNextDayIsBuilt() throws {
        let pair = Pair()
        defer { pair.remove() }
        for n in 0..<3 { try pair.report(day: 0, n: n) }
        _ = pair.cycle(DigestDaysFixture.noon(0).addingTimeInterval(3600))
        #expect(pair.storyCache.ledger.storyCounts == ["\(DigestDaysFixture.date(0))": 3])
        for n in 0..<2 { try pair.report(day: 1, n: n) }
        let next = pair.cycle(DigestDaysFixture.noon(1).addingTimeInterval(3600))
        #expect(next.cached == next.fresh)
        #expect(pair.storyCache.ledger.storyCounts == ["\(DigestDaysFixture.date(1))": 2])
        let files = try pair.files()
        #expect(files.cached == files.fresh)
    }

    /// Kept stories are headers that list no sources; the day still counts every outlet that
    /// covered it, as a fresh process does, when only one outlet has anything new.
    @Test func theDayCountsTheOutletsOfStoriesKeptAsHeaders() throws {
        let pair = Pair()
        defer { pair.remove() }
        let gazette = ConfiguredFeed(url: "https://tidewatergazette.example/feed", name: "Tidewater Gazette")
        for room in [pair.cached, pair.fresh] {
            try room.store.syncConfiguredFeeds([DigestDaysFixture.herald, gazette], now: DigestDaysFixture.firstNoon.addingTimeInterval(-86_400))
            let id = try #require(try room.store.feed(url: gazette.url)).id
            let seen = DigestDaysFixture.noon(0)
            let link = "https://tidewatergazette.example/news/ferry-crews-strike"
            _ = try room.store.recordFetch(
                FetchRecord(feedID: id, at: seen, outcome: .updated, httpStatus: 200, nextPollAt: seen + 1800),
                entries: [EntryInput(guid: link, link: link, canonicalURL: link, title: "Ferry crews begin 48-hour strike over rotas",
                                     summary: "Crews on the island ferry walked out at dawn on Monday.", published: seen, firstSeen: seen)])
        }
        try pair.report(day: 0, n: 1)
        _ = pair.cycle(DigestDaysFixture.noon(0).addingTimeInterval(3600))
        #expect(pair.storyCache.storiesInSpill.held == 2)
        try pair.report(day: 0, n: 2)
        let second = pair.cycle(DigestDaysFixture.noon(0).addingTimeInterval(2 * 3600))
        #expect(second.cached == second.fresh && second.cached.contains("2026-10-20.json"))
        let files = try pair.files()
        #expect(files.cached == files.fresh)
        let json = try #require(files.cached["2026-10-20.json"])
        let day = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let stats = try #require(day["stats"] as? [String: Any])
        #expect(stats["outlets"] as? Int == 2)
    }

    /// A format the daemon had not rendered (added by a reload) is rendered from the kept
    /// stories read back whole.
    @Test func aFormatAddedLaterIsRenderedFromTheStoriesReadBack() throws {
        let pair = Pair()
        defer { pair.remove() }
        for n in 0..<6 { try pair.report(day: 0, n: n) }
        var jsonOnly = pair.cached.config
        jsonOnly.formats = [.json]
        let now = DigestDaysFixture.noon(0).addingTimeInterval(600)
        _ = DigestPublisher(config: jsonOnly, store: pair.cached.store, logger: pair.cached.logger, storyCache: pair.storyCache)
            .publishCurrent(now: now)
        #expect(pair.storyCache.storiesInSpill.held == 6)
        let written = pair.cycle(now.addingTimeInterval(60))
        #expect(Set(written.cached).isSuperset(of: ["\(DigestDaysFixture.date(0)).html", "\(DigestDaysFixture.date(0)).md"]))
        #expect(pair.storyCache.storiesInSpill.readBack >= 6)
        let files = try pair.files()
        #expect(files.cached == files.fresh)
    }

    /// Stories whose whole form no longer reads back (the spill file lost it, as on a failing
    /// disk) are built again from the store: the day written is still the right one.
    @Test func storiesThatDoNotReadBackAreBuiltAgainFromTheStore() throws {
        let pair = Pair()
        defer { pair.remove() }
        for n in 0..<5 { try pair.report(day: 0, n: n) }
        _ = pair.cycle(DigestDaysFixture.noon(0).addingTimeInterval(600))
        #expect(pair.storyCache.storiesInSpill.held == 5)
        let built = pair.storyCache.counts.built
        // Every place kept in the file goes stale.
        let spill = try #require(pair.storyCache.spill)
        #expect(spill.compact([]) != nil)
        try pair.report(day: 0, n: 30)
        let written = pair.cycle(DigestDaysFixture.noon(0).addingTimeInterval(1900))
        #expect(written.cached == written.fresh)
        let files = try pair.files()
        #expect(files.cached == files.fresh)
        #expect(files.cached["\(DigestDaysFixture.date(0)).md"]?.contains(DigestDaysFixture.headline(0, 2)) == true)
        // All six were built afresh and are kept again.
        #expect(pair.storyCache.counts.built - built >= 6)
        #expect(pair.storyCache.storiesInSpill.held == 6)
    }

    /// A state directory where no file can be made keeps the fragments in memory, and the digest
    /// is written all the same.
    @Test func noSpillFileKeepsTheFragmentsInMemory() throws {
        let missing = TempDir().path + "/no-such-directory"
        let cache = DigestStoryCache(spillDirectory: missing)
        #expect(cache.spill == nil)
        let room = try DigestDaysFixture()
        defer { room.dir.remove() }
        for n in 0..<3 { try room.report(day: 0, n: n) }
        let publisher = DigestPublisher(config: room.config, store: room.store, logger: room.logger, storyCache: cache)
        let written = publisher.publishCurrent(now: DigestDaysFixture.noon(0).addingTimeInterval(600))
        #expect(written.count == room.config.formats.count)
        #expect(cache.fragmentBytesInMemory > 0)
    }
}
