import Digest
import Foundation
import Glibc
import Logging
import Storage

/// Deletes digest files older than `digest_retention_days` and keeps `index.html` listing only
/// the days that are left.
///
/// Only files named like a day's digest (`YYYY-MM-DD.md`, `.html`, `.json`, a real date) and
/// regular files are touched; anything else in the directory — the index, the feeds, a reader's
/// own notes, a symbolic link — is never deleted. Runs at most once per local day (the last day
/// it ran is kept in the store). `digest_retention_days = 0` keeps every file forever.
public struct DigestRetention: Sendable {
    static let lastRunKey = "digest_retention_day"
    /// The store key `DigestPublisher.writeIndex` keeps index.html's days under.
    static let indexKey = "digest_index"

    public let config: WatcherConfig
    let store: any FeedStorage
    let logger: Logger

    public init(config: WatcherConfig, store: any FeedStorage, logger: Logger) {
        self.config = config
        self.store = store
        self.logger = logger
    }

    /// Prunes unless it already ran today; returns the files deleted.
    @discardableResult
    public func pruneIfDue(now: Date) -> [String] {
        guard config.digestRetentionDays > 0 else { return [] }
        let today = DigestTime(now, in: config.timeZone).localDate
        if (try? store.value(forKey: Self.lastRunKey)) == today.description { return [] }
        do {
            let removed = try prune(today: today)
            try store.setValue(today.description, forKey: Self.lastRunKey)
            return removed
        } catch {
            logger.error("old digests not pruned: \(error)")
            return []
        }
    }

    /// Deletes the day files of days before `today` minus the retention, and drops those days from
    /// the index; returns the files deleted.
    public func prune(today: DigestDate) throws -> [String] {
        let keep = config.digestRetentionDays
        guard keep > 0, let cutoff = today.advanced(byDays: -keep) else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: config.digestDir)) ?? []
        var removed: [String] = []
        for name in names.sorted() {
            guard let date = Self.day(ofDigestFile: name), date < cutoff else { continue }
            let path = (config.digestDir as NSString).appendingPathComponent(name)
            guard (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType == .typeRegular else {
                continue
            }
            if unlink(path) == 0 {
                removed.append(path)
            } else {
                logger.warning("old digest not deleted: \(path): \(AtomicFile.reason(errno, fallback: "unlink failed"))")
            }
        }
        try forgetIndexDays(before: cutoff)
        if !removed.isEmpty {
            logger.notice("pruned \(removed.count) digest files older than \(keep) days (before \(cutoff))")
        }
        return removed
    }

    /// The day a digest file is of, for names `YYYY-MM-DD.md`, `.html` or `.json` only.
    static func day(ofDigestFile name: String) -> DigestDate? {
        for suffix in [".md", ".html", ".json"] where name.hasSuffix(suffix) {
            return DigestDate(String(name.dropLast(suffix.count)))
        }
        return nil
    }

    /// Removes the days before `cutoff` from the index's records and writes index.html again,
    /// so it links to no deleted page.
    func forgetIndexDays(before cutoff: DigestDate) throws {
        guard let json = try store.value(forKey: Self.indexKey),
              let days = try? JSONDecoder().decode([String: DigestPublisher.IndexRecord].self, from: Data(json.utf8)) else { return }
        let kept = days.filter { key, _ in DigestDate(key).map { $0 >= cutoff } ?? false }
        guard kept.count != days.count else { return }
        try store.setValue(String(decoding: try JSONEncoder().encode(kept), as: UTF8.self), forKey: Self.indexKey)
        guard config.formats.contains(.html) else { return }
        let entries = kept.compactMap { key, record in
            DigestDate(key).map { DigestIndexEntry(date: $0, storyCount: record.stories, isFinal: record.final, topHeadline: record.top) }
        }.sorted { $0.date > $1.date }
        try AtomicFile.write(HTMLDigest.renderIndex(entries), to: (config.digestDir as NSString).appendingPathComponent("index.html"))
    }
}
