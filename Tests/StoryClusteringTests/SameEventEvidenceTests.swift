import Testing
@testable import StoryClustering

/// The editor's evidence: the same names and figures in other words make one story; the same
/// people a day later in a new situation make another, linked to the first. Items written for
/// these tests (a fictional ferry accident and a fictional pay dispute).
@Suite struct SameEventEvidenceTests {
    static let ferryWire = NewsFixtures.item(
        "ferry-wire", "Northgate Wire", "Ferry capsizes on Lake Morrow, 31 passengers rescued",
        """
        A passenger ferry operated by Corvin Ferries capsized on Lake Morrow on Tuesday morning, and rescuers \
        pulled 31 passengers from the water, the Brenford coastguard said.

        Four people were still missing late in the afternoon. The ferry, the Saint Ilse, had left the port of \
        Tavel at 07:40 with 38 people on board and turned over in strong crosswinds about two kilometres from shore.

        Coastguard commander Ruth Ansell said divers would keep searching through the night. Corvin Ferries \
        suspended all crossings and said it was cooperating with investigators.
        """, hours: 26)

    /// The same accident from a local paper's own reporter: hardly a headline word in common.
    static let ferryLocal = NewsFixtures.item(
        "ferry-local", "Tavel Courier", "Four missing after Saint Ilse overturns near Tavel",
        """
        Divers searched the cold water off Tavel into the evening after the Saint Ilse ferry rolled over in a \
        squall, leaving four people unaccounted for.

        Of the 38 people aboard, 31 were brought ashore by lifeboat crews and fishermen, said Ruth Ansell, who \
        leads the Brenford coastguard. Several were treated for hypothermia at Tavel General.

        Corvin Ferries, which runs the crossing to Brenford, halted its other sailings. Relatives gathered at \
        the harbour office waiting for news.
        """, hours: 28)

    /// The next day: the same company and vessel, a different event (a hearing).
    static let ferryHearing = NewsFixtures.item(
        "ferry-hearing", "Tavel Courier", "Corvin Ferries chief faces questions over Saint Ilse stability",
        """
        The chief executive of Corvin Ferries, Aldo Brask, was questioned by Brenford lawmakers on Wednesday \
        about the stability certificate of the Saint Ilse, which inspectors had renewed in March.

        Lawmakers asked why the vessel sailed in a wind warning. Brask said the company would publish its \
        maintenance records and pay for an independent review, estimated at 2.5 million crowns.

        The transport committee will hold a second hearing in January.
        """, hours: 54.5)

    static func background(at hours: Double) -> [NewsItem] {
        NewsFixtures.background.map {
            NewsItem(id: $0.id, source: $0.source, title: $0.title, text: $0.text,
                     published: ($0.published ?? 0) + hours * 3600, url: $0.url)
        }
    }

    @Test func theSameAccidentToldInOtherWordsIsOneStory() {
        let (_, a) = NewsFixtures.run(SameEventEvidenceTests.background(at: 20) + [Self.ferryWire, Self.ferryLocal])
        let local = a["ferry-local"]!
        #expect(local.story == a["ferry-wire"]!.story, "split: \(local.reason)")
        guard case let .sameEvent(_, _, _, names, figures, _, hours) = local.reason else {
            Issue.record("not joined on the evidence: \(local.reason)")
            return
        }
        // The reason names what both reports share, as they write it, and the gap.
        #expect(names.contains("Ruth Ansell"))
        #expect(names.contains("Saint Ilse"))
        #expect(figures.contains { $0.hasPrefix("38") })
        #expect(abs(hours - 2) < 0.1)
        let text = local.reason.readerText(outletOf: { $0 == "ferry-wire" ? "Northgate Wire" : nil })
        #expect(text.hasPrefix("same event: "))
        #expect(text.hasSuffix("; 2 h after the first report"))
    }

    /// One wire report, and a regional paper's own account of it most of a working day later:
    /// other sentences, another headline, the same rare names and the same figure.
    static let launchWire = NewsFixtures.item(
        "launch-wire", "Northgate Wire", "Brightwater Orbital rocket lost two minutes after lift-off",
        """
        A Tern-2 rocket built by Brightwater Orbital broke apart about two minutes after lifting off from the \
        Oskarvik spaceport on Thursday, destroying a weather satellite insured for €86m.

        The company said the second stage failed to ignite. Debris fell into the sea north of the launch site \
        and no one was hurt, according to the regional maritime authority.

        Chief executive Signe Holmqvist said the next flight would wait for the findings of an inquiry.
        """, hours: 30)

    static let launchRegional = NewsFixtures.item(
        "launch-regional", "Fjordland Herald", "Oskarvik's third launch ends in the sea",
        """
        People who gathered on the cliffs above Oskarvik to watch the launch saw the Tern-2 tumble and \
        disintegrate soon after it cleared the tower.

        Signe Holmqvist, who runs Brightwater Orbital, told reporters in the evening that she was "deeply \
        disappointed" and that the lost satellite had been insured for €86m. Fishing boats were told to \
        keep clear of the area while wreckage was recovered.

        Local officials said the spaceport would stay open and that the town still backed the project.
        """, hours: 39)

