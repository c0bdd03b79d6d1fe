/// News passages written for these tests (fictional or paraphrased events, no copied articles).
enum ArticleFixtures {
    /// The article from the issue that motivated the module, rebuilt as plain text.
    static let peaceTalks = """
    Trump says both leaders want peace as talks stall

    President Donald Trump said on Monday he was confident a ceasefire could be agreed within weeks.

    “I think President Putin wants peace and President Zelenskyy wants peace and I want peace,” Mr Trump told reporters at the White House.

    Alicia Kearns, the Conservative MP who chairs a parliamentary committee, was unconvinced. “The aggressor must not be rewarded,” she wrote on X.

    According to the UN, more than 12,000 civilians have been killed since the full-scale invasion began. Western officials estimate that more than 40,000 Ukrainian soldiers have been killed.
    """

    static let budget = """
    City approves £1.2bn budget

    The council approved a budget of £1.2bn on Tuesday 4 March 2025, including £350m for road repairs. Council tax will rise by 4.99% from April, the third rise in three years.

    About 1,200 staff will move to the new offices at 10 Downing Road, and three libraries will close. The vote was 31 to 12 at the 7pm meeting.

    Inflation was 3.2 per cent in January. The 45-year-old leader, aged 45, said the plan would last five years.
    """
}
