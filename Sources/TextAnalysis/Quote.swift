/// A direct quotation and who said it, as the article names them.
public struct Quote: Sendable, Equatable, Codable {
    /// The words inside the quotation marks (paragraphs of a continued quote joined by a space).
    public var text: String
    /// The speaker as written ("Mr Okafor", "the airline", "one resident"); nil when unknown.
    public var speaker: String?
    /// Scalar offsets of the quoted text (without the marks).
    public var start: Int
    public var end: Int

    public init(text: String, speaker: String?, start: Int, end: Int) {
        self.text = text
        self.speaker = speaker
        self.start = start
        self.end = end
    }
}
