import Backtest
import Foundation
import MarketData
import Report

/// Real backtests for the report tests: `agents/examples/sma_cross.lua` run by Moondesk's backtester over the
/// bundled candles, long and short, compared with the same agent long only; each made once per test run.
enum SampleBacktest {
    static var root: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    static func bars(_ file: String) throws -> [Bar] {
        let s = try CandleLoader.load(path: root + "/data/candles/" + file)
        return (0..<s.count).map { Bar(time: s.time[$0], open: s.open[$0], high: s.high[$0], low: s.low[$0], close: s.close[$0]) }
    }

    static func run(_ file: String, every: Int, short: Bool) async throws -> BacktestResult {
        var spec = BacktestSpec(agentPath: root + "/agents/examples/sma_cross.lua")
        spec.dataPath = root + "/data/candles/" + file
        spec.every = every
        spec.allowShort = short
        return try await Backtest.run(spec)
    }

    /// The daily backtest (every bar) and the hourly one (a decision a day over the 20,111 bars).
    static let daily = Task { try await (run("btcusd_1d_coinbase.csv", every: 1, short: true), run("btcusd_1d_coinbase.csv", every: 1, short: false)) }
    static let hourly = Task { try await run("btcusd_1h_coinbase.csv", every: 24, short: true) }

    static func input(_ file: String, compare: Bool = true) async throws -> BacktestReportInput {
        if file.contains("_1h_") { return BacktestReportInput(try await hourly.value) }
        let (both, long) = try await daily.value
        var input = BacktestReportInput(both, others: compare ? [long] : [])
        if compare { input.agents[0].agent = "sma_cross long only" }
        return input
    }
}
