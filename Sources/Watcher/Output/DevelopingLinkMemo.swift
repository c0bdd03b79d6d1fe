import Digest
import Synchronization

/// The "Continues: …" links of developing stories, kept by the earlier story's id once that
/// story's day is over.
///
/// A link names the earlier story's day and headline, made from that day's entries; every
/// cycle, each of today's developing stories would read the earlier story in full to make it
/// again. A finished day's headline no longer changes, so the daemon makes each such link once.
/// Links to a story of the digest's own day are made every cycle (it is still growing).
public final class DevelopingLinkMemo: Sendable {
    /// Links kept at most; past it the memo starts again (a month of busy days stays far below).
    static let capacity = 20_000
    private let links = Mutex<[String: DevelopingInput]>([:])

    public init() {}

    /// The link to story `id` for a digest of `day`: kept, else `make`'s (kept when its day is
    /// before `day`).
    func link(to id: String, forDay day: DigestDate, make: (String) -> DevelopingInput?) -> DevelopingInput? {
        if let kept = links.withLock({ $0[id] }) { return kept }
        guard let made = make(id) else { return nil }
        if made.date < day {
            links.withLock { links in
                if links.count >= Self.capacity { links.removeAll(keepingCapacity: true) }
                links[id] = made
            }
        }
        return made
    }
}
