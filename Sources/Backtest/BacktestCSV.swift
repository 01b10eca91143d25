import Foundation
import Moondesk

/// `--trades FILE.csv` and `--equity FILE.csv`: one row per closed trade (the open one last, marked `open`), one
/// row per bar.
public enum BacktestCSV {
    public static func trades(_ r: BacktestResult) -> String {
        var lines = ["entry_time,exit_time,side,size,entry_price,exit_price,stop_loss,take_profit,commissions,pnl,return_pct,exit_reason"]
        for t in r.ledger.trades + (r.ledger.open.map { [$0] } ?? []) {
            lines.append([MarketContext.isoDate(t.entryTime), MarketContext.isoDate(t.exitTime), t.isLong ? "long" : "short",
                          number(t.size), number(t.entryPrice), number(t.exitPrice), t.stopLoss.map(number) ?? "",
                          t.takeProfit.map(number) ?? "", number(t.commissions), number(t.pnl),
                          number(t.returnFraction * 100), t.exitReason.rawValue].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Equity, buy-and-hold of the same capital from the close before the first decision, drawdown and position.
    public static func equity(_ r: BacktestResult) -> String {
        var lines = ["time,close,equity,buy_and_hold,drawdown_pct,in_position"]
        let start = max(r.range.firstDecision - r.range.first, 0)
        let base = r.holdFrom
        var peak = -Double.infinity
        for i in 0..<r.bars.count {
            let e = r.ledger.equity[i]
            peak = max(peak, e)
            let hold = i < start ? r.spec.capital : r.spec.capital * r.bars.close[i] / base
            lines.append([MarketContext.isoDate(r.bars.time[i]), number(r.bars.close[i]), number(e), number(hold),
                          number((1 - e / peak) * 100), r.ledger.exposed[i] ? "1" : "0"].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Full precision, shortest form (`0.1`, `9876.54321`).
    static func number(_ x: Double) -> String { x.isFinite ? "\(x)" : "" }
}
