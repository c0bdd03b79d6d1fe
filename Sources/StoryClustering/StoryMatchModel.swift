#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The evidence that an item reports the same event as an open story, weighed the way it was
/// learned to be weighed.
///
/// An editor does not join two reports on one signal: the same people and places, the same
/// figures, the headline and lead in other words and the time between them count together.
/// No one threshold on any of them generalises, so the clusterer turns the evidence for each
/// candidate story into a few numbers (`MatchEvidence.vector`) and a logistic model gives the
/// probability that the item belongs to that story. The weights are fitted on labelled
/// (item, candidate story) pairs by `bench/stories/fit_match_model.py`, cross-validated with
/// folds split by story; `bench/stories/README.md` has the per-fold figures.
public struct StoryMatchModel: Sendable, Codable, Hashable {
    /// One weight per entry of `MatchEvidence.featureNames`.
    public var weights: [Double]
    public var bias: Double
    /// Probability from which an item joins the story (the most probable one, if several pass).
    public var threshold: Double

    public init(weights: [Double], bias: Double, threshold: Double) {
        self.weights = weights
        self.bias = bias
        self.threshold = threshold
    }

    /// The probability that the evidence describes one event.
    func probability(_ x: [Double]) -> Double {
        var z = bias
        for (w, v) in zip(weights, x) { z += w * v }
        guard z.isFinite else { return z > 0 ? 1 : 0 }
        return 1 / (1 + exp(-z))
    }
}

/// What an item and one candidate story have in common, before it is weighed.
struct MatchEvidence {
    var titleSimilarity: Double = 0
    /// Cosine of the item's lead and the story's body centroid; nil unless both have bodies.
    var bodySimilarity: Double?
    /// IDF of the rarest headline word shared, over the IDF of an unseen word (0...1).
    var rarestShared: Double = 0
    var sharedTitleWords = 0
    var sharedNames = 0
    var sharedFigures = 0
    /// The shared names and figures weighed by how rare they are in the window (each 0...1).
    var sharedSpecificity: Double = 0
    /// The most specific of the item's headline names (headline words the item writes as a
    /// name) that the story has nowhere among its names (0...1): a template's reports ("Strike
    /// halts services at …") differ in the name, and the name is the most specific word of the
    /// headline.
    var headlineNamesUnmatched: Double = 0
    /// Share of the item's other headline words (not its names) in the story's headlines:
    /// with `headlineNamesUnmatched`, a template filled with another name.
    var headlineOtherWordsShared: Double = 0
    /// A name that both headlines carry (0...1, its specificity): a name of the item's headline
    /// that is also a word of the story's headlines and one of its names, every word of it as
    /// the item writes it known to the story ("Storm Maelis"; "Sougal Telecom" is not
    /// "Soubran Telecom"). A named event (a storm, a wildfire) is the subject of every headline
    /// about it, whatever part of it each outlet tells; a report that names it only in its
    /// text ("a landslip after heavy rain from the storm") is about something else. Of several,
    /// the one of highest specificity times `headlineNameSubjectShare`.
    var headlineNameShared: Double = 0
    /// Of the story's headlines, the share that carry that name (0...1): the story's subject,
    /// not a word that one report of a mixed story brought in.
    var headlineNameSubjectShare: Double = 0
    var itemFigures = 0
    /// The story has figures of its own (so figures not shared mean something).
    var storyHasFigures = false
    var keyword = false
    var itemHasBody = false
    var storyHasBody = false
    var primaryCount = 1
    /// Hours since the story's last item and since its first.
    var hoursSinceLast: Double = 0
    var hoursSinceFirst: Double = 0

    /// Names of the features, in the order of `vector` (the fitting script reads them).
    static let featureNames = [
        "title_sim_headlines", "title_sim_bodies", "body_sim", "shared_words", "names_headlines", "names_bodies",
        "figures_unmatched", "keyword", "log_size", "size_x_title", "days_since_last_headlines",
        "days_since_first_headlines", "both_bodies", "one_body", "rarest_shared_headlines", "rarest_shared_bodies",
        "log_hours_since_last_bodies", "log_hours_since_first_bodies", "late_cycle_bodies",
        "headline_names_unmatched_bodies", "template_swap_bodies", "headline_name_shared_bodies",
    ]

