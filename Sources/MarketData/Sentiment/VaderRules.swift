/// The constants and word lists of VADER 3.3.2's rules (Hutto & Gilbert 2014, vaderSentiment, MIT licence),
/// transcribed from the reference implementation.
enum VaderRules {
    /// Valence added by a booster word ("very"), and subtracted by a dampener ("slightly").
    static let boosterIncrement = 0.293
    static let boosterDecrement = -0.293
    /// Valence added by an ALL-CAPS sentiment word in a text that mixes case.
    static let capsIncrement = 0.733
    /// Factor applied to a negated valence.
    static let negationScalar = -0.74
    /// Damping of a booster two and three words before the sentiment word.
    static let boosterDecayTwoBack = 0.95
    static let boosterDecayThreeBack = 0.9
    /// Weight of sentiment before and after the first "but".
    static let beforeButFactor = 0.5
    static let afterButFactor = 1.5
    /// Added per "!", counting at most `maxExclamations`.
    static let exclamationIncrement = 0.292
    static let maxExclamations = 4
    /// Added per "?" when there are 2 or 3; 4 or more add `manyQuestionsIncrement`.
    static let questionIncrement = 0.18
    static let manyQuestionsIncrement = 0.96
    /// The alpha of the compound normalisation x / sqrt(x² + alpha).
    static let normalisationAlpha = 15.0

    /// Words that negate the sentiment word one to three places after them (any word containing "n't" does too).
    static let negations: Set<String> = [
        "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt",
        "ain't", "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't",
        "dont", "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt", "neither",
        "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't",
        "neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere",
        "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent",
        "oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't",
        "without", "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite",
    ]

    /// Degree adverbs: boosters add `boosterIncrement`, dampeners `boosterDecrement` (sign follows the valence).
    static let boosters: [String: Double] = {
        let up = [
            "absolutely", "amazingly", "awfully", "completely", "considerable", "considerably", "decidedly",
            "deeply", "effing", "enormous", "enormously", "entirely", "especially", "exceptional",
            "exceptionally", "extreme", "extremely", "fabulously", "flipping", "flippin", "frackin", "fracking",
            "fricking", "frickin", "frigging", "friggin", "fully", "fuckin", "fucking", "fuggin", "fugging",
            "greatly", "hella", "highly", "hugely", "incredible", "incredibly", "intensely", "major", "majorly",
            "more", "most", "particularly", "purely", "quite", "really", "remarkably", "so", "substantially",
            "thoroughly", "total", "totally", "tremendous", "tremendously", "uber", "unbelievably", "unusually",
            "utter", "utterly", "very",
        ]
        let down = [
            "almost", "barely", "hardly", "just enough", "kind of", "kinda", "kindof", "kind-of", "less",
            "little", "marginal", "marginally", "occasional", "occasionally", "partly", "scarce", "scarcely",
            "slight", "slightly", "somewhat", "sort of", "sorta", "sortof", "sort-of",
        ]
        var table: [String: Double] = [:]
        for word in up { table[word] = boosterIncrement }
        for word in down { table[word] = boosterDecrement }
        return table
    }()

    /// Phrases containing a lexicon word whose valence replaces the word's own.
    static let specialCases: [String: Double] = [
        "the shit": 3, "the bomb": 3, "bad ass": 1.5, "badass": 1.5, "bus stop": 0.0,
        "yeah right": -2, "kiss of death": -1.5, "to die for": 3, "beating heart": 3.5,
    ]

    /// True when `lowercased` is a negation word or contains "n't".
    static func isNegation(_ lowercased: String) -> Bool {
        negations.contains(lowercased) || lowercased.contains("n't")
    }
}
