import Foundation
@testable import Digest

/// A day of news written for these tests (invented outlets and events, not copied from any
/// corpus): Sunday 25 October 2026 in London, the day the clocks go back at 02:00 BST.
enum DigestFixtures {
    static let london = TimeZone(identifier: "Europe/London")!
    static let newYork = TimeZone(identifier: "America/New_York")!

    /// An instant from an RFC 3339 string (the tests' own clock).
    static func t(_ text: String) -> Date {
        guard let time = DigestTime(rfc3339: text) else { fatalError("bad fixture time \(text)") }
        return time.date
    }

    static let courier = (name: "Northern Courier", feed: "https://northern-courier.example/rss.xml")
    static let harbour = (name: "The Harbour Times", feed: "https://harbourtimes.example/feeds/all.atom")
    static let wire = (name: "Meridian Wire", feed: "https://meridianwire.example/feed.json")
    static let gazette = (name: "Valley Gazette", feed: "https://valleygazette.example/index.rdf")
    static let ledger = (name: "Ledger Business Daily", feed: "https://ledgerdaily.example/markets.xml")
    static let circuit = (name: "Circuit Weekly", feed: "https://circuitweekly.example/atom.xml")

    static var dstDay: DigestInput {
        DigestInput(
            date: DigestDate("2026-10-25")!, timeZone: london, generatedAt: t("2026-10-26T00:05:00Z"),
            feedsPolled: 9, newArticles: 64, tagOrder: ["world", "uk", "business", "tech"],
            stories: [smallBusiness, storm, ceasefire, chip, wireTwice, untagged],
            feedProblems: [
                FeedProblem(name: "Valley Gazette Sport", feedURL: "https://valleygazette.example/sport.rdf",
                            problem: "the feed has published nothing for 9 days", since: t("2026-10-16T07:00:00Z"),
                            consecutiveFailures: 0, lastSuccess: t("2026-10-25T10:00:00Z"), kind: .stale),
                FeedProblem(name: "Eastgate Post", feedURL: "https://eastgatepost.example/rss",
                            problem: "HTTP 404 Not Found: the feed is gone", since: t("2026-10-23T09:15:00Z"),
                            consecutiveFailures: 14, lastSuccess: t("2026-10-23T08:45:00Z"), kind: .failing),
            ],
            isFinal: true)
    }

    /// Four outlets; times on both sides of the clock change (01:40 BST, then 01:20 GMT).
    static let storm = StoryInput(
        id: "st-storm-idris", headline: "Storm Idris floods coastal towns as rivers burst their banks",
        firstSeen: t("2026-10-25T00:52:00Z"),
        sources: [
            SourceInput(name: harbour.name, feedURL: harbour.feed,
                        url: "https://harbourtimes.example/uk/2026/oct/25/storm-idris-floods",
                        title: "Storm Idris: hundreds evacuated as rivers burst banks", published: t("2026-10-25T01:20:00+00:00"),
                        tags: ["uk"]),
            SourceInput(name: courier.name, feedURL: courier.feed,
                        url: "https://northern-courier.example/news/storm-idris-live?utm_source=rss",
                        title: "Storm Idris floods coastal towns as rivers burst their banks",
                        published: t("2026-10-25T01:40:00+01:00"), tags: ["uk"]),
            SourceInput(name: wire.name, feedURL: wire.feed, url: "https://meridianwire.example/a/8841",
                        title: "UK storm forces evacuations on north-east coast", published: t("2026-10-25T09:05:00Z"),
                        tags: ["world"]),
            SourceInput(name: gazette.name, feedURL: gazette.feed, url: "https://valleygazette.example/2026/10/25/flood",
                        title: "Flood warning for the valley after a night of rain", published: t("2026-10-25T11:30:00Z"),
                        tags: ["uk"]),
        ],
        summary: """
        Rivers burst their banks overnight in three coastal towns as Storm Idris brought more than a month's rain in twelve hours.

        About 400 people spent the night in emergency shelters, and the coastguard said it had rescued 23 people from cars and homes.
        """,
        people: ["Mara Okafor"], organizations: ["Coastguard", "Environment Agency"], places: ["Whitby", "Scarborough"],
        quotes: [QuoteInput(text: "We have not seen water this high in forty years.", speaker: "Mara Okafor",
                            sourceURL: "https://harbourtimes.example/uk/2026/oct/25/storm-idris-floods")],
        figures: [FigureInput(text: "400 people", context: "spent the night in emergency shelters",
                              sourceURL: "https://harbourtimes.example/uk/2026/oct/25/storm-idris-floods"),
                  FigureInput(text: "23", context: "people rescued by the coastguard")])

