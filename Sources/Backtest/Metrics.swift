import Foundation
import Moondesk

/// The statistics of a backtest exactly as backtesting.py 0.6 computes them (`compute_stats`), so users can hold
/// the figures against the library they know: the same annualisation (daily returns from the equity at each UTC
/// day's last bar, or weekly/monthly/yearly for such bars; 365 periods a year when a good part of the bars fall on
/// weekends, as crypto's do, else 252), geometric mean returns, drawdown durations between equity peaks, trade
/// statistics over closed trades. Percentages are in percent; NaN where the library gives NaN.
public struct Metrics: Sendable, Equatable {
    public var start: Int64
    public var end: Int64
    public var durationSeconds: Int64
    public var exposureTime: Double
    public var equityFinal: Double
    public var equityPeak: Double
    public var commissions: Double
    public var returnPercent: Double
    public var buyAndHold: Double
    public var returnAnnualized: Double
    public var volatilityAnnualized: Double
    public var cagr: Double
    public var sharpe: Double
    public var sortino: Double
    public var calmar: Double
    public var alpha: Double
    public var beta: Double
    public var maxDrawdown: Double
    public var avgDrawdown: Double
    /// Seconds, rounded up to the bars' resolution (whole days for daily bars); nil without a drawdown.
    public var maxDrawdownDuration: Double?
    public var avgDrawdownDuration: Double?
    public var trades: Int
    public var winRate: Double
    public var bestTrade: Double
    public var worstTrade: Double
    public var avgTrade: Double
    public var maxTradeDuration: Double?
    public var avgTradeDuration: Double?
    public var profitFactor: Double
    public var expectancy: Double
    public var sqn: Double
    public var kelly: Double

    /// `times`/`close`/`equity`: one entry per bar of the backtest (warm-up bars included, equity flat there);
    /// `holdFrom`: the close buy-and-hold counts from (the bar before the first decision, as the library counts
    /// from its strategy's last warm-up bar); `trades`: the closed trades.
    public init(times: [Int64], close: [Double], equity: [Double], trades: [Trade], holdFrom base: Double) {
        let n = equity.count
        precondition(n > 0 && times.count == n && close.count == n)
        var peak = -Double.infinity
        var dd = [Double](repeating: 0, count: n)
        for i in 0..<n {
            peak = max(peak, equity[i])
            dd[i] = 1 - equity[i] / peak
        }
        let period = Self.period(times)
        let resolution = Self.resolution(period)
        let (ddDurations, ddPeaks) = Self.drawdownPeriods(dd, times: times)

        start = times[0]
        end = times[n - 1]
        durationSeconds = end - start
        var held = [Bool](repeating: false, count: n)
        for t in trades { for i in t.entryBar...min(t.exitBar, n - 1) { held[i] = true } }
        exposureTime = Double(held.filter { $0 }.count) / Double(n) * 100
        equityFinal = equity[n - 1]
        equityPeak = equity.max() ?? .nan
        commissions = trades.reduce(0) { $0 + $1.commissions }
        returnPercent = (equity[n - 1] - equity[0]) / equity[0] * 100
        buyAndHold = (close[n - 1] - base) / base * 100

        // Periodic returns and the year they annualise over.
        let freqDays = Int(period / 86_400)
        let weekends = Double(times.filter { Self.weekday($0) >= 5 }.count) / Double(n) > 2.0 / 7.0 * 0.6
        let yearPeriods: Double = freqDays == 7 ? 52 : freqDays == 31 ? 12 : freqDays == 365 ? 1 : (weekends ? 365 : 252)
        let returns = Self.periodReturns(times: times, equity: equity, freqDays: freqDays)
        let g = Self.geometricMean(returns)
        let annual = pow(1 + g, yearPeriods) - 1
        returnAnnualized = annual * 100
        let variance = Self.variance(returns)
        volatilityAnnualized = sqrt(pow(variance + pow(1 + g, 2), yearPeriods) - pow(1 + g, 2 * yearPeriods)) * 100
        let years = Double(durationSeconds) / 86_400 / 365.25
        cagr = years != 0 ? (pow(equityFinal / equity[0], 1 / years) - 1) * 100 : .nan
        sharpe = returnAnnualized / (volatilityAnnualized == 0 ? .nan : volatilityAnnualized)
        let downside = returns.isEmpty ? Double.nan : returns.reduce(0) { $0 + pow(min($1, 0), 2) } / Double(returns.count)
        sortino = annual / (sqrt(downside) * sqrt(yearPeriods))
        let worst = dd.contains(where: \.isNaN) ? dd.filter { !$0.isNaN }.max() ?? 0 : dd.max() ?? 0
        calmar = annual / (worst == 0 ? .nan : worst)

        var equityLog: [Double] = [], marketLog: [Double] = []
        for i in 1..<max(n, 1) {
            equityLog.append(log(equity[i] / equity[i - 1]))
            marketLog.append(log(close[i] / close[i - 1]))
        }
        beta = equityLog.count > 1 ? Self.covariance(equityLog, marketLog) / Self.covariance(marketLog, marketLog) : .nan
        alpha = returnPercent - beta * buyAndHold
        maxDrawdown = -worst * 100
        avgDrawdown = -Self.mean(ddPeaks) * 100
        maxDrawdownDuration = ddDurations.max().map { Self.ceil($0, to: resolution) }
        avgDrawdownDuration = ddDurations.isEmpty ? nil : Self.ceil(Self.mean(ddDurations), to: resolution)

        self.trades = trades.count
        let pl = trades.map(\.pnl), r = trades.map(\.returnFraction)
        let win = trades.isEmpty ? Double.nan : Double(pl.filter { $0 > 0 }.count) / Double(trades.count)
        winRate = win * 100
        bestTrade = (r.max() ?? .nan) * 100
        worstTrade = (r.min() ?? .nan) * 100
        avgTrade = Self.geometricMean(r) * 100
        let durations = trades.map { Double($0.durationSeconds) }
        maxTradeDuration = durations.max().map { Self.ceil($0, to: resolution) }
        avgTradeDuration = durations.isEmpty ? nil : Self.ceil(Self.mean(durations), to: resolution)
        let gains = r.filter { $0 > 0 }.reduce(0, +), losses = abs(r.filter { $0 < 0 }.reduce(0, +))
        profitFactor = gains / (losses == 0 ? .nan : losses)
        expectancy = Self.mean(r) * 100
        let sd = Self.standardDeviation(pl)
        sqn = sqrt(Double(trades.count)) * Self.mean(pl) / (sd == 0 ? .nan : sd)
        let meanWin = Self.mean(pl.filter { $0 > 0 }), meanLoss = -Self.mean(pl.filter { $0 < 0 })
        kelly = win - (1 - win) / (meanWin / meanLoss)
    }

