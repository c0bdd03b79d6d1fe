/// A number that measures an amount (count, money, percentage, quantity), with its value and
/// the sentence it appears in.
public struct Figure: Sendable, Equatable, Codable {
    /// The number as written, with an attached currency symbol, scale word or percent sign.
    public var text: String
    /// The plain value (money in currency units, percentages as the number); nil if unknown.
    public var value: Double?
    /// The sentence containing it.
    public var context: String
    public var start: Int
    public var end: Int
    /// What it counts, when a noun follows ("civilians", "jobs"); may be empty.
    public var counts: String

    public init(text: String, value: Double?, context: String, start: Int, end: Int, counts: String = "") {
        self.text = text
        self.value = value
        self.context = context
        self.start = start
        self.end = end
        self.counts = counts
    }
}
