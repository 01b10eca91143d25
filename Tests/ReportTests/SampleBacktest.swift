import Foundation
import MarketData
import Report

/// A realistic backtest input for the renderer, built from the bundled candles by a plain moving-average
/// crossover (long above, short below, an 8 % stop), marked to market every bar. It stands in for `host
/// backtest` only as a source of data for the report; nothing here is the project's backtester.
enum SampleBacktest {
    static var root: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    static func bars(_ file: String) throws -> [Bar] {
        let s = try CandleLoader.load(path: root + "/data/candles/" + file)
        return (0..<s.count).map { Bar(time: s.time[$0], open: s.open[$0], high: s.high[$0], low: s.low[$0], close: s.close[$0]) }
    }

    struct Run { var equity: [BacktestReportInput.Point]; var trades: [BacktestReportInput.Trade]; var decisions: [BacktestReportInput.Decision] }

    /// Trades on the cross of SMA `fast` and `slow` of the close; decides (and records a decision) every `every` bars.
    static func run(_ bars: [Bar], fast: Int, slow: Int, every: Int = 1, start: Double = 10_000) -> Run {
        let close = bars.map(\.close)
        let f = Indicators.sma(close, fast), s = Indicators.sma(close, slow)
        var cash = start, units = 0.0, entry: (time: Int64, price: Double, short: Bool, cash: Double)?
        var equity: [BacktestReportInput.Point] = [], trades: [BacktestReportInput.Trade] = [], decisions: [BacktestReportInput.Decision] = []
        func closeTrade(at i: Int, price: Double, reason: String) {
            guard let e = entry else { return }
            cash += units * price
            let pnl = cash - e.cash
            trades.append(.init(entryTime: e.time, entryPrice: e.price, exitTime: bars[i].time, exitPrice: price, size: abs(units),
                                pnl: pnl, returnFraction: pnl / e.cash, isShort: e.short, exitReason: reason))
            units = 0
            entry = nil
        }
        for i in bars.indices {
            let bar = bars[i]
            if let e = entry {
                let stop = e.short ? e.price * 1.08 : e.price * 0.92
                if e.short ? bar.high >= stop : bar.low <= stop { closeTrade(at: i, price: stop, reason: "stop") }
            }
            if i % every == 0, f[i].isFinite, s[i].isFinite {
                let spread = f[i] / s[i] - 1
                let want = spread > 0.002 ? 1 : spread < -0.002 ? -1 : 0
                let have = entry.map { $0.short ? -1 : 1 } ?? 0
                let action = want > have ? "BUY" : want < have ? "SELL" : "HOLD"
                let confidence = min(abs(spread) * 20, 1)
                decisions.append(.init(time: bar.time, action: action,
                                       rating: want > 0 ? (spread > 0.05 ? "strong_buy" : "buy") : want < 0 ? (spread < -0.05 ? "strong_sell" : "sell") : "hold",
                                       confidence: confidence, positionSize: want == 0 ? 0 : 1,
                                       rationale: String(format: "SMA %d at %.2f is %.2f %% %@ SMA %d at %.2f", fast, f[i], abs(spread) * 100,
                                                         spread >= 0 ? "above" : "below", slow, s[i])))
                if want != have {
                    closeTrade(at: i, price: bar.close, reason: "signal")
                    if want != 0 {
                        let value = cash
                        units = Double(want) * value / bar.close
                        cash -= units * bar.close
                        entry = (bar.time, bar.close, want < 0, value)
                    }
                }
            }
            equity.append(.init(time: bar.time, value: cash + units * bar.close))
        }
        if entry != nil { closeTrade(at: bars.count - 1, price: bars[bars.count - 1].close, reason: "end of data") }
        return Run(equity: equity, trades: trades, decisions: decisions)
    }

    static func input(_ file: String, fast: Int = 20, slow: Int = 50, every: Int = 1, compare: Bool = true) throws -> BacktestReportInput {
        let bars = try bars(file)
        let r = run(bars, fast: fast, slow: slow, every: every)
        let hold = bars.map { BacktestReportInput.Point(time: $0.time, value: 10_000 * $0.close / bars[0].close) }
        let values = r.equity.map(\.value)
        let returns = zip(values.dropFirst(), values).map { $0 / $1 - 1 }
        let mean = returns.reduce(0, +) / Double(max(returns.count, 1))
        let sd = (returns.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(max(returns.count - 1, 1))).squareRoot()
        let interval = Double(bars.count > 1 ? bars[1].time - bars[0].time : 86_400)
        let perYear = 365 * 86_400 / interval
        let years = Double(bars.last!.time - bars[0].time) / (365 * 86_400)
        let wins = r.trades.filter { $0.pnl > 0 }
        let grossWin = wins.map(\.pnl).reduce(0, +), grossLoss = -r.trades.filter { $0.pnl < 0 }.map(\.pnl).reduce(0, +)
        let total = values.last! / values[0] - 1
        let metrics: [BacktestReportInput.Metric] = [
            .init(name: "Return", value: Format.signedPercent(total)),
            .init(name: "Buy and hold", value: Format.signedPercent(hold.last!.value / hold[0].value - 1)),
            .init(name: "CAGR", value: Format.signedPercent(pow(1 + total, 1 / max(years, 1e-9)) - 1)),
            .init(name: "Max drawdown", value: Format.percent(Drawdown.series(values).min() ?? 0)),
            .init(name: "Sharpe", value: Format.fixed(sd > 0 ? mean / sd * perYear.squareRoot() : 0)),
            .init(name: "Trades", value: String(r.trades.count)),
            .init(name: "Win rate", value: Format.percent(Double(wins.count) / Double(max(r.trades.count, 1)))),
            .init(name: "Profit factor", value: Format.fixed(grossLoss > 0 ? grossWin / grossLoss : 0)),
        ]
        var agents: [BacktestReportInput.AgentCurve] = []
        if compare { agents.append(.init(agent: "sma 10/30", equity: run(bars, fast: 10, slow: 30).equity)) }
        return BacktestReportInput(title: "", agent: "sma \(fast)/\(slow)", symbol: "BTC/USD", bars: bars, equity: r.equity,
                                   buyAndHold: hold, trades: r.trades, metrics: metrics, decisions: r.decisions, agents: agents)
    }
}
