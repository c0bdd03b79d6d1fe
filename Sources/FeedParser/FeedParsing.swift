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
    /// - Throws: `FeedParseError` when the bytes are not a feed at all. An ill-formed feed is
    ///   not an error: whatever can be read is returned.
    public static func parse(_ bytes: [UInt8], baseURL: String? = nil, httpCharset: String? = nil) throws(FeedParseError) -> Feed {
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
