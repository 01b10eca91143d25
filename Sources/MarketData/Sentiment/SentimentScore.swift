/// The sentiment of one text as VADER reports it.
///
/// `compound` is the normalised sum of the adjusted word valences, in -1...1. `pos`, `neu` and `neg` are the
/// proportions of the text's weighted tokens that are positive, neutral and negative (they sum to 1, or are all
/// 0 for a text without words). Values are not rounded (vaderSentiment rounds to 4 and 3 decimals).
public struct SentimentScore: Sendable, Equatable {
    /// Normalised overall sentiment, -1 (most negative) ... +1 (most positive).
    public var compound: Double
    /// Proportion of positive weight, 0...1.
    public var pos: Double
    /// Proportion of neutral weight, 0...1.
    public var neu: Double
    /// Proportion of negative weight, 0...1.
    public var neg: Double

    public init(compound: Double, pos: Double, neu: Double, neg: Double) {
        self.compound = compound
        self.pos = pos
        self.neu = neu
        self.neg = neg
    }

    /// The score of a text with no tokens.
    public static let empty = SentimentScore(compound: 0, pos: 0, neu: 0, neg: 0)
}
