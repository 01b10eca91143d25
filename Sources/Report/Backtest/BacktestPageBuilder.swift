import Foundation

/// Turns a `BacktestReportInput` into the template's context.
struct BacktestPageBuilder {
    var input: BacktestReportInput
    /// Decisions per `<tbody>`: the browser lays out only the chunks on screen (`content-visibility: auto`).
    static let chunkSize = 250
    /// Up to this many decisions are all rows of the page; beyond, the first `preview` are, and the script shows all.
    static let staticLimit = 1_000
    static let preview = 250

    func page() throws -> BacktestPage {
        let i = input
        let period = i.bars.first.map { "\(Format.time($0.time)) – \(Format.time(i.bars.last!.time)), \(i.bars.count) bars" } ?? "no bars"
        let title = i.title.isEmpty ? "Backtest: \(i.agent) on \(i.symbol)" : i.title
        var warnings = i.warnings
        let failed = i.decisions.filter { $0.error != nil || $0.failedNode != nil }
        if let first = failed.first {
            warnings.append("\(failed.count) of \(i.decisions.count) decisions failed or degraded (first \(Format.time(first.time))"
                            + (first.failedNode.map { ", node \($0)" } ?? "") + (first.error.map { ": \($0)" } ?? "") + ")")
        }
        let isVirtual = i.decisions.count > Self.staticLimit
        let rows = (isVirtual ? Array(i.decisions.prefix(Self.preview)) : i.decisions).map(decisionRow)
        let chunks = stride(from: 0, to: rows.count, by: Self.chunkSize).map {
            BacktestPage.Chunk(rows: Array(rows[$0..<min($0 + Self.chunkSize, rows.count)]))
        }
        let years = MonthlyReturns(times: i.equity.map(\.time), values: i.equity.map(\.value)).years.map(yearRow)
        return BacktestPage(
            pageTitle: title, title: title, subtitle: "\(i.agent) · \(i.symbol) · \(period)",
            status: i.failure == nil ? "completed" : "failed",
            selfcheck: try ReportTemplates.text("selfcheck.js"), css: try ReportTemplates.text("report.css"),
            js: try ReportTemplates.text("report.js"),
            failure: i.failure, warnings: warnings, hasWarnings: !warnings.isEmpty, warningCount: warnings.count,
            warningPlural: warnings.count == 1 ? "" : "s",
            metrics: i.metrics.map { .init(name: $0.name, value: $0.value) }, hasMetrics: !i.metrics.isEmpty,
            equity: i.equity.isEmpty ? nil : equityChart().view().0,
            drawdown: i.equity.isEmpty && i.drawdown.isEmpty ? nil : drawdownChart().view().0,
            price: i.bars.isEmpty ? nil : priceChart().view().0,
            trades: i.trades.enumerated().map { tradeRow($0.offset, $0.element) }, hasTrades: !i.trades.isEmpty, tradeCount: i.trades.count,
            years: years, hasYears: !years.isEmpty,
            decisionChunks: chunks, decisionCount: i.decisions.count, hasDecisions: !rows.isEmpty,
            isVirtual: isVirtual, shownDecisions: rows.count, decisionData: isVirtual ? decisionJSON() : nil)
    }

    func equityChart() -> LineChart {
        var series = [LineChart.Series(name: input.agent.isEmpty ? "equity" : input.agent, cls: "equity", points: input.equity)]
        if !input.buyAndHold.isEmpty { series.append(.init(name: "buy and hold", cls: "hold", points: input.buyAndHold)) }
        for (k, other) in input.agents.enumerated() {
            series.append(.init(name: other.agent, cls: "agent\(k % 3 + 1)", points: other.equity))
        }
        return LineChart(id: "equity", title: "Equity against buy-and-hold", series: series, logToggle: true)
    }

    func drawdownChart() -> LineChart {
        let points = input.drawdown.isEmpty
            ? zip(input.equity, Drawdown.series(input.equity.map(\.value))).map { BacktestReportInput.Point(time: $0.time, value: $1) }
            : input.drawdown
        return LineChart(id: "drawdown", title: "Drawdown", series: [.init(name: "drawdown", cls: "dd", points: points)],
                         format: "percent", area: PlotArea(width: 1000, height: 180, padding: 6), cssHeight: 180, filled: true)
    }

