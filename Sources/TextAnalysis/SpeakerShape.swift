/// Decides whether a speaker, as attribution found it, is shaped like a person or a body: a
/// noun phrase such as "Anna Kovacs", "Finance Minister Anna Kovacs", "a police spokesman",
/// "officials" or "the Met Office". Attribution reads a few words beside a quote and can land on
/// a clause or a fragment ("for the talks to go ahead and when"); this check is the last word on
/// it, and a speaker that fails it is dropped, because no speaker is better than a wrong one.
///
/// A noun phrase here has a head, either a name (a capitalised word that is not a determiner)
/// or a person or body noun ("spokesman", "residents", "ministry"), and holds no finite verb,
/// reporting verb, subordinating conjunction or relative word, no "to" + verb, no subject
/// pronoun, and does not start or end on a preposition or conjunction.
public enum SpeakerShape {
    /// The longest speaker kept, in words ("Data Protection Commissioner for Northern Areas Jo Bell").
    static let maxWords = 9

    /// True when `speaker` is a noun phrase naming a person or a body.
    public static func isNounPhrase(_ speaker: String) -> Bool {
        let raw = speaker.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\u{00A0}" })
        guard !raw.isEmpty, raw.count <= maxWords else { return false }
        var words: [(text: String, lower: String, capital: Bool)] = []
        for piece in raw {
            guard piece.unicodeScalars.allSatisfy(isSpeakerScalar) else { return false }
            let text = trimmedEdges(piece)
            guard !text.isEmpty else { continue }
            let capital = text.unicodeScalars.first.map { $0.fastIsUppercase || $0.properties.numericType != nil } ?? false
            words.append((text, text.lowercased(), capital))
        }
        guard let first = words.first, let last = words.last else { return false }
        if edgeWords.contains(first.lower) { return false }
        if edgeWords.contains(last.lower) || determiners.contains(last.lower) || timeWords.contains(last.lower) { return false }
        var hasName = false
        for (k, w) in words.enumerated() {
            let bare = withoutPossessive(w.lower)
            if subjectPronouns.contains(bare) { return false }
            if w.capital {
                if !(k == 0 && (determiners.contains(w.lower) || edgeWords.contains(w.lower))) { hasName = true }
                continue
            }
            if clauseWords.contains(bare) || finiteVerbs.contains(bare) || SpeechVerbs.reporting.contains(bare) { return false }
            if bare == "to", k + 1 < words.count {
                let next = words[k + 1]
                // "ambassador to the UN" is a phrase; "to join" is a clause
                if !next.capital && !determiners.contains(next.lower) && next.lower.first?.isNumber != true { return false }
            }
            if (bare == "and" || bare == "or"), k + 1 < words.count, words[k + 1].lower == "to" { return false }
        }
        if hasName { return true }
        return isPersonOrBodyNoun(withoutPossessive(last.lower))
    }

    /// `speaker` when it is a noun phrase, else nil.
    static func validated(_ speaker: String?) -> String? {
        guard let speaker, isNounPhrase(speaker) else { return nil }
        return speaker
    }

    /// A lower-case head noun that names people or an institution: "spokeswoman", "residents",
    /// "ministry", "police".
    static func isPersonOrBodyNoun(_ word: String) -> Bool {
        if personNouns.contains(word) || bodyNouns.contains(word) { return true }
        // "-man"/"-person" roles and agent nouns ("economist", "historian", "inspector")
        for suffix in ["man", "men", "woman", "women", "person", "people", "ist", "ists", "ian", "ians", "or", "ors"]
        where word.hasSuffix(suffix) && word.count > suffix.count + 3 {
            return true
        }
        let singular = [word.hasSuffix("ies") ? String(word.dropLast(3)) + "y" : nil,
                        word.hasSuffix("es") ? String(word.dropLast(2)) : nil,
                        word.hasSuffix("s") ? String(word.dropLast()) : nil]
        return singular.contains { $0.map { personNouns.contains($0) || bodyNouns.contains($0) } ?? false }
    }

