/// Escapes text for HTML element content and double-quoted attribute values.
///
/// The five characters that can end text or an attribute (`& < > " '`) become character
/// references; with every attribute value quoted, feed text can only ever be text.
enum HTMLEscaper {
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
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
