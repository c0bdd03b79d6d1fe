/// Escapes text for HTML element content and double-quoted attribute values.
///
/// The five characters that can end text or an attribute (`& < > " '`) become character
/// references; with every attribute value quoted, feed text can only ever be text.
enum HTMLEscaper {
    static func escape(_ text: String) -> String {
        // The five are ASCII, and no byte of a multi-byte UTF-8 sequence is: the text is copied
        // in runs between them (a whole day's HTML is escaped into the Atom feed every edition).
        var text = text
        return text.withUTF8 { bytes -> String in
            guard bytes.contains(where: isSpecial) else { return String(decoding: bytes, as: UTF8.self) }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + bytes.count / 8 + 16)
            var run = 0
            for i in bytes.indices where isSpecial(bytes[i]) {
                out.append(contentsOf: bytes[run..<i])
                switch bytes[i] {
                case 0x26: out.append(contentsOf: "&amp;".utf8)
                case 0x3C: out.append(contentsOf: "&lt;".utf8)
                case 0x3E: out.append(contentsOf: "&gt;".utf8)
                case 0x22: out.append(contentsOf: "&quot;".utf8)
                default: out.append(contentsOf: "&#39;".utf8)
                }
                run = i + 1
            }
            out.append(contentsOf: bytes[run...])
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// `& < > " '`
    private static func isSpecial(_ byte: UInt8) -> Bool {
        byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27
    }

    /// An `<a>` to an http(s) URL with the safe `rel`, or the escaped text alone when the URL
    /// is not a web link.
    static func link(_ url: String?, text: String, className: String? = nil) -> String {
        guard let url = WebLink.safe(url) else {
            return className.map { "<span class=\"\($0)\">" + escape(text) + "</span>" } ?? escape(text)
        }
        let classAttribute = className.map { " class=\"\($0)\"" } ?? ""
        return "<a\(classAttribute) href=\"" + escape(url) + "\" rel=\"noopener noreferrer nofollow\">"
            + escape(text) + "</a>"
    }
}
