/// Pairs double quotation marks into quoted spans: curly and straight marks, quotes continued
/// over paragraphs (an opening mark at each new paragraph, a closing mark only at the end), and
/// unterminated quotes closed at the end of their paragraph.
public enum QuoteMarks {
    /// A quoted span: the segments of text inside the marks (one per paragraph) and the marks'
    /// outer bounds.
    public struct Span: Sendable, Equatable {
        public var segments: [Range<Int>]
        public var openMark: Int
        public var closeMark: Int   // offset of the closing mark (or end of the last segment)
        public var closed: Bool
    }

    static func isOpening(_ c: Unicode.Scalar) -> Bool { c == "\u{201C}" || c == "\u{201E}" || c == "\u{00AB}" }
    static func isClosing(_ c: Unicode.Scalar) -> Bool { c == "\u{201D}" || c == "\u{00BB}" }

    public static func spans(in s: [Unicode.Scalar]) -> [Span] {
        var out: [Span] = []
        var openAt: Int? = nil
        var segments: [Range<Int>] = []
        var firstOpen = 0
        var i = 0
        let n = s.count
        func paragraphBreak(at k: Int) -> Int? {
            // k is a "\n"; returns the index after the blank-line run if it is a paragraph break
            var j = k + 1
            var lines = 1
            while j < n, s[j].properties.isWhitespace {
                if s[j] == "\n" { lines += 1 }
                j += 1
            }
            return lines >= 2 ? j : nil
        }
        while i < n {
            let c = s[i]
            if c == "\n", let o = openAt {
                if let next = paragraphBreak(at: i) {
                    // end of paragraph inside an open quote
                    let segEnd = trimEnd(s, o, i)
                    if next < n, isOpening(s[next]) || s[next] == "\"" {
                        segments.append(o..<segEnd)
                        openAt = next + 1
                        i = next + 1
                        continue
                    }
                    // unterminated: close at the paragraph end
                    segments.append(o..<segEnd)
                    out.append(Span(segments: segments, openMark: firstOpen, closeMark: segEnd, closed: false))
                    openAt = nil
                    segments = []
                    i = next
                    continue
                }
            }
            if isOpening(c) {
                if openAt == nil {
                    openAt = i + 1
                    firstOpen = i
                    segments = []
                }
            } else if isClosing(c) {
                if let o = openAt {
                    segments.append(o..<i)
                    out.append(Span(segments: segments, openMark: firstOpen, closeMark: i, closed: true))
                    openAt = nil
                    segments = []
                }
            } else if c == "\"" {
                if let o = openAt {
                    segments.append(o..<i)
                    out.append(Span(segments: segments, openMark: firstOpen, closeMark: i, closed: true))
                    openAt = nil
                    segments = []
                } else {
                    openAt = i + 1
                    firstOpen = i
                    segments = []
                }
            }
            i += 1
        }
        if let o = openAt {
            segments.append(o..<trimEnd(s, o, n))
            out.append(Span(segments: segments, openMark: firstOpen, closeMark: trimEnd(s, o, n), closed: false))
        }
        return out.filter { span in span.segments.contains { !$0.isEmpty } }
    }

    static func trimEnd(_ s: [Unicode.Scalar], _ lo: Int, _ hi: Int) -> Int {
        var e = hi
        while e > lo, s[e - 1].properties.isWhitespace { e -= 1 }
        return e
    }
}
