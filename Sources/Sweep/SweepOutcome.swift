import Backtest
import Foundation
import Moondesk

/// What one backtest of a sweep gave: its statistics (backtesting.py's labels; nil where the library has NaN)
/// and the decisions, or why it could not run. All the table needs and nothing that varies from run to run
/// (no wall time), so a worker's outcome and a local one print the same.
public struct SweepOutcome: Sendable, Equatable, Codable {
    public var ordinal: Int
    public var agent: String
    /// Bar length, seconds; nil when the backtest did not run.
    public var barSeconds: Int64?
    public var metrics: [String: Double?]
    public var decisions: Int
    public var failedBars: Int
    /// Why there are no statistics: the backtest's bad input, or the queue's parked job's error.
    public var error: String?

    public init(ordinal: Int, agent: String, barSeconds: Int64?, metrics: [String: Double?], decisions: Int,
                failedBars: Int, error: String?) {
        self.ordinal = ordinal
        self.agent = agent
        self.barSeconds = barSeconds
        self.metrics = metrics
        self.decisions = decisions
        self.failedBars = failedBars
        self.error = error
    }

    public init(_ result: BacktestResult, ordinal: Int) {
        self.ordinal = ordinal
        agent = result.agent
        barSeconds = result.bars.interval
        var m: [String: Double?] = [:]
        for row in result.metrics.rows {
            let x = row.number
            m[row.label] = x.isFinite ? x : nil
        }
        metrics = m
        decisions = result.insights.decisions
        failedBars = result.insights.failedBars
        if case .badInput(let message) = result.stop { error = message } else { error = nil }
    }

    public static func failed(_ ordinal: Int, agent: String, error: String) -> SweepOutcome {
        SweepOutcome(ordinal: ordinal, agent: agent, barSeconds: nil, metrics: [:], decisions: 0, failedBars: 0, error: error)
    }

    /// Stored as JSON with sorted keys: the same outcome, the same bytes (Double round-trips exactly).
    public func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }

    public static func decode(_ text: String) throws -> SweepOutcome {
        try JSONDecoder().decode(SweepOutcome.self, from: Data(text.utf8))
    }
}
