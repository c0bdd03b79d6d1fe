import FeedParser

/// libFuzzer entry point for the XML feed parsers (RSS, RDF, Atom; `make fuzz`). Built with
/// `--sanitize=fuzzer` it is called once per generated input; in a normal build the executable
/// does nothing. The input length picks the base URL and HTTP charset the daemon would pass.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFeedXML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    // libFuzzer hands over a raw buffer: this one line copies it into a Swift array.
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let variants: [(baseURL: String?, charset: String?)] = [
        (nil, nil), ("https://news.example/feeds/world/", nil),
        ("http://example.org/a/b.xml", "windows-1252"), ("https://example.net/", "utf-16"),
    ]
    let variant = variants[size % variants.count]
    _ = try? Feed.parse(bytes, baseURL: variant.baseURL, httpCharset: variant.charset)
    return 0
}
