import Backtest
import Foundation
import LuaHost
import Moondesk

/// What every backtest of a sweep shares: the agent, its data and the backtest's own options.
public struct SweepBase: Sendable, Equatable, Codable {
    public var agentPath: String
    public var profile: String?
    public var dataPath: String?
    public var newsPath: String?
    public var every = 1
    public var capital = 10_000.0
    public var feeBps = 10.0
    public var slippageBps = 0.0
    public var allowShort = false

    public init(agentPath: String) { self.agentPath = agentPath }
}

/// One backtest of a sweep: a grid point on one symbol over one window. `ordinal` numbers jobs in grid order
/// (point, then symbol, then window), the order ties are broken by.
public struct SweepJob: Sendable, Equatable, Codable {
    public var ordinal: Int
    public var point: SweepPoint
    public var symbol: String
    public var window: SweepWindow
    public var base: SweepBase

    /// The backtest, one session deciding (a sweep runs its backtests side by side instead).
    /// `root`: the folder the job's paths are relative to (a worker's copy of the files), nil: as given.
    public func spec(root: String? = nil) -> BacktestSpec {
        func path(_ p: String) -> String { root.map { $0 + "/" + p } ?? p }
        var spec = BacktestSpec(agentPath: path(base.agentPath))
        spec.symbol = symbol
        spec.profile = base.profile
        spec.dataPath = base.dataPath.map(path)
        spec.newsPath = base.newsPath.map(path)
        spec.from = window.from
        spec.to = window.to
        spec.every = base.every
        spec.capital = base.capital
        spec.costs = Costs(fee: base.feeBps / 10_000, slippage: base.slippageBps / 10_000)
        spec.allowShort = base.allowShort
        spec.jobs = 1
        spec.overrides = point.overrides
        return spec
    }

    /// The job as stored in the queue: JSON with sorted keys, the same bytes for the same job.
    public func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }

    public static func decode(_ text: String) throws -> SweepJob {
        try JSONDecoder().decode(SweepJob.self, from: Data(text.utf8))
    }
}
