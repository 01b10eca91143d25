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
                let n = try period(args, 1)
                return shared(name, "\(n)", args, inputs: 1) { [body($0[0], n)] } ?? [series(body(x, n))]
            })
        }
        /// `prefixStable`: the value at a bar is the same, bit for bit, whatever follows it (ATR's four-bar blocks
        /// round its last bars differently from the same bars inside a longer series: never shared).
        func ohlc(_ name: String, prefixStable: Bool = true,
                  _ body: @escaping @Sendable (ArraySlice<Double>, ArraySlice<Double>, ArraySlice<Double>, Int) -> [Double]) -> (String, HostFunction) {
            (name, HostFunction("desk.ta." + name) { args in
                let (h, l, c) = (try SeriesView.numbers(args.arg(0), 1), try SeriesView.numbers(args.arg(1), 2), try SeriesView.numbers(args.arg(2), 3))
                try sameLength(h, l, c)
                let n = try period(args, 3)
                let known = prefixStable ? shared(name, "\(n)", args, inputs: 3) { [body($0[0], $0[1], $0[2], n)] } : nil
                return known ?? [series(body(h, l, c, n))]
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
            ohlc("atr", prefixStable: false) { Indicators.atr(high: $0, low: $1, close: $2, $3) },
            ohlc("adx") { Indicators.adx(high: $0, low: $1, close: $2, $3) },
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
                let (fast, slow, signal) = (args.arg(1).intValue ?? 12, args.arg(2).intValue ?? 26, args.arg(3).intValue ?? 9)
                func macd(_ x: ArraySlice<Double>) -> [[Double]] {
                    let m = Indicators.macd(x, fast: fast, slow: slow, signal: signal)
                    return [m.macd, m.signal, m.histogram]
                }
                return shared("macd", "\(fast),\(slow),\(signal)", args, inputs: 1) { macd($0[0]) } ?? macd(x).map(series)
            }),
            ("bbands", HostFunction("desk.ta.bbands") { args in
                let x = try SeriesView.numbers(args.arg(0), 1)
                let (n, k) = (args.arg(1).intValue ?? 20, args.arg(2).doubleValue ?? 2)
                func bands(_ x: ArraySlice<Double>) -> [[Double]] {
                    let b = Indicators.bbands(x, n, k)
                    return [b.upper, b.middle, b.lower]
                }
                return shared("bbands", "\(n),\(k.bitPattern)", args, inputs: 1) { bands($0[0]) } ?? bands(x).map(series)
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
