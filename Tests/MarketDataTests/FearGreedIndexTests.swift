import Foundation
import Testing
@testable import MarketData

/// Daily candles (time, close, volume) read with a test-local CSV reader: data/candles/ when the candles
/// have been bundled there, else the shared copy.
private struct DailyCandles {
    var days: [String] = []
    var close: [Double] = []
    var volume: [Double] = []

    init(_ name: String) throws {
        let candidates = [SentimentRepo.path("data/candles/\(name)"), "/work/shared/data/candles/\(name)"]
        let path = try #require(candidates.first { FileManager.default.fileExists(atPath: $0) })
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline)
        #expect(lines.first == "time,open,high,low,close,volume")
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",")
            days.append(String(fields[0]))
            close.append(try #require(Double(fields[4])))
            volume.append(try #require(Double(fields[5])))
        }
    }

    func index(_ day: String) throws -> Int { try #require(days.firstIndex(of: day)) }
}

@Suite struct FearGreedIndexTests {
    /// The mean index over the days `from ... to` (inclusive, ISO dates).
    private func meanReading(_ series: [FearGreedReading?], _ candles: DailyCandles, _ from: String, _ to: String) throws -> Double {
        let readings = try (candles.index(from)...candles.index(to)).map { try #require(series[$0]).value }
        return readings.reduce(0, +) / Double(readings.count)
    }

    /// What the index says about the 2017 top and the 2018 bottom of BTC/USD (Coinbase daily candles).
    @Test func readsGreedAtTheTopAndFearAtTheBottom() throws {
        let candles = try DailyCandles("btcusd_1d_coinbase.csv")
        let series = FearGreedIndex.series(close: candles.close, volume: candles.volume)
        // The highest close of the data, 2017-12-16.
        let top = try #require(candles.close.indices.max { candles.close[$0] < candles.close[$1] })
        #expect(candles.days[top] == "2017-12-16")
        #expect(series[top]?.label == .greed)
        // The run to the top (December 1-17) reads greed; the fall after it (December 20-31) fear.
        #expect(FearGreedLabel(value: try meanReading(series, candles, "2017-12-01", "2017-12-17")) == .greed)
        #expect(FearGreedLabel(value: try meanReading(series, candles, "2017-12-20", "2017-12-31")) == .fear)
        // The cycle low: 2018-12-15 closes lowest from 2018 on, and the first half of December reads fear.
        let bottom = try candles.index("2018-12-15")
        let since2018 = try candles.index("2018-01-01")
        #expect(candles.close[bottom] == candles.close[since2018...].min())
        #expect(series[bottom]?.label == .fear)
        #expect(FearGreedLabel(value: try meanReading(series, candles, "2018-12-01", "2018-12-15")) == .fear)
        // March 2019's quiet sideways market reads neutral on average (Coinbase has no bars 03-20 ... 04-09).
        #expect(FearGreedLabel(value: try meanReading(series, candles, "2019-03-01", "2019-03-19")) == .neutral)
    }

    @Test func computeAgreesWithSeriesAndRespectsTheWarmUp() throws {
        let candles = try DailyCandles("btcusd_1d_bitstamp.csv")
        let series = FearGreedIndex.series(close: candles.close, volume: candles.volume)
        #expect(series.prefix(FearGreedIndex.warmUpBars).allSatisfy { $0 == nil })
        #expect(series[FearGreedIndex.warmUpBars] != nil)
        #expect(FearGreedIndex.compute(close: candles.close, volume: candles.volume, at: 118) == nil)
        for index in [119, 500, 1200, candles.close.count - 1] {
            let single = try #require(FearGreedIndex.compute(close: candles.close, volume: candles.volume, at: index))
            let fromSeries = try #require(series[index])
            #expect(abs(single.value - fromSeries.value) < 1e-9)
        }
    }

    @Test func valueIsTheWeightedSumOfComponentsInRange() throws {
        let candles = try DailyCandles("btcusd_1d_bitstamp.csv")
        let w = FearGreedIndex.weights
        #expect(abs(w.volatility + w.momentumVolume + w.trend - 1) < 1e-12)
        for reading in FearGreedIndex.series(close: candles.close, volume: candles.volume).compactMap({ $0 }) {
            let c = reading.components
            #expect([c.volatility, c.momentumVolume, c.trend, reading.value].allSatisfy { $0 >= 0 && $0 <= 100 })
            let sum = w.volatility * c.volatility + w.momentumVolume * c.momentumVolume + w.trend * c.trend
            #expect(abs(reading.value - sum) < 1e-9)
            #expect(reading.label == FearGreedLabel(value: reading.value))
        }
    }

    @Test func labelsFollowAlternativeMeBands() {
        #expect(FearGreedLabel(value: 0) == .extremeFear && FearGreedLabel(value: 24.9) == .extremeFear)
        #expect(FearGreedLabel(value: 25) == .fear && FearGreedLabel(value: 44.9) == .fear)
        #expect(FearGreedLabel(value: 45) == .neutral && FearGreedLabel(value: 55) == .neutral)
        #expect(FearGreedLabel(value: 55.1) == .greed && FearGreedLabel(value: 75) == .greed)
        #expect(FearGreedLabel(value: 75.1) == .extremeGreed)
    }

    /// A calm market that breaks out on rising volume reads greedier than one that crashes on rising volume.
    @Test func breakoutIsGreedAndCrashIsFear() throws {
        var close = (0..<200).map { 100 * (1 + 0.01 * sin(Double($0) * 0.7)) }
        var volume = [Double](repeating: 1000, count: 200)
        var crash = close
        for day in 190..<200 {
            close[day] = close[day - 1] * 1.04
            crash[day] = crash[day - 1] * 0.90
            volume[day] = 3000
        }
        let breakout = try #require(FearGreedIndex.compute(close: close, volume: volume, at: 199))
        let selloff = try #require(FearGreedIndex.compute(close: crash, volume: volume, at: 199))
        #expect(breakout.value > 55 && selloff.value < 45)
        #expect(selloff.label == .extremeFear)
        #expect(breakout.components.trend > 90 && selloff.components.trend < 10)
        #expect(breakout.components.momentumVolume > selloff.components.momentumVolume)
        #expect(selloff.components.volatility < 50)
    }
}
