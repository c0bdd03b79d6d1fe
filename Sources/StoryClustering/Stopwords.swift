/// The small English lexicon StoryClustering needs: stopwords and spelling variants.
///
/// Kept inside this module on purpose (see `NewsTokenizer`): fingerprints and centroids
/// persisted by the daemon must not shift when another module's lexicon is edited.
enum Stopwords {
    static let english: Set<String> = [
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any",
        "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both",
        "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few",
        "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers",
        "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me",
        "more", "most", "my", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or",
        "other", "our", "ours", "out", "over", "own", "same", "she", "should", "so", "some",
        "such", "than", "that", "the", "their", "theirs", "them", "then", "there", "these", "they",
        "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we",
        "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with",
        "would", "you", "your", "yours", "vs", "via", "per", "may", "might", "must", "shall",
        "said", "say", "new", "get", "got", "one", "two", "us", "s", "t", "ll", "re", "ve", "d",
        "don't", "won't", "can't", "isn't", "it'", "here'", "what'", "that'", "there'",
        "update", "updated", "breaking", "live", "exclusive", "corrected", "wire", "video",
        "watch", "photo", "raw", "report", "reported", "reporting", "according", "week", "day",
        "today", "yesterday", "tomorrow", "year", "time", "make", "take", "like", "know",
    ]

    /// Weekdays and months: capitalised, but not names of anything an event is about.
    static let calendar: Set<String> = [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "june", "july", "august", "september",
        "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
        "sept", "oct", "nov", "dec",
    ]

    /// Spellings folded onto one form before stemming: wire abbreviations and their expansions.
    static let variants: [String: String] = [
        "dlr": "dollar", "dlrs": "dollar", "dollars": "dollar", "$": "dollar",
        "mln": "million", "mlns": "million", "millions": "million", "mn": "million",
        "bln": "billion", "billions": "billion", "bn": "billion",
        "pct": "percent", "per-cent": "percent", "pc": "percent",
        "qtr": "quarter", "qtrs": "quarter", "quarters": "quarter", "q1": "first-quarter",
        "1st": "first", "2nd": "second", "3rd": "third", "4th": "fourth",
        "shr": "share", "shrs": "share", "shares": "share",
        "mths": "month", "mth": "month", "months": "month",
        "says": "said", "saying": "said", "tells": "said", "told": "said",
        "govt": "government", "gov't": "government", "intl": "international",
        "corp": "corporation", "co": "company", "inc": "incorporated", "ltd": "limited",
        "yr": "year", "yrs": "year", "years": "year", "revs": "revenue", "rev": "revenue",
        "oper": "operating", "avg": "average", "cts": "cent", "ct": "cent", "cents": "cent",
        "u.s": "us", "u.k": "uk", "e.u": "eu",
    ]
}
