import Digest
import Foundation
import Logging
import Storage

/// Writes the digest as feeds a reader can subscribe to: `feed.xml` (Atom 1.0) and `feed.json`
/// (JSON Feed 1.1) in the digest directory, one entry per day of the last 30, today's current
/// edition included.
///
/// The entries come from the days' JSON digests (the `DigestDay` model the HTML is rendered from),
/// so the feeds need the `json` format, which is on by default. Both files are written atomically
/// and only when their text changes. An entry's `updated` moves only when its day's content
/// changes — a fingerprint of the day without its generation time is kept in the store — not each
/// time the day's files are rewritten (`feedwatch once` rewrites them on every run).
public struct DigestFeedPublisher: Sendable {
    /// How many days, today included, the feeds carry.
    public static let windowDays = 30
    public static let atomFileName = "feed.xml"
    public static let jsonFileName = "feed.json"
    /// A day file larger than this is not read (ours are far smaller; a bigger one is not ours).
    static let maxDayFileBytes = 64 << 20
    /// Per day in the window: the content fingerprint and when that content was first seen.
    static let stateKey = "digest_feed_editions"
    /// What the feeds were last built from (see `sourceSignature`).
    static let sourceKey = "digest_feed_source"
    /// Bumped when the renderers change, so that a new binary rebuilds the feeds once.
    static let rendererVersion = 1

    public let config: WatcherConfig
    let store: any FeedStorage
    let logger: Logger
    /// Past days' entries kept by the daemon between cycles; nil reads and renders every day.
    let entryCache: DigestFeedEntryCache?
    /// Today's edition as the daemon's `DigestPublisher` just wrote it; nil reads today's file.
    let editionHandoff: DigestEditionHandoff?

    public init(config: WatcherConfig, store: any FeedStorage, logger: Logger, entryCache: DigestFeedEntryCache? = nil,
                editionHandoff: DigestEditionHandoff? = nil) {
        self.config = config
        self.store = store
        self.logger = logger
        self.entryCache = entryCache
        self.editionHandoff = editionHandoff
    }

    /// `digest_base_url`, or the digest directory's own `file://` URL.
    public var site: DigestFeedSite {
        DigestFeedSite(baseURL: config.digestBaseURL ?? DigestBaseURL.fileURL(ofDirectory: config.digestDir))
    }

