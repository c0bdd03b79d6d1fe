/// One feed entry as StoryClustering sees it: what arrived, from whom, and when.
///
/// `published` is seconds since 1970 (UTC); items should be added in published order. A nil
/// `published` means "unknown" and is taken to be the latest time the clusterer has seen.
public struct NewsItem: Sendable, Codable, Hashable {
    public var id: String
    public var source: String
    public var title: String
    /// Lead, summary or full body as plain text; may be empty (headline-only feeds).
    public var text: String
    public var published: Double?
    public var url: String
    /// The feed's GUID when it has one that is not simply the URL.
    public var guid: String?

    public init(id: String, source: String, title: String, text: String = "", published: Double? = nil,
                url: String = "", guid: String? = nil) {
        self.id = id
        self.source = source
        self.title = title
        self.text = text
        self.published = published
        self.url = url
        self.guid = guid
    }
}

/// Parses the RFC 3339 timestamps of the stage contracts ("2014-03-09T16:15:07Z",
/// "1987-03-02T00:30:02.5+01:00") into seconds since 1970, without Foundation's formatters.
public enum RFC3339 {
    public static func seconds(_ text: String) -> Double? {
        let b = Array(text.utf8)
        func num(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var v = 0
            for i in from..<(from + count) {
                guard b[i] >= 48 && b[i] <= 57 else { return nil }
                v = v * 10 + Int(b[i] - 48)
            }
            return v
        }
        guard let y = num(0, 4), b.count >= 10, b[4] == UInt8(ascii: "-"), let mo = num(5, 2),
              b[7] == UInt8(ascii: "-"), let d = num(8, 2), (1...12).contains(mo), (1...31).contains(d)
        else { return nil }
        var h = 0, mi = 0, s = 0.0, offset = 0
        var i = 10
        if b.count > 10 {
            guard b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == UInt8(ascii: " "),
                  let hh = num(11, 2), b.count > 13, b[13] == UInt8(ascii: ":"), let mm = num(14, 2)
            else { return nil }
            h = hh; mi = mm; i = 16
            if i < b.count, b[i] == UInt8(ascii: ":"), let ss = num(17, 2) {
                s = Double(ss); i = 19
                if i < b.count, b[i] == UInt8(ascii: ".") {
                    var scale = 0.1
                    i += 1
                    while i < b.count, b[i] >= 48 && b[i] <= 57 { s += Double(b[i] - 48) * scale; scale /= 10; i += 1 }
                }
            }
            if i < b.count {
                if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") { i += 1 }
                else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
                    let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
                    guard let oh = num(i + 1, 2) else { return nil }
                    var om = 0
                    if i + 3 < b.count, b[i + 3] == UInt8(ascii: ":") { om = num(i + 4, 2) ?? 0 }
                    else { om = num(i + 3, 2) ?? 0 }
                    offset = sign * (oh * 60 + om) * 60
                }
            }
        }
        // Days from civil date (Howard Hinnant's algorithm).
        let yy = mo <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let mp = (mo + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146097 + doe - 719468
        return Double(days * 86400 + h * 3600 + mi * 60 - offset) + s
    }
}
