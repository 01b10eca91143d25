import LuaHost
import MarketData

/// `desk.ta.*`: TA-Lib-exact indicators over series views or Lua arrays; results are series aligned with the
/// input (NaN during warm-up).
enum IndicatorBindings {
    typealias Args = [LuaValue]

    static func functions() -> [(String, HostFunction)] {
        func unary(_ name: String, _ body: @escaping @Sendable (ArraySlice<Double>, Int) -> [Double]) -> (String, HostFunction) {
            (name, HostFunction("desk.ta." + name) { args in
                let x = try SeriesView.numbers(args.arg(0), 1)
                return [series(body(x, try period(args, 1)))]
            })
        }
        func ohlc(_ name: String, _ body: @escaping @Sendable (ArraySlice<Double>, ArraySlice<Double>, ArraySlice<Double>, Int) -> [Double]) -> (String, HostFunction) {
            (name, HostFunction("desk.ta." + name) { args in
                let (h, l, c) = (try SeriesView.numbers(args.arg(0), 1), try SeriesView.numbers(args.arg(1), 2), try SeriesView.numbers(args.arg(2), 3))
                try sameLength(h, l, c)
                return [series(body(h, l, c, try period(args, 3)))]
            })
        }
        return [
            unary("sma") { Indicators.sma($0, $1) },
            unary("ema") { Indicators.ema($0, $1) },
            unary("rsi") { Indicators.rsi($0, $1) },
            unary("roc") { Indicators.roc($0, $1) },
            unary("stddev") { Indicators.stddev($0, $1) },
            unary("rolling_max") { Indicators.rollingMax($0, $1) },
            unary("rolling_min") { Indicators.rollingMin($0, $1) },
            unary("linear_slope") { Indicators.linearSlope($0, $1) },
            ohlc("atr") { Indicators.atr(high: $0, low: $1, close: $2, $3) },
            ohlc("adx") { Indicators.adx(high: $0, low: $1, close: $2, $3) },
            ("returns", HostFunction("desk.ta.returns") { args in [series(Indicators.returns(try SeriesView.numbers(args.arg(0), 1)))] }),
            ("log_returns", HostFunction("desk.ta.log_returns") { args in [series(Indicators.logReturns(try SeriesView.numbers(args.arg(0), 1)))] }),
            ("macd", HostFunction("desk.ta.macd") { args in
                let x = try SeriesView.numbers(args.arg(0), 1)
                let m = Indicators.macd(x, fast: args.arg(1).intValue ?? 12, slow: args.arg(2).intValue ?? 26, signal: args.arg(3).intValue ?? 9)
                return [series(m.macd), series(m.signal), series(m.histogram)]
            }),
            ("bbands", HostFunction("desk.ta.bbands") { args in
                let x = try SeriesView.numbers(args.arg(0), 1)
                let b = Indicators.bbands(x, args.arg(1).intValue ?? 20, args.arg(2).doubleValue ?? 2)
                return [series(b.upper), series(b.middle), series(b.lower)]
            }),
            ("stoch", HostFunction("desk.ta.stoch") { args in
                let (h, l, c) = (try SeriesView.numbers(args.arg(0), 1), try SeriesView.numbers(args.arg(1), 2), try SeriesView.numbers(args.arg(2), 3))
                try sameLength(h, l, c)
                let s = Indicators.stoch(high: h, low: l, close: c, fastK: args.arg(3).intValue ?? 5,
                                         slowK: args.arg(4).intValue ?? 3, slowD: args.arg(5).intValue ?? 3)
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
            let m = try PatternMatcher.match(closes: closes, window: options["window"].intValue ?? 20,
                                             horizon: options["horizon"].intValue ?? 10,
                                             neighbours: options["neighbours"].intValue ?? 25)
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

    static func period(_ args: Args, _ index: Int) throws -> Int {
        guard let n = args.arg(index).intValue, n >= 1 else {
            throw ArgumentError("argument \(index + 1) must be a whole number of bars ≥ 1, got \(args.arg(index).jsonText())")
        }
        return n
    }

    static func sameLength(_ columns: ArraySlice<Double>...) throws {
        guard Set(columns.map(\.count)).count <= 1 else {
            throw ArgumentError("series must have the same length (got \(columns.map { String($0.count) }.joined(separator: ", ")))")
        }
    }
}