    static func isSpeakerScalar(_ s: Unicode.Scalar) -> Bool {
        if s.fastIsAlphabetic || s.properties.numericType != nil { return true }
        return "'’-.&,()".unicodeScalars.contains(s) || s == "\u{2010}" || s == "\u{2011}"
    }

    static func trimmedEdges(_ word: Substring) -> String {
        var scalars = word.unicodeScalars[...]
        while let f = scalars.first, ",()".unicodeScalars.contains(f) { scalars = scalars.dropFirst() }
        while let l = scalars.last, ",()".unicodeScalars.contains(l) { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    static func withoutPossessive(_ word: String) -> String {
        for suffix in ["'s", "’s"] where word.hasSuffix(suffix) { return String(word.dropLast(2)) }
        if word.hasSuffix("'") || word.hasSuffix("’") { return String(word.dropLast()) }
        return word
    }

    static let determiners: Set<String> = [
        "the", "a", "an", "this", "that", "these", "those", "one", "two", "three", "some", "many", "several",
        "his", "her", "their", "its", "our", "my", "your", "another", "other", "each", "every", "both", "all",
        "most", "few", "no", "any",
    ]
    /// Words a noun phrase does not start or end with (prepositions, conjunctions).
    static let edgeWords: Set<String> = [
        "of", "in", "on", "at", "for", "with", "by", "from", "to", "about", "after", "before", "as", "into",
        "and", "or", "but", "nor", "than", "via", "over", "under", "against", "between", "during", "without",
    ]
    /// Words that end a sentence's time adverbial, not a speaker ("Smith yesterday").
    static let timeWords: Set<String> = [
        "yesterday", "today", "tonight", "tomorrow", "earlier", "later", "recently", "afterwards", "then",
        "also", "now", "again", "too", "instead",
    ]
    static let subjectPronouns: Set<String> = ["i", "we", "they", "you", "he", "she", "it", "who", "whoever"]
    /// Subordinating conjunctions and relative words: a speaker holding one is a clause.
    static let clauseWords: Set<String> = [
        "that", "which", "who", "whom", "whose", "when", "whenever", "where", "why", "how", "what", "if",
        "because", "although", "though", "whether", "unless", "while", "whilst", "whereas", "since", "until",
        "so", "but", "once", "lest", "not", "never",
    ]
    /// Auxiliaries, modals and common finite verbs: a speaker holding one is a clause. (Forms
    /// that are also everyday noun modifiers, "work", "show", "plan", are left out: "a talk show
    /// host" is a speaker.)
    static let finiteVerbs: Set<String> = [
        "is", "are", "was", "were", "am", "be", "been", "being", "has", "have", "had", "do", "does", "did",
        "will", "would", "can", "could", "shall", "should", "may", "might", "must", "won't", "can't", "don't",
        "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't", "hasn't", "haven't", "hadn't", "wouldn't",
        "couldn't", "shouldn't", "want", "wants", "wanted", "make", "makes", "made", "think", "know", "knows",
        "knew", "need", "needs", "needed", "go", "goes", "went", "gone", "come", "comes", "came", "get", "gets",
        "got", "take", "takes", "took", "give", "gives", "gave", "see", "sees", "saw", "seen", "join", "joins",
        "joined", "keep", "keeps", "kept", "let", "lets", "hope", "hopes", "hoped", "try", "tries", "tried",
        "seem", "seems", "seemed", "planned", "expect", "expects", "expected", "believe", "become", "becomes",
        "became", "put", "puts", "find", "finds", "found", "leave", "leaves", "left", "mean", "means", "meant",
        "showed", "hear", "hears", "heard", "worked", "like", "likes", "liked", "look", "looks", "looked",
        "stop", "stops", "stopped", "happen", "happens", "happened", "remain", "remains", "remained", "there",
        "here",
    ]
    /// Lower-case heads of phrases that name people (singular; plurals follow).
    static let personNouns: Set<String> = [
        "official", "spokesman", "spokeswoman", "spokesperson", "minister", "president", "secretary", "chancellor",
        "governor", "mayor", "senator", "lawmaker", "legislator", "councillor", "councilor", "mp", "mep",
        "representative", "delegate", "diplomat", "ambassador", "envoy", "negotiator", "adviser", "advisor", "aide",
        "leader", "chief", "head", "boss", "chair", "chairman", "chairwoman", "director", "executive", "manager",
        "founder", "owner", "partner", "member", "candidate", "nominee", "judge", "justice", "prosecutor", "lawyer",
        "attorney", "solicitor", "barrister", "defendant", "officer", "detective", "inspector", "constable",
        "sergeant", "commander", "general", "soldier", "captain", "pilot", "crew", "staff", "employee", "worker",
        "driver", "nurse", "doctor", "surgeon", "paramedic", "firefighter", "teacher", "headteacher", "principal",
        "student", "pupil", "parent", "mother", "father", "son", "daughter", "wife", "husband", "brother", "sister",
        "relative", "friend", "neighbour", "neighbor", "resident", "local", "villager", "citizen", "voter", "fan",
        "supporter", "opponent", "critic", "protester", "protestor", "campaigner", "activist", "volunteer",
        "organiser", "organizer", "witness", "victim", "survivor", "passenger", "customer", "consumer", "shopper",
        "tenant", "landlord", "farmer", "fisher", "trader", "banker", "broker", "investor", "shareholder",
        "analyst", "economist", "expert", "specialist", "scientist", "researcher", "professor", "academic",
        "historian", "engineer", "architect", "author", "writer", "editor", "reporter", "journalist",
        "correspondent", "commentator", "columnist", "blogger", "poster", "user", "observer", "source", "insider",
        "person", "man", "woman", "boy", "girl", "child", "teenager", "family", "coach", "player", "striker",
        "goalkeeper", "referee", "artist", "singer", "actor", "actress", "musician",
        "producer", "forecaster", "meteorologist", "regulator", "commissioner", "ombudsman", "inspectorate",
        "coroner", "pathologist", "epidemiologist", "physician", "dentist", "pharmacist",
        "veteran", "pensioner", "retiree", "graduate", "applicant", "migrant", "refugee", "patient",
        "operator", "dealer", "seller", "buyer", "landowner", "developer", "contractor", "consultant",
        "auditor", "accountant", "administrator", "liquidator", "receiver", "trustee", "steward", "docker",
        "dockworker", "miner", "builder", "electrician", "plumber", "cleaner", "guard", "warden", "lecturer",
        "host", "presenter", "anchor", "tutor", "speaker", "mourner", "shopkeeper", "homeowner", "commuter",
    ]
    /// Lower-case heads of phrases that name institutions, and the documents that speak for
    /// them ("the ministry", "the statement"): what "it said" can refer to.
    static let bodyNouns: Set<String> = [
        "government", "administration", "cabinet", "ministry", "department", "office", "agency", "authority",
        "council", "commission", "committee", "board", "panel", "parliament", "assembly", "senate", "congress",
        "court", "tribunal", "police", "force", "army", "military", "navy", "company", "firm", "bank", "group",
        "business", "corporation", "retailer", "airline", "carrier", "utility", "supplier", "maker",
        "manufacturer", "provider", "insurer", "lender", "union", "party", "campaign", "charity", "organisation",
        "organization", "association", "federation", "institute", "university", "college", "school", "hospital",
        "trust", "foundation", "club", "team", "league", "network", "service", "watchdog", "embassy", "consulate",
        "delegation", "side", "camp", "palace", "station", "website", "newspaper", "broadcaster", "channel",
        "magazine", "paper", "statement", "report", "study", "letter", "survey", "filing", "document", "memo",
        "opposition", "coalition", "alliance", "bloc", "regime", "junta",
        "prosecution", "defence", "defense", "state", "city", "county", "region", "country", "nation",
        "district", "municipality", "town", "village", "community", "industry", "sector",
    ]
}
