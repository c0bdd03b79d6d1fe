import FeedwatchConfig

/// libFuzzer entry point for the config loader (`make fuzz`): TOML syntax, every key's checks,
/// durations, sizes and feed tables. In a normal build the executable does nothing.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    // libFuzzer hands over a raw buffer: this one line copies it into a Swift array.
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let text = String(decoding: bytes, as: UTF8.self)
    // `include` reads (and globs) files: the fuzzer must not read the machine's files, so inputs
    // that name the key, or could spell it with a TOML \u escape in a quoted key, are skipped.
    // Includes are covered by the Watcher's tests.
    if text.contains("include") || text.contains("\\u") || text.contains("\\U") { return 0 }
    _ = try? ConfigLoader.parse(text: text, file: "/nonexistent/feedwatch-fuzz/feedwatch.toml")
    return 0
}
