import Foundation
import LuaHost
import MarketData

/// `desk.candles`, `desk.ta`, `desk.patterns`, `desk.sentiment`, `desk.keywords`, `desk.onchain`, `desk.macro`:
/// the Swift primitives the Lua handlers compute with. Series cross as views (no copies).
enum MarketBindings {
    /// `reads`: the state's recorder (every data read is recorded there and in the run's log).
    /// `market`: read at each call, so the state follows a backtest's as-of.
    static func install(in state: LuaState, market: CurrentMarket, reads: DataReads? = nil) throws {
        for (name, fn) in candleFunctions(market, reads: reads) { try state.define("candles." + name, .function(fn)) }
        for (name, fn) in IndicatorBindings.functions() { try state.define("ta." + name, .function(fn)) }
        try state.define("patterns.match", .function(IndicatorBindings.patternMatch()))
        for (name, fn) in SentimentBindings.functions(market, reads: reads) { try state.define(name, .function(fn)) }
    }

    static func candleFunctions(_ current: CurrentMarket, reads: DataReads? = nil) -> [(String, HostFunction)] {
        [
            ("load", HostFunction("desk.candles.load") { args in
                let market = current.market
                let path = try args.string(0)
                let series = try market.candles(at: path)
                market.recordCandles(series, path: path, into: reads)
                return [.object(market.candleView(series, path: path))]
            }),
            ("bundled", HostFunction("desk.candles.bundled") { args in
                let market = current.market
                let name = try args.string(0)
                guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                    throw ArgumentError("bundled series names are like \"ethusd_1d_bitstamp\"")
                }
                let path = market.dataFolder + "/candles/" + name + ".csv"
                let series = try market.candles(at: path)
                market.recordCandles(series, path: path, into: reads)
                return [.object(market.candleView(series, path: path))]
            }),
            ("align", HostFunction("desk.candles.align") { args in
                guard let a = CandleView.candles(args.arg(0)), let b = CandleView.candles(args.arg(1)) else {
                    throw ArgumentError("desk.candles.align(a, b) takes two candle series")
                }
                let (x, y, times) = align(a.slice, b.slice)
                return [.object(SeriesView(x)), .object(SeriesView(y)), .object(SeriesView(times))]
            }),
        ]
    }

    /// The closes of two series at the instants both have, oldest first.
    static func align(_ a: CandleSlice, _ b: CandleSlice) -> ([Double], [Double], [Double]) {
        var x: [Double] = [], y: [Double] = [], t: [Double] = []
        var i = a.indices.lowerBound, j = b.indices.lowerBound
        let at = a.series.time, bt = b.series.time
        while i < a.indices.upperBound, j < b.indices.upperBound {
            if at[i] == bt[j] {
                x.append(a.series.close[i]); y.append(b.series.close[j]); t.append(Double(at[i]))
                i += 1; j += 1
            } else if at[i] < bt[j] { i += 1 } else { j += 1 }
        }
        return (x, y, t)
    }
}
