import Testing
@testable import Digest

/// The escapers work on UTF-8 bytes for speed; they must give exactly what the rules say,
/// character by character, on any text.
@Suite struct EscaperTests {
    /// The rules, one character at a time (what the byte-level code must equal).
    static func reference(html text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func reference(xml text: String) -> String {
        var cleaned = ""
        for scalar in text.unicodeScalars {
            let v = scalar.value
            let allowed = v == 0x09 || v == 0x0A || v == 0x0D || !(v < 0x20 || (0x7F...0x9F).contains(v) || v == 0xFFFE || v == 0xFFFF)
            cleaned.unicodeScalars.append(allowed ? scalar : "\u{FFFD}")
        }
        return reference(html: cleaned)
    }

    static let samples: [String] = {
        var texts = ["", "plain words", "Fish & chips <b>\"quoted\"</b> 'single'", "£4bn rise — “curly” € ¥ 日本語 🚢",
                     "tab\there\nline\r\nend", "bell\u{7}del\u{7F}c1\u{85}\u{9F}nbsp\u{A0}", "nonchar\u{FFFE}\u{FFFF}\u{FFFD}",
                     "&&&<<<>>>", "\u{C2}\u{80}", "ends with &", "<"]
        texts += XSSCorpus.vectors
        // Every scalar class in a row, and pseudo-random mixes of them.
        let pieces: [String] = ["a", "&", "<", ">", "\"", "'", "\u{1}", "\t", "\u{7F}", "\u{80}", "\u{9F}", "\u{A0}", "£",
                                "\u{FFFE}", "\u{FFFF}", "\u{EFBF}", "ï¿", "€", "🚢", " "]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<300 {
            var text = ""
            for _ in 0..<24 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                text += pieces[Int(truncatingIfNeeded: state >> 33) % pieces.count]
            }
            texts.append(text)
        }
        return texts
    }()

    @Test func htmlEscapingEqualsTheRuleOnEveryText() {
        for text in Self.samples {
            #expect(HTMLEscaper.escape(text) == Self.reference(html: text), "\(Array(text.unicodeScalars))")
        }
    }

    @Test func xmlEscapingEqualsTheRuleOnEveryText() {
        for text in Self.samples {
            #expect(XMLEscaper.escape(text) == Self.reference(xml: text), "\(Array(text.unicodeScalars))")
        }
    }
}
