/// The four CoNLL-style entity types the digest groups by.
public enum EntityType: String, Sendable, Codable, CaseIterable {
    case person = "PERSON"
    case organization = "ORG"
    case location = "LOC"
    case miscellaneous = "MISC"
}

/// A named-entity mention: its text exactly as in the document and its scalar offsets.
public struct Entity: Sendable, Equatable, Codable {
    public var text: String
    public var type: EntityType
    public var start: Int
    public var end: Int

    public init(text: String, type: EntityType, start: Int, end: Int) {
        self.text = text
        self.type = type
        self.start = start
        self.end = end
    }
}
