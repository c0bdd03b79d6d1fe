import Testing
@testable import StoryClustering