    /// Whether the story can be the item's at all: when both sides have full texts, one event
    /// shows in a name or a figure they share; a template (an earnings table, a weather
    /// bulletin) shares only its words, however similar they are.
    var isEligible: Bool {
        bodySimilarity == nil || sharedNames > 0 || sharedFigures > 0
    }

    /// The features the model weighs. Headline-only comparisons and full-text ones get their
    /// own similarity and time weights (`…_headlines`, `…_bodies`): a headline match is weaker
    /// evidence, and a full-text story told again a day later is usually a new development,
    /// while headline-only coverage of a running story goes on for days. Full-text time counts
    /// in log hours: the first hours after a report matter, and a straight line fitted on
    /// rewrites a few hours apart would say nothing sensible about a day. `timeless` reads the
    /// evidence as if no time had passed (to find the story an item continues). A headline name
    /// the story lacks counts for full texts only: headline-only reports of one event name
    /// different people and places too often (fitted on headlines as well, it lowered dev).
    func vector(timeless: Bool = false) -> [Double] {
        let b: Double = bodySimilarity != nil ? 1 : 0
        let h = 1 - b
        let daysLast = timeless ? 0 : min(max(0, hoursSinceLast), 24 * 14) / 24
        let daysFirst = timeless ? 0 : min(max(0, hoursSinceFirst), 24 * 14) / 24
        let logSize = log1p(Double(max(primaryCount, 1)))
        let logLast = timeless ? 0 : log1p(min(max(0, hoursSinceLast), 24 * 14))
        let logFirst = timeless ? 0 : log1p(min(max(0, hoursSinceFirst), 24 * 14))
        // Shared names and figures count by how rare each is, not how many: "Government" and
        // "2026" are in every other report, a surname or "€86m" in one event's.
        let specificity = log1p(min(max(0, sharedSpecificity), 16))
        let unmatched: Double = itemFigures > 0 && sharedFigures == 0 && storyHasFigures ? 1 : 0
        // Half-days past the first twelve hours: a full text told again the next news cycle
        // is more often a development than a rewrite, whatever the log-hours say.
        let lateCycle = timeless ? 0 : max(0, min(hoursSinceFirst, 24 * 14) - 12) / 12
        // The headline says what the story's headlines say, of a name the story does not have.
        let templateSwap = headlineNamesUnmatched * headlineOtherWordsShared * headlineOtherWordsShared
        // A name both headlines carry, weighed by how rare it is and how much it is the story's
        // subject, both squared: a country or a company is shared by many events, a storm's
        // name by one; a name in one headline of a story of many is a word that report brought
        // in. It is fitted on one news cycle's coverage (a named event's reports over a night
        // and a morning) and not read as a link to a story days old: a place in two headlines
        // does not make one event the development of another.
        let headlineNameWeight = headlineNameShared * headlineNameSubjectShare
        let headlineName = timeless ? 0 : headlineNameWeight * headlineNameWeight
        return [
            titleSimilarity * h, titleSimilarity * b, bodySimilarity ?? 0,
            log1p(Double(sharedTitleWords)), specificity * h, specificity * b,
            unmatched, keyword ? 1 : 0, logSize, logSize * titleSimilarity * h, daysLast * h, daysFirst * h,
            b, itemHasBody != storyHasBody ? 1 : 0, rarestShared * h, rarestShared * b, logLast * b, logFirst * b,
            lateCycle * b, headlineNamesUnmatched * b, templateSwap * b, headlineName * b,
        ]
    }
}

extension StoryMatchModel {
    /// The shipped weights (regenerate with `bench/stories/fit_match_model.py`).
    public static let fitted = StoryMatchModel(
        weights: [3.8851, 5.4583, 15.2609, 0.1613, -0.2118, 3.3347, -0.2214, 1.4984, 0.2316, 2.2009,
                  -3.5642, -1.7856, -5.5031, -0.8852, 1.6153, -3.4696, 3.3787, -2.5174, -9.2682,
                  -0.9202, -6.6075, 9.2010],
        bias: -2.1259, threshold: 0.5)
}
