@testable import ArticleExtractor

/// One story of the template corpus: the text a reader should get back, word for word, and
/// what the page around it says about it (author, dateline city, figure, pull quote). Written
/// for these tests; the places, firms and people are invented.
struct CorpusArticle: Sendable {
    var slug: String
    var headline: String
    /// The description the page's metadata carries (a standfirst).
    var standfirst: String
    var author: String
    /// The city a wire dateline names ("HALVIK"), in capitals as wires write it.
    var city: String
    var paragraphs: [String]
    /// An image with its caption and credit, shown after this paragraph.
    var figure: (after: Int, caption: String, credit: String)?
    /// A pull quote repeating words of the story, shown after this paragraph.
    var pullQuote: (after: Int, text: String)?
    /// The label the page should get when the whole story is on it.
    var label: ArticleStatus = .full

    var length: Int { paragraphs.reduce(0) { $0 + $1.count } }
}

/// The stories every template is wrapped around: three short ones (a wire brief, an earnings
/// report, a local news brief, all 300–600 characters) and three long ones (8–12 paragraphs),
/// with and without figures and pull quotes.
enum CorpusArticles {
    static let wireBrief = CorpusArticle(
        slug: "port-strike-ends",
        headline: "Halvik port reopens as crane operators accept pay deal",
        standfirst: "Container traffic resumes after a three-day strike.",
        author: "Ingrid Solberg",
        city: "HALVIK",
        paragraphs: [
            "Shipping through the port of Halvik resumed on Monday after a three-day strike by crane operators ended with a pay deal worth 6.5 per cent over two years, the port authority said.",
            "About 40 container ships had been waiting at anchor off the coast, and the authority said it expected the backlog to clear by the end of the week.",
        ])

    static let earnings = CorpusArticle(
        slug: "norbeck-q3",
        headline: "Norbeck profit rises 12% on heat pump demand",
        standfirst: "The engineering group keeps its outlook and plans a buyback.",
        author: "Lukas Brenner",
        city: "FRANKFURT",
        paragraphs: [
            "Norbeck Industries reported a 12 per cent rise in third-quarter operating profit to 418 million euros on Wednesday, helped by strong demand for its heat pumps in northern Europe.",
            "Sales rose 7 per cent to 3.1 billion euros, slightly ahead of analysts' expectations, while the order backlog reached a record 9.4 billion euros.",
            "The company kept its full-year outlook unchanged and said it would announce a new share buyback programme in February.",
        ])

    static let localBrief = CorpusArticle(
        slug: "quarry-lane-fire",
        headline: "Crews spend four hours fighting warehouse blaze",
        standfirst: "Residents were told to keep windows shut as smoke drifted across Bexmoor.",
        author: "Daniel Okafor",
        city: "BEXMOOR",
        paragraphs: [
            "Firefighters were called to a warehouse on Quarry Lane in Bexmoor shortly after 2am on Saturday, where a blaze had spread from a loading bay to the roof.",
            "Six crews tackled the fire for more than four hours. Nobody was hurt, but people living nearby were asked to keep windows and doors closed because of the thick smoke.",
            "The cause of the fire is being investigated by the fire service and the police.",
        ])

    static let politics = CorpusArticle(
        slug: "coalition-budget-deal",
        headline: "Coalition agrees budget after all-night talks in Velmora",
        standfirst: "Spending on hospitals rises while a planned fuel duty increase is dropped.",
        author: "Helena Marsh",
        city: "VELMORA",
        paragraphs: [
            "The three parties in Velmora's governing coalition agreed a budget for next year in the early hours of Thursday, ending a dispute over fuel duty that had threatened to bring down the government.",
            "Under the deal, a planned increase in fuel duty will be dropped, and spending on hospitals will rise by 4.2 per cent, more than the finance ministry had proposed in September.",
            "Prime Minister Tomas Reyes said the agreement showed that the coalition could “still do the difficult things together”, after weeks in which his partners had traded insults in public.",
            "The Liberal Alliance, the smallest of the three parties, had said it would vote against any budget that raised the cost of driving for people in rural areas, where buses are scarce.",
            "To pay for the change, the government will delay the second stage of a tax cut for high earners by a year and raise the levy on short-term holiday lets in the capital.",
            "Finance Minister Anna Kovacs told reporters that the numbers still added up. “We have found the money without borrowing a single extra krona,” she said, standing beside the leaders of the other two parties.",
            "Opposition leader Marek Halloran called the deal a patch that would fall apart by the spring, and said his party would table amendments to restore the tax cut in full.",
            "Economists were divided. Some said the hospital spending was overdue after three winters of long waiting lists; others warned that delaying the tax cut again would damage trust in the government's plans.",
            "The budget will be put to parliament on Tuesday, where the coalition has a majority of four seats.",
            "If it passes, the new spending will start in January, and the fuel duty rate will stay at its current level until at least the end of next year.",
        ],
        figure: (after: 2, caption: "Tomas Reyes leaves the coalition talks at dawn on Thursday", credit: "Petra Lind"),
        pullQuote: (after: 5, text: "We have found the money without borrowing a single extra krona"))

