/// A frequent content word or two-word phrase in a set of texts.
public struct Keyword: Sendable, Equatable {
    /// Whether the keyword is a single word or two adjacent content words.
    public enum Kind: String, Sendable {
        case word, phrase
    }

    /// The lower-case word, or two words separated by one space.
    public var text: String
    public var kind: Kind
    /// Occurrences across all texts.
    public var count: Int
    /// How many texts contain it.
    public var documents: Int
    /// Mean VADER compound (-1...1) of the texts it appears in, each text counted once.
    public var meanPolarity: Double
    /// The word's own lexicon valence (-4...+4), for words in the lexicon; nil for phrases and other words.
    public var lexiconValence: Double?

    public init(text: String, kind: Kind, count: Int, documents: Int, meanPolarity: Double, lexiconValence: Double?) {
        self.text = text
        self.kind = kind
        self.count = count
        self.documents = documents
        self.meanPolarity = meanPolarity
        self.lexiconValence = lexiconValence
    }
}
