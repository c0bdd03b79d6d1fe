import Testing
@testable import TextAnalysis

/// Who said each quote, in the shapes a digest may show: a name, a title and name, a role
/// ("a council spokesman"), an organisation, a pronoun resolved to a person, or nobody. Each
/// test is a short passage in the way news is written, one attribution rule at a time.
@Suite struct SpeakerAttributionTests {
    let analyzer = TextAnalyzer()

    func quotes(_ text: String) -> [Quote] { analyzer.analyze(text).quotes }

    // MARK: every shape of speaker

    @Test func nameAfterAnInvertedVerb() {
        let found = quotes("“We will appeal against every part of this ruling,” said Tomasz Wilk.")
        #expect(found.map(\.speaker) == ["Tomasz Wilk"])
    }

    @Test func titleAndNameStayAsWritten() {
        let found = quotes("“The waiting lists are the worst we have seen,” said Health Minister Ruth Adeyemi.")
        #expect(found.first?.speaker == "Health Minister Ruth Adeyemi")
    }

    @Test func roleNounPhraseBeforeTheVerb() {
        let found = quotes("“The bridge will stay shut until the divers have finished,” a council spokesman said.")
        #expect(found.first?.speaker == "a council spokesman")
    }

    @Test func organisationWithAColonAfterTheVerb() {
        let found = quotes("""
        Kestrel Airways said: “All flights from the northern terminal are cancelled until further notice.”
        """)
        #expect(found.first?.speaker == "Kestrel Airways")
    }

    @Test func relativeClauseIsNotTheSpeaker() {
        let text = "“We have been very clear about the deadline,” a senior official, who spoke on condition of anonymity, said."
        #expect(quotes(text).first?.speaker == "a senior official")
    }

    @Test func abbreviatedTitlesDoNotEndTheAttribution() {
        let text = """
        “This bill is a disgrace,” Rep. Maria Delgado, D-Texas, said on Tuesday.

        “We will not back down,” Sen. Tom Hadley (R-Ohio) told reporters.
        """
        #expect(quotes(text).map(\.speaker) == ["Rep. Maria Delgado", "Sen. Tom Hadley"])
    }

    @Test func itSaidNamesTheBodyThatSpoke() {
        let text = """
        Kestrel Airways said on Monday that the fault had been found in a fuel pump. “All flights will run as normal from Tuesday,” it said.

        The water company said the main had burst under a car park. “Supplies will be back by the evening,” it said.
        """
        #expect(quotes(text).map(\.speaker) == ["Kestrel Airways", "The water company"])
    }

    @Test func itAddedGoesOnWithTheBodyThatJustSpoke() {
        let text = """
        “The reactor was shut down safely and nobody was hurt,” said the Nuclear Safety Authority. “There is no risk to the public,” it added, “and none to the water supply.”
        """
        let found = quotes(text)
        #expect(found.count >= 2)
        #expect(found.prefix(2).map(\.speaker) == ["the Nuclear Safety Authority", "the Nuclear Safety Authority"])
        // A person who spoke last is never "it".
        let person = quotes("""
        “We found the fault within an hour,” said engineer Hana Sato. “It will not happen again,” it added.
        """)
        #expect(person.last?.speaker != "engineer Hana Sato")
    }

    @Test func asSomeoneToldAnOutlet() {
        let text = """
        As researcher Miriam Okafor told the Evening Courier, “The numbers were far worse than any of our models had predicted.”
        """
        #expect(quotes(text).first?.speaker == "researcher Miriam Okafor")
    }

    @Test func withSomeoneSayingNamesTheOneAfterWith() {
        let text = """
        The paper quoted economist Lars Vinter, and union organiser Petra Holm, with Holm stating: “This plan will cost the lowest paid the most, and nobody has asked them.”
        """
        #expect(quotes(text).first?.speaker == "Holm")
    }

    @Test func aBodysDocumentSpeaksForItButASignHasNoSpeaker() {
        let text = """
        The regulator has written to every water company. The regulator's letter reads: “Any firm that misses the deadline will face a fine.”

        A leaked memo obtained by the Harbour Gazette says “staff should not discuss the closure with customers”.

        A banner outside the depot reads: “Save our buses, save our town.”
        """
        let found = quotes(text)
        #expect(found.map(\.speaker) == ["The regulator's letter", "A leaked memo", nil])
    }

    @Test func reasonedIsAReportingVerb() {
        let text = "The council reasoned, “because the hall is empty most evenings, renting it out costs nobody anything.”"
        #expect(quotes(text).first?.speaker == "The council")
    }

    @Test func pluralBodyOfPeople() {
        let found = quotes("“There is no sign of foul play at this stage,” officials said on Tuesday.")
        #expect(found.first?.speaker == "officials")
    }

