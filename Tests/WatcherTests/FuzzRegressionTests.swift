import Foundation
import Testing
@testable import FeedwatchConfig
@testable import FetchPolicy

/// Header values found by `make fuzz` (scripts/fuzz.sh, target FuzzHeaders) that once went wrong,
/// kept so they never do again.
@Suite struct FuzzRegressionTests {
    let now = Date(timeIntervalSince1970: 1_796_400_000)

    /// A Retry-After holding an emoji made DateFormatter leak on every response (AddressSanitizer
    /// found it); the same formatter also read digits the HTTP grammar does not allow. Dates are
    /// ASCII, and anything else is no date.
    @Test func httpDatesAreASCIIOnly() {
        #expect(HTTPHeaderValues.httpDate("Fri, 04 Dec 2026 18:30:00 GMT") == Date(timeIntervalSince1970: 1_796_409_000))
        for value in ["Fri, ０４ Dec ２０２６ 18:30:00 GMT", "Fri, 04 Dec ٢٠٢٦ 18:30:00 GMT",
                      "Fri, 04 Dec 2026 18:30:00 GMT😀", "😀"] {
            #expect(HTTPHeaderValues.httpDate(value) == nil, "\(value)")
            #expect(HTTPHeaderValues.retryAfter(value, now: now) == nil, "Retry-After: \(value)")
        }
        #expect(HTTPHeaderValues.retryAfter("Fri, 04 Dec 2026 18:30:00 GMT", now: now) == 9000)
    }

    /// A table header whose name starts with a character that cannot start a key (`[é]`, `[, x]`,
    /// `[` and a line break) made toml++ abort the whole process on an assertion (FuzzConfig found
    /// all three). It is a config error with its line now.
    @Test func tableNamesThatCannotStartAKeyAreAConfigErrorNotAnAbort() {
        let file = "/etc/feedwatch/feedwatch.toml"
        for header in ["[é]", "[ é ]", "[[é]]", "  [[ \u{FFFD}feed ]]", "[\u{00A0}x]", "[, summary-only]", "[.a]", "[[=]]", "[#]", "[+x]", "[\n-ed]]", "[\r\n"] {
            let text = "state_dir = \"/var/lib/feedwatch\"\n\n" + header + "\nurl = \"https://example.org/feed\"\n"
            do {
                _ = try ConfigLoader.parse(text: text, file: file)
                Issue.record("\(header) was accepted")
            } catch {
                #expect(error.location.line == 3, "\(header): \(error)")
                #expect("\(error)".contains("table name"), "\(header): \(error)")
            }
        }
        #expect(TOMLHeaderGuard.firstUnsafeHeaderLine(in: "[\"é\"]\nx = 1\n[a.é]\n") == nil)
        #expect(TOMLHeaderGuard.firstUnsafeHeaderLine(in: "\u{FEFF}[\u{10}]\n") == 1)    // after a byte-order mark
        #expect(TOMLHeaderGuard.firstUnsafeHeaderLine(in: "[[feed]]\n[ 'q' ]\n[]\n[ ]\n[-x]\n[_y]\n[9]\ntags = [\n  [\"a\"],\n]\n") == nil)
        // Inside a multi-line string too: where such a string ends is toml++'s to say, and a
        // fuzzed run of quotes once made a guard that tracked them disagree with it.
        #expect(TOMLHeaderGuard.firstUnsafeHeaderLine(in: "note = '''\n[é]\n'''\n") == 2)
        #expect(TOMLHeaderGuard.firstUnsafeHeaderLine(in: "x = ''''''''''''''''''''\n   [   # a comment\n") == 2)
    }

    /// A `}` where a list item should start (`[}`, `[1, }]`) made toml++ abort on an assertion in
    /// its value parser (FuzzConfig found it). A config error with its line; a `}` in a string or a
    /// comment is text.
    @Test func aBraceWhereAListItemShouldBeIsAConfigErrorNotAnAbort() {
        let file = "/etc/feedwatch/feedwatch.toml"
        for value in ["[}", "[ } ]", "[\"a\", }]", "[[[[}", "{ tags = [}] }"] {
            let text = "state_dir = \"/var/lib/feedwatch\"\n\nformats = " + value + "\n"
            do {
                _ = try ConfigLoader.parse(text: text, file: file)
                Issue.record("\(value) was accepted")
            } catch {
                #expect(error.location.line == 3, "\(value): \(error)")
            }
        }
        let fine = "name = \"a [} b\" # [}\nnote = '''\n[, }\n'''\ntags = [\"x\", 'y,}']\nt = { a = [1, 2] }\n"
        #expect(TOMLArrayGuard.firstUnsafeBraceLine(in: fine) == nil)
        #expect(TOMLArrayGuard.firstUnsafeBraceLine(in: "a = \"x\\\"[}\"\nb = [\n  1,\n  }\n") == 4)
    }
}
