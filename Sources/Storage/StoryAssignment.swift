/// One entry's place in a story as the story clusterer decided it, ready to be stored.
///
/// Storage does not know the clusterer's types: the reason arrives as JSON text (the Watcher
/// encodes the clusterer's `MergeReason`) and comes back the same way in `StoredEntry`, so the
/// digest can say in words why each source joined its story.
public struct StoryAssignment: Sendable, Equatable {
    public var entryID: Int64
    public var storyID: String
    /// Why the entry joined the story, as JSON; nil when no reason is known.
    public var reasonJSON: String?
    /// For the entry that opened a story continuing an earlier one: the earlier story's id.
    public var developingFrom: String?
    /// Set when this entry made its story one with a larger one (the clusterer's split-story
    /// merge): every stored entry of story `mergesStory` moves to `storyID`, in the same
    /// transaction and after the assignments before it, so the digest shows one story. The
    /// entries keep their reasons.
    public var mergesStory: String?
    /// With `mergesStory`: the stories whose developing link may name that story; their
    /// entries' links name `storyID` instead (the story's entries are gone from under it).
    public var relinkedStories: [String]

    public init(entryID: Int64, storyID: String, reasonJSON: String? = nil, developingFrom: String? = nil,
                mergesStory: String? = nil, relinkedStories: [String] = []) {
        self.entryID = entryID
        self.storyID = storyID
        self.reasonJSON = reasonJSON
        self.developingFrom = developingFrom
        self.mergesStory = mergesStory
        self.relinkedStories = relinkedStories
    }
}