    /// Writes the feeds as of `now`; returns the files written (none when nothing changed).
    /// A failure is logged and retried on the next cycle; the old files stay whole.
    @discardableResult
    public func publish(now: Date) -> [String] {
        guard config.formats.contains(.json) else {
            logger.debug("digest feeds skipped: they are built from the json digests, and formats leaves json out")
            return []
        }
        let today = DigestTime(now, in: config.timeZone).localDate
        // Reading and rendering 30 days costs a few hundred milliseconds; most cycles change no
        // day file, and then a stat of each is enough to know the feeds are still right.
        let signature = sourceSignature(today: today)
        let paths = [Self.atomFileName, Self.jsonFileName].map { (config.digestDir as NSString).appendingPathComponent($0) }
        if (try? store.value(forKey: Self.sourceKey)) == signature, paths.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) {
            return []
        }
        do {
            let written = try write(entries(today: today))
            try store.setValue(signature, forKey: Self.sourceKey)
            return written
        } catch {
            logger.error("digest feeds not written: \(error)")
            return []
        }
    }

    func write(_ editions: [DigestFeedEntry]) throws -> [String] {
        let site = self.site
        do {
            try FileManager.default.createDirectory(atPath: config.digestDir, withIntermediateDirectories: true)
        } catch {
            throw AtomicFile.WriteError(path: config.digestDir, reason: "cannot create the digest directory (\(error.localizedDescription))")
        }
        // Each feed is written as it is rendered and compared with the file there as it goes: an
        // unchanged feed keeps its file (and its time, for readers' conditional requests).
        var written: [String] = []
        let atom = (config.digestDir as NSString).appendingPathComponent(Self.atomFileName)
        if try AtomicFile.write(to: atom, unlessUnchanged: true, { DigestAtomFeed.render(entries: editions, site: site, into: &$0) }) {
            written.append(atom)
        }
        let json = (config.digestDir as NSString).appendingPathComponent(Self.jsonFileName)
        if try AtomicFile.write(to: json, unlessUnchanged: true, { $0.write(DigestJSONFeed.render(entries: editions, site: site)) }) {
            written.append(json)
        }
        if !written.isEmpty {
            logger.info("digest feeds written", metadata: ["days": "\(editions.count)", "files": "\(written.count)"])
        }
        return written
    }

    /// The entries of the last `windowDays` days, today's first, read from their JSON digests
    /// (past days from `entryCache` while their files are unchanged, today from `editionHandoff`
    /// while its file is the one just written).
    func entries(today: DigestDate) throws -> [DigestFeedEntry] {
        let known = loadState()
        let site = self.site
        var state: [String: EditionState] = [:]
        var entries: [DigestFeedEntry] = []
        var window: Set<DigestDate> = []
        for offset in 0..<Self.windowDays {
            guard let date = today.advanced(byDays: -offset) else { continue }
            window.insert(date)
            let signature = daySignature(date).map { site.baseURL + "|" + $0 }
            if date != today, let signature, let kept = entryCache?.entry(for: date, signature: signature) {
                state[date.description] = EditionState(fingerprint: kept.fingerprint, updated: kept.entry.updated.rfc3339)
                entries.append(kept.entry)
                continue
            }
            // Today's leading stories as just written, unless they are not all the entry shows, or an
            // older version's fingerprint is kept (comparing with it takes the whole day).
            let handedOver = date == today ? editionHandoff?.edition(of: date, fileSignature: daySignature(date))
                .flatMap { edition -> DigestEditionHandoff.Edition? in
                    let isLegacy = known[date.description].map { !$0.fingerprint.hasPrefix(JSONDigest.contentFingerprintPrefix) } ?? false
                    return !isLegacy && DigestFeedContent.rendersWithin(leading: edition.leading, storyCount: edition.storyCount)
                        ? edition : nil
                } : nil
            guard let day = handedOver?.leading ?? readDay(date) else { continue }
            let fingerprint = handedOver?.fingerprint ?? JSONDigest.contentFingerprint(day)
            var updated = day.generatedAt
            if let previous = known[date.description], Self.isSameContent(previous.fingerprint, fingerprint, day),
               let then = DigestTime(rfc3339: previous.updated) {
                updated = then
            }
            state[date.description] = EditionState(fingerprint: fingerprint, updated: updated.rfc3339)
            let edition = DigestEdition(day: day, isToday: date == today, updated: updated, storyCount: handedOver?.storyCount)
            let entry = DigestFeedEntry(edition, site: site)
            entries.append(entry)
            if date != today, let signature {
                entryCache?.keep(.init(signature: signature, fingerprint: fingerprint, entry: entry), for: date)
            }
        }
        entryCache?.retain(only: window.subtracting([today]))
        if state != known {
            let json = String(decoding: try JSONEncoder().encode(state), as: UTF8.self)
            try store.setValue(json, forKey: Self.stateKey)
        }
        return entries
    }

    /// The kept fingerprint is the day's: equal, or one kept by an older version
    /// (`JSONDigest.legacyContentFingerprint`) of the same content.
    static func isSameContent(_ kept: String, _ fingerprint: String, _ day: DigestDay) -> Bool {
        if kept == fingerprint { return true }
        guard !kept.hasPrefix(JSONDigest.contentFingerprintPrefix) else { return false }
        return kept == JSONDigest.legacyContentFingerprint(day, generatedAtZero: DigestTime(secondsSince1970: 0, utcOffsetSeconds: 0))
    }

    /// Size, modification time and inode of a day's JSON digest; nil when there is none.
    func daySignature(_ date: DigestDate) -> String? {
        Self.fileSignature(path: (config.digestDir as NSString).appendingPathComponent("\(date).json"))
    }

    /// Size, modification time and inode of a file; nil when there is none.
    static func fileSignature(path: String) -> String? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(attributes[.size] as? Int ?? -1)@\(modified)#\(attributes[.systemFileNumber] as? Int ?? 0)"
    }

    /// The day, the base URL, and the size, modification time and inode of each day file in the
    /// window: when none of these changed, neither did the feeds.
    func sourceSignature(today: DigestDate) -> String {
        var parts = ["v\(Self.rendererVersion)", today.description, site.baseURL]
        for offset in 0..<Self.windowDays {
            guard let date = today.advanced(byDays: -offset) else { continue }
            guard let signature = daySignature(date) else { continue }
            parts.append("\(date)=\(signature)")
        }
        return parts.joined(separator: "|")
    }

    /// A day's JSON digest, or nil when there is none; a file that does not read as that day's
    /// digest is logged and left out.
    func readDay(_ date: DigestDate) -> DigestDay? {
        let path = (config.digestDir as NSString).appendingPathComponent("\(date).json")
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              attributes[.type] as? FileAttributeType == .typeRegular else { return nil }
        guard let size = attributes[.size] as? Int, size <= Self.maxDayFileBytes,
              let data = FileManager.default.contents(atPath: path),
              let day = try? JSONDigest.parse(data), day.date == date else {
            logger.warning("digest feeds: \(path) is not a readable digest of \(date); that day is left out")
            return nil
        }
        return day
    }

    struct EditionState: Codable, Equatable {
        var fingerprint: String
        var updated: String
    }

    func loadState() -> [String: EditionState] {
        guard let json = try? store.value(forKey: Self.stateKey),
              let state = try? JSONDecoder().decode([String: EditionState].self, from: Data(json.utf8)) else { return [:] }
        return state
    }
}
