import FetchPolicy
import Foundation

/// libFuzzer entry point for the HTTP header-value parsers (`make fuzz`): each input line is
/// read as Cache-Control, Retry-After, Content-Length and an HTTP date, as a server might send
/// it. In a normal build the executable does nothing.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHeaders(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    // libFuzzer hands over a raw buffer: this one line copies it into a Swift array.
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let now = Date(timeIntervalSince1970: 1_796_400_000)
    for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).prefix(8) {
        let value = String(decoding: line, as: UTF8.self)
        _ = HTTPHeaderValues.maxAge(cacheControl: value)
        _ = HTTPHeaderValues.retryAfter(value, now: now)
        _ = HTTPHeaderValues.contentLength(value)
        _ = HTTPHeaderValues.httpDate(value)
    }
    return 0
}
