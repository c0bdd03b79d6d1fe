/// Open stories ordered by the time of their last item, so that expiry takes the stale ones
/// off the top instead of reading every open story each half hour of the stream.
///
/// A story gets an entry when it opens and another whenever its last time moves on; the older
/// entries are left in place and recognised as outdated when they reach the top.
struct StoryExpiryQueue: Sendable {
    /// A binary min-heap on `time` (ties by serial, so the order never depends on pushes).
    private var heap: [(time: Double, serial: Int64)] = []

    var oldest: (time: Double, serial: Int64)? { heap.first }

    var count: Int { heap.count }

    private static func before(_ a: (time: Double, serial: Int64), _ b: (time: Double, serial: Int64)) -> Bool {
        a.time < b.time || (a.time == b.time && a.serial < b.serial)
    }

    mutating func push(_ time: Double, _ serial: Int64) {
        heap.append((time, serial))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.before(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func removeOldest() {
        guard !heap.isEmpty else { return }
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count && Self.before(heap[left], heap[smallest]) { smallest = left }
            if right < heap.count && Self.before(heap[right], heap[smallest]) { smallest = right }
            if smallest == parent { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
