import Foundation
import LuaHost
import Orchestrator
import Research

/// A decision run as JSON (`host run --json`, schema `Schemas/decision.schema.json`, docs/CLI.md). Everything
/// printed comes from the state after the privacy node redacted it. The object is conformed to its schema, so an
/// empty list is `[]` wherever the schema says list, and carries `schema_version`.
public enum DecisionReport {
    /// The decision fields `--json` promises, in the `decision` object.
    static let decisionKeys = ["action", "rating", "confidence", "position_size", "stop_loss", "take_profit", "rationale"]

    /// `exitStatus`: the code the command exits with (default: the run's own, without `--strict`).
    public static func json(_ run: DecisionRun, session: Session, exitStatus: ExitStatus? = nil) -> LuaValue {
        let state = run.state
        var decision: [String: LuaValue] = [:]
        for key in decisionKeys { decision[key] = run.decision[key] }
        var out: [String: LuaValue] = [
            "symbol": state[AgentState.Field.symbol],
            "risk_profile": state[AgentState.Field.riskProfile],
            "as_of": .string(MarketContext.isoDate(session.runtime.market.asOf)),
            "status": .string(run.result.status.rawValue),
            "decision": run.decision.isNil ? .nil : .table(decision),
            "plan": state[AgentState.Field.researchPlan],
            "research": research(state),
            "nodes": .array(run.result.journal.map(node)),
            "path": .array(run.result.path.map { .string($0) }),
            "warnings": .array(DecisionWarnings.all(run, session: session).map { .string($0) }),  // point in time: with the clock's
            "degraded": .boolean(!run.degradation.isEmpty || !session.options.substitutions.isEmpty),
            "degraded_reasons": .array((session.options.substitutions + run.degradation).map { .string($0) }),
            "exit_code": .integer(Int64((exitStatus ?? ExitStatus.of(run: run, strict: false)).rawValue)),
            "schema_version": .integer(JSONSchema.version),
            "run": provenance(run, session: session),
        ]
        out.merge(PointInTimeFields.report(session.runtime.market)) { own, _ in own }  // point in time
        for field in ["validation", "quality", "bull_case", "bear_case", "analysis", "risk", "position", "privacy"] {
            out[field] = state[field]
        }
        if let failure = run.failure { out["error"] = ErrorReport.object(failure) }
        return JSONSchema.named("decision").conform(.table(out))
    }

    /// The executor's aggregation over every research round and the results, both from the state the privacy node
    /// redacted.
    static func research(_ state: AgentState) -> LuaValue {
        guard case .table(var fields) = state["research"] else { return .nil }
        fields["results"] = state[AgentState.Field.taskExecutionResults].isNil ? .table([:]) : state[AgentState.Field.taskExecutionResults]
        return .table(fields)
    }

    static func node(_ record: NodeRecord) -> LuaValue {
        var out: [String: LuaValue] = [
            "name": .string(record.name), "step": .integer(Int64(record.step)),
            "start": .number(PlanReport.rounded(record.start)), "end": .number(PlanReport.rounded(record.end)),
            "status": .string(record.status.rawValue),
        ]
        if let summary = record.summary { out["summary"] = .string(summary) }
        if let error = record.error { out["error"] = .string(error) }
        if let location = record.errorLocation { out["error_location"] = .string(location) }
        return .table(out)
    }

    /// Where the decision came from: the run's id, every script and data file with its SHA-256, the seed, the time.
    static func provenance(_ run: DecisionRun, session: Session) -> LuaValue {
        var scripts: [String: LuaValue] = [:]
        for file in run.scriptFiles {
            if let hash = session.runtime.scripts.sha256(of: file) { scripts[file] = .string(hash) }
        }
        scripts.merge(hashes([session.paths.config + "/planning.yaml"])) { a, _ in a }
        var data: [String: LuaValue] = [:]
        for file in session.runtime.market.dataFiles {
            if let hash = session.runtime.market.sha256(of: file) { data[file] = .string(hash) }
        }
        let inputs = (scripts.merging(data) { a, _ in a }).sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value.stringValue ?? "")" }.joined(separator: "\n")
        let stamp = MarketContext.isoDate(Int64(Date().timeIntervalSince1970))   // Foundation's formatter loads ICU: 3 ms a run
        return [
            "id": .string(stamp + "-" + String(ScriptSet.sha256(Data(inputs.utf8)).prefix(8))),
            "scripts": .table(scripts),
            "data": .table(data),
            "seed": .integer(Int64(run.plan?.config.seed ?? 42)),
            "duration_seconds": .number(run.result.durationSeconds),
        ]
    }

    /// Path → SHA-256 of each file that exists.
    static func hashes(_ files: [String]) -> [String: LuaValue] {
        var out: [String: LuaValue] = [:]
        for file in files {
            if let data = FileManager.default.contents(atPath: file) { out[file] = .string(ScriptSet.sha256(data)) }
        }
        return out
    }
}
