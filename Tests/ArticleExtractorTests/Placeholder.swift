import Testing
@testable import ArticleExtractor

