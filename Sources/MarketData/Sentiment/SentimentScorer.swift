/// Scores the sentiment of short English texts with VADER's rules (a Swift port of vaderSentiment 3.3.2's
/// `SentimentIntensityAnalyzer.polarity_scores`, Hutto & Gilbert 2014), including its quirks, so that scores
/// agree with the reference implementation.
///
///     let scorer = try SentimentScorer(lexiconPath: "data/lexicons/vader_lexicon.txt")
///     scorer.score("Bitcoin is doing GREAT!!").compound   // 0.77...
public struct SentimentScorer: Sendable {
    /// The valences (and emoji descriptions) scored with.
    public let lexicon: SentimentLexicon

    public init(lexicon: SentimentLexicon) {
        self.lexicon = lexicon
    }

    /// Loads the lexicon at `lexiconPath` (and the emoji lexicon, when given). Throws `DataLineError` naming
    /// file:line for a malformed line.
    public init(lexiconPath: String, emojiLexiconPath: String? = nil) throws {
        self.init(lexicon: try SentimentLexicon(path: lexiconPath, emojiPath: emojiLexiconPath))
    }

    /// The lexicon valence (-4...+4) of a single word, case-insensitive, or nil when the word is not in it.
    public func valence(of word: String) -> Double? {
        lexicon.valences[word.lowercased()]
    }

    /// The VADER sentiment of `text`.
    public func score(_ text: String) -> SentimentScore {
        let prepared = replacingEmoji(text)
        let split = VaderTokens(prepared)
        let words = split.tokens
        let known = words.map { lexicon.valences[$0.lower] }  // each token's lexicon valence, looked up once
        var sentiments: [Double] = []
        sentiments.reserveCapacity(words.count)
        for i in words.indices {
            let lower = words[i].lower
            if VaderRules.boosters[lower] != nil
                || (lower == "kind" && i + 1 < words.count && words[i + 1].lower == "of") {
                sentiments.append(0)
                continue
            }
            sentiments.append(valence(at: i, in: words, known: known, mixesCase: split.mixesCase))
        }
        applyButRule(&sentiments, words: words)
        return summarise(sentiments, text: prepared)
    }

    // MARK: - Word valence with its context

    /// The valence of word `i` after negation, caps, boosters, idioms and "least" (VADER's `sentiment_valence`);
    /// `known[j]` is the lexicon valence of word j, if any.
    private func valence(at i: Int, in words: [VaderTokens.Token], known: [Double?], mixesCase: Bool) -> Double {
        let word = words[i]
        guard let base = known[i] else { return 0 }
        var valence = base
        // "no" directly before a lexicon word negates that word instead of counting itself.
        if word.lower == "no", i + 1 < words.count, known[i + 1] != nil {
            valence = 0
        }
        if (i > 0 && words[i - 1].lower == "no") || (i > 1 && words[i - 2].lower == "no")
            || (i > 2 && words[i - 3].lower == "no" && (words[i - 1].lower == "or" || words[i - 1].lower == "nor")) {
            valence = base * VaderRules.negationScalar
        }
        if word.isUpper && mixesCase {
            valence += valence > 0 ? VaderRules.capsIncrement : -VaderRules.capsIncrement
        }
        for back in 0..<3 where i > back {
            if known[i - back - 1] != nil { continue }
            let previous = words[i - back - 1]
            var scalar = boost(previous, valence: valence, mixesCase: mixesCase)
            if back == 1 && scalar != 0 { scalar *= VaderRules.boosterDecayTwoBack }
            if back == 2 && scalar != 0 { scalar *= VaderRules.boosterDecayThreeBack }
            valence += scalar
            valence = negate(valence, words: words, back: back, i: i)
            if back == 2 { valence = applySpecialCases(valence, words: words, i: i) }
        }
        return applyLeastRule(valence, words: words, i: i)
    }

    /// The booster/dampener contribution of `word` to a sentiment word of `valence` (VADER's `scalar_inc_dec`).
    private func boost(_ word: VaderTokens.Token, valence: Double, mixesCase: Bool) -> Double {
        guard var scalar = VaderRules.boosters[word.lower] else { return 0 }
        if valence < 0 { scalar = -scalar }
        if word.isUpper && mixesCase {
            scalar += valence > 0 ? VaderRules.capsIncrement : -VaderRules.capsIncrement
        }
        return scalar
    }

    /// Negation by the word `back + 1` places before word `i`, with "never so/this" (×1.25) and
    /// "without doubt" (unchanged) as exceptions (VADER's `_negation_check`).
    private func negate(_ valence: Double, words: [VaderTokens.Token], back: Int, i: Int) -> Double {
        let one = words[i - 1].lower
        switch back {
        case 0:
            return VaderRules.isNegation(one) ? valence * VaderRules.negationScalar : valence
        case 1:
            let two = words[i - 2].lower
            if two == "never" && (one == "so" || one == "this") { return valence * 1.25 }
            if two == "without" && one == "doubt" { return valence }
            return VaderRules.isNegation(two) ? valence * VaderRules.negationScalar : valence
        default:
            let two = words[i - 2].lower, three = words[i - 3].lower
            // Python precedence: (three == never and two in so/this) or (one in so/this).
            if (three == "never" && (two == "so" || two == "this")) || one == "so" || one == "this" {
                return valence * 1.25
            }
            if three == "without" && (two == "doubt" || one == "doubt") { return valence }
            return VaderRules.isNegation(three) ? valence * VaderRules.negationScalar : valence
        }
    }

