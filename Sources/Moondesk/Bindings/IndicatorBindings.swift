import LuaHost
import MarketData

/// `desk.ta.*`: TA-Lib-exact indicators over series views or Lua arrays; results are series aligned with the
/// input (NaN during warm-up).
enum IndicatorBindings {
    typealias Args = [LuaValue]

    static func functions() -> [(String, HostFunction)] {
        // `least`: the shortest period the indicator is defined for (RSI, ADX and a slope need two bars).
        func unary(_ name: String, least: Int = 1, _ body: @escaping @Sendable (ArraySlice<Double>, Int) -> [Double]) -> (String, HostFunction) {
            (name, HostFunction("desk.ta." + name) { args in
                let x = try SeriesView.numbers(args.arg(0), 1)
                return [series(body(x, try period(args, 1, least: least)))]
            })
        }
        func ohlc(_ name: String, least: Int = 1, _ body: @escaping @Sendable (ArraySlice<Double>, ArraySlice<Double>, ArraySlice<Double>, Int) -> [Double]) -> (String, HostFunction) {
            (name, HostFunction("desk.ta." + name) { args in
                let (h, l, c) = (try SeriesView.numbers(args.arg(0), 1), try SeriesView.numbers(args.arg(1), 2), try SeriesView.numbers(args.arg(2), 3))
                try sameLength(h, l, c)
                return [series(body(h, l, c, try period(args, 3, least: least)))]
            })
        }
        return [
            unary("sma") { Indicators.sma($0, $1) },
            unary("ema") { Indicators.ema($0, $1) },
            unary("rsi", least: 2) { Indicators.rsi($0, $1) },
            unary("roc") { Indicators.roc($0, $1) },
            unary("stddev") { Indicators.stddev($0, $1) },
            unary("rolling_max") { Indicators.rollingMax($0, $1) },
            unary("rolling_min") { Indicators.rollingMin($0, $1) },
            unary("linear_slope", least: 2) { Indicators.linearSlope($0, $1) },
            ohlc("atr") { Indicators.atr(high: $0, low: $1, close: $2, $3) },
            ohlc("adx", least: 2) { Indicators.adx(high: $0, low: $1, close: $2, $3) },
            ("returns", HostFunction("desk.ta.returns") { args in [series(Indicators.returns(try SeriesView.numbers(args.arg(0), 1)))] }),
            ("log_returns", HostFunction("desk.ta.log_returns") { args in [series(Indicators.logReturns(try SeriesView.numbers(args.arg(0), 1)))] }),
            ("macd", HostFunction("desk.ta.macd") { args in
                let x = try SeriesView.numbers(args.arg(0), 1)
                let m = Indicators.macd(x, fast: try args.integer(1, "fast", in: 2...periods.upperBound, default: 12),
                                        slow: try args.integer(2, "slow", in: 2...periods.upperBound, default: 26),
                                        signal: try args.integer(3, "signal", in: periods, default: 9))
                return [series(m.macd), series(m.signal), series(m.histogram)]
            }),
            ("bbands", HostFunction("desk.ta.bbands") { args in
                let x = try SeriesView.numbers(args.arg(0), 1)
                let deviations = try args.arg(2).isNil ? 2 : CheckedNumber.finite(args.arg(2), "argument 3 (deviations)")
                let b = Indicators.bbands(x, try args.integer(1, "period", in: periods, default: 20), deviations)
                return [series(b.upper), series(b.middle), series(b.lower)]
            }),
            ("stoch", HostFunction("desk.ta.stoch") { args in
                let (h, l, c) = (try SeriesView.numbers(args.arg(0), 1), try SeriesView.numbers(args.arg(1), 2), try SeriesView.numbers(args.arg(2), 3))
                try sameLength(h, l, c)
                let s = Indicators.stoch(high: h, low: l, close: c, fastK: try args.integer(3, "fast_k", in: periods, default: 5),
                                         slowK: try args.integer(4, "slow_k", in: periods, default: 3),
                                         slowD: try args.integer(5, "slow_d", in: periods, default: 3))
                return [series(s.k), series(s.d)]
            }),
            ("obv", HostFunction("desk.ta.obv") { args in
                let (c, v) = (try SeriesView.numbers(args.arg(0), 1), try SeriesView.numbers(args.arg(1), 2))
                try sameLength(c, v)
                return [series(Indicators.obv(close: c, volume: v))]
            }),
            ("correlation", HostFunction("desk.ta.correlation") { args in
                let (x, y) = (try SeriesView.numbers(args.arg(0), 1), try SeriesView.numbers(args.arg(1), 2))
                try sameLength(x, y)
                return [series(Indicators.correlation(x, y, try period(args, 2)))]
            }),
            ("amihud", HostFunction("desk.ta.amihud") { args in
                let (c, v) = (try SeriesView.numbers(args.arg(0), 1), try SeriesView.numbers(args.arg(1), 2))
                try sameLength(c, v)
                return [series(Indicators.amihudIlliquidity(close: c, volume: v, try period(args, 2)))]
            }),
            ("high_low_spread", HostFunction("desk.ta.high_low_spread") { args in
                let (h, l) = (try SeriesView.numbers(args.arg(0), 1), try SeriesView.numbers(args.arg(1), 2))
                try sameLength(h, l)
                return [series(Indicators.highLowSpread(high: h, low: l, try period(args, 2)))]
            }),
            ("max_drawdown", HostFunction("desk.ta.max_drawdown") { args in
                let x = try SeriesView.numbers(args.arg(0), 1)
                let d = Indicators.maxDrawdown(x)
                return [["fraction": .number(d.fraction),
                         "peak": d.peakIndex.map { .integer(Int64($0 + 1)) } ?? .nil,
                         "trough": d.troughIndex.map { .integer(Int64($0 + 1)) } ?? .nil]]
            }),
        ]
    }

