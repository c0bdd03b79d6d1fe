import Foundation

/// `digest_base_url`: where readers find the digest directory, for the feeds' absolute links.
///
/// Only http, https and file URLs with nothing that could confuse a join: no query, no fragment,
/// no spaces, quotes, angle brackets or control characters; http(s) must name a host. A missing
/// trailing "/" is added, since the URL names a directory.
public enum DigestBaseURL {
    /// The URL ready to have file names appended, or nil when it is not acceptable.
    public static func normalized(_ raw: String) -> String? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, text.utf8.count <= 2048,
              !text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || "\"'<>`\\?#{}|^".unicodeScalars.contains($0) }),
              let url = URL(string: text), let scheme = url.scheme?.lowercased() else { return nil }
        switch scheme {
        case "http", "https":
            guard let host = url.host, !host.isEmpty, text.lowercased().hasPrefix(scheme + "://") else { return nil }
        case "file":
            guard text.lowercased().hasPrefix("file:///") || text.lowercased().hasPrefix("file://localhost/") else { return nil }
        default:
            return nil
        }
        return text.hasSuffix("/") ? text : text + "/"
    }

    /// The `file://` URL of a local directory, used when no base URL is configured.
    public static func fileURL(ofDirectory path: String) -> String {
        let url = URL(fileURLWithPath: path, isDirectory: true).absoluteString
        return url.hasSuffix("/") ? url : url + "/"
    }
}
