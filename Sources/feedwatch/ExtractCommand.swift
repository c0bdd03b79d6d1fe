import ArgumentParser
import ArticleExtractor

/// `feedwatch extract FILE [--url URL]`: the article text and metadata of one saved page, as
/// JSON (the stage contract in docs/ARCHITECTURE.md, plus the honest `status` label).
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Extract the article text and metadata of a saved HTML page, as JSON.")

    @Argument(help: "The HTML file (several files: one compact JSON object per line, in order).") var files: [String]
    @Option(help: "The page's address, for resolving relative links.") var url: String?
    @Option(help: "The charset from the HTTP Content-Type header, if known.") var charset: String?
    @Option(help: "The HTTP status the page came with, if known.") var status: Int?

    struct Output: Encodable {
        let url: String?
        let title: String?
        let byline: String?
        let published: String?
        let modified: String?
        let siteName: String?
        let language: String?
        let excerpt: String?
        let image: String?
        let canonicalURL: String?
        let status: String
        let notes: [String]
        let text: String

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            // Missing values are written as null, as the contract asks.
            try container.encode(url, forKey: .url)
            try container.encode(title, forKey: .title)
            try container.encode(byline, forKey: .byline)
            try container.encode(published, forKey: .published)
            try container.encode(modified, forKey: .modified)
            try container.encode(siteName, forKey: .siteName)
            try container.encode(language, forKey: .language)
            try container.encode(excerpt, forKey: .excerpt)
            try container.encode(image, forKey: .image)
            try container.encode(canonicalURL, forKey: .canonicalURL)
            try container.encode(status, forKey: .status)
            try container.encode(notes, forKey: .notes)
            try container.encode(text, forKey: .text)
        }

        enum CodingKeys: String, CodingKey {
            case url, title, byline, published, modified, siteName, language, excerpt, image, canonicalURL, status, notes, text
        }
    }

    func run() throws {
        for file in files {
            let bytes = CommandOutput.readFile(file)
            let article = PageExtractor.extract(bytes, url: url, httpCharset: charset, httpStatus: status)
            try CommandOutput.printJSON(output(article), pretty: files.count == 1)
        }
    }

    private func output(_ article: Article) -> Output {
        Output(
            url: article.url ?? article.canonicalURL, title: article.title, byline: article.byline,
            published: article.published, modified: article.modified, siteName: article.siteName,
            language: article.language, excerpt: article.excerpt, image: article.image,
            canonicalURL: article.canonicalURL, status: article.status.rawValue, notes: article.notes,
            text: article.text)
    }
}