    @Test func speakerBeforeTheVerbAfterTheQuote() {
        let text = """
        “Nobody should lose their home over a late form,” Ms Duarte told reporters outside the court.

        “It was a clerical mistake and we fixed it the same day,” Benedek added.
        """
        let found = quotes(text)
        #expect(found.map(\.speaker) == ["Ms Duarte", "Benedek"])
    }

    @Test func accordingTo() {
        let found = quotes("According to the fire service, “the blaze started in a storage room on the ground floor”.")
        #expect(found.first?.speaker == "the fire service")
    }

    @Test func accordingToADocumentNamesWhoIssuedIt() {
        let after = quotes("“Turnout was the highest in twenty years,” according to a statement from the Harwell electoral board.")
        #expect(after.first?.speaker == "the Harwell electoral board")
        let before = quotes("According to a letter issued by the port authority, “no vessel may dock before noon”.")
        #expect(before.first?.speaker == "the port authority")
        // a quote with an "according to" of its own is never the last paragraph's speaker's
        let text = """
        “We will not be rushed,” the mayor said on Sunday.

        “Nobody expected the count to take three days,” according to a statement from the county clerk's office.
        """
        #expect(quotes(text).map(\.speaker) == ["the mayor", "the county clerk's office"])
    }

    @Test func whoeverIsQuotedAsSayingIsTheSpeaker() {
        let passive = quotes("Senator Ruth Adeyemi was quoted as saying: “The bill is dead on arrival.”")
        #expect(passive.first?.speaker == "Senator Ruth Adeyemi")
        let object = quotes("""
        Chancellor Dieter Vogt met union leaders on Monday. “We have made mistakes,” the newspaper quoted him as saying.
        """)
        #expect(object.first?.speaker == "Dieter Vogt")
        // with no one to refer to, "him" leaves the quote unattributed rather than the paper's
        let nobody = quotes("“We have made mistakes,” the newspaper quoted him as saying.")
        #expect(nobody.count == 1)
        #expect(nobody.first?.speaker == nil)
    }

    @Test func anOrganisationNamedWithOfAfterTheVerb() {
        let found = quotes("“Our members will walk out on Thursday,” warned the Royal College of Midwives.")
        #expect(found.first?.speaker == "the Royal College of Midwives")
        // a person's affiliation after "of" is still left out
        let person = quotes("“The tide gauges are ten years old,” said harbour engineer Jonas Albrecht of the University of Eastmoor.")
        #expect(person.first?.speaker == "harbour engineer Jonas Albrecht")
    }

    @Test func aShortReplyOfItsOwnGoesToWhoeverJustSpoke() {
        let found = quotes("“Victory?” Haddad asked. “Not yet.”")
        #expect(found.map(\.text) == ["Victory?", "Not yet."])
        #expect(found.map(\.speaker) == ["Haddad", "Haddad"])
        // a short scare quote inside someone's sentence is not speech
        #expect(quotes("“Victory?” Haddad asked. The deal was “not yet” final.").map(\.text) == ["Victory?"])
    }

    @Test func colonIntroductionWithoutAVerb() {
        let text = """
        The tenants' association has fought the sale for a year. Its chair, Odile Marchetti, was defiant.

        Marchetti: “We are not moving, and we are not going to be bought off.”
        """
        #expect(quotes(text).first?.speaker == "Marchetti")
    }

    // MARK: carrying a speaker

    @Test func continuingQuoteParagraphKeepsTheSpeaker() {
        let text = """
        “We knew the roof was weak,” said site manager Colm Doherty. “Nobody listened to us.”

        “We wrote to the owners twice and heard nothing back from anyone.”
        """
        let found = quotes(text)
        #expect(found.count == 3)
        #expect(found.map(\.speaker) == Array(repeating: "site manager Colm Doherty", count: 3))
    }

    @Test func quoteParagraphAfterReportedSpeechIsTheSubjects() {
        // two people named before, but only one of them is speaking
        let text = """
        Prime Minister Tomas Brenner said he would call Viktor Rama on Thursday.

        “I want this war to end. That is all I want.”
        """
        #expect(quotes(text).first?.speaker == "Tomas Brenner")
    }

    @Test func speakerIsNotCarriedPastSomeoneElse() {
        let text = """
        “We knew the roof was weak,” said site manager Colm Doherty.

        The owners' lawyer, Paula Grant, rejected that. The building was inspected in March, she added.

        “Every complaint was logged and answered within a week of arrival.”
        """
        let last = quotes(text).last
        #expect(last?.text.hasPrefix("Every complaint") == true)
        #expect(last?.speaker != "site manager Colm Doherty")
    }

