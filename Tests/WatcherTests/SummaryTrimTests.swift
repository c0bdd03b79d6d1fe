import Testing
@testable import Watcher

/// A story's summary is cut to its limit at a sentence end when one keeps more than half of it,
/// else at a word.
@Suite struct SummaryTrimTests {
    let sentence = "The harbour authority in Port Ellery closed the north quay on Tuesday after a crane failed. "

    @Test func aShortTextIsLeftAsItIs() {
        #expect(DigestPublisher.trim("Ferries resume. Tolls unchanged.", to: 600) == "Ferries resume. Tolls unchanged.")
    }

    @Test func aLongTextEndsAtItsLastWholeSentence() {
        let text = String(repeating: sentence, count: 10)
        let cut = DigestPublisher.trim(text, to: 600)
        #expect(cut.count <= 600)
        #expect(cut.hasSuffix("crane failed."))
        #expect(cut.count > 300)
        #expect(text.hasPrefix(cut))
    }

    @Test func aSentenceEndTooEarlyGivesWayToAWordCut() {
        let text = "Storm warning. " + String(repeating: "gusts along the causeway ", count: 40)
        let cut = DigestPublisher.trim(text, to: 200)
        #expect(cut.hasSuffix("…"))
        #expect(!cut.hasSuffix(" …"))
        #expect(cut.count <= 201)
        #expect(cut.count > 150)
    }

    @Test func textWithoutSpacesIsCutAtTheLimit() {
        let cut = DigestPublisher.trim(String(repeating: "é", count: 5_000), to: 100)
        #expect(cut == String(repeating: "é", count: 100) + "…")
    }
}
