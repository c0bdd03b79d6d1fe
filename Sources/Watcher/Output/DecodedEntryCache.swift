import Foundation
import Storage
import StoryClustering
import Synchronization

/// Each entry's stored JSON (its analysis and its story reason) decoded once per daemon, not once
/// per build of its story.
///
/// A story that gains a source is built again from all its entries, and decoding every entry's
/// analysis and reason made a story of hundreds of sources cost hundreds of JSON decodes per
/// cycle: the cost of a changed story grew with its size, so a day's cycles grew with the day.
/// An entry's decoded values are kept by its id with a fingerprint of the stored text they came
/// from (compared when used, so a changed analysis or reason is decoded again; the text itself,
/// kilobytes an entry, is not kept). What one publish did not use is dropped by the next
/// (`endOfBuild`), so the cache holds about one day's entries.
final class DecodedEntryCache: Sendable {
    /// A stored JSON text (or its absence), by its `SaltedHashPair`.
    struct TextKey: Equatable {
        var hashes: SaltedHashPair?

        init(_ text: String?) {
            hashes = SaltedHashPair(salts: (0x5EED_0031, 0x5EED_0032)) { $0.combine(text) }
        }

        private init() { hashes = nil }

        /// A key no text has: a fresh record's fields are decoded when first asked for.
        static let unset = TextKey()
    }

    private struct Decoded {
        var analysisKey: TextKey
        var analysis: AnalysisRecord?
        var reasonKey: TextKey
        var reason: MergeReason?
    }

    private struct State {
        var current: [Int64: Decoded] = [:]
        var used: [Int64: Decoded] = [:]
        var decodes = 0
    }

    /// How many JSON texts were decoded since the cache was made.
    var decodes: Int { state.withLock { $0.decodes } }

    private let state = Mutex(State())

    /// The entry's analysis, decoded (nil when it has none or it does not decode).
    func analysis(of entry: StoredEntry) -> AnalysisRecord? {
        let key = TextKey(entry.analysisJSON)
        if let found = lookup(entry), found.analysisKey == key { return found.analysis }
        let decoded = AnalysisRecord.decode(entry.analysisJSON)
        update(entry) { $0.analysisKey = key; $0.analysis = decoded }
        return decoded
    }

    /// The entry's story reason, decoded (nil when it has none or it does not decode).
    func reason(of entry: StoredEntry) -> MergeReason? {
        let key = TextKey(entry.storyReasonJSON)
        if let found = lookup(entry), found.reasonKey == key { return found.reason }
        let decoded = DigestPublisher.mergeReason(entry)
        update(entry) { $0.reasonKey = key; $0.reason = decoded }
        return decoded
    }

    /// Keeps only the entries used since the last call.
    func endOfBuild() {
        state.withLock { s in
            s.current = s.used
            s.used = [:]
        }
    }

    private func lookup(_ entry: StoredEntry) -> Decoded? {
        state.withLock { s in
            guard let found = s.used[entry.id] ?? s.current[entry.id] else { return nil }
            s.used[entry.id] = found
            return found
        }
    }

    private func update(_ entry: StoredEntry, _ change: (inout Decoded) -> Void) {
        state.withLock { s in
            var d = s.used[entry.id] ?? s.current[entry.id]
                ?? Decoded(analysisKey: .unset, analysis: nil, reasonKey: .unset, reason: nil)
            change(&d)
            s.used[entry.id] = d
            s.decodes += 1
        }
    }
}