    @Test func aRegionalAccountHoursAfterASingleWireReportJoinsIt() {
        let (_, a) = NewsFixtures.run(SameEventEvidenceTests.background(at: 24) + [Self.launchWire, Self.launchRegional])
        let regional = a["launch-regional"]!
        #expect(regional.story == a["launch-wire"]!.story, "split: \(regional.reason)")
    }

    /// The inquiry a day after the accident: the same people, a new event. It stays apart. Whether
    /// it is shown as continuing the accident depends on how sure the model is
    /// (`developingLinkProbability`); if it is linked, it is linked to the accident and says so.
    @Test func theSamePeopleADayLaterInANewEventStayApart() {
        let items = SameEventEvidenceTests.background(at: 20) + [Self.ferryWire, Self.ferryLocal, Self.ferryHearing]
        let (_, a) = NewsFixtures.run(items)
        let hearing = a["ferry-hearing"]!
        #expect(hearing.story != a["ferry-wire"]!.story, "the hearing merged into the accident: \(hearing.reason)")
        if let from = hearing.developingFrom {
            #expect(from == a["ferry-wire"]!.story)
            #expect(hearing.reason.readerText(outletOf: { _ in nil }) == "first report of a new development")
        }
        // With the link's bar at the joining bar, the model's evidence does link it.
        var lenient = ClusteringConfiguration()
        lenient.developingLinkProbability = 0.5
        let (_, b) = NewsFixtures.run(items, configuration: lenient)
        #expect(b["ferry-hearing"]!.developingFrom == b["ferry-wire"]!.story)
    }

    /// The same union and port on two days: a strike starts, and a day later it ends with new
    /// figures. Two stories.
    @Test func aStrikeAndItsEndADayLaterAreTwoStories() {
        let start = [
            NewsFixtures.item("walkout-1", "Wire East", "Dockers at Harrowgate walk out over pay",
                              """
                              About 2,600 dockers at the port of Harrowgate walked out on Monday after talks on pay \
                              broke down, the Coastal Transport Union said, leaving 27 ships waiting offshore.

                              The union is asking for a 10% rise; the Harrowgate Port Board has offered 3%. Union \
                              leader Petra Lindqvist said the strike would last until the board improved its offer.
                              """, hours: 30),
            NewsFixtures.item("walkout-2", "Harrowgate Herald", "Port shut as 2,600 dockworkers strike",
                              """
                              Cranes stood idle at Harrowgate as 2,600 dockworkers began an open-ended strike, with \
                              27 vessels anchored off the harbour by the afternoon.

                              Petra Lindqvist of the Coastal Transport Union said members would not return for 3%. \
                              The Harrowgate Port Board called the 10% demand unaffordable.
                              """, hours: 31.5),
        ]
        let end = NewsFixtures.item("walkout-end", "Wire East", "Harrowgate dock strike ends with 7% deal",
                                    """
                                    The strike at the port of Harrowgate ended on Tuesday after the Coastal Transport \
                                    Union accepted a deal worth 7% over two years and a one-off payment of 900 pounds.

                                    Petra Lindqvist said members had voted 71% in favour. The Harrowgate Port Board \
                                    said the 34 ships now waiting would be cleared by the weekend.
                                    """, hours: 54)
        let (_, a) = NewsFixtures.run(SameEventEvidenceTests.background(at: 24) + start + [end])
        #expect(a["walkout-2"]!.story == a["walkout-1"]!.story, "the strike split: \(a["walkout-2"]!.reason)")
        #expect(a["walkout-end"]!.story != a["walkout-1"]!.story, "the end merged into the start: \(a["walkout-end"]!.reason)")
    }

    /// A day after the strike starts, a factory is announced in the same port town: the same town,
    /// the same regional names, but not what happened next in the strike. Neither merged nor shown
    /// as continuing it (a "Continues:" link must be confident), while the strike's end is.
    @Test func anotherEventInTheSameTownADayLaterIsNotLinkedAsDeveloping() {
        let start = [
            NewsFixtures.item("walkout-1", "Wire East", "Dockers at Harrowgate walk out over pay",
                              """
                              About 2,600 dockers at the port of Harrowgate in Ostmark walked out on Monday after \
                              talks on pay broke down, the Coastal Transport Union said, leaving 27 ships offshore.

                              The union is asking for a 10% rise; the Harrowgate Port Board has offered 3%. Union \
                              leader Petra Lindqvist said the strike would last until the board improved its offer.
                              """, hours: 30),
        ]
        let factory = NewsFixtures.item("battery-plant", "Tech Weekly", "Vellacor to build battery plant in Harrowgate",
                                        """
                                        Vellacor will build a battery cell plant on reclaimed land at Harrowgate in \
                                        Ostmark, the company said on Tuesday, creating 900 jobs by 2029.

                                        Chief executive Anton Rusk said the port's rail links decided the choice. \
                                        Ostmark's government will contribute 120 million in grants.
                                        """, hours: 53)
        let (_, a) = NewsFixtures.run(SameEventEvidenceTests.background(at: 24) + start + [factory])
        let plant = a["battery-plant"]!
        #expect(plant.story != a["walkout-1"]!.story, "the plant merged into the strike: \(plant.reason)")
        #expect(plant.developingFrom == nil, "the plant is shown as continuing the strike: \(plant.reason)")
        // The bar is what keeps the link off: at the joining bar the shared town is enough.
        var lenient = ClusteringConfiguration()
        lenient.developingLinkProbability = 0.5
        let (_, b) = NewsFixtures.run(SameEventEvidenceTests.background(at: 24) + start + [factory], configuration: lenient)
        #expect(b["battery-plant"]!.story != b["walkout-1"]!.story)
    }

