/// One BILOU tag of the entity tagger: outside a name, or the beginning, inside, last or only
/// token of a PERSON / ORG / LOC / MISC name. Encoded as a small integer so that a row of the
/// weight table is one score per tag.
public struct EntityTag: Sendable, Hashable {
    /// Where a token sits in a name.
    public enum Position: Int, Sendable, CaseIterable {
        case begin = 0, inside, last, unit
    }

    /// 0 is outside; 1 + type * 4 + position otherwise.
    public let rawValue: Int

    public static let count = 1 + EntityType.allCases.count * Position.allCases.count
    public static let outside = EntityTag(rawValue: 0)

    public init(rawValue: Int) {
        self.rawValue = rawValue
    }

    public init(_ type: EntityType, _ position: Position) {
        rawValue = 1 + EntityTag.typeIndex(type) * Position.allCases.count + position.rawValue
    }

    public var type: EntityType? {
        rawValue == 0 ? nil : EntityType.allCases[(rawValue - 1) / Position.allCases.count]
    }

    public var position: Position? {
        rawValue == 0 ? nil : Position(rawValue: (rawValue - 1) % Position.allCases.count)
    }

    /// True when a name is open after this tag (the next token must continue it).
    public var opensName: Bool {
        position == .begin || position == .inside
    }

    /// Whether `self` may follow `previous` (nil: first token of a sentence), and whether it may
    /// stand at the end of a sentence: names never cross sentences.
    public func canFollow(_ previous: EntityTag?, atSentenceEnd: Bool) -> Bool {
        if atSentenceEnd && opensName { return false }
        if let previous, previous.opensName {
            return type == previous.type && (position == .inside || position == .last)
        }
        return position != .inside && position != .last
    }

    static func typeIndex(_ type: EntityType) -> Int {
        switch type {
        case .person: 0
        case .organization: 1
        case .location: 2
        case .miscellaneous: 3
        }
    }
}
