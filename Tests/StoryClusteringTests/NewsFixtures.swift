@testable import StoryClustering

/// Items written for these tests: realistic feed entries, not copied from any corpus.
enum NewsFixtures {
    static let monday = RFC3339.seconds("2026-11-23T08:00:00Z")!

    static func at(_ hours: Double) -> Double { monday + hours * 3600 }

    static func item(_ id: String, _ source: String, _ title: String, _ text: String = "", hours: Double,
                     url: String? = nil) -> NewsItem {
        NewsItem(id: id, source: source, title: title, text: text, published: at(hours),
                 url: url ?? "https://\(source.lowercased().filter(\.isLetter)).example/\(id)")
    }

    /// Unrelated news of the same days, so document frequencies look like a real feed mix.
    static let background: [NewsItem] = {
        let lines: [(String, String)] = [
            ("Heavy snow closes mountain passes in the Alps", "Several Alpine passes were closed after a metre of snow fell overnight, road authorities in Switzerland and Austria said."),
            ("Dutch football club sacks coach after cup exit", "The Eredivisie side dismissed its head coach a day after a penalty shoot-out defeat against a second-division team."),
            ("Apple shares slip as iPhone shipments disappoint", "Shares in Apple fell three percent in early trading after an analyst note said holiday shipments would miss forecasts."),
            ("Wildfire forces evacuation of coastal towns in Chile", "Firefighters battled a blaze near Valparaiso as strong winds pushed flames towards homes, officials said."),
            ("Scientists map the genome of the Greenland shark", "Researchers said the genome of the slow-growing shark may explain how it lives for more than two centuries."),
            ("Airline strike grounds flights across Belgium", "Cabin crew at the country's largest carrier walked out over pay, cancelling more than two hundred flights."),
            ("Oil prices edge higher on supply worries", "Brent crude rose half a dollar to 82 dollars a barrel after a pipeline outage in the North Sea."),
            ("City council approves new tram line for Leeds", "Councillors voted to build a twelve-kilometre tram route linking the station with the university district."),
            ("Tennis star withdraws from Australian Open with injury", "The former world number one said a wrist injury would keep her out of the first grand slam of the season."),
            ("Film festival honours veteran Iranian director", "The jury praised the director's body of work, which has often been made under censorship at home."),
            ("Record number of students apply to medical schools", "Admissions figures show applications rose by a fifth, with the sharpest increase among mature students."),
            ("Volcano on Iceland's Reykjanes peninsula erupts again", "Lava spilled from a new fissure north of Grindavik, the meteorological office said, without threatening homes."),
            ("Retail sales in Germany fall for second month", "Sales dropped 0.8 percent in October as shoppers cut spending on clothing and electronics, statistics office data showed."),
            ("Museum returns looted bronzes to Nigeria", "The museum handed over twenty Benin bronzes at a ceremony attended by the Nigerian culture minister."),
            ("Drought cuts coffee harvest in Brazil", "Growers in Minas Gerais expect a smaller crop after months without rain, pushing arabica futures higher."),
            ("Chess prodigy becomes youngest grandmaster", "The twelve-year-old secured the title after a final norm at a tournament in Budapest."),
            ("Rail operator fined over timetable chaos", "The regulator imposed a fine of four million pounds after months of cancellations on northern routes."),
            ("New species of frog discovered in Ecuador cloud forest", "Biologists named the tiny frog after the river valley where it was found during a night survey."),
            ("Carmaker recalls electric SUVs over battery fault", "The company will recall thirty thousand vehicles after reports of batteries overheating while charging."),
            ("Parliament passes bill to protect whistleblowers", "The law gives employees who report wrongdoing protection against dismissal and creates an independent office."),
        ]
        return lines.enumerated().map { n, pair in
            item("bg-\(n)", ["Metro Daily", "Courier", "Herald", "Observer"][n % 4], pair.0, pair.1, hours: Double(n) * 0.2)
        }
    }()

    /// One event — a central bank's rate rise — written up by six outlets, headlines all different.
    static let rateRise: [NewsItem] = [
        item("nb-reuters", "Reuters", "Norway's central bank raises key rate to 4.75%, signals more hikes",
             "OSLO, Nov 26 (Reuters) - Norway's central bank raised its key policy rate by a quarter point to 4.75% on Thursday, the highest since 2008, and said further increases were likely because inflation remains well above target.\n\nNorges Bank Governor Ida Wolden Bache said the weak krone was adding to price pressures.",
             hours: 72),
        item("nb-bloomberg", "Bloomberg", "Norges Bank Hikes to 4.75% as Krone Weakness Feeds Inflation",
             "Norway's central bank raised borrowing costs to 4.75% and signaled another increase, as a weak krone keeps inflation well above its 2% target. Governor Ida Wolden Bache said the policy rate would likely be raised further.",
             hours: 72.2),
        item("nb-ft", "Financial Times", "Norway lifts interest rates to highest level in 15 years",
             "Norges Bank raised its policy rate to 4.75 per cent, the highest since 2008, saying inflation was too high and the krone too weak. Governor Ida Wolden Bache said more tightening was likely.",
             hours: 72.6),
        item("nb-e24", "E24", "Norges Bank raises policy rate a quarter point to 4.75 percent",
             "Norges Bank raised the policy rate by 0.25 percentage point to 4.75 percent on Thursday. Governor Ida Wolden Bache said inflation was still too high and that the rate would probably be raised again.",
             hours: 73),
        item("nb-guardian", "The Guardian", "Norway's central bank surprises with rate rise as krone slides",
             "Norway's central bank has raised interest rates to 4.75%, blaming the sliding krone for inflation that is well above target. Norges Bank governor Ida Wolden Bache said further rises were likely.",
             hours: 73.5),
        item("nb-cnbc", "CNBC", "Norway hikes rates again, warns of more tightening ahead",
             "Norway's central bank raised its key interest rate to 4.75% and warned that inflation and a weak krone would require more tightening. Norges Bank governor Ida Wolden Bache spoke after the decision.",
             hours: 74),
    ]