    /// Idioms around word `i` ("the shit", "kiss of death") and two-word dampeners before it ("kind of")
    /// (VADER's `_special_idioms_check`; only reached when i >= 3).
    private func applySpecialCases(_ valence: Double, words: [VaderTokens.Token], i: Int) -> Double {
        var valence = valence
        let zero = words[i].lower, one = words[i - 1].lower, two = words[i - 2].lower, three = words[i - 3].lower
        let oneZero = one + " " + zero
        let twoOne = two + " " + one
        let threeTwoOne = three + " " + twoOne
        let threeTwo = three + " " + two
        for sequence in [oneZero, two + " " + oneZero, twoOne, threeTwoOne, threeTwo] {
            if let special = VaderRules.specialCases[sequence] {
                valence = special
                break
            }
        }
        if words.count - 1 > i, let special = VaderRules.specialCases[zero + " " + words[i + 1].lower] {
            valence = special
        }
        if words.count - 1 > i + 1,
           let special = VaderRules.specialCases[zero + " " + words[i + 1].lower + " " + words[i + 2].lower] {
            valence = special
        }
        for gram in [threeTwoOne, threeTwo, twoOne] {
            if let booster = VaderRules.boosters[gram] { valence += booster }
        }
        return valence
    }

    /// "least" before word `i` negates it, except in "at least" and "very least" (VADER's `_least_check`).
    private func applyLeastRule(_ valence: Double, words: [VaderTokens.Token], i: Int) -> Double {
        guard i > 0, words[i - 1].lower == "least", lexicon.valences["least"] == nil else { return valence }
        if i > 1 {
            let two = words[i - 2].lower
            return two != "at" && two != "very" ? valence * VaderRules.negationScalar : valence
        }
        return valence * VaderRules.negationScalar
    }

    // MARK: - Sentence level

    /// Halves sentiment before the first "but" and multiplies what follows by 1.5. Reproduces VADER's
    /// `_but_check` exactly, including its lookup of each value's *first* occurrence in the list, which
    /// rescales an earlier equal value instead when values repeat.
    private func applyButRule(_ sentiments: inout [Double], words: [VaderTokens.Token]) {
        guard let but = words.firstIndex(where: { $0.lower == "but" }) else { return }
        for k in sentiments.indices {
            let value = sentiments[k]
            guard let first = sentiments.firstIndex(of: value) else { continue }
            if first < but {
                sentiments[first] = value * VaderRules.beforeButFactor
            } else if first > but {
                sentiments[first] = value * VaderRules.afterButFactor
            }
        }
    }

    /// Compound and proportions from the word sentiments and the text's punctuation (VADER's `score_valence`).
    private func summarise(_ sentiments: [Double], text: String) -> SentimentScore {
        guard !sentiments.isEmpty else { return .empty }
        let emphasis = punctuationEmphasis(text)
        var sum = sentiments.reduce(0, +)
        if sum > 0 { sum += emphasis } else if sum < 0 { sum -= emphasis }
        let compound = min(1, max(-1, sum / (sum * sum + VaderRules.normalisationAlpha).squareRoot()))

        var positive = 0.0, negative = 0.0, neutral = 0.0
        for value in sentiments {
            if value > 0 { positive += value + 1 }
            if value < 0 { negative += value - 1 }
            if value == 0 { neutral += 1 }
        }
        if positive > abs(negative) { positive += emphasis } else if positive < abs(negative) { negative -= emphasis }
        let total = positive + abs(negative) + neutral
        return SentimentScore(
            compound: compound, pos: abs(positive / total), neu: abs(neutral / total), neg: abs(negative / total))
    }

    /// Emphasis from "!" (0.292 each, at most 4) and "?" (0.18 each when 2 or 3, 0.96 for 4 or more).
    private func punctuationEmphasis(_ text: String) -> Double {
        var exclamations = 0, questions = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "!") { exclamations += 1 } else if byte == UInt8(ascii: "?") { questions += 1 }
        }
        var emphasis = Double(min(exclamations, VaderRules.maxExclamations)) * VaderRules.exclamationIncrement
        if questions > 3 {
            emphasis += VaderRules.manyQuestionsIncrement
        } else if questions > 1 {
            emphasis += Double(questions) * VaderRules.questionIncrement
        }
        return emphasis
    }

    /// Replaces each emoji with its description as VADER does: a space before it unless one precedes, none after.
    private func replacingEmoji(_ text: String) -> String {
        let emojis = lexicon.emojiDescriptions
        if emojis.isEmpty || text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        var result = String.UnicodeScalarView()
        var previousWasSpace = true
        for scalar in text.unicodeScalars {
            if let description = emojis[scalar] {
                if !previousWasSpace { result.append(" ") }
                result.append(contentsOf: description.unicodeScalars)
                previousWasSpace = false
            } else {
                result.append(scalar)
                previousWasSpace = scalar == " "
            }
        }
        return String(result)
    }
}
