import Foundation
import StoryClustering
import Synchronization

/// The story clusterer a long-running daemon keeps between cycles, so that a cycle does not
/// decode megabytes of saved state to add a few items.
///
/// The saved state in the store stays the truth: the cached clusterer is used only while the
/// store holds exactly the bytes it was saved as (compared byte for byte, which costs a fraction
/// of a decode). Another writer, a restore from backup or a failed commit therefore always
/// means a fresh decode, never a stale clusterer.
public final class ClustererCache: Sendable {
    private struct Entry {
        var clusterer: StoryClusterer
        var state: Data
    }

    private let entry = Mutex<Entry?>(nil)

    public init() {}

    /// The cached clusterer when `state` is what it was saved as, else nil.
    func clusterer(matching state: Data) -> StoryClusterer? {
        entry.withLock { cached in
            guard let cached, cached.state.count == state.count, cached.state == state else { return nil }
            return cached.clusterer
        }
    }

    /// Remembers `clusterer` as the one saved as `state` (call after the commit succeeded).
    func remember(_ clusterer: StoryClusterer, savedAs state: Data) {
        entry.withLock { $0 = Entry(clusterer: clusterer, state: state) }
    }

    /// Forgets the clusterer (after a commit failed: the store holds something else).
    func forget() {
        entry.withLock { $0 = nil }
    }
}
