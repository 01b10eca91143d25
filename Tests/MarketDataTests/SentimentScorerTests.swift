import Foundation
import Testing
@testable import MarketData

/// One shared scorer for the rule tests (loading the 7,500-word lexicon once).
private let scorer: SentimentScorer = {
    try! SentimentScorer(
        lexiconPath: SentimentRepo.path("data/lexicons/vader_lexicon.txt"),
        emojiLexiconPath: SentimentRepo.path("data/lexicons/emoji_utf8_lexicon.txt"))
}()

private func compound(_ text: String) -> Double { scorer.score(text).compound }

@Suite struct SentimentScorerRuleTests {
    @Test func plainLexiconWord() {
        let score = scorer.score("The book was good.")
        #expect(abs(score.compound - 0.4404) < 1e-4)
        #expect(abs(score.pos - 0.492) < 1e-3 && abs(score.neu - 0.508) < 1e-3 && score.neg == 0)
    }

    @Test func negationFlipsTheSign() {
        #expect(compound("The book was good.") > 0)
        #expect(abs(compound("The book was not good.") - -0.3412) < 1e-4)
        #expect(compound("The book wasn't good.") < 0)
        #expect(abs(compound("Sentiment analysis has never been good.") - -0.3412) < 1e-4)
        #expect(abs(compound("no good") - -0.3412) < 1e-4)
        #expect(compound("Not bad at all") > 0)
    }

    @Test func neverSoAndWithoutDoubtAreNotNegations() {
        #expect(abs(compound("Sentiment analysis has never been this good!") - 0.5672) < 1e-4)
        #expect(abs(compound("Without a doubt, excellent idea.") - 0.7013) < 1e-4)
    }

    @Test func boosterRaisesAndDampenerLowers() {
        #expect(abs(compound("The book was very good.") - 0.4927) < 1e-4)
        #expect(compound("The book was very good.") > compound("The book was good."))
        #expect(compound("The book was slightly good.") < compound("The book was good."))
        #expect(abs(compound("The book was only kind of good.") - 0.3832) < 1e-4)
        // A booster further away counts less (0.95, then 0.9).
        #expect(compound("very good") > compound("very book good"))
    }

    @Test func capsRaiseOnlyWhenTheTextMixesCase() {
        #expect(abs(compound("The book was GOOD.") - 0.5622) < 1e-4)
        #expect(compound("The book was GOOD.") > compound("The book was good."))
        #expect(compound("GOOD") == compound("good"))
    }

    @Test func butShiftsWeightToTheSecondClause() {
        let with = "The plot was good, but the characters are uncompelling and the dialog is not great."
        let without = "The plot was good, and the characters are uncompelling and the dialog is not great."
        #expect(abs(compound(with) - -0.7042) < 1e-4)
        #expect(abs(compound(without) - -0.3169) < 1e-4)
        #expect(compound("It was bad but fun") > 0 && compound("It was fun but bad") < 0)
    }

    @Test func exclamationsRaiseUpToFour() {
        #expect(abs(compound("The book was good!!!") - 0.5826) < 1e-4)
        #expect(compound("The book was good!!!") > compound("The book was good!"))
        #expect(compound("The book was good!!!!") > compound("The book was good!!!"))
        #expect(compound("The book was good!!!!!!!!") == compound("The book was good!!!!"))
        #expect(abs(compound("Is it good??") - 0.504) < 1e-4)
    }

    @Test func emoticonsAndEmojiScore() {
        #expect(abs(compound("Make sure you :) today") - 0.6486) < 1e-4)
        #expect(abs(compound("Make sure you :( today") - -0.1531) < 1e-4)
        #expect(abs(compound("Catch utf-8 emoji such as 💘 and 💋 and 😁") - 0.875) < 1e-4)
    }

    @Test func idiomsAndLeast() {
        #expect(abs(compound("With VADER, sentiment analysis is the shit!") - 0.6476) < 1e-4)
        #expect(abs(compound("kiss of death for him") - -0.2732) < 1e-4)
        #expect(abs(compound("Roger Dodger is one of the least compelling variations on this theme.") - -0.1695) < 1e-4)
        #expect(abs(compound("Roger Dodger is at least compelling as a variation on the theme.") - 0.2263) < 1e-4)
    }

    @Test func compoundStaysInRangeAndProportionsSumToOne() {
        #expect(scorer.score("") == .empty)
        #expect(scorer.score(".... ").neu == 1)
        let texts = ["good good good good good good good good good good!!!!", "horrible awful terrible worst!!!!",
                     "Today only kinda sux! But I'll get by, lol", "bitcoin"]
        for text in texts {
            let score = scorer.score(text)
            #expect(score.compound >= -1 && score.compound <= 1)
            #expect(abs(score.pos + score.neu + score.neg - 1) < 1e-9)
        }
        #expect(abs(compound("good good good good good good good good good good!!!!") - 0.9821) < 1e-4)
    }

    @Test func malformedLexiconLineNamesFileAndLine() throws {
        let path = try SentimentRepo.temporaryFile("good\t1.9\t0.9\t[2]\nbad\tminus one\n", name: "lexicon.txt")
        #expect(throws: DataLineError(file: path, line: 2, "valence \"minus one\" of \"bad\" is not a number")) {
            try SentimentScorer(lexiconPath: path)
        }
        let short = try SentimentRepo.temporaryFile("good\t1.9\n\nnovalence\n", name: "lexicon.txt")
        let error = #expect(throws: DataLineError.self) { try SentimentScorer(lexiconPath: short) }
        #expect(error?.line == 3 && error?.description.hasPrefix(short + ":3:") == true)
    }
}

@Suite struct SentimentScorerAgreementTests {
    /// Every labelled text scored here agrees with vaderSentiment 3.3.2's own output
    /// (data/labelled/tweets_vader_reference.tsv, written by scripts/vader_reference.py).
    @Test func agreesWithVaderSentimentOnTheLabelledTexts() throws {
        let texts = try LabelledText.load(path: SentimentRepo.path("data/labelled/tweets_human_rated.tsv"))
        var reference: [String: [Double]] = [:]
        let referenceLines = try String(
            contentsOfFile: SentimentRepo.path("data/labelled/tweets_vader_reference.tsv"), encoding: .utf8)
        for line in referenceLines.split(separator: "\n").dropFirst(2) {
            let fields = line.split(separator: "\t")
            reference[String(fields[0])] = fields.dropFirst().map { Double($0)! }
        }
        #expect(texts.count == 4200 && reference.count == 4200)
        var disagreements: [String] = []
        for text in texts {
            let score = scorer.score(text.text)
            let expected = try #require(reference[text.id])
            let got = [score.compound, score.pos, score.neu, score.neg]
            if zip(got, expected).contains(where: { abs($0 - $1) > 1e-3 }) {
                disagreements.append("\(text.id): \(got) vs \(expected): \(text.text)")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) disagree, e.g. \(disagreements.prefix(5))")
    }

    /// The VADER paper reports r = 0.88 between compound and the mean human rating of these tweets.
    @Test func compoundCorrelatesWithHumanRatings() throws {
        let texts = try LabelledText.load(path: SentimentRepo.path("data/labelled/tweets_human_rated.tsv"))
        let r = try #require(pearsonCorrelation(texts.map { compound($0.text) }, texts.map(\.rating)))
        #expect(r >= 0.80)
    }
}