    /// The candles with a marker at every entry (long or short) and exit, at the trade's price.
    func priceChart() -> PriceChart {
        var chart = PriceChart(id: "price", title: "\(input.symbol) price with entries and exits", bars: input.bars)
        for (k, trade) in input.trades.enumerated() {
            let side = trade.isShort ? "short" : "long"
            chart.markers.append(.init(cls: "entry " + side, time: barTime(trade.entryTime), price: trade.entryPrice,
                                       title: "#\(k + 1) \(side) entry \(Format.time(trade.entryTime)) at \(Format.price(trade.entryPrice)), size \(Format.fixed(trade.size, 4))"))
            if let t = trade.exitTime, let p = trade.exitPrice {
                chart.markers.append(.init(cls: "exit", time: barTime(t), price: p,
                                           title: "#\(k + 1) exit \(Format.time(t)) at \(Format.price(p)) (\(trade.exitReason)): \(Format.signedMoney(trade.pnl)), \(Format.signedPercent(trade.returnFraction))"))
            }
        }
        chart.levels = []
        return chart
    }

    /// The open time of the bar holding `time` (markers sit on the bar's centre).
    func barTime(_ time: Int64) -> Int64 {
        let bars = input.bars
        var lo = 0, hi = bars.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if bars[mid].time <= time { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? time : bars[lo - 1].time
    }

    func tradeRow(_ k: Int, _ t: BacktestReportInput.Trade) -> BacktestPage.TradeRow {
        .init(number: k + 1, side: t.isShort ? "short" : "long", entry: Format.time(t.entryTime), entryTime: t.entryTime,
              entryPrice: Format.price(t.entryPrice), exit: t.exitTime.map(Format.time) ?? "open",
              exitTime: t.exitTime.map { String($0) } ?? "", exitPrice: t.exitPrice.map(Format.price) ?? "–",
              size: Format.fixed(t.size, 4), pnl: Format.signedMoney(t.pnl), pnlValue: String(t.pnl),
              ret: Format.signedPercent(t.returnFraction), retValue: String(t.returnFraction), reason: t.exitReason)
    }

    func yearRow(_ y: MonthlyReturns.Year) -> BacktestPage.YearRow {
        func cell(_ r: Double?) -> BacktestPage.Month {
            guard let r else { return .init(text: "", cls: "", alpha: "0") }
            // colour strength: 20 % in a month is full colour
            return .init(text: Format.signedPercent(r), cls: r >= 0 ? "pos" : "neg",
                         alpha: String(format: "%.2f", max(min(abs(r) / 0.2, 1) * 0.6, 0.04)))
        }
        return .init(year: y.year, months: y.months.map(cell), total: cell(y.total))
    }

    func decisionJSON() -> String {
        let rows = input.decisions.map { d in
            let row = decisionRow(d)
            return BacktestPage.DecisionJSON(time: d.time, action: d.action, rating: d.rating, confidence: d.confidence,
                                             size: d.positionSize, rationale: d.rationale, error: row.failed ? row.error : nil)
        }
        let data = (try? JSONEncoder().encode(rows)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "</", with: "<\\/")
    }

    func decisionRow(_ d: BacktestReportInput.Decision) -> BacktestPage.DecisionRow {
        .init(time: d.time, date: Format.time(d.time), action: d.action, rating: d.rating,
              confidence: d.confidence.map { Format.fixed($0) } ?? "–", confidenceValue: d.confidence.map { String($0) } ?? "",
              size: d.positionSize.map { Format.percent($0) } ?? "–", sizeValue: d.positionSize.map { String($0) } ?? "",
              rationale: d.rationale, failed: d.error != nil || d.failedNode != nil,
              error: [d.failedNode.map { "node \($0)" }, d.error].compactMap { $0 }.joined(separator: ": "))
    }
}
