import Foundation
import MarketData

/// Benchmarks of the sentiment module: how well VADER's compound tracks human ratings, agreement with the
/// reference vaderSentiment 3.3.2, scoring speed, and the fear & greed series over the bundled daily candles.
enum SentimentBench {
    static func run(repoRoot: String) -> [BenchRow] {
        do {
            return try measure(repoRoot: repoRoot)
        } catch {
            return [BenchRow(name: "sentiment benchmarks", value: "failed: \(error)")]
        }
    }

    private static func measure(repoRoot: String) throws -> [BenchRow] {
        let data = repoRoot + "/data/"
        var rows: [BenchRow] = []
        var scorer: SentimentScorer!
        let loadSeconds = try secondsElapsed {
            scorer = try SentimentScorer(
                lexiconPath: data + "lexicons/vader_lexicon.txt", emojiLexiconPath: data + "lexicons/emoji_utf8_lexicon.txt")
        }
        rows.append(BenchRow(name: "load VADER lexicon (7,520 words + emoji)", value: String(format: "%.1f ms", loadSeconds * 1e3)))

        let texts = try LabelledText.load(path: data + "labelled/tweets_human_rated.tsv")
        let scores = texts.map { scorer.score($0.text) }
        let r = pearsonCorrelation(scores.map(\.compound), texts.map(\.rating)) ?? .nan
        rows.append(BenchRow(name: "Pearson r, compound vs human rating (\(texts.count) tweets)",
                             value: String(format: "%.4f", r), goal: "≥ 0.85 (paper: 0.88)"))

        let reference = try referenceScores(data + "labelled/tweets_vader_reference.tsv")
        let agreeing = zip(texts, scores).filter { text, score in
            guard let expected = reference[text.id] else { return false }
            return zip([score.compound, score.pos, score.neu, score.neg], expected).allSatisfy { abs($0 - $1) <= 1e-3 }
        }.count
        rows.append(BenchRow(name: "agree with vaderSentiment 3.3.2 to 1e-3 (compound, pos, neu, neg)",
                             value: "\(agreeing) / \(texts.count)", goal: "all"))

        var sink = 0.0
        let nanos = nanosPerIteration(iterations: 1, rounds: 5) {
            for text in texts { sink += scorer.score(text.text).compound }
        }
        let perSecond = Double(texts.count) / (nanos / 1e9)
        rows.append(BenchRow(name: "scoring speed (tweets, 1 core)", value: String(format: "%.0f texts/s", perSecond),
                             goal: "≥ 50,000 texts/s"))

        let candles = try dailyCandles(repoRoot: repoRoot)
        var readings = 0
        let seriesNanos = nanosPerIteration(iterations: 1, rounds: 5) {
            readings = FearGreedIndex.series(close: candles.close, volume: candles.volume).compactMap { $0 }.count
        }
        rows.append(BenchRow(name: "fear & greed series, \(candles.close.count) daily bars (\(readings) readings)",
                             value: String(format: "%.2f ms", seriesNanos / 1e6), goal: "< 50 ms"))

        let news = texts.map { NewsItem(time: 0, title: $0.text, source: "tweets") }
        let keywordNanos = nanosPerIteration(iterations: 1, rounds: 3) {
            sink += Double(KeywordExtractor.extract(news, scorer: scorer, top: 20).count)
        }
        rows.append(BenchRow(name: "keywords of \(news.count) texts (top 20)",
                             value: String(format: "%.1f ms", keywordNanos / 1e6)))
        if sink.isNaN { print("unreachable") }
        return rows
    }

    /// id → [compound, pos, neu, neg] from the reference file written by scripts/vader_reference.py.
    private static func referenceScores(_ path: String) throws -> [String: [Double]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var table: [String: [Double]] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("id\t") {
            let fields = line.split(separator: "\t")
            table[String(fields[0])] = fields.dropFirst().compactMap { Double($0) }
        }
        return table
    }

    /// BTC/USD daily close and volume (Bitstamp), from data/candles or the shared copy.
    private static func dailyCandles(repoRoot: String) throws -> (close: [Double], volume: [Double]) {
        let name = "btcusd_1d_bitstamp.csv"
        let path = [repoRoot + "/data/candles/" + name, "/work/shared/data/candles/" + name]
            .first { FileManager.default.fileExists(atPath: $0) } ?? name
        var close: [Double] = [], volume: [Double] = []
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline)
        for (offset, line) in lines.enumerated().dropFirst() {
            let fields = line.split(separator: ",")
            guard fields.count == 6, let c = Double(fields[4]), let v = Double(fields[5]) else {
                throw DataLineError(file: path, line: offset + 1, "expected time,open,high,low,close,volume")
            }
            close.append(c)
            volume.append(v)
        }
        return (close, volume)
    }
}
