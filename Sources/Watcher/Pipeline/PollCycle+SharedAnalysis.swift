import Foundation
import Storage
import TextAnalysis

/// Analysis on every worker of a shared database.
///
/// Analysis is the costliest stage, and it needs no order: only story assignment does. So a
/// worker without the clusterer role spends its cores on it too: it claims entries that wait for
/// their analysis (`claimEntriesForAnalysis`, leased like feeds), analyses them on every core and
/// stores the results; the clusterer assigns their stories. The poison-pill rules are the
/// clusterer's: each claimed entry's attempt is counted first; one a worker died in before is
/// tried alone; one at `quarantineAfter` is set aside with an empty analysis.
extension PollCycle {
    /// Chunks of claimed entries one cycle analyses at most (then the next cycle goes on).
    static let sharedAnalysisChunks = 8

    /// Claims and analyses entries until none are left, `sharedAnalysisChunks` chunks were done,
    /// or the daemon stops. Returns how many were analysed and whether some are left.
    func analyseClaimedEntries(progress: (@Sendable (CycleProgress) -> Void)? = nil) -> (analysed: Int, moreLeft: Bool) {
        var analysed = 0
        for _ in 0..<Self.sharedAnalysisChunks {
            if Self.stopping { return (analysed, true) }
            let now = clock()
            let lease = WorkLeases.lease(at: now, duration: config.workerLease)
            let claimed: [StoredEntry]
            let attempts: [Int64: Int]
            do {
                guard let entries = try store.claimEntriesForAnalysis(firstSeenFrom: now.addingTimeInterval(-3 * 86_400),
                                                                      to: now.addingTimeInterval(60), at: now,
                                                                      limit: Self.analysisChunk, lease: lease) else {
                    return (analysed, false)
                }
                claimed = entries
                attempts = try store.unfinishedWork(.analysis)
            } catch {
                logger.error("cannot claim entries for analysis: \(error)")
                return (analysed, false)
            }
            if claimed.isEmpty { return (analysed, false) }
            analysed += analyse(claimed, attempts: attempts, now: now)
            progress?(.stage("analysis"))
            if claimed.count < Self.analysisChunk { return (analysed, false) }
        }
        return (analysed, true)
    }

    /// Analyses one claimed chunk: set-aside entries first, suspects alone, the rest on every core.
    private func analyse(_ claimed: [StoredEntry], attempts: [Int64: Int], now: Date) -> Int {
        let limit = store.quarantineAfter
        var results: [(entryID: Int64, json: String)] = []
        var ordinary: [StoredEntry] = []
        for entry in claimed {
            let tries = attempts[entry.id] ?? 0
            if tries >= limit {
                quarantineEntry(entry, .analysis, attempts: tries, now: now)
                results.append((entry.id, AnalysisRecord.empty.json()))
            } else if tries > 0 {
                // Alone, counted before and stored (which forgets the count) right after.
                do {
                    try store.beginWork(.analysis, ids: [entry.id], at: now)
                    try store.recordAnalyses([(entry.id, Self.analysisJSON(Self.text(of: entry), analyzer: analyzer))])
                } catch {
                    logger.error("cannot store an analysis: \(error)")
                    return 0
                }
            } else {
                ordinary.append(entry)
            }
        }
        do {
            try store.beginWork(.analysis, ids: ordinary.map(\.id), at: now)
        } catch {
            logger.error("cannot record the start of analysis: \(error)")
            return 0
        }
        let analyzer = self.analyzer
        results += ParallelMap.map(ordinary, width: analysisWidth) { entry in
            (entry.id, Self.analysisJSON(Self.text(of: entry), analyzer: analyzer))
        }
        do {
            try store.recordAnalyses(results)
        } catch {
            logger.error("cannot store analyses: \(error)")
            return 0
        }
        return claimed.count
    }
}
