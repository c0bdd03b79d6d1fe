// The ArticleExtractor module; see docs/ARCHITECTURE.md.
