/// One article page reduced to what a reader wants: the story's text as paragraphs, its
/// metadata, and an honest label saying whether the text is the whole story.
public struct Article: Sendable, Equatable {
    /// The address the page was fetched from (as given to the extractor).
    public var url: String?
    /// The page's own canonical address, resolved against `url`.
    public var canonicalURL: String?
    public var title: String?
    /// Author names as the page gives them ("Jane Doe, John Roe").
    public var byline: String?
    /// RFC 3339 UTC.
    public var published: String?
    /// RFC 3339 UTC.
    public var modified: String?
    public var siteName: String?
    /// BCP 47 tag as the page declares it ("en", "en-GB").
    public var language: String?
    /// The page's description, or the first paragraph of the article.
    public var excerpt: String?
    /// Lead image, absolute URL.
    public var image: String?
    /// Body paragraphs: headings, list items and paragraphs each on their own.
    public var paragraphs: [String]
    public var status: ArticleStatus
    /// Things the reader of the result should know ("page truncated to 16777216 bytes").
    public var notes: [String]
    /// The charset the page was decoded with.
    public var charset: String?

    /// The body as plain text, paragraphs separated by a blank line.
    public var text: String { paragraphs.joined(separator: "\n\n") }

    public init(url: String? = nil, canonicalURL: String? = nil, title: String? = nil, byline: String? = nil,
                published: String? = nil, modified: String? = nil, siteName: String? = nil, language: String? = nil,
                excerpt: String? = nil, image: String? = nil, paragraphs: [String] = [], status: ArticleStatus = .blocked,
                notes: [String] = [], charset: String? = nil) {
        self.url = url
        self.canonicalURL = canonicalURL
        self.title = title
        self.byline = byline
        self.published = published
        self.modified = modified
        self.siteName = siteName
        self.language = language
        self.excerpt = excerpt
        self.image = image
        self.paragraphs = paragraphs
        self.status = status
        self.notes = notes
        self.charset = charset
    }
}

/// How much of the story the extracted text is, so a digest can say "paywalled" instead of
/// printing a subscription notice as if it were the news.
public enum ArticleStatus: String, Sendable, Equatable, CaseIterable {
    /// The whole article text.
    case full
    /// Article text, but visibly cut short (a "continue reading" teaser, a page of several).
    case partial
    /// Only a headline and a description or a sentence or two; no article body on the page.
    case summaryOnly = "summary-only"
    /// The text stops at a subscription or login wall.
    case paywalled
    /// No article at all: an HTTP error, a bot check, or a cookie-consent wall.
    case blocked
}
