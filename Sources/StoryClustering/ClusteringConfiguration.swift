/// The knobs of the clusterer, with the one shipped setting as defaults.
///
/// Similarities are cosines of TF-IDF vectors; they, the names and figures shared and the time
/// gap are weighed together by `matchModel`. It is not saved with the clusterer's state: a
/// restored clusterer takes the shipped configuration of the binary that restores it.
public struct ClusteringConfiguration: Sendable, Codable, Hashable {
    /// How the evidence that an item reports a story's event is weighed (fitted, not set by
    /// hand: see `StoryMatchModel` and `bench/stories/fit_match_model.py`).
    public var matchModel: StoryMatchModel = .fitted
    /// Share of recent items above which a word is too common to count as a shared word.
    public var commonTermShare: Double = 0.05
    /// A story older than this (hours since its first item) no longer absorbs items: a match
    /// starts a new story linked to it as "developing", which later matches then join.
    public var developingAfterHours: Double = 36
    /// When the item and the story both have full text, the same cut comes sooner: a full report
    /// written this many hours or more after the story's first one belongs to the next news cycle,
    /// so with the same people and places it reports what happened next (a strike's end after its
    /// start), and starts a story of its own linked as "developing". Headline-only items keep
    /// `developingAfterHours`: a headline cannot tell a late write-up from a new turn. This is a
    /// choice about what a digest reader calls one story, not a fitted threshold: neither dev set
    /// has full-text developments to fit it on.
    public var developingAfterHoursWithBodies: Double = 20
    /// What makes a new story a "development" of an older one: the item would have joined it
    /// had it come at once (the model without the time gap), and it comes at least this many
    /// hours after the older story's last report — a later news cycle, not a near miss.
    public var developingGapHours: Double = 6
    /// How sure the model, reading the evidence as if no time had passed, must be before a new
    /// story is shown as continuing an older one. Higher than the bar for joining: a link says
    /// "this is what happened next" to the reader, and two events in one town share names
    /// without one continuing the other. A choice about the link, not a fitted weight.
    public var developingLinkProbability: Double = 0.9
    /// Stories with no new item for this many hours are closed and forgotten.
    public var storyExpiryHours: Double = 72
    /// Window, in hours, of document frequencies, exact keys and near-duplicate fingerprints.
    public var windowHours: Double = 72
    /// Shingle containment (shared / smaller set) that makes a near-duplicate.
    public var nearDuplicateContainment: Double = 0.5
    /// Fewest shared shingles for a near-duplicate (short bodies share few by chance).
    public var nearDuplicateMinShingles: Int = 3
    /// Shared shingles from which `nearDuplicateContainment` suffices; below it,
    /// `nearDuplicateShortContainment` is needed.
    public var nearDuplicateStrongShingles: Int = 10
    public var nearDuplicateShortContainment: Double = 0.8
    /// Weight of headline words relative to body words in the body vector.
    public var titleWeightInBody: Double = 2
    /// Body words used for the story vector (the lead carries the event).
    public var leadWords: Int = 120

    /// Merging split halves of one story (see `StoryClusterer.checkMerge`): an item counts
    /// as evidence that its story and another open one are one story when the model gives the
    /// other at least this probability as well;
    public var storyMergeProbability: Double = 0.6
    /// the smaller story needs at least this many items,
    public var storyMergeMinItems: Int = 3
    /// and at least this share of them must have scored high on the larger one, which it then
    /// feeds (`bench/stories/cv_story_merge.py` cross-validates the three settings).
    public var storyMergeShare: Double = 0.5

    public init() {}
}