    @Test func figuresAreKeyedByTheirNumberAndDatesAreNotFigures() {
        func figures(_ text: String) -> [(UInt64, String)] {
            BodyLines.scan(Substring(text)).figures.map { ($0.key, $0.display) }
        }
        let a = figures("The budget adds €2.6bn for rail, the minister said.")
        let b = figures("Investment rises by 2.6 billion euros next year.")
        #expect(a.count == 1 && b.count == 1)
        #expect(a.first?.0 == b.first?.0)
        #expect(figures("Talks resume on 26 November in Geneva.").isEmpty)
        #expect(figures("About 3,700 miners walked out.").first?.1 == "3,700 miners")
        #expect(figures("Rates were cut to 3.00%.").first?.0 == figures("Rates are now 3%.").first?.0)
    }

    @Test func namesReadAsWrittenAndAdjacentNamesAsOne() {
        let names = BodyLines.scan(Substring("The talks, led by Finance Minister Ilse Teodorescu's team, moved to Port Adrana.")).names
        #expect(names.contains { $0.display == "Port Adrana" })
        #expect(names.contains { $0.display.hasSuffix("Ilse Teodorescu") })
    }

    @Test func readerTextNamesOutletsAndEvidence() {
        let outlets = ["m-1": "Northgate Wire"]
        let copy = MergeReason.nearDuplicate(itemID: "m-1", containment: 0.912, excerpt: false)
        #expect(copy.readerText(outletOf: { outlets[$0] }) == "wire copy of Northgate Wire, 91% of its text")
        let event = MergeReason.sameEvent(probability: 0.97, titleSimilarity: 0.2, bodySimilarity: 0.4,
                                          names: ["Port Adrana", "NRWU"], figures: ["3,700 miners"],
                                          words: ["strike"], hoursAfterFirst: 2.2)
        #expect(event.readerText(outletOf: { outlets[$0] }) == "same event: Port Adrana, NRWU, 3,700 miners; 2 h after the first report")
        let headlines = MergeReason.sameEvent(probability: 0.8, titleSimilarity: 0.5, bodySimilarity: nil, names: [],
                                              figures: [], words: ["titanium", "recall"], hoursAfterFirst: 0.25)
        #expect(headlines.readerText(outletOf: { _ in nil }) == "same event: titanium, recall; 15 min after the first report")
        #expect(MergeReason.sameTitle(itemID: "x").readerText(outletOf: { _ in nil }) == "same headline as an earlier report")
    }

    @Test func aRestoredStateWeighsWithTheRunningBinarysModelNotTheSavedOne() throws {
        // A daemon ran with other weights (an earlier fit) and saved its state.
        var earlier = ClusteringConfiguration()
        earlier.matchModel = StoryMatchModel(weights: Array(repeating: 0, count: MatchEvidence.featureNames.count),
                                             bias: -9, threshold: 0.5)
        var saved = StoryClusterer(configuration: earlier)
        for item in NewsFixtures.background.prefix(10) { _ = saved.add(item) }
        let data = try JSONEncoder().encode(saved)
        #expect(!String(decoding: data, as: UTF8.self).contains("matchModel"))
        let restored = try JSONDecoder().decode(StoryClusterer.self, from: data)
        #expect(restored.configuration == ClusteringConfiguration())
        #expect(restored.configuration.matchModel == .fitted)
        #expect(restored.openStoryCount == saved.openStoryCount)
    }

    @Test func aStateOfAnotherShapeFailsToDecodeSoTheDaemonRebuilds() throws {
        var clusterer = StoryClusterer()
        for item in NewsFixtures.background.prefix(5) { _ = clusterer.add(item) }
        var object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(clusterer)) as? [String: Any])
        object.removeValue(forKey: "stories")
        let damaged = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: (any Error).self) { try JSONDecoder().decode(StoryClusterer.self, from: damaged) }
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode(StoryClusterer.self, from: Data(#"{"now":"yesterday"}"#.utf8))
        }
    }
}

import Foundation
