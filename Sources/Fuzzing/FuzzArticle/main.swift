import ArticleExtractor

/// libFuzzer entry point for article extraction (`make fuzz`). The input length picks the URL,
/// HTTP charset, status and byte cap the daemon would pass, so the truncation and charset paths
/// are fuzzed too. In a normal build the executable does nothing.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzArticle(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    // libFuzzer hands over a raw buffer: this one line copies it into a Swift array.
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let variants: [(url: String?, charset: String?, status: Int?, maxBytes: Int)] = [
        ("https://news.example/2026/12/04/story.html", nil, 200, 1 << 20),
        (nil, nil, nil, 1 << 20),
        ("http://example.org/a/", "windows-1252", 200, 4096),
        ("https://example.net/p?id=1", "shift_jis", 404, 1 << 20),
        ("https://example.com/", "utf-8", nil, 333),
    ]
    let variant = variants[size % variants.count]
    _ = PageExtractor.extract(bytes, url: variant.url, httpCharset: variant.charset,
                              httpStatus: variant.status, maxBytes: variant.maxBytes)
    return 0
}