    // MARK: - The library's building blocks

    /// The bars' period: the median spacing of the last 100 bars (pandas' `index[-100:].diff().median()`), seconds.
    static func period(_ times: [Int64]) -> Double {
        let tail = Array(times.suffix(100))
        guard tail.count > 1 else { return .nan }
        return median(zip(tail.dropFirst(), tail).map { Double($0 - $1) })
    }

    /// What durations are rounded up to: the coarsest unit that divides the period (pandas' `resolution_string`).
    static func resolution(_ period: Double) -> Double {
        guard period.isFinite, period > 0 else { return 1 }
        for unit in [86_400.0, 3_600, 60, 1] where period.truncatingRemainder(dividingBy: unit) == 0 { return unit }
        return 1
    }

    static func ceil(_ seconds: Double, to unit: Double) -> Double { (seconds / unit).rounded(.up) * unit }

    /// Monday = 0 ... Sunday = 6 of a UTC instant.
    static func weekday(_ t: Int64) -> Int {
        let days = t >= 0 ? t / 86_400 : (t - 86_399) / 86_400
        return Int(((days % 7) + 7 + 3) % 7)   // 1970-01-01 was a Thursday
    }

    /// Returns between the equity at the last bar of each UTC day (or week ending Sunday, month, year), skipping
    /// periods without bars (pandas' `resample(freq).last().dropna().pct_change().dropna()`).
    static func periodReturns(times: [Int64], equity: [Double], freqDays: Int) -> [Double] {
        func key(_ t: Int64) -> Int64 {
            let days = t >= 0 ? t / 86_400 : (t - 86_399) / 86_400
            switch freqDays {
            case 7: return (days + 3) >= 0 ? (days + 3) / 7 : (days + 3 - 6) / 7
            case 31, 365:
                let (y, m, _) = MarketContext.civil(days: days)
                return freqDays == 31 ? y * 12 + m : y
            default: return days
            }
        }
        var lasts: [Double] = []
        var current: Int64?
        for (t, e) in zip(times, equity) where !e.isNaN {
            let k = key(t)
            if k == current { lasts[lasts.count - 1] = e } else { lasts.append(e); current = k }
        }
        guard lasts.count > 1 else { return [] }
        return (1..<lasts.count).map { lasts[$0] / lasts[$0 - 1] - 1 }
    }

    /// The library's `geometric_mean`: 0 when any return is -100% or worse; NaN for no returns.
    static func geometricMean(_ returns: [Double]) -> Double {
        guard !returns.isEmpty else { return .nan }
        let factors = returns.map { ($0.isNaN ? 0 : $0) + 1 }
        if factors.contains(where: { $0 <= 0 }) { return 0 }
        return exp(factors.reduce(0) { $0 + log($1) } / Double(factors.count)) - 1
    }

    /// Drawdown periods between bars at a peak (and the last bar): their durations in seconds and deepest points.
    static func drawdownPeriods(_ dd: [Double], times: [Int64]) -> (durations: [Double], peaks: [Double]) {
        var marks = dd.indices.filter { dd[$0] == 0 }
        if marks.last != dd.count - 1 { marks.append(dd.count - 1) }
        var durations: [Double] = [], peaks: [Double] = []
        for (prev, at) in zip(marks, marks.dropFirst()) where at > prev + 1 {
            durations.append(Double(times[at] - times[prev]))
            peaks.append(dd[prev...at].max() ?? 0)
        }
        if durations.isEmpty {
            // The library's fallback when no period closes: the drawdowns themselves, no durations.
            peaks = dd.filter { $0 != 0 && !$0.isNaN }
        }
        return (durations, peaks)
    }

    static func mean(_ x: [Double]) -> Double { x.isEmpty ? .nan : x.reduce(0, +) / Double(x.count) }

    static func median(_ x: [Double]) -> Double {
        let s = x.sorted()
        guard !s.isEmpty else { return .nan }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// Sample variance (ddof 1).
    static func variance(_ x: [Double]) -> Double {
        guard x.count > 1 else { return .nan }
        let m = mean(x)
        return x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)
    }

    static func standardDeviation(_ x: [Double]) -> Double { sqrt(variance(x)) }

    static func covariance(_ x: [Double], _ y: [Double]) -> Double {
        guard x.count > 1 else { return .nan }
        let mx = mean(x), my = mean(y)
        return zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) } / Double(x.count - 1)
    }
}
