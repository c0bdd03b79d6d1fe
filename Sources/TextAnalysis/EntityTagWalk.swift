/// The entity tagger's left-to-right pass over one document, shared by tagging and training:
/// it hands out each token's features (the static ones from `EntityFeatures.Table` plus those
/// that depend on the tags already chosen: the previous tags and how the same word was tagged
/// earlier in the document), says which tags may come next (BILOU order, names never cross a
/// sentence) and records the chosen tag. One pass, constant work per token.
public struct EntityTagWalk {
    public let table: EntityFeatures.Table
    public private(set) var index = 0
    public private(set) var tags: [EntityTag] = []
    /// Type of the last name each capitalised word was part of.
    var history: [UInt64: EntityType] = [:]

    /// Types the words had in an earlier pass over the whole document (both directions).
    var prior: [UInt64: EntityType] = [:]

    public init(table: EntityFeatures.Table, prior: [UInt64: EntityType] = [:]) {
        self.table = table
        self.prior = prior
        tags.reserveCapacity(table.count)
    }

    public var isFinished: Bool { index >= table.count }

    var startsSentence: Bool { index == 0 || table.sentenceEnd[index - 1] <= index }

    /// The tag before the current token within its sentence, nil at a sentence start.
    public var previous: EntityTag? { startsSentence ? nil : tags[index - 1] }

    /// The features of the current token, replacing the buffer's contents.
    public func features(into buffer: inout [UInt64]) {
        buffer.removeAll(keepingCapacity: true)
        buffer.append(contentsOf: table.keys[table.offsets[index]..<table.offsets[index + 1]])
        let p1: UInt64 = previous.map { UInt64($0.rawValue) } ?? 99
        let p2: UInt64 = index >= 2 && table.sentenceEnd[index - 2] > index - 1 && !startsSentence ? UInt64(tags[index - 2].rawValue) : 99
        func add(_ template: EntityFeatures.Template, _ value: UInt64) {
            buffer.append(FeatureHash.combine(template.rawValue, value))
        }
        add(.previousTag, p1)
        add(.previousTags, p1 << 8 | p2)
        add(.previousTagWord, FeatureHash.fold(p1, table.lower[index]))
        add(.previousTagShape, FeatureHash.fold(p1, table.shape[index]))
        if table.capitalised[index], let type = history[table.word[index]] ?? prior[table.word[index]] {
            let code = UInt64(EntityTag.typeIndex(type))
            add(.history, code)
            add(.historyShape, FeatureHash.fold(code, table.shape[index]))
        }
    }

    /// Whether the tag may stand at the current token: BILOU order, names within a sentence,
    /// ending on a capitalised word or number, and opened or continued only when the name can
    /// still end properly (so greedy decoding never paints itself into a corner).
    public func allows(_ tag: EntityTag) -> Bool {
        let atEnd = index + 1 >= table.sentenceEnd[index]
        guard tag.canFollow(previous, atSentenceEnd: atEnd) else { return false }
        switch tag.position {
        case nil:
            return true
        case .begin?:
            return !atEnd && table.canEndName[index] && table.canFinishName[index + 1]
        case .inside?:
            return !atEnd && table.canContinueName[index] && table.canFinishName[index + 1]
        case .last?, .unit?:
            return table.canEndName[index]
        }
    }

    /// The best allowed tag for the scores (one per tag), and how far ahead it is of the best
    /// allowed tag of another type ("outside" counts as a type): the tagger's confidence.
    public func choose(_ scores: [Float]) -> (tag: EntityTag, margin: Float) {
        var best = -1
        var bestScore = -Float.infinity
        for t in 0..<EntityTag.count where allows(EntityTag(rawValue: t)) && scores[t] > bestScore {
            best = t
            bestScore = scores[t]
        }
        guard best >= 0 else { return (.outside, 0) }
        let bestType = EntityTag(rawValue: best).type
        var rival = -Float.infinity
        for t in 0..<EntityTag.count where EntityTag(rawValue: t).type != bestType && allows(EntityTag(rawValue: t)) {
            rival = max(rival, scores[t])
        }
        // A forced tag (inside an open name) says nothing new: the name's first token decided.
        return (EntityTag(rawValue: best), rival == -Float.infinity ? .infinity : bestScore - rival)
    }

    /// The type each capitalised word was given in this walk, its last name's (for a second pass).
    public var typesByWord: [UInt64: EntityType] { history }

    /// Records the tag of the current token and moves on.
    public mutating func commit(_ tag: EntityTag) {
        tags.append(tag)
        if let type = tag.type, tag.position == .last || tag.position == .unit {
            var k = index
            while k >= 0 {
                if table.capitalised[k] { history[table.word[k]] = type }
                if tags[k].position == .begin || tags[k].position == .unit { break }
                k -= 1
            }
        }
        index += 1
    }
}
