/// A small HTML tokenizer for the tests: enough of the HTML5 rules to find every tag and
/// attribute a browser would see in the renderer's output (tags, quoted and unquoted
/// attributes, comments, the raw text of `<style>` and `<title>`).
struct HTMLTokenizer {
    struct Tag: Equatable {
        var name: String
        var isEnd: Bool
        var attributes: [(name: String, value: String)]
        static func == (a: Tag, b: Tag) -> Bool {
            a.name == b.name && a.isEnd == b.isEnd && a.attributes.map(\.name) == b.attributes.map(\.name)
                && a.attributes.map(\.value) == b.attributes.map(\.value)
        }
    }

    var tags: [Tag] = []
    var comments: [String] = []
    var doctypes: [String] = []
    /// Raw text of elements whose content is not markup (style, title), by element name.
    var rawText: [(element: String, text: String)] = []
    /// `<` characters that start nothing (a browser shows them as text; our renderer never writes them).
    var strayLessThan = 0

    init(_ html: String) {
        let s = Array(html.unicodeScalars)
        var i = 0
        func isLetter(_ c: Unicode.Scalar) -> Bool { c.isASCII && c.properties.isAlphabetic }
        func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" }
        func starts(_ text: String, at index: Int) -> Bool {
            let t = Array(text.unicodeScalars)
            guard index + t.count <= s.count else { return false }
            return zip(s[index..<(index + t.count)], t).allSatisfy {
                String($0).lowercased() == String($1).lowercased()
            }
        }
        while i < s.count {
            guard s[i] == "<" else { i += 1; continue }
            if starts("<!--", at: i) {
                var j = i + 4
                while j < s.count, !starts("-->", at: j) { j += 1 }
                comments.append(String(String.UnicodeScalarView(s[(i + 4)..<min(j, s.count)])))
                i = j + 3
                continue
            }
            if starts("<!", at: i) || starts("<?", at: i) {
                var j = i + 2
                while j < s.count, s[j] != ">" { j += 1 }
                doctypes.append(String(String.UnicodeScalarView(s[(i + 2)..<min(j, s.count)])))
                i = j + 1
                continue
            }
            let isEnd = i + 1 < s.count && s[i + 1] == "/"
            let nameStart = i + (isEnd ? 2 : 1)
            guard nameStart < s.count, isLetter(s[nameStart]) else { strayLessThan += 1; i += 1; continue }
            var j = nameStart
            while j < s.count, !isSpace(s[j]), s[j] != "/", s[j] != ">" { j += 1 }
            let name = String(String.UnicodeScalarView(s[nameStart..<j])).lowercased()
            var attributes: [(String, String)] = []
            while j < s.count, s[j] != ">" {
                if isSpace(s[j]) || s[j] == "/" { j += 1; continue }
                let attrStart = j
                j += 1
                while j < s.count, !isSpace(s[j]), s[j] != "/", s[j] != ">", s[j] != "=" { j += 1 }
                let attrName = String(String.UnicodeScalarView(s[attrStart..<j])).lowercased()
                while j < s.count, isSpace(s[j]) { j += 1 }
                var value = ""
                if j < s.count, s[j] == "=" {
                    j += 1
                    while j < s.count, isSpace(s[j]) { j += 1 }
                    if j < s.count, s[j] == "\"" || s[j] == "'" {
                        let quote = s[j]
                        let valueStart = j + 1
                        j = valueStart
                        while j < s.count, s[j] != quote { j += 1 }
                        value = String(String.UnicodeScalarView(s[valueStart..<min(j, s.count)]))
                        j += 1
                    } else {
                        let valueStart = j
                        while j < s.count, !isSpace(s[j]), s[j] != ">" { j += 1 }
                        value = String(String.UnicodeScalarView(s[valueStart..<j]))
                    }
                }
                attributes.append((attrName, Self.decodeEntities(value)))
            }
            tags.append(Tag(name: name, isEnd: isEnd, attributes: attributes))
            i = j + 1
            if !isEnd, name == "style" || name == "title" || name == "script" || name == "textarea" {
                var k = i
                while k < s.count, !starts("</" + name, at: k) { k += 1 }
                rawText.append((name, String(String.UnicodeScalarView(s[i..<min(k, s.count)]))))
                i = k
            }
        }
    }

    /// Decodes the character references a browser would decode in an attribute value.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        let named = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "colon": ":", "tab": "\t",
                     "newline": "\n", "sol": "/", "lpar": "(", "rpar": ")"]
        var result = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            let body = after.prefix { $0 != ";" && $0 != "&" && $0 != " " }
            var replacement: String?
            if body.hasPrefix("#x") || body.hasPrefix("#X") {
                replacement = UInt32(body.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
            } else if body.hasPrefix("#") {
                replacement = UInt32(body.dropFirst()).flatMap(Unicode.Scalar.init).map { String($0) }
            } else {
                replacement = named[body.lowercased()]
            }
            if let replacement {
                result += replacement
                rest = after.dropFirst(body.count)
                if rest.first == ";" { rest = rest.dropFirst() }
            } else {
                result += "&"
                rest = after
            }
        }
        return result + rest
    }
}
