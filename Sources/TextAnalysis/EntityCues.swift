/// Closed word lists of English news writing that the entity tagger uses as features (never as
/// the decision): titles and honorifics before a person's name, words that end organisation,
/// place and event names, name particles, days and months, verbs of speech. They are grammar
/// rather than data, so they live in code; the weights decide what each one is worth.
enum EntityCues {
    /// Titles that precede a person's name and are not part of the entity span.
    static let titles: Set<String> = [
        "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "president",
        "vice", "prime", "minister", "secretary", "chancellor", "senator", "sen", "rep", "representative",
        "congressman", "congresswoman", "governor", "gov", "mayor", "judge", "justice", "king", "queen", "prince",
        "princess", "pope", "rev", "reverend", "father", "bishop", "archbishop", "cardinal", "rabbi", "imam",
        "sheikh", "general", "gen", "colonel", "col", "major", "maj", "captain", "capt", "lieutenant", "lt",
        "sergeant", "sgt", "corporal", "private", "admiral", "commander", "officer", "detective", "inspector",
        "constable", "superintendent", "chief", "ambassador", "commissioner", "chairman", "chairwoman", "chair",
        "director", "coach", "deputy", "foreign", "defence", "defense", "home", "health", "finance", "interior",
        "shadow", "former", "acting", "attorney", "speaker", "leader", "premier", "emir", "sultan", "ayatollah",
        "councillor", "alderman", "dean", "provost", "mp", "mep", "mla", "msp", "uncle", "aunt",
        "supreme", "executive", "assistant", "associate", "visiting", "emeritus", "general-secretary", "chief executive", "opposition", "economy", "education", "culture", "trade",
        "transport", "environment", "energy", "housing", "business", "defence secretary",
        "crown", "duke", "duchess", "earl", "baroness", "baron", "count", "countess", "nurse", "doctor",
        "biologist", "physicist", "chemist", "scientist", "author", "writer", "actor", "actress", "singer",
        "rapper", "artist", "director-general", "secretary-general", "spokesman", "spokeswoman", "spokesperson",
        "senior", "junior", "sheriff", "marshal", "lawyer", "attorney-general", "president-elect",
    ]
    /// Titles that on their own make the following name a person (a subset of `titles`).
    static let honorifics: Set<String> = [
        "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "president",
        "senator", "sen", "rep", "governor", "gov", "mayor", "judge", "justice", "king", "queen", "prince",
        "princess", "pope", "rev", "reverend", "bishop", "archbishop", "cardinal", "rabbi", "imam", "sheikh",
        "general", "gen", "colonel", "col", "captain", "capt", "lieutenant", "lt", "sergeant", "sgt",
        "admiral", "commander", "detective", "inspector", "ambassador", "chancellor", "minister", "secretary",
        "congressman", "congresswoman", "chairman", "chairwoman", "coach", "president-elect", "duke", "duchess",
        "baroness", "baron", "earl", "emir", "sultan", "ayatollah", "premier", "sheriff", "officer", "councillor",
        "biologist", "physicist", "chemist", "scientist", "author", "writer", "actor", "actress", "singer",
        "rapper", "artist", "spokesman", "spokeswoman", "spokesperson", "lawyer", "dean", "doctor", "nurse",
    ]
    /// Lower-case role nouns that, right before a capitalised phrase, make it a person.
    static let roleNouns: Set<String> = [
        "president", "minister", "secretary", "spokesman", "spokeswoman", "spokesperson", "chairman",
        "chairwoman", "director", "leader", "senator", "professor", "chief", "officer", "actor", "actress",
        "singer", "author", "writer", "founder", "ceo", "chancellor", "governor", "mayor", "judge",
        "ambassador", "coach", "manager", "player", "striker", "goalkeeper", "captain", "analyst", "economist",
        "researcher", "scientist", "biologist", "historian", "lawyer", "attorney", "candidate", "mp", "reporter",
        "journalist", "editor", "producer", "composer", "artist", "poet", "novelist", "photographer",
        "commissioner", "colleague", "son", "daughter", "wife", "husband", "mother", "father", "brother",
        "sister", "friend", "teacher", "student", "resident", "nominee", "rival", "deputy", "dr", "mr", "mrs", "ms",
        "developer", "designer", "engineer", "physicist", "programmer", "blogger", "host", "presenter", "pastor",
    ]
    /// Last words of organisation names.
    static let orgHeads: Set<String> = [
        "inc", "ltd", "llc", "plc", "corp", "corporation", "co", "company", "companies", "group", "holdings",
        "party", "ministry", "department", "committee", "council", "university", "college", "school",
        "institute", "institution", "association", "agency", "bank", "foundation", "commission", "court",
        "police", "army", "forces", "force", "navy", "union", "society", "church", "museum", "club", "fc",
        "league", "times", "post", "news", "herald", "journal", "tribune", "press", "gazette", "telegraph",
        "airlines", "airways", "network", "federation", "organisation", "organization", "authority", "board",
        "office", "service", "services", "trust", "fund", "assembly", "parliament", "senate", "government",
        "administration", "coalition", "alliance", "movement", "front", "brigade", "brigades", "laboratory",
        "laboratories", "labs", "systems", "technologies", "technology", "media", "studios", "records",
        "academy", "bureau", "cabinet", "congress", "guard", "corps", "division", "unit", "team", "squad",
        "centre", "center", "project", "program", "programme", "initiative", "channel", "tv",
        "radio", "magazine", "review", "daily", "weekly", "observer", "chronicle", "enterprises", "industries",
        "motors", "pharmaceuticals", "energy", "capital", "partners", "consortium", "exchange",
        "institutes", "hospital", "clinic", "faculty", "conference", "caucus", "secretariat", "directorate",
        "inquiry", "tribunal", "orchestra", "band", "choir", "railways", "railway", "sa", "ag", "gmbh",
    ]
    /// Words that begin organisation names when followed by "of"/"for" ("University of Eastmoor").
    static let orgOpeners: Set<String> = [
        "university", "ministry", "department", "bank", "office", "institute", "college", "school",
        "academy", "council", "committee", "commission", "court", "church", "museum", "society",
        "association", "federation", "union", "league", "board", "bureau", "house", "chamber", "centre",
        "center", "friends", "party", "order", "organisation", "organization", "secretary", "campaign",
        "alliance", "coalition", "movement", "fund", "foundation", "agency", "service", "army", "division",
        "national", "royal", "people", "municipality", "province", "government", "region", "city", "county", "district", "borough",
    ]
    /// Last words of place names (facilities and geographic features are LOC).
    static let placeHeads: Set<String> = [
        "street", "st", "road", "rd", "avenue", "ave", "lane", "boulevard", "square", "river", "lake", "mountain",
        "mountains", "mount", "hill", "hills", "island", "islands", "isles", "bay", "county", "province", "city",
        "valley", "airport", "station", "park", "bridge", "stadium", "arena", "beach", "coast", "sea", "ocean",
        "desert", "forest", "canyon", "peninsula", "region", "district", "gulf", "strait", "straits", "harbour",
        "harbor", "port", "heights", "falls", "reservoir", "dam", "palace", "castle", "cathedral", "tower",
        "prison", "camp", "base", "field", "plaza", "town", "village", "borough", "territory",
        "territories", "republic", "kingdom", "mosque", "temple", "synagogue", "shrine", "cemetery", "monument", "memorial", "zoo", "mall", "market", "building", "embassy", "consulate", "refinery", "plant", "mine", "factory", "theatre", "theater", "cinema", "library", "emirates", "basin", "delta", "glacier", "volcano",
        "channel", "pass", "highway", "motorway", "way", "drive", "crescent", "place", "gardens", "hall",
    ]
    /// Last words of names of events, laws, works and other MISC things ("Labour Day", "Crimean War").
    static let miscHeads: Set<String> = [
        "day", "war", "wars", "cup", "games", "festival", "fair", "carnival", "jubilee", "awards", "award", "prize",
        "championship", "championships", "olympics", "act", "treaty", "agreement", "accord", "protocol", "summit",
        "expo", "tour", "bowl", "marathon", "revolution", "crisis", "scandal", "syndrome", "disease", "index",
        "medal", "trophy", "bill", "doctrine", "declaration", "constitution", "charter", "manifesto", "bible",
        "quran", "koran", "camp", "week", "month", "year", "season", "election", "elections", "referendum",
        "massacre", "uprising", "spring", "rebellion", "pandemic", "epidemic", "flu", "hurricane", "storm", "typhoon",
        "cyclone", "earthquake", "show", "prix", "open", "classic", "challenge", "convention", "fest",
    ]
    /// Function words that are never names even when capitalised at a sentence start.
    static let functionWords: Set<String> = [
        "we", "you", "it", "they", "he", "she", "i", "me", "us", "them", "him", "her", "in", "on", "at", "by", "for",
        "with", "from", "of", "to", "as", "just", "let", "have", "has", "had", "is", "are", "was", "were", "be",
        "been", "do", "does", "did", "not", "no", "yes", "so", "but", "and", "or", "if", "when", "while", "what",
        "which", "who", "whom", "whose", "where", "why", "how", "this", "that", "these", "those", "there", "here",
        "then", "now", "some", "many", "most", "all", "any", "each", "every", "both", "either", "neither", "one",
        "our", "your", "their", "its", "my", "his", "after", "before", "during", "since", "until", "although",
        "though", "because", "however", "also", "still", "yet", "even", "only", "can", "could", "will", "would",
        "should", "may", "might", "must", "shall", "like", "about", "over", "under", "into", "onto", "upon",
        "among", "between", "through", "without", "within", "against", "despite", "per", "via", "well", "oh",
        "more", "less", "much", "very", "too", "again", "once", "ever", "never", "always", "often", "perhaps",
        "maybe", "thus", "hence", "therefore", "meanwhile", "instead", "otherwise", "unlike", "according",
    ]
    /// Words opening a place name ("Mount Everest", "Lake Geneva", "Cape Horn").
    static let placeOpeners: Set<String> = ["mount", "lake", "cape", "isle", "fort"]
    /// Lower-case particles inside personal names ("Ludwig van Beethoven", "Osama bin Laden").
    static let nameParticles: Set<String> = ["van", "von", "de", "da", "di", "del", "della", "der", "den", "du", "le", "la", "bin", "ibn", "al", "el", "dos", "das", "ter", "ten", "y", "d'"]
    /// Words that, right before an unknown capitalised phrase, suggest a place.
    static let placePrepositions: Set<String> = ["in", "at", "near", "from", "across", "outside", "inside", "throughout", "towards", "toward", "into", "around", "to"]
    /// Days and months: capitalised, never names.
    static let calendarWords: Set<String> = [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
        "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    ]
    /// Verbs of speech that follow or precede a speaker's name.
    static let speechVerbs: Set<String> = [
        "said", "says", "say", "told", "tells", "added", "adds", "wrote", "writes", "explained", "asked", "replied",
        "argued", "noted", "stated", "announced", "warned", "insisted", "claimed", "according",
    ]
    /// Last words that make a name an institution, never a person ("… Water Company").
    static let institutionHeads: Set<String> = [
        "company", "corporation", "inc", "ltd", "llc", "plc", "university", "college", "institute", "foundation",
        "association", "ministry", "department", "council", "committee", "party", "bank", "agency",
        "commission", "society", "school", "hospital", "authority", "federation",
    ]
    /// Lower-case words that may stand inside a name: joiners of titles and institutions and
    /// particles of personal names ("Bank of England", "Gone with the Wind", "Osama bin Laden").
    static let nameJoiners: Set<String> = [
        "of", "and", "the", "for", "on", "in", "at", "to", "a", "an", "with", "de", "del", "della", "der", "den",
        "van", "von", "da", "di", "du", "des", "la", "le", "les", "el", "al", "bin", "ibn", "y", "dos", "das", "e",
    ]
    /// Titles that only ever stand before a person's name.
    static let personalTitles: Set<String> = [
        "mr", "mrs", "ms", "mx", "dr", "sir", "dame", "president", "senator", "sen", "governor", "gov", "mayor",
        "judge", "pope", "rev", "reverend", "rabbi", "imam", "sheikh", "chancellor", "minister", "congressman",
        "congresswoman", "ambassador", "detective", "inspector", "sergeant", "sgt", "colonel", "col", "lieutenant",
    ]
}
