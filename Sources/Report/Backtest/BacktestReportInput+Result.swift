import Backtest
import Foundation
import Moondesk

extension BacktestReportInput {
    /// The report of a `host backtest` run: its bars, equity against buy-and-hold, drawdown, trades (the open one
    /// last), the statistics as backtesting.py labels them, every decision; `others`: the agents compared with it.
    public init(_ r: BacktestResult, others: [BacktestResult] = []) {
        let bars = r.bars.time.indices.map {
            Bar(time: r.bars.time[$0], open: r.bars.open[$0], high: r.bars.high[$0], low: r.bars.low[$0], close: r.bars.close[$0])
        }
        let start = max(r.range.firstDecision - r.range.first, 0)
        let equity = r.bars.time.indices.map { Point(time: r.bars.time[$0], value: r.ledger.equity[$0]) }
        let hold = r.bars.time.indices.map { i in
            Point(time: r.bars.time[i], value: i < start ? r.spec.capital : r.spec.capital * r.bars.close[i] / r.holdFrom)
        }
        var peak = -Double.infinity
        let drawdown = r.ledger.equity.indices.map { i -> Point in
            peak = max(peak, r.ledger.equity[i])
            return Point(time: r.bars.time[i], value: peak > 0 ? r.ledger.equity[i] / peak - 1 : 0)
        }
        let trades = (r.ledger.trades + (r.ledger.open.map { [$0] } ?? [])).map { t in
            let open = t.exitReason == .open
            return Trade(entryTime: t.entryTime, entryPrice: t.entryPrice, exitTime: open ? nil : t.exitTime,
                         exitPrice: open ? nil : t.exitPrice, size: abs(t.size), pnl: t.pnl,
                         returnFraction: t.returnFraction, isShort: !t.isLong,
                         exitReason: open ? "open at the end" : t.exitReason.rawValue.replacingOccurrences(of: "_", with: " "))
        }
        let decisions = r.decisions.map { d in
            Decision(time: d.time, action: d.action == "FAILED" ? "ERROR" : d.action, rating: d.rating ?? "",
                     confidence: d.confidence, positionSize: d.positionSize, rationale: d.rationale ?? "",
                     failedNode: d.failedNode, error: d.error)
        }
        var warnings: [String] = []
        if r.insights.failedBars > 0 { warnings.append("\(r.insights.failedBars) of \(r.insights.decisions) decisions failed (the position was kept)") }
        if r.insights.degradedBars > 0 { warnings.append("\(r.insights.degradedBars) decisions were made on degraded research") }
        let failure: String? = switch r.stop {
        case nil: nil
        case .interrupted: "interrupted: \(r.decisions.count) of \(r.plannedDecisions) decisions"
        case .failed(let bar): "stopped by --fail-fast at bar \(bar)"
        case .badInput(let message): message
        }
        self.init(title: "Backtest of \(r.agent) on \(r.dataFile)", agent: r.agent, symbol: r.spec.symbol, bars: bars,
                  equity: equity, buyAndHold: hold, drawdown: drawdown,
                  trades: trades,
                  metrics: r.metrics.rows.map { Metric(name: $0.label, value: $0.text) },
                  decisions: decisions,
                  agents: others.map { o in AgentCurve(agent: o.agent, equity: o.bars.time.indices.map { Point(time: o.bars.time[$0], value: o.ledger.equity[$0]) }) },
                  warnings: warnings, failure: failure)
    }
}
