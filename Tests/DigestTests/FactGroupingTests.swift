import Testing
@testable import Digest

/// Figures the sources of one story give, grouped into facts: agreeing, disagreeing, and figures
/// that only look alike. Sentences written for these tests.
@Suite struct FactGroupingTests {
    typealias M = FactGrouping.Mention

    @Test func threeOutletsGivingTheSameCountAreOneAgreeingFact() throws {
        let facts = FactGrouping.facts([
            M(text: "12,000", sentence: "The storm left 12,000 homes without power overnight.", outlet: "Harbour Post"),
            M(text: "12,000", sentence: "Around 12,000 homes lost power and ferries were cancelled.", outlet: "Valley Courier"),
            M(text: "12,000", sentence: "Winds cut electricity to 12,000 homes along the coast.", outlet: "City Ledger"),
        ])
        let fact = try #require(facts.first)
        #expect(facts.count == 1)
        #expect(fact.counted == "homes without power")
        #expect(fact.kind == .count)
        #expect(fact.values.count == 1)
        #expect(fact.values[0].value == 12_000)
        #expect(fact.values[0].sources.map(\.name) == ["Harbour Post", "Valley Courier", "City Ledger"])
    }

    @Test func aDifferentNumberForTheSameThingIsADisagreementMostReportedFirst() throws {
        let facts = FactGrouping.facts([
            M(text: "12,000", sentence: "The storm left 12,000 homes without power overnight.", outlet: "Harbour Post",
              url: "https://harbourpost.example/storm"),
            M(text: "15,000", sentence: "Some 15,000 homes were without power on Friday morning, the grid operator said.",
              outlet: "Riverside Daily", url: "https://riversidedaily.example/storm"),
            M(text: "12,000", sentence: "About 12,000 homes had no power by dawn after the storm.", outlet: "Valley Courier"),
            M(text: "12,000", sentence: "Power was cut to 12,000 homes as the storm crossed the coast.", outlet: "City Ledger"),
        ])
        let fact = try #require(facts.first)
        #expect(facts.count == 1)
        #expect(fact.values.map(\.text) == ["12,000", "15,000"])
        #expect(fact.values[0].sources.count == 3)
        #expect(fact.values[1].sources.map(\.name) == ["Riverside Daily"])
        #expect(fact.values[1].sources[0].url == "https://riversidedaily.example/storm")
        #expect(fact.values[1].sentence.hasPrefix("Some 15,000 homes"))
        // The line the digest shows.
        let line = DigestWording.factValues(DigestFact(counted: fact.counted, kind: fact.kind, values: fact.values.map {
            DigestFactValue(text: $0.text, value: $0.value, sentence: $0.sentence,
                            sources: $0.sources.map { DigestFactSource(name: $0.name, url: $0.url) })
        }))
        #expect(line == "12,000 (3 sources) · 15,000 (Riverside Daily)")
    }

