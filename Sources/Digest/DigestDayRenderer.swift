/// What the HTML and Markdown digests share: a story rendered once as a fragment, and the day
/// assembled from its stories' fragments into any stream — a file as it is written, or a
/// `String`, which this gives them both.
public protocol DigestDayRenderer {
    /// One story's text with its rank left out (see `DigestStoryFragment`). It depends on the day
    /// only through `DigestStoryFragment.layoutKey`.
    static func storyFragment(_ story: DigestStory, day: DigestDay) -> DigestStoryFragment

    /// The day assembled from its stories' fragments (`fragments` in the order of `day.stories`,
    /// made by `storyFragment` for a day of the same layout), written to `out` as it is made; the
    /// fragments are read one at a time.
    static func render(_ day: DigestDay, fragments: some DigestStoryFragments, into out: inout some TextOutputStream)
}

extension DigestDayRenderer {
    public static func render(_ day: DigestDay) -> String {
        render(day, fragments: day.stories.map { storyFragment($0, day: day) })
    }

    /// The day assembled from its stories' fragments: the same text as `render(day)`, without
    /// rendering the stories again.
    public static func render(_ day: DigestDay, fragments: [DigestStoryFragment]) -> String {
        var out = ""
        render(day, fragments: fragments, into: &out)
        return out
    }

    /// Whether `fragments` can stand for `day`'s stories; when not, a renderer renders them anew.
    static func fits(_ fragments: some DigestStoryFragments, _ day: DigestDay) -> Bool {
        fragments.count == day.stories.count
    }
}
