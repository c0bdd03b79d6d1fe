/// Two open stories found to be halves of one event (see `StoryClusterer.checkMerge`): story
/// `from` stopped growing and what joins it now joins `into`.
///
/// The clusterer hands it out on the `Assignment` of the item that tipped the balance, so that
/// whoever keeps the items' stories (the daemon's store, `feedwatch cluster`) moves the items
/// it already gave `from` to `into`: otherwise the event would show as two stories.
public struct StoryMerge: Sendable, Codable, Hashable {
    /// The smaller story's id, as handed out on earlier assignments.
    public var from: String
    /// The story it was merged into (itself not merged at the time), as handed out.
    public var into: String
    /// The open stories linked as developing from `from` (`Assignment.developingFrom` on their
    /// first item), by the ids their items now have: their link names `into` from now on.
    public var developments: [String]

    public init(from: String, into: String, developments: [String] = []) {
        self.from = from
        self.into = into
        self.developments = developments
    }
}
