import Foundation
import Moondesk

/// The text a trader reads after `host backtest`: what ran, the statistics (one column per agent when several
/// ran over the same bars), what the agent did, the open position and why it stopped early, if it did.
public enum BacktestSummary {
    public static func text(_ results: [BacktestResult]) -> String {
        guard let first = results.first else { return "" }
        var out: [String] = []
        let interval = PointInTime.describe(interval: first.bars.interval)
        out.append("Backtest of \(results.map(\.agent).joined(separator: ", ")) on \(first.dataFile) (\(first.spec.symbol), \(interval) bars)")
        let s = first.spec
        out.append("\(first.plannedDecisions) decision bars from \(MetricRow(label: "", value: .time(first.bars.time[min(first.range.firstDecision - first.range.first, first.bars.count - 1)])).text) after a \(first.range.warmup)-bar warm-up, every \(first.range.every == 1 ? "bar" : "\(first.range.every) bars"); capital \(money(s.capital)), fee \(bps(s.costs.fee)) bps, slippage \(bps(s.costs.slippage)) bps, \(s.allowShort ? "long and short" : "long only")")
        out.append("")
        let rows = results.map(\.metrics.rows)
        let labels = rows.max(by: { $0.count < $1.count })!.map(\.label)
        let width = labels.map(\.count).max()! + 2
        if results.count > 1 {
            out.append(pad("", width) + results.map { pad($0.agent, 14, right: true) }.joined())
        }
        for label in labels {
            let cells = rows.map { r in r.first(where: { $0.label == label })?.text ?? "-" }
            out.append(pad(label, width) + cells.map { pad($0, 14, right: true) }.joined())
        }
        for r in results {
            out.append("")
            out.append(contentsOf: moondesk(r, named: results.count > 1))
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func moondesk(_ r: BacktestResult, named: Bool) -> [String] {
        let i = r.insights
        var out = [named ? "Moondesk, \(r.agent):" : "Moondesk:"]
        let actions = ["BUY", "SELL", "HOLD", "FAILED"].compactMap { a in i.byAction[a].map { "\(a) \($0)" } }
        out.append("  Decisions          \(i.decisions) (\(actions.joined(separator: ", ")))")
        let order = ["strong buy", "buy", "hold", "sell", "strong sell"]
        let ratings = i.byRating.keys.sorted { (order.firstIndex(of: $0) ?? 9, $0) < (order.firstIndex(of: $1) ?? 9, $1) }
        if !ratings.isEmpty {
            out.append("  Ratings            " + ratings.map { rating in
                "\(rating) \(i.byRating[rating]!)" + (i.hitRate[rating].map { String(format: " (right %.0f%%)", $0 * 100) } ?? "")
            }.joined(separator: ", ") + " [right: the close \(i.horizon) bar\(i.horizon == 1 ? "" : "s") later moved the rating's way]")
        }
        if i.confidenceWinning != nil || i.confidenceLosing != nil {
            out.append("  Entry confidence   winning trades \(i.confidenceWinning.map { String(format: "%.2f", $0) } ?? "-"), losing \(i.confidenceLosing.map { String(format: "%.2f", $0) } ?? "-")")
        }
        out.append("  Research           \(i.degradedBars) degraded bar\(i.degradedBars == 1 ? "" : "s"), \(i.tasksFailed) task\(i.tasksFailed == 1 ? "" : "s") not completed; cost \(String(format: "$%.2f", i.estimatedCost)) estimated, \(String(format: "$%.2f", i.actualCost)) reported")
        out.append("  Time per decision  " + String(format: "%.1f ms median, %.1f ms p95 (mean: research %.1f, nodes %.1f, engine %.1f ms); %.1f s in all with %d job%@",
                                                    i.secondsMedian * 1e3, i.secondsP95 * 1e3, i.researchSeconds * 1e3, i.nodeSeconds * 1e3,
                                                    i.engineSeconds * 1e3, r.wallSeconds, r.spec.jobs, r.spec.jobs == 1 ? "" : "s"))
        if i.failedBars > 0, let f = r.decisions.first(where: \.failed) {
            out.append("  Failed bars        \(i.failedBars) (position kept); first \(MetricRow(label: "", value: .time(f.time)).text): \(f.failedNode.map { "node \($0): " } ?? "")\(f.error ?? "")")
        }
        if let t = r.ledger.open {
            out.append(String(format: "  Open position      %@ %.6g units from %@ at %.2f, marked at the last close %.2f (%+.2f%%)",
                              t.isLong ? "long" : "short", abs(t.size), MetricRow(label: "", value: .time(t.entryTime)).text,
                              t.entryPrice, t.exitPrice, t.returnFraction * 100))
        }
        switch r.stop {
        case nil: break
        case .interrupted:
            out.append("  Interrupted        partial result: \(r.decisions.count) of \(r.plannedDecisions) decisions, up to \(r.decisions.last.map { MetricRow(label: "", value: .time($0.time)).text } ?? "-")")
        case .failed(let bar):
            out.append("  Stopped            --fail-fast at bar \(bar) (\(r.decisions.last.map { MetricRow(label: "", value: .time($0.time)).text } ?? "-"))")
        case .badInput(let message):
            out.append("  Stopped            \(message)")
        }
        return out
    }

    static func pad(_ s: String, _ n: Int, right: Bool = false) -> String {
        s.count >= n ? s + " " : (right ? String(repeating: " ", count: n - s.count) + s : s + String(repeating: " ", count: n - s.count))
    }
    static func money(_ x: Double) -> String { x == x.rounded() ? String(format: "%.0f", x) : String(format: "%.2f", x) }
    static func bps(_ fraction: Double) -> String { money(fraction * 10_000) }
}