    /// Three outlets, world news, most recent of the multi-source stories.
    static let ceasefire = StoryInput(
        id: "st-ceasefire", headline: "Ceasefire talks resume in Cairo after two-week pause",
        firstSeen: t("2026-10-25T08:10:00Z"),
        sources: [
            SourceInput(name: wire.name, feedURL: wire.feed, url: "https://meridianwire.example/a/8850",
                        title: "Ceasefire talks resume in Cairo", published: t("2026-10-25T08:02:00Z"), tags: ["world"]),
            SourceInput(name: harbour.name, feedURL: harbour.feed, url: "https://harbourtimes.example/world/cairo-talks",
                        title: "Negotiators return to Cairo as pressure grows for a truce", published: t("2026-10-25T12:45:00Z"),
                        tags: ["world"]),
            SourceInput(name: courier.name, feedURL: courier.feed, url: "https://northern-courier.example/world/cairo",
                        title: nil, published: t("2026-10-25T10:00:00Z"), tags: ["uk"]),
        ],
        summary: "Mediators said both delegations had arrived in Cairo and that talks would continue into Monday.",
        people: ["Samir Haddad"], organizations: ["United Nations"], places: ["Cairo"],
        quotes: [QuoteInput(text: "Nobody should expect an agreement tonight, but the door is open.", speaker: "Samir Haddad")])

    /// Two outlets, paywalled.
    static let smallBusiness = StoryInput(
        id: "st-rates", headline: "Regional banks lift savings rates ahead of central bank decision",
        firstSeen: t("2026-10-25T07:30:00Z"),
        sources: [
            SourceInput(name: ledger.name, feedURL: ledger.feed, url: "https://ledgerdaily.example/banks/savings-rates",
                        title: "Savings rates climb as banks position for Thursday", published: t("2026-10-25T07:15:00Z"),
                        tags: ["business"]),
            SourceInput(name: harbour.name, feedURL: harbour.feed, url: "https://harbourtimes.example/money/savings",
                        title: "Best savings rates rise again", published: t("2026-10-25T09:40:00Z"), tags: ["business"]),
        ],
        summary: "Four regional lenders raised easy-access savings rates to as much as 4.6%.",
        label: "paywalled", organizations: ["Ledger Business Daily"],
        figures: [FigureInput(text: "4.6%", context: "top easy-access savings rate")])

    /// One source, published the evening before (shown with its day).
    static let chip = StoryInput(
        id: "st-chip", headline: "Chipmaker delays new plant by a year, citing power costs",
        firstSeen: t("2026-10-24T21:30:00Z"),
        sources: [SourceInput(name: circuit.name, feedURL: circuit.feed, url: "https://circuitweekly.example/2026/plant-delay",
                              title: nil, published: t("2026-10-24T21:10:00Z"), tags: ["tech"])])

    /// The same outlet twice: still one source.
    static let wireTwice = StoryInput(
        id: "st-museum", headline: "Museum returns bronze figures to their home city",
        firstSeen: t("2026-10-25T13:00:00Z"),
        sources: [
            SourceInput(name: wire.name, feedURL: wire.feed, url: "https://meridianwire.example/a/8861",
                        title: "Museum returns bronze figures", published: t("2026-10-25T12:55:00Z"), tags: ["world"]),
            SourceInput(name: "meridian  wire", feedURL: wire.feed, url: "https://meridianwire.example/a/8870",
                        title: "Bronze figures handed over at ceremony", published: t("2026-10-25T15:20:00Z"), tags: ["world"]),
        ])

    /// No configured tag, no link, no time: "Other stories".
    static let untagged = StoryInput(
        id: "st-council", headline: "Council approves new cycle lanes on the high street",
        firstSeen: t("2026-10-25T16:00:00Z"),
        sources: [SourceInput(name: "Town Notices", feedURL: "file:///srv/feeds/town.xml", url: "javascript:alert(1)",
                              title: nil, published: nil, tags: ["local"])],
        summary: "The plan passed by 31 votes to 12.")

    /// An ordinary day in New York with no tags and nothing final yet.
    static var plainDay: DigestInput {
        DigestInput(
            date: DigestDate("2026-11-27")!, timeZone: newYork, generatedAt: t("2026-11-27T14:05:00-05:00"),
            feedsPolled: 3, newArticles: 5, tagOrder: [],
            stories: [
                StoryInput(id: "ny-1", headline: "Transit agency adds late-night trains for the holiday weekend",
                           firstSeen: t("2026-11-27T09:12:00-05:00"),
                           sources: [SourceInput(name: "Hudson Daily", feedURL: "https://hudsondaily.example/rss",
                                                 url: "https://hudsondaily.example/transit/late-trains",
                                                 published: t("2026-11-27T09:00:00-05:00"))]),
                StoryInput(id: "ny-2", headline: "Parade draws record crowds despite the cold",
                           firstSeen: t("2026-11-26T11:00:00-05:00"),
                           sources: [SourceInput(name: "Hudson Daily", feedURL: "https://hudsondaily.example/rss",
                                                 url: "https://hudsondaily.example/city/parade",
                                                 published: t("2026-11-26T10:40:00-05:00")),
                                     SourceInput(name: "Metro Ledger", feedURL: "https://metroledger.example/feed",
                                                 url: "https://metroledger.example/parade-crowds",
                                                 published: t("2026-11-27T08:00:00-05:00"))]),
            ])
    }
}
