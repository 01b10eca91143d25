import Backtest
import Foundation
import LuaHost
import Moondesk

/// A whole sweep: the grid over config keys, the symbols, the windows, how rows are ranked. Its jobs are one
/// backtest per point × symbol × window, numbered in that order.
public struct SweepDefinition: Sendable, Equatable, Codable {
    public var base: SweepBase
    public var parameters: [SweepParameter]
    public var symbols: [String]
    /// `[all]`, or `[train, test]`.
    public var windows: [SweepWindow]
    public var rank: SweepRank

    public init(base: SweepBase, parameters: [SweepParameter], symbols: [String], windows: [SweepWindow], rank: SweepRank) {
        self.base = base
        self.parameters = parameters
        self.symbols = symbols
        self.windows = windows
        self.rank = rank
    }

    public var points: [SweepPoint] { SweepGrid.points(parameters) }

    public var jobs: [SweepJob] {
        var jobs: [SweepJob] = []
        for point in points {
            for symbol in symbols {
                for window in windows {
                    jobs.append(SweepJob(ordinal: jobs.count, point: point, symbol: symbol, window: window, base: base))
                }
            }
        }
        return jobs
    }

    /// The window rows are ranked on: train when there is one.
    public var rankWindow: SweepWindow.Role { windows.contains { $0.role == .train } ? .train : .all }

    /// Checks what can be checked before anything runs: keys and values against the agent's config and graph
    /// (one session per point, on the first symbol), and the symbols' data. Throws the first problem.
    public func check(files: MarketFiles) throws {
        guard !parameters.isEmpty else { throw MoondeskError(.badInput, "nothing to sweep: give at least one --set KEY=V1,V2,...") }
        let keys = parameters.map(\.key)
        if let twice = keys.first(where: { k in keys.filter { $0 == k }.count > 1 }) {
            throw MoondeskError(.badInput, "--set \(twice): the key is given twice")
        }
        guard !symbols.isEmpty else { throw MoondeskError(.badInput, "--symbols: give at least one symbol") }
        for symbol in symbols {
            var spec = SweepJob(ordinal: 0, point: points[0], symbol: symbol, window: windows[0], base: base).spec()
            spec.overrides = [:]
            _ = try Session(Self.options(spec), files: files)
        }
        for point in points {
            let spec = SweepJob(ordinal: 0, point: point, symbol: symbols[0], window: windows[0], base: base).spec()
            do {
                _ = try Session(Self.options(spec), files: files)
            } catch {
                throw MoondeskError(.badInput, "\(point.label): \(MoondeskError.from(error).description)")
            }
        }
    }

    static func options(_ spec: BacktestSpec) -> SessionOptions {
        var options = SessionOptions(agentPath: spec.agentPath)
        options.plan.symbol = spec.symbol
        options.plan.profile = spec.profile
        options.plan.overrides = spec.overrides
        options.dataPath = spec.dataPath
        options.newsPath = spec.newsPath
        return options
    }
}
