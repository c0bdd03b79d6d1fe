import Foundation
import Storage
import StoryClustering
import Testing
@testable import Watcher

/// A story that gains a source decodes its new entry's stored JSON, not all of its entries'.
@Suite struct DecodedEntryCacheTests {
    static func entry(_ id: Int64, analysis: String?, reason: String?) -> StoredEntry {
        StoredEntry(id: id, feedID: 1, feedURL: "http://example.org/feed", feedName: "Harbour Gazette", feedTags: [],
                    guidKey: "g:\(id)", guid: "\(id)", link: "http://example.org/\(id)", canonicalURL: nil,
                    title: "Ferry crossings stop", summary: nil, content: nil, published: nil, updated: nil, authors: [],
                    firstSeen: Date(timeIntervalSince1970: 1_790_000_000), storyID: "s", analysisJSON: analysis,
                    storyReasonJSON: reason)
    }

    static let analysis = AnalysisRecord.empty.json()
    static let reason = StoredJSON.text(MergeReason.sameGUID(itemID: "12"))

    @Test func eachEntryIsDecodedOnceWhileItsStoredTextStaysTheSame() {
        let cache = DecodedEntryCache()
        var entries = (1...50).map { Self.entry($0, analysis: Self.analysis, reason: Self.reason) }
        for e in entries {
            #expect(cache.analysis(of: e) == AnalysisRecord.empty)
            #expect(cache.reason(of: e) == .sameGUID(itemID: "12"))
        }
        cache.endOfBuild()
        #expect(cache.decodes == 100)
        // The next build: one new entry, one whose analysis changed; the rest come from the cache.
        entries.append(Self.entry(51, analysis: Self.analysis, reason: nil))
        entries[0].analysisJSON = AnalysisRecord(people: ["Mara Venn"], organizations: [], places: [], quotes: [], figures: [], keySentences: []).json()
        for e in entries {
            _ = cache.analysis(of: e)
            _ = cache.reason(of: e)
        }
        cache.endOfBuild()
        #expect(cache.decodes == 100 + 3)
        #expect(cache.analysis(of: entries[0])?.people == ["Mara Venn"])
        #expect(cache.reason(of: entries[50]) == nil)
        // An entry no build used any more is forgotten: asked again, it is decoded again.
        cache.endOfBuild()
        cache.endOfBuild()
        _ = cache.analysis(of: entries[1])
        #expect(cache.decodes == 104)
    }

    @Test func storedTextThatDoesNotDecodeIsNilNotACrash() {
        let cache = DecodedEntryCache()
        let broken = Self.entry(7, analysis: "{\"people\": [", reason: "\u{0}")
        #expect(cache.analysis(of: broken) == nil)
        #expect(cache.reason(of: broken) == nil)
    }
}
