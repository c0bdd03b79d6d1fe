/// Whether the document backs a name's type well enough to show it in a reader's entity list.
///
/// The tagger types every capitalised name it finds, and for a name it has never seen the type
/// is a guess from the word's shape and neighbours: an invented company name written alone
/// ("Zentrova said on Monday…") looks like a surname. News writing gives the reader more to go
/// on, and so does this pass: a person is introduced with a full name, a title or a known
/// given name or surname; a company's name often ends in what it does ("… Semiconductor",
/// "… Securities"). A name without such support keeps its type in the analysis (quotes and
/// summaries still use it) but is marked unsure, so the digest leaves it out rather than list a
/// company among the people.
enum EntityCorroboration {
    /// Last words of company names that name a trade ("Halden Semiconductor", "Marlow
    /// Securities"). A full name ending in one is an organisation even when the tagger read a
    /// person, unless the word is also a common surname.
    static let tradeHeads: Set<String> = [
        "semiconductor", "semiconductors", "securities", "insurance", "logistics", "telecom", "telecoms",
        "airline", "airlines", "robotics", "software", "electronics", "foods", "brewery", "breweries",
        "bancorp", "financial", "investments", "ventures", "biotech", "therapeutics", "pharma",
        "pharmaceuticals", "entertainment", "communications", "solutions", "dynamics", "aerospace",
        "automotive", "chemicals", "shipping", "petroleum", "utilities", "realty", "properties",
        "holdings", "energy", "motors", "industries", "technologies", "systems", "labs", "capital",
        "partners", "group", "corp", "inc", "ltd", "plc", "llc", "gmbh", "ag", "sa",
    ]

    /// First words of the names given to storms.
    static let weatherEvents: Set<String> = ["storm", "hurricane", "typhoon", "cyclone", "tropical"]

    /// Confidence given to a name the document does not corroborate: just under the margin a
    /// reader's list requires, so the name stays in the analysis but not in the list.
    static var unsure: Float { Float(EntityRecognizer.confidentMargin) - 0.5 }

    static func apply(_ input: [EntityRecognizer.Name], tokens: [Token], lexicons: Lexicons) -> [EntityRecognizer.Name] {
        var names = input
        func words(_ n: EntityRecognizer.Name) -> [String] {
            tokens[n.first...n.last].filter { $0.kind == .word }.map(\.text)
        }
        // A full "person" or "place" name that ends in a trade is a company.
        for k in names.indices where names[k].type != .organization && names[k].last > names[k].first {
            let last = tokens[names[k].last].text
            if tradeHeads.contains(last.lowercased()) && !lexicons.surnames.contains(last) {
                names[k].type = .organization
            }
        }
        // "Storm Maelis", "Hurricane Ana", "Typhoon Lan": a named weather event, neither a person
        // (Storm is a given name too) nor a place.
        for k in names.indices where names[k].last > names[k].first {
            if weatherEvents.contains(tokens[names[k].first].text.lowercased()) { names[k].type = .miscellaneous }
        }
        // Words of the document's longer names, by type, and the words of full names of people.
        var partOf: [String: Set<EntityType>] = [:]
        var personWords: Set<String> = []
        for n in names where n.last > n.first {
            for w in words(n) {
                partOf[w, default: []].insert(n.type)
                if n.type == .person { personWords.insert(w) }
            }
        }
        for k in names.indices where names[k].first == names[k].last {
            let word = tokens[names[k].first].text
            let before = names[k].first > 0 ? tokens[names[k].first - 1].text.lowercased() : ""
            let titled = EntityCues.personalTitles.contains(before) || EntityCues.honorifics.contains(before)
                || EntityCues.personalTitles.contains(String(before.dropLast())) && before.hasSuffix(".")
            let known = lexicons.places.contains(word) || lexicons.organisations.contains(word)
                || lexicons.demonyms.contains(word)
            var corroborated = true
            switch names[k].type {
            case .person:
                // One word for a person: the document names them in full, a title goes before
                // it, or it is a given name or surname people have.
                corroborated = personWords.contains(word) || titled
                    || lexicons.givenNames.contains(word) || lexicons.surnames.contains(word)
            default:
                break
            }
            // A "person" of one word that is part of a longer name of another type ("Kessel" of
            // "Port Kessel") is that name cut short. (A place inside an organisation's name,
            // "Eastgate" of "Eastgate Evening Post", is the place itself.)
            if names[k].type == .person, let types = partOf[word], !types.contains(.person), !personWords.contains(word), !known {
                corroborated = false
            }
            // An ordinary English word written with a capital ("Union", "Budget") is a name only
            // when the lists know it as one.
            if lexicons.commonWords.contains(word.lowercased()) && !known && !titled
                && !lexicons.givenNames.contains(word) && !lexicons.surnames.contains(word) && !personWords.contains(word) {
                corroborated = false
            }
            if !corroborated { names[k].confidence = min(names[k].confidence, unsure) }
        }
        return names
    }
}