    static let localLong = CorpusArticle(
        slug: "library-reopens",
        headline: "Bexmoor library reopens after two-year refit",
        standfirst: "The Victorian building now has a café, a makerspace and longer opening hours.",
        author: "Priya Raman",
        city: "BEXMOOR",
        paragraphs: [
            "Bexmoor's central library reopened to the public on Saturday after a two-year refurbishment that has cost the town council £7.8m, more than twice the original estimate.",
            "Hundreds of people queued along Market Street before the doors opened at nine, and the first borrower through the turnstile, eight-year-old Maya Chen, left with a stack of eleven books.",
            "The Victorian building had been closed since a leak in the roof damaged part of the local history collection, and surveyors later found that the wiring and heating needed replacing too.",
            "The refit has added a café on the ground floor, a makerspace with 3D printers and sewing machines, and a quiet study room on the top floor that will stay open until ten at night during exams.",
            "Council leader Grace Whitfield said the overspend had been “painful but worth it”, and that the building would now last for another century without major work.",
            "Not everyone is pleased. The Bexmoor Ratepayers' Association said the council had failed to control the cost of the project and called for an independent review of how the contract was managed.",
            "Librarians say that more than 2,000 people have already signed up for new library cards online, and that the children's reading scheme is fully booked until the summer.",
            "The library will be open seven days a week, from 8am to 8pm on weekdays and from 10am to 5pm at weekends.",
        ])

    static let science = CorpusArticle(
        slug: "glacier-survey",
        headline: "Survey finds Storvik glacier retreated 60 metres last year",
        standfirst: "Researchers say the loss was the largest since measurements began.",
        author: "Oskar Nilsen",
        city: "TROMSØ",
        paragraphs: [
            "The Storvik glacier in northern Norway retreated by 60 metres last year, the largest loss since measurements began in 1962, according to a survey published on Tuesday.",
            "Researchers from the Arctic Institute of Tromsø measured the glacier's front with drones and satellite images, and compared the results with markers placed on the rock by earlier teams.",
            "“We expected a bad year, but not this bad,” said Dr Sigrid Aas, who led the survey. “The front is now higher up the valley than it has been for at least two thousand years.”",
            "The team blamed an unusually warm summer, when temperatures at the nearest weather station stayed above 20C for 23 days, and a winter with little snow to protect the ice.",
            "Meltwater from the glacier feeds the Storvik river, which supplies a hydroelectric plant and the drinking water of about 12,000 people in the valley below.",
            "The power company said it had not yet seen a change in the river's flow, but that it was studying how a smaller glacier would affect its output in late summer.",
            "Glaciers across Scandinavia have been shrinking for decades, but the pace has quickened since 2000, according to the national water authority, which monitors about 40 of them.",
            "Dr Aas said the survey would be repeated every year, and that her team hoped to add two smaller glaciers in the same range to the programme.",
            "“What happens here happens later in the rest of the Arctic,” she said. “This valley is an early warning, and we should treat it as one.”",
            "The full results will be presented at a conference in Bergen in June.",
            "The institute has also put its drone images online, so that schools and the public can compare the glacier's front from one year to the next.",
        ],
        figure: (after: 1, caption: "A drone image shows the front of the Storvik glacier in September", credit: "Kari Dahl"))

    static let all = [wireBrief, earnings, localBrief, politics, localLong, science]
}
