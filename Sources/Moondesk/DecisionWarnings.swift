import LuaHost
import Orchestrator

/// The warnings of a decision run, in one list for every output (text, `--json`, the report): substituted data
/// first, then what the nodes and the research said (synthetic samples, degraded research), then the clock's
/// (stale data, an as-of outside the data).
public enum DecisionWarnings {
    public static func all(_ run: DecisionRun, session: Session) -> [String] {
        var out = session.options.substitutions.map { "substituted data: " + $0 }
        let given = (PointInTimeFields.warnings(run.state[AgentState.Field.warnings], session.runtime.market).arrayValue ?? [])
            .compactMap(\.stringValue)
        for line in given where !out.contains(line) { out.append(line) }
        for reason in run.degradation where !out.contains(where: { $0.contains(reason) }) {
            out.append("degraded: " + reason)
        }
        return out
    }
}

extension DecisionRun {
    /// Why the decision rests on less than was asked for, one line each (empty: it does not): tasks of the final
    /// research that did not complete (with their status and error) and the executor's degraded reasons.
    /// Substituted data is the session's (`SessionOptions.substitutions`) and is added by `DecisionWarnings`.
    public var degradation: [String] {
        var out: [String] = []
        let research = state["research"]
        for reason in (research["degraded_reasons"].arrayValue ?? []).compactMap(\.stringValue) where !out.contains(reason) {
            out.append(reason)
        }
        let status = research["tasks"]   // the latest record of each task over every round
        for task in state[AgentState.Field.researchPlan]["tasks"].arrayValue ?? [] {
            // A critical task's line is among the executor's degraded reasons already.
            guard let id = task["task_id"].stringValue, task["priority"].stringValue != "critical",
                  let s = status[id]["status"].stringValue, s != "completed" else { continue }
            out.append("task \(id) \(s)" + (status[id]["error"].stringValue.map { ": \($0)" } ?? ""))
        }
        return out
    }

    /// The research was stopped by `--fail-fast` (the executor's stop reason).
    public var stoppedByFailFast: Bool {
        rounds.contains { $0.report.stopReason?.hasPrefix("fail_fast") == true }
    }
}
