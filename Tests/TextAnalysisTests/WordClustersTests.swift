import Foundation
import Testing
@testable import TextAnalysis

/// The bundled word classes: they load, the case fallbacks find the forms the file leaves out,
/// and the parser takes bad lines without trapping.
@Suite struct WordClustersTests {
    @Test func bundledClassesLoad() {
        let clusters = WordClusters.bundled
        #expect(clusters.count > 100_000)
        // Capital cities share a class; the first steps of the path are shared with other names.
        let city = clusters.path("London")
        #expect(city != 0)
        #expect(clusters.path("Tokyo") == city)
        #expect(clusters.path("the") != 0)
        #expect(clusters.path("the") & 0xF != city & 0xF)
    }

    @Test func caseFallbacks() {
        let clusters = WordClusters(bytes: Array("# header\nnasa\t5\nParis\t6\nEDIT\t9\n".utf8))
        #expect(clusters.count == 3)
        #expect(clusters.path("NASA") == 5)
        #expect(clusters.path("Nasa") == 5)
        #expect(clusters.path("PARIS") == 6)
        #expect(clusters.path("paris") == 6)
        #expect(clusters.path("EDIT") == 9)
        #expect(clusters.path("edit") == 0)
        #expect(clusters.path("") == 0)
    }

    @Test func malformedLinesAreSkipped() {
        let text = "a\t\nb\tx1\nc\t99999999999999999999\n\t4\nd\t0\ne\t16777216\nf\t16777215\r\ng\t7"
        let clusters = WordClusters(bytes: Array(text.utf8))
        #expect(clusters.count == 2)
        #expect(clusters.path("f") == 16_777_215)
        #expect(clusters.path("g") == 7)
        #expect(WordClusters(bytes: []).count == 0)
    }
}
