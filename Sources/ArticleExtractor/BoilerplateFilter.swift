/// Boilerplate that survives block scoring because it sits inside the article block:
/// image captions and credits, "related"/"read more"/"don't miss" link lists, newsletter and
/// share prompts. Removed by structure and wording, never by site.
enum BoilerplateFilter {
    static func clean(_ tree: inout WorkingTree, _ content: Int) {
    }

    static func filterParagraphs(_ paragraphs: [String]) -> [String] {
        paragraphs
    }
}
