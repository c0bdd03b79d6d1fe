/// The four CoNLL-style entity types the digest groups by.
public enum EntityType: String, Sendable, Codable, CaseIterable {
    case person = "PERSON"
    case organization = "ORG"
    case location = "LOC"
    case miscellaneous = "MISC"
}

/// A named-entity mention: its text exactly as in the document, its scalar offsets, and how
/// sure the tagger is of its type (the score margin over the best other reading; see
/// `EntityRecognizer.confidentMargin`).
public struct Entity: Sendable, Equatable, Codable {
    public var text: String
    public var type: EntityType
    public var start: Int
    public var end: Int
    public var confidence: Double

    public init(text: String, type: EntityType, start: Int, end: Int, confidence: Double = 100) {
        self.text = text
        self.type = type
        self.start = start
        self.end = end
        self.confidence = confidence
    }

    /// Whether the type is certain enough to show a reader.
    public var isConfident: Bool { confidence >= EntityRecognizer.confidentMargin }
}
