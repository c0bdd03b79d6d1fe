import Foundation
@testable import Digest

/// Two invented days of a ferry strike on a fictional island, written for these tests: reasons for
/// every source, a story continuing the day before, and figures the outlets agree and disagree on.
enum StoryDetailFixtures {
    static let t = DigestFixtures.t
    static let isles = (name: "Isles Courier", feed: "https://islescourier.example/rss")
    static let wire = (name: "Coastline Wire", feed: "https://coastlinewire.example/feed.atom")
    static let bay = (name: "Bay Evening News", feed: "https://bayeveningnews.example/news.xml")
    static let mainland = (name: "Mainland Times", feed: "https://mainlandtimes.example/world.rss")

    /// Day two: the strike ends (continuing day one's story), and a storm the outlets count differently.
    static var secondDay: DigestInput {
        DigestInput(date: DigestDate("2026-11-27")!, timeZone: DigestFixtures.london, generatedAt: t("2026-11-27T18:00:00Z"),
                    feedsPolled: 4, newArticles: 7, stories: [strikeEnds, storm])
    }

    static let strikeEnds = StoryInput(
        id: "418", headline: "Ferry crews accept 5% deal, ending the Kessay strike", firstSeen: t("2026-11-27T09:00:00Z"),
        sources: [
            SourceInput(name: wire.name, feedURL: wire.feed, url: "https://coastlinewire.example/a/kessay-deal",
                        title: "Ferry crews accept 5% deal, ending the Kessay strike", published: t("2026-11-27T09:00:00Z"),
                        reason: "first report"),
            SourceInput(name: bay.name, feedURL: bay.feed, url: "https://bayeveningnews.example/kessay-deal",
                        title: "Kessay ferry strike over after crews vote yes", published: t("2026-11-27T09:40:00Z"),
                        reason: "wire copy of Coastline Wire, 93% of its text"),
            SourceInput(name: isles.name, feedURL: isles.feed, url: "https://islescourier.example/news/strike-over",
                        title: "Strike over: ferries to sail again on Monday", published: t("2026-11-27T10:15:00Z"),
                        reason: "same event: Kessay, Isles Ferry Union, 5%; 1 h after the latest report"),
        ],
        summary: "Crews voted to accept a 5% rise over two years.",
        developingFrom: DevelopingInput(id: "301", date: DigestDate("2026-11-26")!, headline: "Ferry crews walk out on Kessay over pay"))

    static let storm = StoryInput(
        id: "425", headline: "Storm Brenna cuts power to island homes", firstSeen: t("2026-11-27T06:30:00Z"),
        sources: [
            SourceInput(name: isles.name, feedURL: isles.feed, url: "https://islescourier.example/news/brenna",
                        title: "Storm Brenna cuts power to island homes", published: t("2026-11-27T06:30:00Z"),
                        reason: "first report"),
            SourceInput(name: mainland.name, feedURL: mainland.feed, url: "https://mainlandtimes.example/brenna",
                        title: "Thousands without power as Storm Brenna hits the isles", published: t("2026-11-27T07:10:00Z"),
                        reason: "same event: Brenna, Kessay; 1 h after the latest report"),
            SourceInput(name: bay.name, feedURL: bay.feed, url: "https://bayeveningnews.example/brenna",
                        title: "Brenna leaves homes dark", published: t("2026-11-27T08:00:00Z"),
                        reason: "same event: Brenna; 2 h after the latest report"),
        ],
        reportedFigures: [
            ReportedFigure(text: "3,400", sentence: "Storm Brenna left 3,400 homes without power across the isles overnight.",
                           outlet: isles.name, url: "https://islescourier.example/news/brenna"),
            ReportedFigure(text: "80mph", sentence: "Gusts reached 80mph on the west coast.", outlet: isles.name,
                           url: "https://islescourier.example/news/brenna"),
            ReportedFigure(text: "3,400", sentence: "About 3,400 homes lost power as gusts battered the isles.",
                           outlet: mainland.name, url: "https://mainlandtimes.example/brenna"),
            ReportedFigure(text: "80mph", sentence: "The coastguard recorded gusts of 80mph.", outlet: mainland.name,
                           url: "https://mainlandtimes.example/brenna"),
            ReportedFigure(text: "4,100", sentence: "The power company said 4,100 homes on the isles had no power by dawn.",
                           outlet: bay.name, url: "https://bayeveningnews.example/brenna"),
        ])
}
