// The FeedParser module; see docs/ARCHITECTURE.md.
