import Foundation
import Moondesk

/// The statistic rows are ranked by (`--rank`): a backtesting.py label, or a short name for one.
public struct SweepRank: Sendable, Equatable, Codable {
    /// The backtesting.py label, e.g. `Sharpe Ratio`.
    public var label: String
    /// Smaller is better (volatility, durations); otherwise larger is.
    public var ascending: Bool

    public static let names: [(name: String, label: String)] = [
        ("sharpe", "Sharpe Ratio"), ("sortino", "Sortino Ratio"), ("calmar", "Calmar Ratio"), ("return", "Return [%]"),
        ("return_ann", "Return (Ann.) [%]"), ("cagr", "CAGR [%]"), ("equity", "Equity Final [$]"),
        ("drawdown", "Max. Drawdown [%]"), ("avg_drawdown", "Avg. Drawdown [%]"), ("volatility", "Volatility (Ann.) [%]"),
        ("win_rate", "Win Rate [%]"), ("trades", "# Trades"), ("profit_factor", "Profit Factor"),
        ("expectancy", "Expectancy [%]"), ("sqn", "SQN"), ("exposure", "Exposure Time [%]"), ("alpha", "Alpha [%]"),
        ("kelly", "Kelly Criterion"), ("avg_trade", "Avg. Trade [%]"),
    ]
    static let smallerIsBetter: Set<String> = ["Volatility (Ann.) [%]", "Max. Drawdown Duration", "Avg. Drawdown Duration"]
    /// Every label a backtest reports (backtesting.py's), for checking `--rank` before anything runs.
    static let labels: [String] = ["Exposure Time [%]", "Equity Final [$]", "Equity Peak [$]", "Commissions [$]", "Return [%]",
        "Buy & Hold Return [%]", "Return (Ann.) [%]", "Volatility (Ann.) [%]", "CAGR [%]", "Sharpe Ratio", "Sortino Ratio",
        "Calmar Ratio", "Alpha [%]", "Beta", "Max. Drawdown [%]", "Avg. Drawdown [%]", "Max. Drawdown Duration",
        "Avg. Drawdown Duration", "# Trades", "Win Rate [%]", "Best Trade [%]", "Worst Trade [%]", "Avg. Trade [%]",
        "Max. Trade Duration", "Avg. Trade Duration", "Profit Factor", "Expectancy [%]", "SQN", "Kelly Criterion"]

    public init(label: String, ascending: Bool) {
        self.label = label
        self.ascending = ascending
    }

    /// `sharpe`, `Sharpe Ratio`, `win_rate`...; a name that is neither is bad input listing the short names.
    public static func parse(_ text: String) throws -> SweepRank {
        let label = names.first(where: { $0.name == text.lowercased() })?.label
            ?? labels.first(where: { $0.lowercased() == text.lowercased() })
        guard let label else {
            throw MoondeskError(.badInput, "--rank \(text): unknown statistic (one of \(names.map(\.name).joined(separator: ", ")), or a label as host backtest prints it)")
        }
        return SweepRank(label: label, ascending: smallerIsBetter.contains(label))
    }

    /// True when `a` ranks before `b`: the better value first, a missing one (NaN, a failed backtest) last,
    /// then `tie` (grid order) so the same results always give the same table.
    func before(_ a: Double?, _ b: Double?, tie: (Int, Int)) -> Bool {
        switch (a, b) {
        case let (x?, y?) where x != y: return ascending ? x < y : x > y
        case (_?, nil): return true
        case (nil, _?): return false
        default: return tie.0 < tie.1
        }
    }
}
