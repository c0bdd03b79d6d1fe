import Testing
@testable import FeedParser