    @Test func speakerIsNotCarriedAcrossAParagraphOfNarration() {
        let text = """
        “The road has been a death trap for years,” said parish councillor Gwen Harte.

        Three people have died on the stretch since 2019. The county plans a roundabout.

        The junction is now closed. Drivers are told to follow signs for the ring road instead.

        “Work will start in the spring and take about eight months to finish.”
        """
        #expect(quotes(text).last?.speaker == nil)
    }

    // MARK: he and she

    @Test func pronounsFollowGenderAcrossTwoPeople() {
        let text = """
        Finance Minister Anna Kovacs met the union leader, Marek Lis, on Tuesday.

        “The offer stands,” she said. “We will not go back to the table,” he said later.
        """
        let found = quotes(text)
        // a resolved pronoun names the person (without the title the name carried)
        #expect(found.map(\.speaker) == ["Anna Kovacs", "Marek Lis"])
    }

    @Test func pronounPrefersTheSubjectOverAnObjectNamedLater() {
        let text = """
        President Daniel Osei spoke to Viktor Rama by telephone for an hour on Monday. “I want this war to end,” he said.
        """
        #expect(quotes(text).first?.speaker == "Daniel Osei")
    }

    @Test func earlierPronounsSettleAnUnknownGender() {
        // neither given name says a gender; the narration does
        let text = """
        Kim Tanaka opened the clinic in 2009. She still works there three days a week.

        Robin Hale joined the board last year. He wants the clinic to merge with the hospital.

        “A merger would close our evening surgery,” she said.
        """
        #expect(quotes(text).first?.speaker == "Kim Tanaka")
    }

    @Test func possessivesSettleGenderToo() {
        let text = """
        Kim Tanaka thanked her staff at the clinic's reopening on Friday. Robin Hale thanked his volunteers.

        “We are proud of every nurse who kept this place open,” she said.
        """
        #expect(quotes(text).first?.speaker == "Kim Tanaka")
    }

    @Test func ambiguousPronounStaysUnresolved() {
        let text = """
        Kim Tanaka and Robin Hale both sit on the clinic's board.

        “A merger would close our evening surgery,” she said.
        """
        #expect(quotes(text).first?.speaker == nil)
    }

    @Test func pronounAfterARoleKeepsTheRole() {
        let text = "“It is a disgrace,” said one nurse. “We are exhausted and nobody is listening,” she added."
        #expect(quotes(text).map(\.speaker) == ["one nurse", "one nurse"])
    }

    // MARK: nested quotes, titles and scare quotes

    @Test func quoteInsideAQuoteStaysOneQuote() {
        let text = """
        “The inspector told me “it is fine” and then wrote “unsafe” in his report,” said tenant Nell Ashdown.

        “He called the damp "cosmetic" to my face,” she said.
        """
        let found = quotes(text)
        #expect(found.map(\.text) == [
            "The inspector told me “it is fine” and then wrote “unsafe” in his report,",
            "He called the damp \"cosmetic\" to my face,",
        ])
        #expect(found.map(\.speaker) == ["tenant Nell Ashdown", "Nell Ashdown"])
    }

    @Test func titlesAndScareQuotesAreNotQuotes() {
        let text = """
        Her third novel, “The Salt Road”, comes out in May. The band's single “Cold Harbour Lights” reached number one.

        Critics of the so-called “green” levy say it hits rural drivers hardest. The minister defended it on the BBC's "Sunday Politics."
        """
        #expect(quotes(text).isEmpty)
    }

    // MARK: clauses are never speakers

    @Test func clauseBeforeTheVerbGivesNoSpeakerOrTheRealOne() {
        let texts = [
            "“They have to make peace,” for the border to reopen and when the snow melts, the envoy said.",
            "“I want peace,” to end the war and when the time is right, said on Sunday.",
            "“We are ready to talk,” that the talks would go ahead if the shelling stopped was said.",
            "“This is the end of the road,” because the money had run out and the bank would not lend, said.",
        ]
        for text in texts {
            for quote in quotes(text) {
                if let speaker = quote.speaker {
                    #expect(SpeakerShape.isNounPhrase(speaker), "\(speaker) in \(text)")
                    #expect(!speaker.contains(" and when") && !speaker.hasPrefix("to ") && !speaker.hasPrefix("for "), "\(speaker)")
                }
            }
        }
        #expect(quotes(texts[0]).first?.speaker == "the envoy")
        #expect(quotes(texts[1]).first?.speaker == nil)
    }

    @Test func signsAndSlogansHaveNoSpeaker() {
        let found = quotes("A banner across the harbour gates read: “No ships, no pay, no surrender.”")
        #expect(found.count == 1)
        #expect(found.first?.speaker == nil)
    }
}