    /// Two different events about the same two leaders, three days apart.
    static let phoneCall: [NewsItem] = [
        item("call-1", "Reuters", "Trump and Putin discuss Ukraine ceasefire in phone call",
             "U.S. President Donald Trump and Russian President Vladimir Putin spoke by telephone on Monday about a possible ceasefire in Ukraine, the Kremlin said. The call lasted more than two hours and covered prisoner exchanges and energy infrastructure.",
             hours: 2),
        item("call-2", "AP", "Putin, Trump hold two-hour call on Ukraine truce",
             "Vladimir Putin and Donald Trump held a two-hour telephone call on Monday on a truce in Ukraine, focusing on prisoner exchanges and attacks on energy infrastructure, according to the Kremlin.",
             hours: 3),
        item("call-3", "BBC News", "Kremlin says Putin and Trump agreed to talk again after call",
             "After a long phone call on Monday about a ceasefire in Ukraine, Vladimir Putin and Donald Trump agreed to speak again soon, Kremlin spokesman Dmitry Peskov said. Prisoner exchanges were discussed.",
             hours: 4),
    ]

    static let summit: [NewsItem] = [
        item("summit-1", "Reuters", "Trump and Putin to meet in Budapest summit on Ukraine",
             "Donald Trump and Vladimir Putin will meet in Budapest next month for a summit on ending the war in Ukraine, Hungarian Prime Minister Viktor Orban announced on Thursday. Preparations for the meeting have begun.",
             hours: 74),
        item("summit-2", "Politico", "Orban to host Trump-Putin summit in Hungary",
             "Hungary's Viktor Orban said on Thursday he would host a summit between Donald Trump and Vladimir Putin in Budapest, the first meeting of the two leaders since the war in Ukraine began. Officials are preparing the venue.",
             hours: 75),
        item("summit-3", "Al Jazeera", "Budapest chosen as venue for Trump-Putin meeting",
             "Budapest will host a meeting between Donald Trump and Vladimir Putin, Hungarian officials said on Thursday, as preparations begin for a summit aimed at ending the Ukraine war.",
             hours: 75.5),
    ]

    /// Earnings tables: same template, different companies, arriving minutes apart.
    static let earnings: [NewsItem] = {
        let companies: [(String, String, [String])] = [
            ("Harlow Instruments Inc", "HRLW", ["Shr 41 cts vs 33 cts", "Net 4,120,000 vs 3,310,000", "Revs 61.2 mln vs 55.0 mln"]),
            ("Benton Foods Corp", "BNTF", ["Shr 12 cts vs loss four cts", "Net 1,005,000 vs loss 310,000", "Revs 22.9 mln vs 21.4 mln"]),
            ("Quarry Ridge Bancorp", "QRBC", ["Shr 88 cts vs 79 cts", "Net 9,870,000 vs 8,820,000", "Loans 1.21 billion vs 1.09 billion"]),
            ("Tidewater Plastics Ltd", "TWPL", ["Shr loss six cts vs profit 15 cts", "Net loss 402,000 vs profit 1,050,000", "Revs 13.8 mln vs 16.1 mln"]),
            ("Orchard Valley Telephone Co", "OVTC", ["Shr 1.02 dlrs vs 94 cts", "Net 2,560,000 vs 2,350,000", "Revs 18.7 mln vs 17.5 mln"]),
            ("Pelham Gas and Electric Co", "PGEC", ["Shr 63 cts vs 61 cts", "Net 15,400,000 vs 14,900,000", "Revs 212.3 mln vs 204.6 mln"]),
        ]
        return companies.enumerated().map { n, c in
            item("earn-\(n)", "Reuters", "\(c.0) <\(c.1)> 4TH QTR NET",
                 (c.2 + ["Year", "Note: results restated for discontinued operations"]).joined(separator: "\n"),
                 hours: 10 + Double(n) * 0.05)
        }
    }()

    static func run(_ items: [NewsItem], configuration: ClusteringConfiguration = .init()) -> (StoryClusterer, [String: Assignment]) {
        var clusterer = StoryClusterer(configuration: configuration)
        var out: [String: Assignment] = [:]
        for item in items.sorted(by: { ($0.published ?? 0, $0.id) < ($1.published ?? 0, $1.id) }) {
            out[item.id] = clusterer.add(item)
        }
        return (clusterer, out)
    }
}
