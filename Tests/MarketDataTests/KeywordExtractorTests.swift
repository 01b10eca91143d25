import Foundation
import Testing
@testable import MarketData

private let scorer: SentimentScorer = {
    try! SentimentScorer(lexiconPath: SentimentRepo.path("data/lexicons/vader_lexicon.txt"))
}()

@Suite struct KeywordExtractorTests {
    let items = [
        NewsItem(time: 0, title: "Bitcoin price surges to a record high", source: "a"),
        NewsItem(time: 1, title: "Bitcoin price crashes", body: "Traders fear a bitcoin crash.", source: "b"),
        NewsItem(time: 2, title: "The record is great", source: "c"),
    ]

    @Test func countsWordsAndPhrasesWithoutStopWords() throws {
        let keywords = KeywordExtractor.extract(items, scorer: scorer, top: 100)
        let byText = Dictionary(uniqueKeysWithValues: keywords.map { ($0.text, $0) })
        let bitcoin = try #require(byText["bitcoin"])
        #expect(bitcoin.count == 3 && bitcoin.documents == 2 && bitcoin.kind == .word)
        let phrase = try #require(byText["bitcoin price"])
        #expect(phrase.count == 2 && phrase.kind == .phrase && phrase.lexiconValence == nil)
        #expect(byText["record"]?.count == 2)
        #expect(byText["the"] == nil && byText["a"] == nil && byText["to"] == nil && byText["is"] == nil)
        // Title and body do not join into "crashes traders"; a stop word splits "record is great".
        #expect(byText["crashes traders"] == nil && byText["record great"] == nil)
        #expect(byText["bitcoin crash"]?.count == 1)
        // Mean polarity is the mean compound of the texts containing the term.
        let expected = (scorer.score(items[0].text).compound + scorer.score(items[1].text).compound) / 2
        #expect(abs(bitcoin.meanPolarity - expected) < 1e-12)
        #expect(byText["great"]?.lexiconValence == 3.1)
    }

    @Test func orderIsCountThenAlphabetical() {
        let keywords = KeywordExtractor.extract(items, scorer: scorer, top: 5)
        #expect(keywords.map(\.text) == ["bitcoin", "bitcoin price", "price", "record", "bitcoin crash"])
        #expect(KeywordExtractor.extract(items, scorer: scorer, top: 0).isEmpty)
    }

    /// On the 4,200 labelled tweets: ranking is deterministic and counts match a direct count.
    @Test func rankingOnRealTextsIsDeterministicAndCorrect() throws {
        let texts = try LabelledText.load(path: SentimentRepo.path("data/labelled/tweets_human_rated.tsv"))
        let news = texts.map { NewsItem(time: 0, title: $0.text, source: "tweets") }
        let first = KeywordExtractor.extract(news, scorer: scorer, top: 25)
        #expect(first.count == 25)
        let reversed = KeywordExtractor.extract(news.reversed(), scorer: scorer, top: 25)
        #expect(first.map { "\($0.text) \($0.count) \($0.documents)" } == reversed.map { "\($0.text) \($0.count) \($0.documents)" })
        #expect(zip(first, reversed).allSatisfy { abs($0.meanPolarity - $1.meanPolarity) < 1e-12 })
        for (a, b) in zip(first, first.dropFirst()) {
            #expect(a.count > b.count || (a.count == b.count && a.text < b.text))
        }
        let top = try #require(first.first)
        let direct = news.reduce(0) { sum, item in
            sum + KeywordExtractor.contentRuns(item.text).joined().filter { $0 == top.text }.count
        }
        #expect(top.count == direct)
        #expect(first.allSatisfy { !StopWords.english.contains($0.text) })
    }
}
