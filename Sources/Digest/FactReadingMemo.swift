import Synchronization

/// The readings of the figures a long-running process grouped into facts, kept from one build of
/// a day to the next.
///
/// A story that gains a source is built again, and its facts are grouped again from every figure
/// all its sources reported: reading each figure in its sentence (`FactGrouping.read`) is most
/// of that work, and all but the new source's figures were read the build before. A reading
/// depends on the figure and its sentence alone, so it is kept by them. What the last two builds
/// used is kept, nothing older, so the memo holds about one day's figures.
public final class FactReadingMemo: Sendable {
    private struct Key: Hashable {
        var text: String
        var sentence: String
    }

    private struct State {
        var current: [Key: FactGrouping.Reading?] = [:]
        var previous: [Key: FactGrouping.Reading?] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// Starts a build: readings the build before did not use are let go.
    public func beginBuild() {
        state.withLock { s in
            s.previous = s.current
            s.current = [:]
        }
    }

    /// `FactGrouping.read(mention.text, in: mention.sentence)`, read once.
    public func reading(_ mention: FactGrouping.Mention) -> FactGrouping.Reading? {
        let key = Key(text: mention.text, sentence: mention.sentence)
        let known: FactGrouping.Reading?? = state.withLock { s in
            if let found = s.current[key] { return .some(found) }
            if let found = s.previous[key] {
                s.current[key] = found
                return .some(found)
            }
            return .none
        }
        if let known { return known }
        let read = FactGrouping.read(mention.text, in: mention.sentence)
        state.withLock { $0.current[key] = .some(read) }
        return read
    }
}
