import Foundation
import LuaHost
import Moondesk

/// The `--json` shape of backtests (docs/BACKTEST.md): `{schema_version, backtests: [...]}`, one entry per agent.
public enum BacktestJSON {
    public static let schemaVersion = 1

    public static func document(_ results: [BacktestResult], exitCode: Int32 = 0) -> LuaValue {
        ["schema_version": .integer(Int64(schemaVersion)), "command": "backtest", "exit_code": .integer(Int64(exitCode)),
         "backtests": .array(results.map(value))]
    }

    static func iso(_ t: Int64) -> LuaValue { .string(MarketContext.isoDate(t)) }
    static func optional(_ x: Double?) -> LuaValue { x.map { .number($0) } ?? .nil }

    public static func value(_ r: BacktestResult) -> LuaValue {
        var metrics: [String: LuaValue] = [:]
        for row in r.metrics.rows {
            switch row.value {
            case .time(let t): metrics[row.label] = iso(t)
            case .count(let n): metrics[row.label] = .integer(Int64(n))
            default: metrics[row.label] = .number(row.number)
            }
        }
        let i = r.insights
        let status: String = switch r.stop {
        case nil: "completed"
        case .interrupted: "interrupted"
        case .failed: "stopped_at_failure"
        case .badInput: "failed"
        }
        var out: [String: LuaValue] = [
            "agent": .string(r.agent), "agent_path": .string(r.spec.agentPath), "symbol": .string(r.spec.symbol),
            "data": .string(r.dataFile), "bar_seconds": .integer(r.bars.interval), "status": .string(status),
            "range": [
                "first_bar": iso(r.bars.time.first ?? 0), "last_bar": iso(r.bars.time.last ?? 0),
                "first_decision": iso(r.bars.time[min(r.range.firstDecision - r.range.first, r.bars.count - 1)]),
                "warmup_bars": .integer(Int64(r.range.warmup)), "every": .integer(Int64(r.range.every)),
                "bars": .integer(Int64(r.bars.count)), "decisions_planned": .integer(Int64(r.plannedDecisions)),
            ],
            "settings": [
                "capital": .number(r.spec.capital), "fee_bps": .number(r.spec.costs.fee * 10_000),
                "slippage_bps": .number(r.spec.costs.slippage * 10_000), "allow_short": .boolean(r.spec.allowShort),
                "jobs": .integer(Int64(r.spec.jobs)),
            ],
            "metrics": .table(metrics),
            "moondesk": [
                "decisions": .integer(Int64(i.decisions)),
                "by_action": .table(i.byAction.mapValues { .integer(Int64($0)) }),
                "by_rating": .table(i.byRating.mapValues { .integer(Int64($0)) }),
                "hit_rate": .table(i.hitRate.mapValues { .number($0) }), "hit_horizon_bars": .integer(Int64(i.horizon)),
                "confidence_winning_trades": optional(i.confidenceWinning),
                "confidence_losing_trades": optional(i.confidenceLosing),
                "failed_bars": .integer(Int64(i.failedBars)), "degraded_bars": .integer(Int64(i.degradedBars)),
                "tasks_failed": .integer(Int64(i.tasksFailed)),
                "research_cost_estimated": .number(i.estimatedCost), "research_cost_actual": .number(i.actualCost),
                "seconds_per_decision": ["mean": .number(i.secondsMean), "median": .number(i.secondsMedian),
                                         "p95": .number(i.secondsP95), "research": .number(i.researchSeconds),
                                         "nodes": .number(i.nodeSeconds), "engine": .number(i.engineSeconds)],
                "wall_seconds": .number(r.wallSeconds),
            ],
            "trades": .array(r.ledger.trades.map(trade)),
            "decisions": .array(r.decisions.map(decision)),
        ]
        out["open_position"] = r.ledger.open.map(trade) ?? .nil
        if let stop = r.stop { out["stopped"] = stopValue(stop, r) }
        return .table(out)
    }

    static func stopValue(_ stop: WalkForward.Stop, _ r: BacktestResult) -> LuaValue {
        let last: LuaValue = r.decisions.last.map { iso($0.time) } ?? .nil
        switch stop {
        case .interrupted: return ["reason": "interrupted", "last_bar": last]
        case .failed(let bar): return ["reason": "fail_fast", "bar": .integer(Int64(bar)), "last_bar": last]
        case .badInput(let message): return ["reason": "bad_input", "error": .string(message), "last_bar": last]
        }
    }

    static func trade(_ t: Trade) -> LuaValue {
        [
            "side": .string(t.isLong ? "long" : "short"), "size": .number(t.size),
            "entry_time": iso(t.entryTime), "entry_price": .number(t.entryPrice),
            "exit_time": iso(t.exitTime), "exit_price": .number(t.exitPrice),
            "stop_loss": optional(t.stopLoss), "take_profit": optional(t.takeProfit),
            "commissions": .number(t.commissions), "pnl": .number(t.pnl), "return_pct": .number(t.returnFraction * 100),
            "exit_reason": .string(t.exitReason.rawValue),
        ]
    }

    static func decision(_ d: BarDecision) -> LuaValue {
        var out: [String: LuaValue] = [
            "time": iso(d.time), "as_of": iso(d.asOf), "action": .string(d.action),
            "rating": d.rating.map { .string($0) } ?? .nil, "confidence": optional(d.confidence),
            "position_size": optional(d.positionSize), "stop_loss": optional(d.stopLoss),
            "take_profit": optional(d.takeProfit), "degraded": .boolean(d.degraded),
            "seconds": .number(d.seconds),
        ]
        if let rationale = d.rationale { out["rationale"] = .string(rationale) }
        if d.failed {
            out["failed_node"] = d.failedNode.map { .string($0) } ?? .nil
            out["error"] = d.error.map { .string($0) } ?? .nil
        }
        return .table(out)
    }
}
