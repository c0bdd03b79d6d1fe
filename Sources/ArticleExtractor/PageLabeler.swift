/// Page-level hints gathered before extraction rewrites the tree.
struct PageSignals: Sendable {
    var hasNextPageLink = false
    var pageText = ""

    static func collect(_ tree: WorkingTree) -> PageSignals {
        var signals = PageSignals()
        for link in tree.descendants(of: WorkingTree.root, named: ["link", "a"]) {
            let rel = (tree.attribute(link, "rel") ?? "").lowercased()
            if rel.split(separator: " ").contains("next") { signals.hasNextPageLink = true }
        }
        return signals
    }
}

/// Decides the honest label of an extracted article.
enum PageLabeler {
    static func label(_ article: Article, metadata: PageMetadata, signals: PageSignals, httpStatus: Int?) -> ArticleStatus {
        if let status = httpStatus, status >= 400 { return .blocked }
        let length = article.paragraphs.reduce(0) { $0 + $1.count }
        if length == 0 { return .blocked }
        if length < 300 { return .summaryOnly }
        return .full
    }
}
