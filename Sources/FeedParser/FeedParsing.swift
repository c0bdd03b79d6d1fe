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
        try parse(bytes, baseURL: baseURL, httpCharset: httpCharset, maxEntries: FeedLimits.defaultMaxEntries)
    }

    /// `parse(_:baseURL:httpCharset:)` keeping at most `maxEntries` entries (see below).
    public static func parse(_ bytes: [UInt8], baseURL: String? = nil, httpCharset: String? = nil,
                             maxEntries: Int) throws(FeedParseError) -> Feed {
        var feed = try parseAll(bytes, baseURL: baseURL, httpCharset: httpCharset)
        feed.entries = newest(feed.entries, limit: maxEntries)
        return feed
    }

    /// The `limit` newest entries (dated ones first, newest first; then undated ones in
    /// document order), in document order.
    public static func newest(_ entries: [Entry], limit: Int) -> [Entry] {
        guard entries.count > max(0, limit) else { return entries }
        let ranked = entries.indices.sorted { a, b in
            let da = entries[a].published ?? entries[a].updated
            let db = entries[b].published ?? entries[b].updated
            switch (da, db) {
            case let (x?, y?): return x != y ? x > y : a < b
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a < b
            }
        }
        return ranked.prefix(max(0, limit)).sorted().map { entries[$0] }
    }

    private static func parseAll(_ bytes: [UInt8], baseURL: String?, httpCharset: String?) throws(FeedParseError) -> Feed {
        guard bytes.count <= maxDocumentBytes else {
            throw FeedParseError(.tooLarge, "document is \(bytes.count) bytes, over the \(maxDocumentBytes)-byte limit")
        }
        let decoded = FeedCharsetDecoder.decode(bytes, httpCharset: httpCharset)
        guard let first = decoded.utf8.first(where: { !$0.isASCIIWhitespace }) else {
            throw FeedParseError(.notAFeed, "not a feed: the document is empty")
        }
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            return try JSONFeedParser.parse(decoded.utf8, baseURL: baseURL)
        }
        guard first == UInt8(ascii: "<") else {
            throw FeedParseError(.notAFeed, "not a feed: the document is not XML or JSON (it starts with \(describe(first)))")
        }
        // Fast path: a clean, well-formed document needs no repair pass.
        let start = XMLRepair.documentStart(decoded.utf8)
        if XMLRepair.isClean(decoded.utf8, from: start) {
            var builder = FeedBuilder(documentBase: baseURL)
            if let outcome = try? XMLStreamReader.read(decoded.utf8, from: start, encoding: "UTF-8", url: baseURL,
                                                       maxBytes: maxDocumentBytes * 2, into: &builder),
               outcome.wellFormed, let feed = builder.finished() {
                return feed
            }
        }
        let repaired = XMLRepair.repair(decoded.utf8)
        guard repaired.contains(UInt8(ascii: "<")) else {
            throw FeedParseError(.notAFeed, "not a feed: the document has no elements")
        }

        var streamed = FeedBuilder(documentBase: baseURL)
        let outcome = try? XMLStreamReader.read(repaired, encoding: "UTF-8", url: baseURL, maxBytes: maxDocumentBytes * 2,
                                                into: &streamed)
        var result = streamed.finished()
        if outcome == nil || outcome!.stoppedEarly {
            // The stream reader gave up part-way: the recovering tree parser often gets further.
            var recovered = FeedBuilder(documentBase: baseURL)
            if (try? XMLTreeWalker.read(repaired, encoding: "UTF-8", url: baseURL, maxBytes: maxDocumentBytes * 2,
                                        into: &recovered)) != nil,
               let tree = recovered.finished(), tree.entries.count > (result?.entries.count ?? -1) {
                result = tree
                streamed = recovered
            }
        }
        guard let feed = result else {
            if let root = streamed.rootName {
                throw FeedParseError(.notAFeed, "not a feed: the root element is <\(root)>, not <rss>, <rdf:RDF> or <feed>")
            }
            throw FeedParseError(.notAFeed, "not a feed: no element could be read")
        }
        return feed
    }

    private static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }
}
