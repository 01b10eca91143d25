import Foundation
import LuaHost
import Moondesk

/// What to backtest and how (`host backtest`): the agent and its data, the bars, the money and the fill costs.
public struct BacktestSpec: Sendable {
    public var agentPath: String
    public var symbol = "BTC/USDT"
    public var profile: String?
    public var dataPath: String?
    public var newsPath: String?
    /// The first bar of the backtest opens at or after `from`; the last closes by `to` (epoch seconds).
    public var from: Int64?
    public var to: Int64?
    /// Decide at every `every`-th bar after the warm-up (1: every bar).
    public var every = 1
    public var capital = 10_000.0
    public var costs = Costs()
    public var allowShort = false
    /// Sessions deciding side by side.
    public var jobs = ProcessInfo.processInfo.activeProcessorCount
    public var failFast = false
    public var settings = RunSettings()
    /// Where each bar's decision is recorded and may be recalled (a journal), if anywhere.
    public var memory: (any RunMemory)?
    /// Config values that replace the presets' and the agent's (`host sweep --set`; `PlanRequest.overrides`).
    public var overrides: [String: LuaValue] = [:]

    /// Bars of history before the first decision when the agent does not declare `warmup`: enough for the
    /// longest indicator the bundled handlers read (SMA 200).
    public static let defaultWarmup = 200

    public init(agentPath: String) { self.agentPath = agentPath }

    var sessionOptions: SessionOptions {
        var options = SessionOptions(agentPath: agentPath)
        options.plan.symbol = symbol
        options.plan.profile = profile
        options.plan.overrides = overrides
        options.dataPath = dataPath
        options.newsPath = newsPath
        return options
    }
}
