import Foundation
import Testing
import LuaHost
@testable import Backtest
import Moondesk

/// Indicators a backtest computes once over the whole file and hands out as prefixes are bit for bit what
/// computing them on the bars known at the as-of gives, for every indicator shared and at every as-of sampled, on
/// daily and hourly bars; and no view reaches a bar after its as-of.
@Suite struct SharedIndicatorTests {
    static let handler = """
        -- Every shared indicator of the run's candles (and of a series derived from them), in full.
        return { run = function(task, ctx)
          local c = ctx.candles
          local h, l, x, v = c.high, c.low, c.close, c.volume
          local out = {}
          local function keep(name, ...) for i, s in ipairs({ ... }) do out[name .. i] = s:to_table() end end
          for _, n in ipairs({ 2, 14, 50, 200 }) do
            keep("sma" .. n, desk.ta.sma(x, n)); keep("ema" .. n, desk.ta.ema(x, n)); keep("rsi" .. n, desk.ta.rsi(x, n))
            keep("roc" .. n, desk.ta.roc(x, n)); keep("sd" .. n, desk.ta.stddev(x, n))
            keep("max" .. n, desk.ta.rolling_max(h, n)); keep("min" .. n, desk.ta.rolling_min(l, n))
            keep("slope" .. n, desk.ta.linear_slope(x, n)); keep("atr" .. n, desk.ta.atr(h, l, x, n))
            keep("adx" .. n, desk.ta.adx(h, l, x, n))
          end
          keep("ret", desk.ta.returns(x)); keep("logret", desk.ta.log_returns(x))
          keep("macd", desk.ta.macd(x, 12, 26, 9)); keep("bb", desk.ta.bbands(x, 20, 2))
          keep("sma_of_ret", desk.ta.sma(desk.ta.returns(x), 10))             -- a chain of shared results
          keep("head", desk.ta.sma(x:slice(1, math.max(1, #x - 5)), 20))    -- a prefix of the column
          keep("mid", desk.ta.sma(x:slice(3, #x), 20))                      -- not a prefix: computed directly
          out.n, out.last = #x, x[#x]
          return { signal = 0, confidence = 1, summary = "indicators", metrics = out }
        end }
        """

    func project() throws -> String {
        let root = NSTemporaryDirectory() + "moondesk-shared-" + UUID().uuidString
        let fm = FileManager.default
        try fm.createDirectory(atPath: root, withIntermediateDirectories: true)
        try fm.copyItem(atPath: repoRoot + "/agents", toPath: root + "/agents")
        try fm.copyItem(atPath: repoRoot + "/config", toPath: root + "/config")
        try fm.createSymbolicLink(atPath: root + "/data", withDestinationPath: repoRoot + "/data")
        try fm.copyItem(atPath: repoRoot + "/agents/examples/sma_cross_decision.lua", toPath: root + "/agents/sma_cross_decision.lua")
        try Self.handler.write(toFile: root + "/agents/everything.lua", atomically: true, encoding: .utf8)
        let agent = try String(contentsOfFile: repoRoot + "/agents/examples/sma_cross.lua", encoding: .utf8)
            .replacingOccurrences(of: "handler = \"sma_cross_signal\"", with: "handler = \"everything\"")
        try agent.write(toFile: root + "/agents/agent.lua", atomically: true, encoding: .utf8)
        return root
    }

    static let cases: [String: [Int64]] = [
        "btcusd_1d_coinbase.csv": [1_440_000_000, 1_500_000_000, 1_571_270_400],
        "btcusd_1h_coinbase.csv": [1_501_592_400, 1_540_000_000, 1_571_270_400],
    ]

    @Test(arguments: ["btcusd_1d_coinbase.csv", "btcusd_1h_coinbase.csv"])
    func sharedIndicatorsEqualTheOnesComputedAtTheAsOf(_ file: String) async throws {
        let asOfs = try #require(Self.cases[file])
        let root = try project()
        var options = SessionOptions(agentPath: root + "/agents/agent.lua")
        options.dataPath = root + "/data/candles/" + file
        let shared = MarketFiles(sharesIndicators: true)
        let moving = try Session(options, files: shared)
        // the whole file first, so every later (shorter) as-of is served from the memo
        for asOf in [Int64.max / 2] + asOfs {
            try moving.move(asOf: asOf)
            let fromMemo = try await moving.decide()
            var alone = options
            alone.asOf = asOf
            let direct = try await Session(alone).decide()
            let a = fromMemo.state["task_execution_results"]["sma"]["metrics"]
            let b = direct.state["task_execution_results"]["sma"]["metrics"]
            #expect(a["n"].intValue ?? 0 > 0)
            #expect(a["n"] == b["n"] && a["last"] == b["last"])
            let keys = (b.tableValue ?? [:]).keys.sorted()
            #expect(keys.count > 50)
            for key in keys {
                let x = a[key].arrayValue ?? [], y = b[key].arrayValue ?? []
                // bit for bit, NaN included; and never longer than the bars known at the as-of
                let same = x.count == y.count && zip(x, y).allSatisfy { ($0.doubleValue ?? 0).bitPattern == ($1.doubleValue ?? 0).bitPattern }
                #expect(same, "\(file) as of \(asOf): \(key)")
            }
        }
    }
}
