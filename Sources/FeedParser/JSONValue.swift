/// A JSON value as `JSONReader` keeps it: only what the JSON Feed reader can use, held in plain
/// Swift values. Numbers keep their literal text, so that an `id` written as a number reads back
/// as the same digits.
indirect enum JSONValue: Equatable {
    case null
    case bool(Bool)
    /// The number as written (`42`, `-1.5e3`); grammar already checked.
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members by name; a name given twice keeps its last value.
    case object([String: JSONValue])

    var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    var array: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    var object: [String: JSONValue]? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// A number that is a whole value within `Int`'s range (`12`, `1.2e3`), else nil: never a
    /// trapping conversion, whatever the literal.
    var integer: Int? {
        guard case .number(let literal) = self else { return nil }
        if let exact = Int(literal) { return exact }
        guard let value = Double(literal), value.isFinite,
              value >= -9_007_199_254_740_992, value <= 9_007_199_254_740_992 else { return nil }
        return Int(value.rounded(.towardZero))
    }
}
