import TextAnalysis

/// libFuzzer entry point for text analysis (`make fuzz`): entities, quotes, figures and key
/// sentences of arbitrary text (invalid UTF-8 becomes U+FFFD, as when the daemon decodes a
/// page). In a normal build the executable does nothing.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAnalysis(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    // libFuzzer hands over a raw buffer: this one line copies it into a Swift array.
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = TextAnalyzer().analyze(String(decoding: bytes, as: UTF8.self))
    return 0
}