    @Test func figuresThatOnlyLookAlikeAreNeverGrouped() {
        // A share price and a percentage with the same digits.
        #expect(FactGrouping.facts([
            M(text: "€12.40", sentence: "Shares closed at €12.40 on Thursday.", outlet: "Market Daily"),
            M(text: "12.4%", sentence: "Shares fell 12.4% on Thursday.", outlet: "City Ledger"),
        ]).isEmpty)
        // A sum of money and a head count with the same number.
        #expect(FactGrouping.facts([
            M(text: "€4,200", sentence: "Each docker would receive a one-off payment of €4,200 under the deal.", outlet: "Harbour Post"),
            M(text: "4,200", sentence: "The deal covers 4,200 dockers at the port.", outlet: "Valley Courier"),
        ]).isEmpty)
        // Euros and dollars.
        #expect(FactGrouping.facts([
            M(text: "€3.1bn", sentence: "The plant will cost €3.1bn to build.", outlet: "Tech Weekly"),
            M(text: "$3.1bn", sentence: "The plant will cost $3.1bn to build.", outlet: "Market Daily"),
        ]).isEmpty)
        // Two counts of different things.
        #expect(FactGrouping.facts([
            M(text: "38", sentence: "At least 38 ships were waiting to unload.", outlet: "Harbour Post"),
            M(text: "40", sentence: "Some 40 lorries queued outside the gates.", outlet: "Valley Courier"),
        ]).isEmpty)
    }

    @Test func anOutletGivingTwoValuesForOneThingIsNotAFact() {
        // The union asked 9%, the employers offered 4%: both are "rise", neither contradicts the other.
        let facts = FactGrouping.facts([
            M(text: "9%", sentence: "The union wants a 9% pay rise, while employers offer a 4% pay rise.", outlet: "Harbour Post"),
            M(text: "4%", sentence: "The union wants a 9% pay rise, while employers offer a 4% pay rise.", outlet: "Harbour Post"),
            M(text: "4%", sentence: "Employers have offered a 4% pay rise over two years.", outlet: "Valley Courier"),
        ])
        #expect(facts.allSatisfy { $0.values.count == 1 })
    }

    @Test func roundedAndSpelledOutMoneyAgrees() throws {
        let facts = FactGrouping.facts([
            M(text: "€4.8bn", sentence: "The budget sets aside €4.8bn for new investment in rail and grids.", outlet: "Capital Wire"),
            M(text: "€4.8 billion", sentence: "Investment rises by €4.8 billion, mostly for rail and power grids.", outlet: "City Ledger"),
            M(text: "€4.82bn", sentence: "A €4.82bn investment package goes to rail and grids.", outlet: "Market Daily"),
        ])
        let fact = try #require(facts.first)
        #expect(fact.kind == .money)
        #expect(fact.values.count == 1)
        #expect(fact.values[0].sources.count == 3)
    }

    @Test func aRoundedFigureAgreesWithAPreciseOneButWholeCountsMustMatch() throws {
        let shares = FactGrouping.facts([
            M(text: "11.4%", sentence: "Orbisphere shares closed down 11.4% in Amsterdam.", outlet: "Market Daily"),
            M(text: "11%", sentence: "Orbisphere shares fell 11% in Amsterdam after the breach.", outlet: "Tech Weekly"),
        ])
        #expect(shares.count == 1 && shares.first?.values.count == 1)
        let ships = FactGrouping.facts([
            M(text: "38", sentence: "By evening 38 ships were waiting at anchor outside the harbour.", outlet: "Harbour Post"),
            M(text: "39", sentence: "Some 39 ships were waiting at anchor off the port.", outlet: "Valley Courier"),
        ])
        #expect(ships.first?.values.map(\.text) == ["38", "39"])
    }

    @Test func readingsTellKindsUnitsAndHeads() throws {
        let pct = try #require(FactGrouping.read("2.1%", in: "Inflation fell to 2.1% in October."))
        #expect(pct.kind == .percent && pct.value == 2.1 && pct.head == "inflation")
        // A name says who, not what is counted: "Chirpline was fined €210m" counts nothing named Chirpline.
        let fine = try #require(FactGrouping.read("€210m", in: "Regulators said the app Chirpline was fined €210m on Friday."))
        #expect(fine.head == "app")
        let deficit = try #require(FactGrouping.read("2.9%", in: "The deficit would narrow to 2.9% of output next year."))
        #expect(deficit.head == "deficit")
        let levy = try #require(FactGrouping.read("€1.1bn", in: "A levy on banks is expected to raise €1.1bn a year."))
        #expect(levy.head == "bank")
        let money = try #require(FactGrouping.read("€450m", in: "The state will pay €450m in aid."))
        #expect(money.kind == .money && money.unit == "€" && money.value == 450_000_000)
        let wind = try #require(FactGrouping.read("90mph", in: "Gusts of 90mph hit the coast."))
        #expect(wind.kind == .measure && wind.unit == "mph" && wind.head == "gust")
        let count = try #require(FactGrouping.read("4,200", in: "Some 4,200 striking dockers marched to the port."))
        #expect(count.kind == .count && count.phrase == "striking dockers" && count.head == "docker")
        let days = try #require(FactGrouping.read("three", in: "The line will stay closed for three days."))
        #expect(days.kind == .duration && days.value == 3)
        #expect(FactGrouping.read("1,400", in: "A sentence without that number.") == nil)
        #expect(FactGrouping.read("n/a", in: "n/a") == nil)
    }

    @Test func hostileSentencesStayCheap() {
        let long = String(repeating: "12 boats and ", count: 20_000) + "nothing"
        let mentions = (0..<2_000).map { M(text: "12", sentence: long, outlet: "Outlet \($0 % 7)") }
        let facts = FactGrouping.facts(mentions)
        #expect(facts.count <= 1)
        #expect(FactGrouping.read("1e308", in: "1e308 1e308") == nil || FactGrouping.read("1e308", in: "1e308 1e308")!.value.isFinite)
        #expect(FactGrouping.read("9" + String(repeating: "9", count: 400), in: "x")?.value.isFinite ?? true)
    }
}
