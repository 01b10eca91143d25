import Foundation
import Testing
@testable import MarketData

/// Every indicator against TA-Lib's own output (scripts/talib_reference.py): NaN positions identical,
/// values to 1e-9 relative, on the daily series, its monthly resample and its first 30 bars.
struct TALibFixtureTests {
    struct Fixture {
        let inputs: [String: [Double]]
        let cases: [[String: Any]]
    }

    static func load(_ name: String) throws -> Fixture {
        let data = try Data(contentsOf: URL(fileURLWithPath: Repo.fixture("talib/\(name).json")))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let rawInputs = try #require(root["inputs"] as? [String: Any])
        var inputs: [String: [Double]] = [:]
        for key in ["open", "high", "low", "close", "volume"] {
            inputs[key] = try #require(rawInputs[key] as? [Double])
        }
        return Fixture(inputs: inputs, cases: try #require(root["cases"] as? [[String: Any]]))
    }

    static func series(_ any: Any?) -> [Double?] {
        ((any as? [Any]) ?? []).map { ($0 as? NSNumber)?.doubleValue }
    }

    /// Our result for one fixture case, keyed like the fixture's outputs.
    static func compute(_ c: [String: Any], _ x: [String: [Double]]) throws -> [String: [Double]] {
        let name = try #require(c["indicator"] as? String)
        let p = (c["params"] as? [String: Any]) ?? [:]
        func int(_ k: String) -> Int { (p[k] as? NSNumber)?.intValue ?? 0 }
        let (o, h, l, cl, v) = (x["open"]!, x["high"]!, x["low"]!, x["close"]!, x["volume"]!)
        _ = o
        switch name {
        case "sma": return ["value": Indicators.sma(cl, int("n"))]
        case "ema": return ["value": Indicators.ema(cl, int("n"))]
        case "rsi": return ["value": Indicators.rsi(cl, int("n"))]
        case "macd":
            let m = Indicators.macd(cl, fast: int("fast"), slow: int("slow"), signal: int("signal"))
            return ["macd": m.macd, "signal": m.signal, "hist": m.histogram]
        case "bbands":
            let b = Indicators.bbands(cl, int("n"), (p["k"] as? NSNumber)?.doubleValue ?? 0)
            return ["upper": b.upper, "middle": b.middle, "lower": b.lower]
        case "atr": return ["value": Indicators.atr(high: h, low: l, close: cl, int("n"))]
        case "stoch":
            let s = Indicators.stoch(high: h, low: l, close: cl, fastK: int("fastK"), slowK: int("slowK"),
                                     slowD: int("slowD"))
            return ["k": s.k, "d": s.d]
        case "obv": return ["value": Indicators.obv(close: cl, volume: v)]
        case "roc": return ["value": Indicators.roc(cl, int("n"))]
        case "stddev": return ["value": Indicators.stddev(cl, int("n"))]
        case "adx": return ["value": Indicators.adx(high: h, low: l, close: cl, int("n"))]
        case "correlation":
            let inputs = try #require(c["inputs"] as? [String: Any])
            let a = try #require(inputs["x"] as? [Double]), b = try #require(inputs["y"] as? [Double])
            return ["value": Indicators.correlation(a, b, int("n"))]
        default:
            Issue.record("unknown indicator \(name) in fixture")
            return [:]
        }
    }

    @Test(arguments: ["btcusd_1d_coinbase", "btcusd_1M_coinbase", "btcusd_1d_coinbase_first30"])
    func matchesTALib(dataset: String) throws {
        let fixture = try Self.load(dataset)
        #expect(fixture.cases.count >= 23)
        for c in fixture.cases {
            let ours = try Self.compute(c, fixture.inputs)
            let outputs = try #require(c["outputs"] as? [String: Any])
            #expect(Set(ours.keys) == Set(outputs.keys), "\(c["indicator"] ?? "?") outputs")
            for (key, reference) in outputs {
                expectSeriesMatch(ours[key] ?? [], Self.series(reference),
                                  "\(dataset) \(c["indicator"]!) \(c["params"]!) \(key)")
            }
        }
    }

    /// The loader reads the bundled daily file to exactly the Doubles Python's float() gave TA-Lib.
    @Test func loaderAgreesWithFixtureInputs() throws {
        let fixture = try Self.load("btcusd_1d_coinbase")
        let series = try CandleLoader.load(path: Repo.candles("btcusd_1d_coinbase.csv"))
        #expect(series.close == fixture.inputs["close"])
        #expect(series.open == fixture.inputs["open"])
        #expect(series.high == fixture.inputs["high"])
        #expect(series.low == fixture.inputs["low"])
        #expect(series.volume == fixture.inputs["volume"])
    }

    /// Warm-up positions follow TA-Lib's lookbacks.
    @Test func warmUpConventions() throws {
        let closes = try CandleLoader.load(path: Repo.candles("btcusd_1d_coinbase.csv")).close
        #expect(Indicators.rsi(closes, 14).firstIndex { !$0.isNaN } == 14)
        #expect(Indicators.macd(closes).macd.firstIndex { !$0.isNaN } == 33)
        #expect(Indicators.ema(closes, 10).firstIndex { !$0.isNaN } == 9)
        #expect(Indicators.ema(closes, 10)[9] == closes[0..<10].reduce(0, +) / 10)
        let s = try CandleLoader.load(path: Repo.candles("btcusd_1d_coinbase.csv"))
        #expect(Indicators.atr(high: s.high, low: s.low, close: s.close, 14).firstIndex { !$0.isNaN } == 14)
        #expect(Indicators.adx(high: s.high, low: s.low, close: s.close, 14).firstIndex { !$0.isNaN } == 27)
        #expect(Indicators.stoch(high: s.high, low: s.low, close: s.close).k.firstIndex { !$0.isNaN } == 8)
        #expect(Indicators.sma(closes[0..<3], 5).allSatisfy { $0.isNaN })
        #expect(Indicators.atr(high: s.high[0..<14], low: s.low[0..<14], close: s.close[0..<14], 14)
            .allSatisfy { $0.isNaN })
    }

    /// ATR over one bar is TA-Lib's TRANGE: the largest of high−low and the gaps to the previous close.
    @Test func atrOfOneBarIsTheTrueRange() throws {
        let s = try CandleLoader.load(path: Repo.candles("btcusd_1d_coinbase.csv"))
        let atr = Indicators.atr(high: s.high, low: s.low, close: s.close, 1)
        #expect(atr[0].isNaN)
        for i in 1..<s.count {
            let range = max(s.high[i] - s.low[i], abs(s.high[i] - s.close[i - 1]), abs(s.low[i] - s.close[i - 1]))
            #expect(atr[i] == range, "bar \(i)")
        }
    }
}
