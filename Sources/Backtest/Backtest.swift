import Foundation
import Moondesk

/// A walk-forward backtest of one agent (docs/BACKTEST.md): the agent's whole decision graph at every decision
/// bar as of its close, the orders filled by `Broker`, the figures of `Metrics` and `Insights`.
public struct BacktestResult: Sendable {
    public var spec: BacktestSpec
    public var agent: String
    public var dataFile: String
    public var range: BacktestRange
    /// The bars of the backtest (`range.first` ... the last bar reached).
    public var bars: PriceBars
    public var decisions: [BarDecision]
    public var ledger: Broker.Ledger
    public var metrics: Metrics
    public var insights: Insights
    /// Why deciding stopped early, if it did.
    public var stop: WalkForward.Stop?
    public var wallSeconds: Double
    /// The decision bars planned (all of them, whether reached or not).
    public var plannedDecisions: Int
    /// The close buy-and-hold counts from: the bar before the first decision.
    public var holdFrom: Double
}

public enum Backtest {
    /// Runs `spec`; `progress(done, total)` as decisions complete. Throws on bad input (agent, data, range).
    public static func run(_ spec: BacktestSpec, files: MarketFiles = MarketFiles(sharesIndicators: true),
                           progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) async throws -> BacktestResult {
        let started = ContinuousClock.now
        let probe = try Session(spec.sessionOptions, files: files)
        let series = try probe.runtime.market.series().series
        let source = MarketContext.display(probe.runtime.market.dataPath)
        let interval = series.report.intervalSeconds
        let range = try BacktestRange(time: series.time, interval: interval, from: spec.from, to: spec.to,
                                      warmup: probe.agent.warmup ?? BacktestSpec.defaultWarmup, every: spec.every,
                                      source: source)
        let planned = range.decisionBars
        let walk = WalkForward(options: spec.sessionOptions, settings: spec.settings, jobs: spec.jobs, files: files,
                               memory: spec.memory)
        let (decisions, stop) = try await walk.run(bars: planned, time: series.time, interval: interval,
                                                   failFast: spec.failFast) { progress($0, planned.count) }
        // The bars up to the last one reached: all of them, or the last decided when deciding stopped early.
        let lastBar = stop == nil ? range.last : (decisions.last?.bar ?? range.firstDecision)
        let bars = PriceBars(series, range: range.first..<(lastBar + 1))
        var orders: [Int: Order] = [:]
        for d in decisions { orders[d.bar - range.first] = d.order(allowShort: spec.allowShort) }
        let ledger = Broker(bars: bars, costs: spec.costs, capital: spec.capital).run(orders)
        let holdFrom = series.close[max(range.firstDecision - 1, 0)]
        let metrics = Metrics(times: bars.time, close: bars.close, equity: ledger.equity, trades: ledger.trades,
                              holdFrom: holdFrom)
        let trades = ledger.trades.map { t in var t = t; t.decisionBar += range.first; return t }
        let insights = Insights(decisions: decisions, close: { $0 <= lastBar ? series.close[$0] : nil },
                                horizon: spec.every, trades: trades)
        return BacktestResult(spec: spec, agent: probe.agent.name, dataFile: source, range: range, bars: bars,
                              decisions: decisions, ledger: ledger, metrics: metrics, insights: insights, stop: stop,
                              wallSeconds: (ContinuousClock.now - started).seconds, plannedDecisions: planned.count,
                              holdFrom: holdFrom)
    }
}
