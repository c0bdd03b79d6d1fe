import FeedParser

/// libFuzzer entry point for the JSON Feed parser (`make fuzz`). Inputs that would not reach
/// the JSON parser (first non-blank byte not `{` or `[`) are skipped, so the fuzzer spends its
/// time there. In a normal build the executable does nothing.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONFeed(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    // libFuzzer hands over a raw buffer: this one line copies it into a Swift array.
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let first = bytes.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }),
          first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else { return 0 }
    let baseURL: String? = size % 2 == 0 ? nil : "https://news.example/feed.json"
    _ = try? Feed.parse(bytes, baseURL: baseURL, httpCharset: nil)
    return 0
}
