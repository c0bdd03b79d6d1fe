import Foundation

/// A JSON value read strictly (booleans are not numbers, integers are kept apart).
enum JSONValue: Decodable, Equatable {
    case null, bool(Bool), integer(Int), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int.self) { self = .integer(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    static func parse(_ text: String) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) }

    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer: "integer"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

/// Checks a JSON value against a JSON Schema (draft 2020-12) using the keywords our schema
/// uses: type, required, properties, additionalProperties (boolean), items, enum, pattern,
/// minLength, minimum, format (date-time, date, uri) and local `$ref`s into `$defs`. A keyword
/// it does not know is itself an error, so the schema cannot quietly outgrow the validator.
struct SchemaValidator {
    let root: JSONValue
    static let annotations: Set<String> = ["$schema", "$id", "title", "description", "$defs"]

    /// Every violation, as "path: problem"; empty when the value is valid.
    func errors(_ value: JSONValue) -> [String] {
        var errors: [String] = []
        check(value, against: root, path: "$", errors: &errors)
        return errors
    }

    private func check(_ value: JSONValue, against schema: JSONValue, path: String, errors: inout [String]) {
        guard case .object(let keywords) = schema else { errors.append("\(path): schema is not an object"); return }
        for (keyword, rule) in keywords.sorted(by: { $0.key < $1.key }) {
            switch keyword {
            case "$ref":
                guard case .string(let reference) = rule, reference.hasPrefix("#/$defs/"),
                      case .object(let top) = root, case .object(let defs)? = top["$defs"],
                      let target = defs[String(reference.dropFirst(8))] else {
                    errors.append("\(path): unresolvable $ref \(rule)"); continue
                }
                check(value, against: target, path: path, errors: &errors)
            case "type":
                let allowed: [String]
                switch rule {
                case .string(let name): allowed = [name]
                case .array(let names): allowed = names.compactMap { if case .string(let n) = $0 { n } else { nil } }
                default: errors.append("\(path): bad type keyword"); continue
                }
                let actual = value.typeName
                if !(allowed.contains(actual) || (actual == "integer" && allowed.contains("number"))) {
                    errors.append("\(path): \(actual) is not \(allowed.joined(separator: "|"))")
                }
            case "required":
                guard case .object(let object) = value, case .array(let names) = rule else { continue }
                for case .string(let name) in names where object[name] == nil { errors.append("\(path): missing \(name)") }
            case "properties":
                guard case .object(let object) = value, case .object(let properties) = rule else { continue }
                for (name, propertySchema) in properties.sorted(by: { $0.key < $1.key }) {
                    if let property = object[name] { check(property, against: propertySchema, path: path + "." + name, errors: &errors) }
                }
            case "additionalProperties":
                guard case .object(let object) = value else { continue }
                guard case .bool(let allowed) = rule else { errors.append("\(path): additionalProperties must be boolean here"); continue }
                var known = Set<String>()
                if case .object(let properties)? = keywords["properties"] { known = Set(properties.keys) }
                if !allowed { for name in object.keys.sorted() where !known.contains(name) { errors.append("\(path): unexpected \(name)") } }
            case "items":
                guard case .array(let items) = value else { continue }
                for (index, item) in items.enumerated() { check(item, against: rule, path: "\(path)[\(index)]", errors: &errors) }
            case "enum":
                guard case .array(let options) = rule else { errors.append("\(path): bad enum"); continue }
                if !options.contains(value) { errors.append("\(path): \(value) not in enum") }
            case "pattern":
                guard case .string(let text) = value, case .string(let pattern) = rule else { continue }
                if text.range(of: pattern, options: .regularExpression) == nil { errors.append("\(path): \(text) does not match \(pattern)") }
            case "minLength":
                guard case .string(let text) = value, case .integer(let minimum) = rule else { continue }
                if text.count < minimum { errors.append("\(path): shorter than \(minimum)") }
            case "minimum":
                guard case .integer(let minimum) = rule else { errors.append("\(path): bad minimum"); continue }
                if case .integer(let number) = value, number < minimum { errors.append("\(path): \(number) < \(minimum)") }
                if case .number(let number) = value, number < Double(minimum) { errors.append("\(path): \(number) < \(minimum)") }
            case "format":
                guard case .string(let text) = value, case .string(let format) = rule else { continue }
                let ok: Bool
                switch format {
                case "date-time": ok = Self.isDateTime(text)
                case "date": ok = text.range(of: "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$", options: .regularExpression) != nil
                case "uri": ok = text.range(of: "^[A-Za-z][A-Za-z0-9+.-]*:[^\\s]*$", options: .regularExpression) != nil
                default: errors.append("\(path): unknown format \(format)"); continue
                }
                if !ok { errors.append("\(path): \(text) is not a \(format)") }
            default:
                if !Self.annotations.contains(keyword) { errors.append("\(path): validator does not know keyword \(keyword)") }
            }
        }
    }

    /// RFC 3339 date-time with a numeric offset or Z.
    static func isDateTime(_ text: String) -> Bool {
        text.range(of: "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt]([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$",
                   options: .regularExpression) != nil
    }
}
