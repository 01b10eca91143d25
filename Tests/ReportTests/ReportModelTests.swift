import Foundation
import Testing
@testable import Report

@Suite struct ReportModelTests {
    @Test func backtestInputRoundTripsThroughJSON() async throws {
        let input = try await SampleBacktest.input("btcusd_1d_coinbase.csv")
        let data = try JSONEncoder().encode(input)
        #expect(try JSONDecoder().decode(BacktestReportInput.self, from: data) == input)
    }

    @Test func aBacktestWithNothingYetStillRenders() throws {
        let html = try BacktestHTML.html(BacktestReportInput(title: "", agent: "balanced", symbol: "BTC/USDT", bars: [], equity: [],
                                                             buyAndHold: [], failure: "no bar before the start date"))
        #expect(html.contains("This backtest did not finish"))
        #expect(html.contains("no bar before the start date"))
        #expect(html.contains("No trades."))
        #expect(!html.contains("<figure"))
    }

    @Test func drawdownIsComputedWhenNotGiven() throws {
        let t: [Int64] = [0, 86_400, 172_800]
        let input = BacktestReportInput(title: "t", agent: "a", symbol: "s",
                                        bars: t.map { Bar(time: $0, open: 1, high: 1, low: 1, close: 1) },
                                        equity: zip(t, [100.0, 50, 75]).map { .init(time: $0, value: $1) }, buyAndHold: [])
        let (_, counts) = BacktestPageBuilder(input: input).drawdownChart().view()
        #expect(counts.points["drawdown"] == 3)
        let ys = BacktestPageBuilder(input: input).drawdownChart()
        #expect(ys.series[0].points.map(\.value) == [0, -0.5, -0.25])
    }

    @Test func aDecisionThatNeverRanSaysWhy() throws {
        let html = try DecisionHTML.html(DecisionReportInput(agent: "agents/x.lua", failure: "agents/x.lua:3: syntax error"))
        #expect(html.contains("id=\"failure\""))
        #expect(html.contains("agents/x.lua:3: syntax error"))
        #expect(html.contains("No candles"))
    }

    @Test func textFromScriptsIsEscaped() throws {
        var input = DecisionReportInput(agent: "a", symbol: "BTC/USDT", status: "completed")
        input.action = "HOLD"
        input.rationale = "<script>alert(1)</script> & more"
        input.warnings = ["<img src=x>"]
        let html = try DecisionHTML.html(input)
        #expect(!html.contains("<script>alert(1)"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"))
        #expect(!html.contains("<img src=x>"))
    }

    @Test func chartDataCannotCloseItsScriptElement() {
        let data = ChartData(t0: 0, t1: 1, width: 1, d0: 0, d1: 1, r0: 0, r1: 1, height: 1, times: [0],
                             series: [.init(name: "</script><b>", format: "price", values: [nil])], low: nil, high: nil).json()
        #expect(!data.contains("</"))
        #expect(data.contains("null"))
    }
}
