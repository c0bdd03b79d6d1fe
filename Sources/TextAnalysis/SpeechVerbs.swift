/// The verbs news writing uses to report speech ("said", "told", "added", "according to"), and
/// the few that report written signs instead. Attribution looks for them on either side of a
/// quote; `SpeakerShape` refuses a speaker that contains one, because a speaker that holds a
/// reporting verb is a clause, not a person.
enum SpeechVerbs {
    /// Reporting verbs in the forms that appear next to a quote (lower case only: "States" in
    /// "United States" is not one).
    static let reporting: Set<String> = [
        "said", "says", "say", "saying", "told", "tells", "added", "adds", "asked", "asks", "wrote", "writes",
        "tweeted", "posted", "stated", "states", "explained", "explains", "noted", "notes", "warned", "warns",
        "argued", "argues", "claimed", "claims", "insisted", "insists", "replied", "replies", "responded",
        "continued", "continues", "declared", "declares", "announced", "admitted", "admits", "acknowledged",
        "suggested", "suggests", "recalled", "recalls", "described", "describes", "called", "calls", "urged",
        "urges", "vowed", "vows", "promised", "confirmed", "denied", "commented", "remarked", "observed",
        "shouted", "joked", "conceded", "concedes", "predicted", "concluded", "emphasised", "emphasized",
        "stressed", "complained", "praised", "criticised", "criticized", "accused", "labelled", "labeled",
        "branded", "dismissed", "hailed", "reported", "testified", "blogged", "cautioned", "pleaded",
        "demanded", "lamented", "boasted", "agreed", "answered", "countered", "whispered", "screamed",
        "yelled", "chanted", "texted", "insisting", "adding", "telling", "writing", "explaining", "warning",
        "describing", "calling", "read", "reads", "reading", "believes", "thinks", "thought", "felt", "feels",
        "announces", "maintained", "maintains", "reiterated", "revealed", "reveals", "assured", "quipped",
        "exclaimed", "cried", "sang", "mused", "noting", "arguing", "claiming", "stating", "according", "dubbed",
        "characterized", "characterised", "characterizes", "characterises", "promising", "recommending",
        "recommended", "pledged", "pledging", "reasoned", "asserted", "contended", "retorted", "wondered",
        "speculated", "elaborated", "recounted",
    ]

    /// Verbs that report written signs rather than a speaker: their quotes have no speaker,
    /// unless what reads is a body's document ("the ministry's letter reads").
    static let sign: Set<String> = ["read", "reads", "reading"]
}
