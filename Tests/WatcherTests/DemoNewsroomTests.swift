import FeedwatchTesting
import Foundation
import Storage
import Testing

/// `make demo` as a new user runs it — `feedwatch once --config Feeds/demo.toml --all`, here on a
/// copy of the demo in a temporary directory — judged against the events Feeds/demo/README.md
/// lists: every event one story with exactly the outlets the README's table gives, and no two
/// events in one story.
@Suite(.serialized) struct DemoNewsroomTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL

    /// The README's events, item by item: each demo item (by the last part of its link, or the
    /// Riverside Dispatch's `id=` parameter) and the event it reports.
    static let eventOfItem: [String: String] = [
        // E1 the strike begins
        "port-strike.html": "E1", "valdria-port-strike": "E1", "riverside:7371": "E1", "port-sellen-dock-strike-begins": "E1",
        // E2 the budget
        "valdria-budget-2027": "E2", "valdria-budget-wire": "E2", "valdria-budget-bank-levy.html": "E2",
        "valdria-budget.html": "E2", "valdria-budget-energy-vat": "E2",
        // E3 the rate cut
        "valdria-central-bank-cut": "E3", "valdria-rate-cut": "E3", "valdria-interest-rates": "E3",
        // E4 the Orbisphere breach
        "orbisphere-breach-2-3-million": "E4", "orbisphere-data-breach": "E4", "orbisphere-shares-breach.html": "E4",
        "orbisphere-hack-pacific-customers": "E4",
        // E5 the antibiotic
        "university-antibiotic-discovery.html": "E5", "soil-antibiotic-eastgamycin": "E5",
        // E6 Storm Odile
        "riverside:1145": "E6", "storm-odile-eastgate.html": "E6", "storm-odile.html": "E6", "storm-odile-power-cuts": "E6",
        // E7 the Geneva tariff deal
        "geneva-medical-tariffs-deal": "E7", "geneva-tariff-deal-nz": "E7", "geneva-medical-trade-pact": "E7",
        // E8 the Halvorsen plant
        "halvorsen-port-sellen-fab": "E8", "halvorsen-valdria-plant": "E8", "halvorsen-chip-plant-subsidy.html": "E8",
        "chip-plant-jobs.html": "E8",
        // E9 the strike ends
        "port-sellen-strike-deal": "E9", "riverside:8628": "E9", "strike-deal.html": "E9", "port-sellen-strike-ends": "E9",
        // E10 the derailment
        "riverside:3272": "E10", "millbrook-derailment.html": "E10",
        // E11 Tarowa's new prime minister
        "tarowa-new-prime-minister": "E11", "tarowa-fonoti-elected": "E11",
        // E12 the Chirpline fine
        "chirpline-fine-210m": "E12", "chirpline-fine-investors.html": "E12", "chirpline-record-fine": "E12",
        // E13 the library
        "central-library-reopens.html": "E13",
        // E14 Brannock & Low
        "brannock-low-profit-warning": "E14", "brannock-low-profit-warning-wire": "E14", "brannock-low-shares-fall": "E14",
        // E15 Fernwood
        "fernwood-1-0": "E15",
    ]

    /// The README's "Outlets" column.
    static let outletsOfEvent: [String: Set<String>] = [
        "E1": ["Harbour Times", "Meridian Press", "Riverside Dispatch", "The Northbridge Chronicle"],
        "E2": ["Meridian Press", "The Northbridge Chronicle", "Calloway Business Review", "Eastgate Evening Post", "The Pacific Lantern"],
        "E3": ["Meridian Press", "The Northbridge Chronicle", "The Pacific Lantern"],
        "E4": ["The Circuit Ledger", "The Northbridge Chronicle", "Calloway Business Review", "The Pacific Lantern"],
        "E5": ["Eastgate Evening Post", "The Pacific Lantern"],
        "E6": ["Riverside Dispatch", "Eastgate Evening Post", "Harbour Times", "The Northbridge Chronicle"],
        "E7": ["Meridian Press", "The Pacific Lantern", "The Northbridge Chronicle"],
        "E8": ["The Circuit Ledger", "Meridian Press", "Calloway Business Review", "Harbour Times"],
        "E9": ["Meridian Press", "Riverside Dispatch", "Harbour Times", "The Northbridge Chronicle"],
        "E10": ["Riverside Dispatch", "Harbour Times"],
        "E11": ["The Pacific Lantern", "Meridian Press"],
        "E12": ["The Circuit Ledger", "Calloway Business Review", "The Northbridge Chronicle"],
        "E13": ["Eastgate Evening Post"],
        "E14": ["Meridian Press", "The Northbridge Chronicle", "The Pacific Lantern"],
        "E15": ["The Circuit Ledger"],
    ]

    static func itemKey(_ link: String) -> String {
        if let id = URLComponents(string: link)?.queryItems?.first(where: { $0.name == "id" })?.value { return "riverside:" + id }
        let path = link.split(separator: "?").first.map(String.init) ?? link
        return path.split(separator: "/").last.map(String.init) ?? path
    }

    /// One run of the demo on a copy of Feeds/demo; the state and digests stay in `dir`.
    struct DemoRun {
        let dir = TempDir()
        var digestDir: String { dir.path + "/digests" }
        var store: FeedStore!

        init() async throws {
            let copy = dir.path + "/Feeds"
            try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: DemoNewsroomTests.repository.appendingPathComponent("Feeds/demo").path,
                                             toPath: copy + "/demo")
            let config = try String(contentsOf: DemoNewsroomTests.repository.appendingPathComponent("Feeds/demo.toml"), encoding: .utf8)
            try config.write(toFile: copy + "/demo.toml", atomically: true, encoding: .utf8)
            let run = try ChildProcess(["once", "--config", copy + "/demo.toml", "--all"])
            #expect(await run.waitForExit(timeout: 120) == 0)
            store = try FeedStore(path: dir.path + "/state/feedwatch.sqlite")
        }

        /// Every JSON digest the run wrote, as story dictionaries.
        func stories() throws -> [[String: Any]] {
            var all: [[String: Any]] = []
            for name in try FileManager.default.contentsOfDirectory(atPath: digestDir).sorted()
                where name.range(of: #"^\d{4}-\d{2}-\d{2}\.json$"#, options: .regularExpression) != nil {
                let data = try Data(contentsOf: URL(fileURLWithPath: digestDir + "/" + name))
                let top = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
                all += top["stories"] as? [[String: Any]] ?? []
            }
            return all
        }

        func finish() {
            try? store?.close()
            dir.remove()
        }
    }

    /// The acceptance test of issue 16: the demo's digest has the README's fifteen events, each with
    /// the outlets its table lists, no two events merged, and the strike's end linked as developing
    /// from its start.
    @Test func demoWritesTheFifteenReadmeEventsWithTheirOutlets() async throws {
        try #require(FileManager.default.fileExists(atPath: ChildProcess.feedwatchBinary))
        let run = try await DemoRun()
        defer { run.finish() }
        let entries = try run.store.entries(firstSeenFrom: .distantPast, to: .distantFuture)
        #expect(entries.count == 45)
        var eventOfStory: [String: Set<String>] = [:]
        var storiesOfEvent: [String: Set<String>] = [:]
        for entry in entries {
            let event = Self.eventOfItem[Self.itemKey(entry.link ?? "")]
            #expect(event != nil, "an item the README does not list: \(entry.link ?? "-")")
            guard let event, let story = entry.storyID else { continue }
            eventOfStory[story, default: []].insert(event)
            storiesOfEvent[event, default: []].insert(story)
        }
        for (story, events) in eventOfStory.sorted(by: { $0.key < $1.key }) {
            #expect(events.count == 1, "story \(story) merges \(events.sorted().joined(separator: " and "))")
        }
        for (event, stories) in storiesOfEvent.sorted(by: { $0.key < $1.key }) {
            #expect(stories.count == 1, "\(event) is split into \(stories.count) stories")
        }
        // What the reader sees: the stories in the digests, each with the README's outlets.
        let stories = try run.stories()
        var outletsOfStory: [String: Set<String>] = [:]
        var developingFrom: [String: String] = [:]
        for story in stories {
            guard let id = story["id"] as? String else { continue }
            for source in story["sources"] as? [[String: Any]] ?? [] {
                if let name = source["name"] as? String { outletsOfStory[id, default: []].insert(name) }
            }
            if let link = story["developingFrom"] as? [String: Any], let from = link["id"] as? String { developingFrom[id] = from }
        }
        let splits = storiesOfEvent.values.reduce(0) { $0 + $1.count - 1 }
        #expect(outletsOfStory.count == 15 + splits)
        for (event, outlets) in Self.outletsOfEvent.sorted(by: { $0.key < $1.key }) {
            guard let ids = storiesOfEvent[event] else { Issue.record("\(event) is missing"); continue }
            let shown = ids.reduce(into: Set<String>()) { $0.formUnion(outletsOfStory[$1] ?? []) }
            #expect(shown == outlets, "\(event)")
        }
        // The strike's end continues its start.
        if let start = storiesOfEvent["E1"]?.first, let end = storiesOfEvent["E9"], end.count == 1, let endID = end.first {
            #expect(developingFrom[endID] == start)
        }
    }

    /// Issue 18: the digest's entity lists name each kind right. The demo's companies, places,
    /// nationalities and ordinary capitalised words are never listed as people, and the people
    /// who lead its events are.
    @Test func demoEntityListsPutCompaniesAndPlacesOutsideThePeople() async throws {
        try #require(FileManager.default.fileExists(atPath: ChildProcess.feedwatchBinary))
        let run = try await DemoRun()
        defer { run.finish() }
        var people: Set<String> = []
        var organisations: Set<String> = []
        var places: Set<String> = []
        for story in try run.stories() {
            let entities = story["entities"] as? [String: Any] ?? [:]
            people.formUnion(entities["people"] as? [String] ?? [])
            organisations.formUnion(entities["organizations"] as? [String] ?? [])
            places.formUnion(entities["places"] as? [String] ?? [])
        }
        let companies = ["Orbisphere", "Chirpline", "Halvorsen Semiconductor", "Redmark Securities", "Coastline Energy",
                         "Fernwood", "Chirp Holdings", "Brannock & Low"]
        let notPeople = companies + ["Valdria", "Valdrian", "Tarowa", "Port Sellen", "Sellen", "Eastgate", "Millbrook",
                                     "Riverside", "Storm Odile", "Odile", "VAT", "Union"]
        for name in notPeople { #expect(!people.contains(name), "\(name) is listed among the people") }
        for name in companies { #expect(!places.contains(name), "\(name) is listed among the places") }
        #expect(!places.contains("Union"))
        #expect(!organisations.contains("VAT"))
        for name in ["Anna Kovacs", "Mara Ostrowska", "Leilani Fonoti", "Ingrid Halvorsen", "Priya Nandakumar"] {
            #expect(people.contains(name), "\(name) is missing from the people")
        }
        #expect(organisations.contains("Halvorsen Semiconductor"))
        #expect(places.isSuperset(of: ["Valdria", "Port Sellen"]))
    }

    /// What already holds whatever the clusterer decides: every source in the demo's digests
    /// says why it is there, and no story is headed by a copy's headline while it has an original.
    @Test func demoDigestExplainsEverySourceAndHeadsStoriesWithOriginals() async throws {
        try #require(FileManager.default.fileExists(atPath: ChildProcess.feedwatchBinary))
        let run = try await DemoRun()
        defer { run.finish() }
        let stories = try run.stories()
        #expect(!stories.isEmpty)
        var sources = 0
        for story in stories {
            for source in story["sources"] as? [[String: Any]] ?? [] {
                sources += 1
                let reason = source["reason"] as? String
                #expect(reason?.isEmpty == false, "no reason for \(source["title"] as? String ?? "?")")
                // Outlets are named, never shown as the clusterer's item ids.
                #expect(reason?.range(of: "of [0-9]+\\b", options: .regularExpression) == nil, "\(reason ?? "")")
            }
            #expect(story["anchor"] as? String == "s-" + (story["id"] as? String ?? ""))
        }
        #expect(sources == 45)
        // Headlines: from an entry whose stored reason is not a copy, when the story has one.
        let entries = try run.store.entries(firstSeenFrom: .distantPast, to: .distantFuture)
        let copyMarkers = ["nearDuplicate", "sameCanonicalURL", "sameGUID", "sameTitle"]
        for story in stories {
            guard let id = story["id"] as? String, let headline = story["headline"] as? String else { continue }
            let members = entries.filter { $0.storyID == id }
            let originals = members.filter { entry in !copyMarkers.contains { entry.storyReasonJSON?.contains("\"\($0)\"") == true } }
            guard !originals.isEmpty else { continue }
            #expect(originals.contains { $0.title == headline }, "\(headline) is a copy's headline")
        }
        let markdown = try FileManager.default.contentsOfDirectory(atPath: run.digestDir).filter { $0.hasSuffix(".md") }
        for name in markdown {
            let text = try String(contentsOfFile: run.digestDir + "/" + name, encoding: .utf8)
            #expect(text.contains("  - *why:* first report"))
        }
    }

    /// Issue 18: every speaker the demo's digest shows is a person or a body of the demo as
    /// written ("Finance Minister Anna Kovacs", "The company"), never a clause or a fragment.
    @Test func demoSpeakersArePeopleAndBodiesNeverClauses() async throws {
        try #require(FileManager.default.fileExists(atPath: ChildProcess.feedwatchBinary))
        let run = try await DemoRun()
        defer { run.finish() }
        var speakers: [String] = []
        var quotes = 0
        for story in try run.stories() {
            for quote in story["quotes"] as? [[String: Any]] ?? [] {
                quotes += 1
                if let speaker = quote["speaker"] as? String { speakers.append(speaker) }
            }
        }
        #expect(quotes >= 25)
        #expect(speakers.count >= 25)
        // The people and bodies of the demo (Feeds/demo/README.md: fictional, written for feedwatch).
        let people = ["Anna Kovacs", "Stefan Varga", "Ingrid Halvorsen", "Elsa Brandt", "Mara Ostrowska", "Henrik Baumann",
                      "Viktor Nilsen", "Priya Nandakumar", "Laura Benedetti", "David Low", "Ruth Delaney", "Joel Okafor",
                      "Piet van Doorn", "Hana Kereama", "Tomas Lindgren", "Sam Eriksen", "Leilani Fonoti", "Helen Achterberg",
                      "Bernard Oyelaran", "Jonas Eklund", "Marcus Webb", "Imran Shah", "Rachel Dunmore", "Lukas Renner",
                      "Marcus Feld", "Alex Moreau", "Joanna Pike", "Ioane Teleni"]
        let bodies = ["Chirpline", "Orbisphere", "Halvorsen Semiconductor", "National Bank of Valdria", "Sellen Port Authority",
                      "Valdrian Rail", "Brannock & Low", "DHWU"]
        let surnames = Set(people.compactMap { $0.split(separator: " ").last.map(String.init) })
        let roleHeads: Set<String> = ["company", "minister", "spokesman", "spokeswoman", "spokesperson", "union", "bank",
                                      "authority", "council", "government", "ministry", "police", "operator", "officials"]
        // words that make a speaker a clause: finite and reporting verbs, conjunctions, "to" + verb
        let clauseWords: Set<String> = ["said", "says", "told", "added", "is", "was", "are", "were", "has", "have", "had",
                                        "will", "would", "can", "want", "wants", "make", "and", "or", "but", "when", "if",
                                        "because", "that", "which", "who", "to", "they", "he", "she", "we", "i", "it"]
        for speaker in speakers {
            let words = speaker.split(separator: " ").map(String.init)
            let clause = words.filter { clauseWords.contains($0) }
            #expect(clause.isEmpty, "\"\(speaker)\" is clause-shaped (\(clause.joined(separator: ", ")))")
            let last = words.last ?? ""
            let known = people.contains { speaker.hasSuffix($0) } || surnames.contains(last)
                || bodies.contains { speaker.hasSuffix($0) } || roleHeads.contains(last.lowercased())
            #expect(known, "\"\(speaker)\" is not a person or body of the demo")
        }
    }
}
