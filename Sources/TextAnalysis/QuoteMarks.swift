/// Pairs double quotation marks into quoted spans: curly and straight marks, quotes continued
/// over paragraphs (an opening mark at each new paragraph, a closing mark only at the end),
/// quotes nested in quotes (a curly pair, or a straight pair inside curly marks, stays part of
/// the outer quote), and unterminated quotes closed at the end of their paragraph.
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
        var openedCurly = false
        var nestedCurly = 0          // curly pairs open inside the current quote
        var nestedStraight = false   // a straight pair open inside a curly quote
        var segments: [Range<Int>] = []
        var firstOpen = 0
        var i = 0
        let n = s.count
        let ahead = Lookahead(s)
        func paragraphBreak(at k: Int) -> Int? {
            // k is a "\n"; returns the index after the blank-line run if it is a paragraph break
            guard ahead.isParagraphBreak(k) else { return nil }
            var j = k + 1
            while j < n, s[j].fastIsWhitespace { j += 1 }
            return j
        }
        func close(at k: Int) {
            if let o = openAt { segments.append(o..<k) }
            out.append(Span(segments: segments, openMark: firstOpen, closeMark: k, closed: true))
            openAt = nil
            segments = []
        }
        func open(at k: Int, curly: Bool) {
            openAt = k + 1
            firstOpen = k
            openedCurly = curly
            nestedCurly = 0
            nestedStraight = false
            segments = []
        }
        while i < n {
            let c = s[i]
            if c == "\n", let o = openAt {
                if let next = paragraphBreak(at: i) {
                    // end of paragraph inside an open quote
                    let segEnd = trimEnd(s, o, i)
                    nestedCurly = 0
                    nestedStraight = false
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
                    open(at: i, curly: true)
                } else if openedCurly {
                    // a quote inside a quote: nested when enough closing marks follow in the paragraph
                    if ahead.closingCurlies(from: i + 1) >= nestedCurly + 2 { nestedCurly += 1 }
                } else if ahead.nextClosingCurly(from: i + 1) < min(ahead.nextStraight(from: i + 1), ahead.paragraphEnd(from: i + 1)) {
                    nestedCurly += 1
                }
            } else if isClosing(c) {
                if openAt != nil {
                    if nestedCurly > 0 { nestedCurly -= 1 } else { close(at: i) }
                }
            } else if c == "\"" {
                if openAt == nil {
                    open(at: i, curly: false)
                } else if openedCurly {
                    if nestedStraight {
                        nestedStraight = false
                    } else {
                        // “He called it "a farce" twice,” - a straight pair inside a curly quote
                        // when both the pair's end and the curly close follow in the paragraph;
                        // otherwise the marks are mixed and this one closes the quote
                        let pairEnd = ahead.nextStraight(from: i + 1)
                        let curlyEnd = ahead.nextClosingCurly(from: i + 1)
                        if pairEnd < curlyEnd && curlyEnd < ahead.paragraphEnd(from: i + 1) {
                            nestedStraight = true
                        } else {
                            close(at: i)
                        }
                    }
                } else {
                    close(at: i)
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

    /// Where the next marks and the paragraph end are, from any offset: computed once, backwards,
    /// so that deciding whether a mark nests costs nothing more per mark.
    struct Lookahead {
        private var straight: [Int]
        private var closing: [Int]
        private var paragraph: [Int]
        private var closingCount: [Int]   // closing curly marks in s[0..<k]
        private var breakAt: [Bool]

        init(_ s: [Unicode.Scalar]) {
            let n = s.count
            straight = Array(repeating: n, count: n + 1)
            closing = Array(repeating: n, count: n + 1)
            paragraph = Array(repeating: n, count: n + 1)
            closingCount = Array(repeating: 0, count: n + 1)
            breakAt = Array(repeating: false, count: n + 1)
            var newlinesInRun = 0
            var k = n - 1
            while k >= 0 {
                let c = s[k]
                if c.fastIsWhitespace {
                    if c == "\n" { newlinesInRun += 1 }
                } else {
                    newlinesInRun = 0
                }
                breakAt[k] = c == "\n" && newlinesInRun >= 2
                straight[k] = c == "\"" ? k : straight[k + 1]
                closing[k] = QuoteMarks.isClosing(c) ? k : closing[k + 1]
                paragraph[k] = breakAt[k] ? k : paragraph[k + 1]
                k -= 1
            }
            for j in 0..<n { closingCount[j + 1] = closingCount[j] + (QuoteMarks.isClosing(s[j]) ? 1 : 0) }
        }

        func isParagraphBreak(_ k: Int) -> Bool { k >= 0 && k < breakAt.count && breakAt[k] }
        func nextStraight(from k: Int) -> Int { straight[min(max(k, 0), straight.count - 1)] }
        func nextClosingCurly(from k: Int) -> Int { closing[min(max(k, 0), closing.count - 1)] }
        func paragraphEnd(from k: Int) -> Int { paragraph[min(max(k, 0), paragraph.count - 1)] }
        /// Closing curly marks from `k` to the end of its paragraph.
        func closingCurlies(from k: Int) -> Int {
            let lo = min(max(k, 0), closingCount.count - 1)
            return closingCount[paragraphEnd(from: lo)] - closingCount[lo]
        }
    }

    static func trimEnd(_ s: [Unicode.Scalar], _ lo: Int, _ hi: Int) -> Int {
        var e = hi
        while e > lo, s[e - 1].fastIsWhitespace { e -= 1 }
        return e
    }
}