    /// `desk.patterns.match(closes, {window = 20, horizon = 10, neighbours = 25})`.
    static func patternMatch() -> HostFunction {
        HostFunction("desk.patterns.match") { args in
            let closes = try SeriesView.numbers(args.arg(0), 1)
            let options = args.arg(1)
            func option(_ key: String, _ fallback: Int) throws -> Int {
                try options[key].isNil ? fallback : CheckedNumber.integer(options[key], "option \(key)", in: periods)
            }
            let m = try PatternMatcher.match(closes: closes, window: try option("window", 20),
                                             horizon: try option("horizon", 10),
                                             neighbours: try option("neighbours", 25))
            return [[
                "window": .integer(Int64(m.window)), "horizon": .integer(Int64(m.horizon)),
                "expected_move": .number(m.expectedMove), "median_move": .number(m.medianMove),
                "hit_rate": .number(m.hitRate), "sample_size": .integer(Int64(m.sampleSize)),
                "dispersion": .number(m.dispersion), "candidates": .integer(Int64(m.candidates)),
                "neighbours": .array(m.neighbours.map {
                    ["end_index": .integer(Int64($0.endIndex + 1)), "distance": .number($0.distance),
                     "forward_return": .number($0.forwardReturn)]
                }),
            ]]
        }
    }

    static func series(_ values: [Double]) -> LuaValue { .object(SeriesView(values)) }

    /// Periods, windows and counts of bars: 1 to a million.
    static let periods = 1...1_000_000

    static func period(_ args: Args, _ index: Int, least: Int = 1) throws -> Int {
        try CheckedNumber.integer(args.arg(index), "argument \(index + 1) (bars)", in: least...periods.upperBound)
    }

    static func sameLength(_ columns: ArraySlice<Double>...) throws {
        guard Set(columns.map(\.count)).count <= 1 else {
            throw ArgumentError("series must have the same length (got \(columns.map { String($0.count) }.joined(separator: ", ")))")
        }
    }
}
