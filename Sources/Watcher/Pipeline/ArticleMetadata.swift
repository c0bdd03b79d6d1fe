import ArticleExtractor
import Foundation

/// The metadata of an extracted page, kept as JSON beside its text.
struct ArticleMetadata: Codable, Sendable {
    var url: String?
    var canonicalURL: String?
    var title: String?
    var byline: String?
    var published: String?
    var siteName: String?
    var language: String?
    var excerpt: String?
    var image: String?

    init(_ article: Article) {
        url = article.url
        canonicalURL = article.canonicalURL
        title = article.title
        byline = article.byline
        published = article.published
        siteName = article.siteName
        language = article.language
        excerpt = article.excerpt
        image = article.image
    }

    func json() -> String { StoredJSON.text(self) }
}
