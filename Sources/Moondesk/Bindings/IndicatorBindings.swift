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
                let n = try period(args, 1, least: least)
                return shared(name, "\(n)", args, inputs: 1) { [body($0[0], n)] } ?? [series(body(x, n))]
            })
        }
        /// `prefixStable`: the value at a bar is the same, bit for bit, whatever follows it (ATR's four-bar blocks
        /// round its last bars differently from the same bars inside a longer series: never shared).
        func ohlc(_ name: String, least: Int = 1, prefixStable: Bool = true,
                  _ body: @escaping @Sendable (ArraySlice<Double>, ArraySlice<Double>, ArraySlice<Double>, Int) -> [Double]) -> (String, HostFunction) {
            (name, HostFunction("desk.ta." + name) { args in
                let (h, l, c) = (try SeriesView.numbers(args.arg(0), 1), try SeriesView.numbers(args.arg(1), 2), try SeriesView.numbers(args.arg(2), 3))
                try sameLength(h, l, c)
                let n = try period(args, 3, least: least)
                let known = prefixStable ? shared(name, "\(n)", args, inputs: 3) { [body($0[0], $0[1], $0[2], n)] } : nil
                return known ?? [series(body(h, l, c, n))]
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
            ohlc("atr", prefixStable: false) { Indicators.atr(high: $0, low: $1, close: $2, $3) },
            ohlc("adx", least: 2) { Indicators.adx(high: $0, low: $1, close: $2, $3) },
            ("returns", HostFunction("desk.ta.returns") { args in
                let x = try SeriesView.numbers(args.arg(0), 1)
                return shared("returns", "", args, inputs: 1) { [Indicators.returns($0[0])] } ?? [series(Indicators.returns(x))]
            }),
            ("log_returns", HostFunction("desk.ta.log_returns") { args in
                let x = try SeriesView.numbers(args.arg(0), 1)
                return shared("log_returns", "", args, inputs: 1) { [Indicators.logReturns($0[0])] } ?? [series(Indicators.logReturns(x))]
            }),
            ("macd", HostFunction("desk.ta.macd") { args in
                let x = try SeriesView.numbers(args.arg(0), 1)
                let fast = try args.integer(1, "fast", in: 2...periods.upperBound, default: 12)
                let slow = try args.integer(2, "slow", in: 2...periods.upperBound, default: 26)
                let signal = try args.integer(3, "signal", in: periods, default: 9)
                func macd(_ x: ArraySlice<Double>) -> [[Double]] {
                    let m = Indicators.macd(x, fast: fast, slow: slow, signal: signal)
                    return [m.macd, m.signal, m.histogram]
                }
                return shared("macd", "\(fast),\(slow),\(signal)", args, inputs: 1) { macd($0[0]) } ?? macd(x).map(series)
            }),
            ("bbands", HostFunction("desk.ta.bbands") { args in
                let x = try SeriesView.numbers(args.arg(0), 1)
                let deviations = try args.arg(2).isNil ? 2 : CheckedNumber.finite(args.arg(2), "argument 3 (deviations)")
                let n = try args.integer(1, "period", in: periods, default: 20)
                func bands(_ x: ArraySlice<Double>) -> [[Double]] {
                    let b = Indicators.bbands(x, n, deviations)
                    return [b.upper, b.middle, b.lower]
                }
                return shared("bbands", "\(n),\(deviations.bitPattern)", args, inputs: 1) { bands($0[0]) } ?? bands(x).map(series)
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

    /// The indicator `name(parameters)` of the first `inputs` arguments, computed once over the whole columns they
    /// are prefixes of and cut to their length (SeriesOrigin.swift); nil when an argument is not such a prefix
    /// (a Lua array, a slice from the middle, a series without origin), and the caller computes it directly.
    static func shared(_ name: String, _ parameters: String, _ args: Args, inputs: Int,
                       _ compute: ([ArraySlice<Double>]) -> [[Double]]) -> [LuaValue]? {
        var origins: [SeriesOrigin] = []
        var count: Int?
        for i in 0..<inputs {
            guard case .object(let o) = args.arg(i), let view = o as? SeriesView, let origin = view.origin,
                  count == nil || count == view.values.count else { return nil }
            count = view.values.count
            origins.append(origin)
        }
        guard let count, let first = origins.first, Set(origins.map { $0.full.count }).count == 1 else { return nil }
        let key = name + "(" + parameters + ")" + origins.map { "\(ObjectIdentifier($0).hashValue)" }.joined(separator: ",")
        let results = first.derived(key) { compute(origins.map { $0.full[...] }) }
        guard results.allSatisfy({ $0.full.count == first.full.count }) else { return nil }   // not aligned: no prefix
        return results.map { .object(SeriesView($0.full[0..<count], origin: $0)) }
    }

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
