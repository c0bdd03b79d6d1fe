import LibXML

extension Feed {
    /// Largest document accepted; real feeds stay far below it.
    public static let maxDocumentBytes = 64 << 20

    /// Parses a feed document of any supported format.
    ///
    /// - Parameters:
    ///   - bytes: the document as fetched.
    ///   - baseURL: where it came from; relative links resolve against it (after `xml:base`).
    ///   - httpCharset: the `charset` of the HTTP Content-Type, if any.
    ///   - maxEntries: entries kept at most: the newest by date (published, else updated), then
    ///     undated ones in document order; those kept stay in document order.
    /// - Throws: `FeedParseError` when the bytes are not a feed at all. An ill-formed feed is
    ///   not an error: whatever can be read is returned.
    public static func parse(_ bytes: [UInt8], baseURL: String? = nil, httpCharset: String? = nil) throws(FeedParseError) -> Feed {
        try parseAll(bytes, baseURL: baseURL, httpCharset: httpCharset, maxEntries: FeedLimits.defaultMaxEntries)
    }

    /// `parse(_:baseURL:httpCharset:)` keeping at most `maxEntries` entries (see below). The cap
    /// holds while the document is read, so a feed of a million items never holds a million
    /// entries; when it cuts, `cuts` says how many there were.
    public static func parse(_ bytes: [UInt8], baseURL: String? = nil, httpCharset: String? = nil,
                             maxEntries: Int) throws(FeedParseError) -> Feed {
        try parseAll(bytes, baseURL: baseURL, httpCharset: httpCharset, maxEntries: maxEntries)
    }

    /// The `limit` newest entries (dated ones first, newest first; then undated ones in
    /// document order), in document order.
    public static func newest(_ entries: [Entry], limit: Int) -> [Entry] {
        guard entries.count > max(0, limit) else { return entries }
        return newestIndices(count: entries.count, limit: limit) { entries[$0].published ?? entries[$0].updated }
            .map { entries[$0] }
    }

    /// Positions (ascending) of the `limit` newest of `count` dated things, ranked as `newest`
    /// ranks entries.
    static func newestIndices(count: Int, limit: Int, date: (Int) -> FeedDate?) -> [Int] {
        guard count > max(0, limit) else { return Array(0..<count) }
        let dates = (0..<count).map(date)
        let ranked = dates.indices.sorted { a, b in
            switch (dates[a], dates[b]) {
            case let (x?, y?): return x != y ? x > y : a < b
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a < b
            }
        }
        return ranked.prefix(max(0, limit)).sorted()
    }

    private static func parseAll(_ bytes: [UInt8], baseURL: String?, httpCharset: String?,
                                 maxEntries: Int) throws(FeedParseError) -> Feed {
        guard bytes.count <= maxDocumentBytes else {
            throw FeedParseError(.tooLarge, "document is \(bytes.count) bytes, over the \(maxDocumentBytes)-byte limit")
        }
        let decoded = FeedCharsetDecoder.decode(bytes, httpCharset: httpCharset)
        guard let first = decoded.utf8.first(where: { !$0.isASCIIWhitespace }) else {
            throw FeedParseError(.notAFeed, "not a feed: the document is empty")
        }
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            return try JSONFeedParser.parse(decoded.utf8, baseURL: baseURL, maxEntries: maxEntries)
        }
        guard first == UInt8(ascii: "<") else {
            throw FeedParseError(.notAFeed, "not a feed: the document is not XML or JSON (it starts with \(describe(first)))")
        }
        // Fast path: a clean, well-formed document needs no repair pass.
        let start = XMLRepair.documentStart(decoded.utf8)
        if XMLRepair.isClean(decoded.utf8, from: start) {
            var builder = FeedBuilder(documentBase: baseURL, maxEntries: maxEntries)
            if let outcome = try? XMLStreamReader.read(decoded.utf8, from: start, encoding: "UTF-8", url: baseURL,
                                                       maxBytes: maxDocumentBytes * 2, into: &builder),
               outcome.wellFormed, let feed = builder.finished() {
                return feed
            }
        }
        let repair = XMLRepair.repairReporting(decoded.utf8)
        let repaired = repair.bytes
        guard repaired.contains(UInt8(ascii: "<")) else {
            throw FeedParseError(.notAFeed, "not a feed: the document has no elements")
        }

        var streamed = FeedBuilder(documentBase: baseURL, maxEntries: maxEntries)
        let outcome = try? XMLStreamReader.read(repaired, encoding: "UTF-8", url: baseURL, maxBytes: maxDocumentBytes * 2,
                                                into: &streamed)
        var result = streamed.finished()
        if outcome == nil || outcome!.stoppedEarly {
            // The stream reader gave up part-way: the recovering tree parser often gets further.
            var recovered = FeedBuilder(documentBase: baseURL, maxEntries: maxEntries)
            if (try? XMLTreeWalker.read(repaired, encoding: "UTF-8", url: baseURL, maxBytes: maxDocumentBytes * 2,
                                        into: &recovered)) != nil,
               let tree = recovered.finished(), result == nil || recovered.entriesSeen > streamed.entriesSeen {
                result = tree
                streamed = recovered
            }
        }
        guard var feed = result else {
            if let root = streamed.rootName {
                throw FeedParseError(.notAFeed, "not a feed: the root element is <\(root)>, not <rss>, <rdf:RDF> or <feed>")
            }
            throw FeedParseError(.notAFeed, "not a feed: no element could be read")
        }
        feed.cuts = repair.cuts + feed.cuts
        return feed
    }

    private static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }
}
