import Testing
@testable import TextAnalysis

/// The speaker-shape validator: a speaker is a person or a body as written, never a clause.
@Suite struct SpeakerShapeTests {
    @Test(arguments: [
        "Anna Kovacs",
        "Finance Minister Anna Kovacs",
        "Mr Mensah",
        "Dr Helen Achterberg",
        "a police spokesman",
        "one resident",
        "officials",
        "the ministry",
        "the Met Office",
        "The company",
        "Valdria's trade minister",
        "chief executive Priya Nandakumar",
        "company spokeswoman Ruth Delaney",
        "Brannock & Low",
        "the union's general secretary",
        "the US ambassador to the UN",
        "two witnesses",
        "Harbour Times",
        "a talk show host",
        "a social work lecturer",
    ])
    func peopleAndBodiesAreNounPhrases(_ speaker: String) {
        #expect(SpeakerShape.isNounPhrase(speaker), "\(speaker)")
    }

    @Test(arguments: [
        "for Ukraine to join NATO and when",   // a fragment holding "to" + verb and a conjunction
        "they have to make peace",             // a clause with a subject pronoun and a finite verb
        "the minister who",                    // a relative clause cut short
        "Mr Mensah said",                      // holds a reporting verb
        "the talks will",                      // holds a modal
        "because the council",                 // starts on a conjunction
        "after the meeting",                   // a prepositional phrase
        "the economy",                         // a noun phrase, but no person or body
        "it",                                  // an unresolved pronoun
        "she",
        "Smith yesterday",                     // ends on a time adverb
        "if the deal holds",
        "residents that",
        "",
        "a spokesman for the company that runs the port and the ferries and the rail link",  // too long
    ])
    func clausesAndFragmentsAreNot(_ speaker: String) {
        #expect(!SpeakerShape.isNounPhrase(speaker), "\(speaker)")
    }
}
