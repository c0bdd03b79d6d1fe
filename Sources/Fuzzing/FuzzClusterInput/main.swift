import StoryClustering

/// libFuzzer entry point for the story-clustering input (`make fuzz`): each line is decoded as
/// `feedwatch cluster` decodes it, and the items that decode go through one `StoryClusterer`
/// in order. In a normal build the executable does nothing.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzClusterInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    // libFuzzer hands over a raw buffer: this one line copies it into a Swift array.
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var clusterer = StoryClusterer()
    for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: true).prefix(64) {
        guard let item = try? NewsItemJSON.decode(Array(line)) else { continue }
        let assignment = clusterer.add(item)
        _ = (assignment.reason.description, clusterer.story(assignment.story))
    }
    _ = clusterer.openStories
    return 0
}
