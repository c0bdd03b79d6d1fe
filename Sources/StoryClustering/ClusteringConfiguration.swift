/// The knobs of the clusterer, with the one shipped setting as defaults.
///
/// Similarities are cosines of TF-IDF vectors. Headlines alone are weak evidence (two
/// write-ups of one event share few words), bodies are strong evidence (two different events
/// about the same people still share many words), so each has its own threshold.
public struct ClusteringConfiguration: Sendable, Codable, Hashable {
    /// Headline cosine (after time decay) needed to join a story when only headlines can be compared.
    public var titleThreshold: Double = 0.08
    /// Combined headline+body score needed to join a story when both sides have bodies.
    public var bodyThreshold: Double = 0.35
    /// The headline threshold is raised for small stories: a story of one item needs
    /// `titleThreshold * (1 + smallStoryPenalty)`, a story of ten `titleThreshold * 1.3`.
    public var smallStoryPenalty: Double = 3
    /// Minimum shared informative words (headline words or entities) — the second signal.
    public var minSharedTerms: Int = 2
    /// Share of recent items above which a word is too common to count as a shared word.
    public var commonTermShare: Double = 0.05
    /// Names (capitalised words mid-sentence) both sides must share for the body path.
    public var minSharedNames: Int = 2
    /// Whether the headline path also applies when both sides have bodies.
    public var titlePathWithBodies: Bool = false
    /// Half-life, in hours, of the decay applied to the gap since the story's last item.
    public var decayHalfLifeHours: Double = 24
    /// A story older than this (hours since its first item) no longer absorbs items: a match
    /// starts a new story linked to it as "developing".
    public var developingAfterHours: Double = 36
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

    public init() {}
}
