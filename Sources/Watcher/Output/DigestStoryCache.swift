import Digest
import Foundation
import Synchronization

/// The digest stories a long-running daemon has already built, by a fingerprint of what they
/// were built from.
///
/// Building a story (its sources, summary, quotes and the facts its outlets agree or disagree
/// on) is most of the cost of a digest, and on a busy day the daemon rebuilds the day every
/// cycle while only the stories that gained a source changed. A story is a pure function of its
/// `StoryInput` (and the zone and tag order), so an equal input gets the story built before;
/// only new or changed stories are built again. Each build keeps only its own stories, so the
/// cache holds one day's stories (today's, which the daemon rebuilds every cycle).
public final class DigestStoryCache: Sendable {
    private struct State {
        var context: String = ""
        var stories: [StoryKey: DigestStory] = [:]
        var hits = 0
        var builds = 0
    }

    private let state = Mutex(State())

    /// A story's input by two independently salted 64-bit hashes: equal inputs get equal keys,
    /// and two different inputs share one with a chance of about 2^-128. Keeping the key rather
    /// than the input keeps the cache from holding the day's text a second time.
    struct StoryKey: Hashable {
        var a: Int
        var b: Int

        init(_ input: StoryInput) {
            var first = Hasher()
            first.combine(0x5EED_0001 as UInt64)
            first.combine(input)
            var second = Hasher()
            second.combine(0x5EED_0002 as UInt64)
            second.combine(input)
            a = first.finalize()
            b = second.finalize()
        }
    }

    public init() {}

    /// A `mapStories` for `DigestBuilder.build(_:mapStories:)`: cached stories for unchanged
    /// inputs, `map` (e.g. a parallel map) over the rest. `context` names what else a story
    /// depends on (zone, tag order); a new context empties the cache.
    func mapStories(context: String, map: @escaping ([StoryInput], @escaping @Sendable (StoryInput) -> DigestStory) -> [DigestStory])
        -> ([StoryInput], @escaping @Sendable (StoryInput) -> DigestStory) -> [DigestStory] {
        { inputs, make in
            var result = [DigestStory?](repeating: nil, count: inputs.count)
            var missing: [Int] = []
            let keys = inputs.map(StoryKey.init)
            self.state.withLock { s in
                if s.context != context {
                    s = State()
                    s.context = context
                }
                for (k, key) in keys.enumerated() {
                    if let story = s.stories[key] { result[k] = story } else { missing.append(k) }
                }
                s.hits += inputs.count - missing.count
                s.builds += missing.count
            }
            let built = map(missing.map { inputs[$0] }, make)
            for (k, story) in zip(missing, built) { result[k] = story }
            self.state.withLock { s in
                var kept: [StoryKey: DigestStory] = [:]
                kept.reserveCapacity(inputs.count)
                for (k, key) in keys.enumerated() {
                    if let story = result[k] { kept[key] = story }
                }
                s.stories = kept
            }
            return result.compactMap { $0 }
        }
    }

    /// How many stories came from the cache and how many were built, since the cache was made.
    public var counts: (reused: Int, built: Int) {
        state.withLock { ($0.hits, $0.builds) }
    }
}
