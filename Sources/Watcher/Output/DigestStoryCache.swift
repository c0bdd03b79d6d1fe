import Digest
import Foundation
import Synchronization

/// The digest stories a long-running daemon has already built, by what they were built from.
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
        var stories: [StoryInput: DigestStory] = [:]
        var hits = 0
        var builds = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// A `mapStories` for `DigestBuilder.build(_:mapStories:)`: cached stories for unchanged
    /// inputs, `map` (e.g. a parallel map) over the rest. `context` names what else a story
    /// depends on (zone, tag order); a new context empties the cache.
    func mapStories(context: String, map: @escaping ([StoryInput], @escaping @Sendable (StoryInput) -> DigestStory) -> [DigestStory])
        -> ([StoryInput], @escaping @Sendable (StoryInput) -> DigestStory) -> [DigestStory] {
        { inputs, make in
            var result = [DigestStory?](repeating: nil, count: inputs.count)
            var missing: [Int] = []
            self.state.withLock { s in
                if s.context != context {
                    s = State()
                    s.context = context
                }
                for (k, input) in inputs.enumerated() {
                    if let story = s.stories[input] { result[k] = story } else { missing.append(k) }
                }
                s.hits += inputs.count - missing.count
                s.builds += missing.count
            }
            let built = map(missing.map { inputs[$0] }, make)
            for (k, story) in zip(missing, built) { result[k] = story }
            self.state.withLock { s in
                var kept: [StoryInput: DigestStory] = [:]
                kept.reserveCapacity(inputs.count)
                for (k, input) in inputs.enumerated() {
                    if let story = result[k] { kept[input] = story }
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
