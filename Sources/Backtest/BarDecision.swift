import Foundation
import LuaHost
import Moondesk
import Orchestrator

/// What the agent decided at one decision bar, and what deciding cost.
public struct BarDecision: Sendable, Equatable, Codable {
    /// The bar's index in the run's candle file, its open time, and the as-of it was decided at (its close).
    public var bar: Int
    public var time: Int64
    public var asOf: Int64
    /// BUY, SELL or HOLD; "FAILED" when the graph did not finish (the position is kept).
    public var action: String
    public var rating: String?
    public var confidence: Double?
    public var positionSize: Double?
    public var stopLoss: Double?
    public var takeProfit: Double?
    public var rationale: String?
    /// The node that failed and why, when the decision failed.
    public var failedNode: String?
    public var error: String?
    /// The research went on without all it needed (a critical task missing, the quality gate not passed).
    public var degraded: Bool
    public var tasks: Int
    public var tasksFailed: Int
    public var estimatedCost: Double
    public var actualCost: Double
    /// Wall time of the decision, and the part spent in the research node (the executor and the handlers).
    public var seconds: Double
    public var researchSeconds: Double
    public var nodeSeconds: Double

    public var failed: Bool { action == "FAILED" }

    /// The size of a BUY or SELL that gives none (backtesting.py's `size` default).
    public static let defaultSize = 0.9999

    /// A decision made elsewhere (a test, a journal): `action` BUY, SELL, HOLD or FAILED.
    public init(bar: Int, time: Int64, asOf: Int64, action: String, rating: String? = nil, confidence: Double? = nil,
                positionSize: Double? = nil, stopLoss: Double? = nil, takeProfit: Double? = nil) {
        self.bar = bar
        self.time = time
        self.asOf = asOf
        self.action = action
        self.rating = rating
        self.confidence = confidence
        self.positionSize = positionSize
        self.stopLoss = stopLoss
        self.takeProfit = takeProfit
        degraded = false
        tasks = 0
        tasksFailed = 0
        estimatedCost = 0
        actualCost = 0
        seconds = 0
        researchSeconds = 0
        nodeSeconds = 0
    }

    /// The decision of `run`, made at bar `bar` (open `time`) as of `asOf` in `seconds` of wall time.
    public init(_ run: DecisionRun, bar: Int, time: Int64, asOf: Int64, seconds: Double) {
        self.bar = bar
        self.time = time
        self.asOf = asOf
        self.seconds = seconds
        let d = run.decision
        if run.failure == nil, run.result.status == .completed, let action = d["action"].stringValue {
            self.action = action.uppercased()
            rating = d["rating"].stringValue
            confidence = d["confidence"].doubleValue
            positionSize = d["position_size"].doubleValue
            stopLoss = d["stop_loss"].doubleValue
            takeProfit = d["take_profit"].doubleValue
            rationale = d["rationale"].stringValue
        } else {
            action = "FAILED"
            failedNode = run.result.error?.node
            error = run.failure?.description ?? run.result.error?.message ?? "the graph ended without a decision"
        }
        let reports = run.rounds.map(\.report)
        let quality = run.state["quality"]
        degraded = reports.contains(where: \.degraded) || quality["passed"].boolValue == false
        tasks = run.plan?.tasks.count ?? 0
        tasksFailed = (run.state["task_status"].tableValue ?? [:]).values.filter { $0["status"].stringValue != "completed" }.count
        estimatedCost = run.plan?.tasks.reduce(0) { $0 + $1.estimatedCost } ?? 0
        actualCost = reports.reduce(0) { $0 + $1.estimatedVsActual.actualCost }
        var research = 0.0, nodes = 0.0
        for record in run.result.journal {
            if record.name == "researcher" { research += record.end - record.start } else { nodes += record.end - record.start }
        }
        researchSeconds = research
        nodeSeconds = nodes
    }

    /// The order this decision makes (docs/BACKTEST.md): BUY → long its size, SELL → flat (short its size when
    /// shorting is allowed), HOLD and a failed decision → keep the position.
    /// A BUY or SELL that gives no `position_size` takes backtesting.py's default, 0.9999 of equity; a size of 0 or
    /// less, or not a number, opens nothing.
    public func order(allowShort: Bool) -> Order {
        let size = (positionSize ?? Self.defaultSize).isFinite && (positionSize ?? Self.defaultSize) > 0
            ? min(positionSize ?? Self.defaultSize, 1) : nil
        switch action {
        case "BUY": return size.map { .long(fraction: $0, stop: stopLoss, target: takeProfit) } ?? .keep
        case "SELL":
            guard allowShort else { return .flat }
            return size.map { .short(fraction: $0, stop: stopLoss, target: takeProfit) } ?? .flat
        default: return .keep
        }
    }
}

/// A bar's decision as a journal records it, and back.
extension BarDecision {
    public var recorded: LuaValue? {
        guard let data = try? JSONEncoder().encode(self) else { return nil }
        return try? LuaValue.parseLosslessJSON(String(decoding: data, as: UTF8.self))
    }

    public init?(recorded value: LuaValue) {
        guard let decoded = try? JSONDecoder().decode(BarDecision.self, from: Data(value.jsonText().utf8)) else { return nil }
        self = decoded
    }
}
