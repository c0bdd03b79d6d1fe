import Foundation
@testable import Digest

/// Hostile strings a feed could carry, written for these tests from the well-known families of
/// cross-site-scripting tricks. Each is put into every field a feed controls.
enum XSSCorpus {
    static let vectors: [String] = [
        // Script elements
        "<script>alert(1)</script>",
        "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<script/xss src=https://evil.example/x.js></script>",
        "\"><script>alert(document.cookie)</script>",
        "'><script>alert(1)</script>",
        "</title><script>alert(1)</script>",
        "</textarea><script>alert(1)</script>",
        "</style><script>alert(1)</script>",
        "<!--<script>alert(1)//-->",
        "<![CDATA[<script>alert(1)</script>]]>",
        // Event handlers
        "<img src=x onerror=alert(1)>",
        "<IMG SRC=\"x\" ONERROR=\"alert(1)\">",
        "<body onload=alert(1)>",
        "<div onmouseover=\"alert(1)\">hover</div>",
        "<input autofocus onfocus=alert(1)>",
        "<details open ontoggle=alert(1)>",
        "<video><source onerror=\"alert(1)\"></video>",
        "<marquee onstart=alert(1)>x</marquee>",
        "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;(1)>",
        "<img/src=x/onerror=alert(1)>",
        "<img src=x onerror\n=alert(1)>",
        // URLs
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "javascript&#58;alert(1)",
        "&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)",
        "&#x6A;avascript:alert(1)",
        "jav&#x09;ascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "DATA:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "VBScript:MsgBox(1)",
        "//evil.example/steal",
        "\\\\evil.example\\share",
        "<a href=\"javascript:alert(1)\">click</a>",
        "<a href=javascript&colon;alert(1)>x</a>",
        "[click](javascript:alert(1))",
        "![img](javascript:alert(1))",
        "<javascript:alert(1)>",
        "[x]: javascript:alert(1)",
        // SVG / MathML
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
        // Styles
        "<style>body{background:url(javascript:alert(1))}</style>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<p style=\"width:expression(alert(1))\">x</p>",
        "<link rel=stylesheet href=https://evil.example/x.css>",
        "\" style=\"position:fixed;top:0;left:0;width:100%;height:100%",
        // Frames and objects
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<object data=\"data:text/html,<script>alert(1)</script>\"></object>",
        "<embed src=\"javascript:alert(1)\">",
        "<frameset><frame src=javascript:alert(1)></frameset>",
        // Meta and base
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<base href=\"https://evil.example/\">",
        "<form action=javascript:alert(1)><button>go</button></form>",
        // Attribute breakouts
        "\" onmouseover=\"alert(1)",
        "' onmouseover='alert(1)",
        "\"><img src=x onerror=alert(1)>",
        "` onmouseover=alert(1) `",
        "x\" href=\"javascript:alert(1)",
        // Unicode and encoding tricks
        "\u{FF1C}script\u{FF1E}alert(1)\u{FF1C}/script\u{FF1E}",
        "\u{202E}gnp.exe",
        "<scr\u{0000}ipt>alert(1)</script>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&#60;script&#62;alert(1)&#60;/script&#62;",
        "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
        "%3Cscript%3Ealert(1)%3C/script%3E",
        "<\u{200B}script>alert(1)</script>",
        "+ADw-script+AD4-alert(1)+ADw-/script+AD4-",
        // Markdown-specific
        "# Heading injection",
        "1. list injection",
        "> quote injection",
        "| a | b |\n|---|---|",
        "`code` and ```fence```",
        "**bold** _em_ ~~strike~~",
        "<https://evil.example/autolink>",
        "<mailto:someone@evil.example>",
        "<!-- comment -->",
    ]

    /// Strings for URL fields: every vector, plus web URLs carrying a vector in their path.
    static var urls: [String] {
        vectors + ["https://ok.example/\"><script>alert(1)</script>", "http://ok.example/' onerror='alert(1)",
                   "https://ok.example/a b<c>d", "https://ok.example/(x)[y]"]
    }

    /// One day in which every feed-controlled field holds the vector.
    static func day(with vector: String, url: String) -> DigestInput {
        let when = DigestFixtures.t("2026-10-25T10:00:00Z")
        return DigestInput(
            date: DigestDate("2026-10-25")!, timeZone: DigestFixtures.london, generatedAt: when,
            feedsPolled: 2, newArticles: 2, tagOrder: [vector, "world"],
            stories: [
                StoryInput(id: vector, headline: vector, firstSeen: when,
                           sources: [SourceInput(name: vector, feedURL: url, url: url, title: vector + " title",
                                                 published: when, tags: [vector], reason: vector),
                                     SourceInput(name: "Second " + vector, feedURL: vector, url: vector, title: vector,
                                                 published: when, tags: ["world"], reason: "wire copy of " + vector)],
                           summary: vector + "\n\n" + vector, label: vector, people: [vector], organizations: [vector],
                           places: [vector], quotes: [QuoteInput(text: vector, speaker: vector, sourceURL: url)],
                           figures: [FigureInput(text: vector, context: vector, sourceURL: url)],
                           // Two outlets giving different numbers of the same boats: a disagreement line
                           // that carries the vector in its outlet names and sentences.
                           reportedFigures: [
                               ReportedFigure(text: "120", sentence: "Some 120 boats sailed from the harbour " + vector,
                                              outlet: vector, url: url),
                               ReportedFigure(text: "140", sentence: "About 140 boats sailed from the harbour " + vector,
                                              outlet: "Second " + vector, url: vector),
                           ],
                           developingFrom: DevelopingInput(id: vector, date: DigestDate("2026-10-24")!, headline: vector)),
            ],
            feedProblems: [FeedProblem(name: vector, feedURL: url, problem: vector, since: when,
                                       consecutiveFailures: 2, lastSuccess: nil, kind: .failing)])
    }

    /// A day whose text, if any script ran, would change the page title to "PWNED".
    static var titleProbeDay: DigestInput {
        let probes = [
            "<script>document.title='PWNED'</script>",
            "<img src=x onerror=\"document.title='PWNED'\">",
            "<svg onload=\"document.title='PWNED'\"></svg>",
            "</title><script>document.title='PWNED'</script>",
            "\"><body onload=\"document.title='PWNED'\">",
        ]
        var input = day(with: probes[0], url: "javascript:document.title='PWNED'")
        input.stories[0].summary = probes.joined(separator: "\n\n")
        input.stories[0].sources[0].name = probes[1]
        input.stories[0].quotes[0].text = probes[2]
        input.feedProblems[0].problem = probes[3]
        input.stories[0].label = probes[4]
        return input
    }
}
