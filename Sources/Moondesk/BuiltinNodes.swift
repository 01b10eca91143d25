import Foundation
import LuaHost
import Orchestrator
import Research

/// The planner node's update: the plan (`research_plan`, its `tasks` in the plan report's shape), the ids of its
/// tasks in plan order (`planned_tasks`) and the planner's notes.
enum PlannerNode {
    static func output(_ plan: ResearchPlan) -> NodeOutput {
        let path = plan.estimate.criticalPath.joined(separator: " -> ")
        let summary = "\(plan.tasks.count) tasks, $\(FixedPoint.text(plan.estimate.estimatedCost, decimals: 2)), "
            + "\(PlanReport.format(plan.estimate.estimatedTimeParallel)) s parallel "
            + "(\(PlanReport.format(plan.estimate.estimatedTimeSequential)) s sequential), critical path \(path.isEmpty ? "-" : path)"
        return NodeOutput([
            AgentState.Field.researchPlan: PlanReport.json(plan),
            AgentState.Field.plannedTasks: .array(plan.tasks.map { .string($0.taskID) }),
            AgentState.Field.messages: .array(plan.notes.map { .string("planner: " + $0) }),
        ], summary: summary)
    }

    /// After a re-plan: keeps the earlier results of tasks whose definition did not change, asks the researcher
    /// for the rest (changed, new, `forced`, and their dependents), and returns the ids it asked for.
    static func reuse(plan: ResearchPlan, previous: ResearchPlan, state: AgentState, forced: Set<String>,
                      into output: inout NodeOutput) -> [String] {
        func definition(_ task: ResearchTask) -> ResearchTask {
            var task = task
            task.declaredAt = nil
            return task
        }
        let before = Dictionary(previous.tasks.map { ($0.taskID, definition($0)) }, uniquingKeysWith: { a, _ in a })
        let results = state[AgentState.Field.taskExecutionResults]
        var changed = Set(plan.tasks.filter { before[$0.taskID] != definition($0) || results[$0.taskID].isNil }.map(\.taskID))
        changed.formUnion(forced.filter { id in plan.tasks.contains { $0.taskID == id } })
        let rerun = ResearcherNode.subset(plan.tasks, ids: changed, results: results).tasks.map(\.taskID)
        var keptResults: [String: LuaValue] = [:], keptStatus: [String: LuaValue] = [:]
        for task in plan.tasks where !rerun.contains(task.taskID) {
            keptResults[task.taskID] = results[task.taskID]
            keptStatus[task.taskID] = state["task_status"][task.taskID]
        }
        output.replacements[AgentState.Field.taskExecutionResults] = .table(keptResults)
        output.replacements["task_status"] = .table(keptStatus)
        output.update["rerun_task_ids"] = .array(rerun.map { .string($0) })
        output.update["research_round"] = .integer(0)
        output.summary = (output.summary ?? "") + "; reusing \(keptResults.count) result\(keptResults.count == 1 ? "" : "s")"
        return rerun
    }
}

/// The researcher node: runs the plan (the first time) or the tasks the quality gate asked for again
/// (`rerun_task_ids`), and merges what it found into the state.
enum ResearcherNode {
    static let syntheticWarning = "on-chain and macro figures are synthetic samples (data/synthetic), not real data"

    /// The tasks of one round and, for a re-run, the earlier results its tasks depend on.
    struct Round {
        var tasks: [ResearchTask]
        var prior: [String: [String: LuaValue]]
        var isRerun: Bool
    }

    /// The whole plan, or the requested tasks plus the dependents that were skipped or cancelled because of them.
    static func round(plan: ResearchPlan, state: AgentState) -> Round {
        guard let requested = state["rerun_task_ids"].arrayValue?.compactMap(\.stringValue), !requested.isEmpty else {
            return Round(tasks: plan.tasks, prior: [:], isRerun: false)
        }
        let status = state["task_status"]
        return subset(plan.tasks, ids: Set(requested), results: state[AgentState.Field.taskExecutionResults]) { id in
            let s = status[id]["status"].stringValue
            return s == TaskStatus.skipped.rawValue || s == TaskStatus.cancelled.rawValue
        }
    }

    /// `ids` and every task depending on them (directly or not) for which `include` holds, in plan order; their
    /// dependencies outside the subset come from `results` as inputs.
    static func subset(_ tasks: [ResearchTask], ids: Set<String>, results: LuaValue,
                       include: (String) -> Bool = { _ in true }) -> Round {
        var chosen = ids
        var grew = true
        while grew {
            grew = false
            for task in tasks where !chosen.contains(task.taskID) && include(task.taskID)
                && task.dependencies.contains(where: chosen.contains) {
                chosen.insert(task.taskID)
                grew = true
            }
        }
        var picked: [ResearchTask] = []
        var prior: [String: [String: LuaValue]] = [:]
        for var task in tasks where chosen.contains(task.taskID) {
            for need in task.dependencies where !chosen.contains(need) {
                prior[task.taskID, default: [:]][need] = results[need]
            }
            task.dependencies.removeAll { !chosen.contains($0) }
            picked.append(task)
        }
        return Round(tasks: picked, prior: prior, isRerun: true)
    }

    /// Nothing to re-run: the earlier results stand.
    static func reused(plan: ResearchPlan, state: AgentState) -> NodeOutput {
        let results = state[AgentState.Field.taskExecutionResults]
        let completed = plan.tasks.map(\.taskID).filter { !results[$0].isNil }
        return NodeOutput([
            AgentState.Field.completedTaskIDs: .array(completed.map { .string($0) }),
            "research_round": .integer(1), "rerun_task_ids": .nil,
            AgentState.Field.warnings: warnings(results: results.tableValue ?? [:], state: state),
        ], summary: "reused all \(completed.count) results (no task changed)")
    }

    /// The warning about synthetic samples, once, when any result the run holds rests on them.
    static func warnings(results: [String: LuaValue], state: AgentState) -> LuaValue {
        let given = state[AgentState.Field.warnings].arrayValue ?? []
        guard results.values.contains(where: { $0["source"].stringValue == "synthetic-sample" }),
              !given.contains(.string(syntheticWarning)) else { return .nil }
        return .array([.string(syntheticWarning)])
    }

    static func output(_ report: ExecutionReport, round: Int, rerun: Bool, plan: ResearchPlan, state: AgentState,
                       rounds: [ExecutionReport]) -> NodeOutput {
        var status: [String: LuaValue] = [:]
        for (id, record) in report.tasks {
            var entry: [String: LuaValue] = [
                "status": .string(record.status.rawValue), "attempts": .integer(Int64(record.attempts.count)),
                "round": .integer(Int64(round)),
            ]
            if let duration = record.duration { entry["duration_seconds"] = .number(duration) }
            if let error = record.error { entry["error"] = .string(error) }
            if let location = record.errorLocation { entry["error_location"] = .string(location) }
            if let retryable = record.retryable { entry["retryable"] = .boolean(retryable) }  // the quality gate re-runs only these
            status[id] = .table(entry)
        }
        let known = (state[AgentState.Field.taskExecutionResults].tableValue ?? [:]).merging(report.results) { _, new in new }
        let completed = plan.tasks.map(\.taskID).filter { known[$0] != nil }
        var update: [String: LuaValue] = [
            AgentState.Field.taskExecutionResults: .table(report.results),
            "task_status": .table(status),
            AgentState.Field.completedTaskIDs: .array(completed.map { .string($0) }),
            "research_round": .integer(Int64(round)),
            "research": combined(rounds, plan: plan),
            "rerun_task_ids": .nil,
        ]
        update[AgentState.Field.warnings] = warnings(results: known, state: state)
        let failed = plan.tasks.map(\.taskID).filter { id in report.tasks[id].map { $0.status != .completed } ?? false }
        let text = (rerun ? "round \(round): re-ran \(report.totalTasks): " : "")
            + "\(report.completed)/\(report.totalTasks) tasks completed"
            + (failed.isEmpty ? "" : "; not completed: " + failed.joined(separator: ", "))
        return NodeOutput(update, summary: text)
    }

    /// The state's `research` field: the executor's report of every round so far combined (counts, per-task
    /// records, estimate against actual, `rounds`), encoded straight from the Codable report. The results
    /// themselves live once, in `task_execution_results`.
    static func combined(_ rounds: [ExecutionReport], plan: ResearchPlan) -> LuaValue {
        guard let merged = ExecutionReport.combining(rounds, plan: plan.tasks),
              case .table(var fields) = (try? LuaValueEncoder().encode(merged)) ?? .nil else { return .nil }
        fields["results"] = nil
        fields["rounds"] = .integer(Int64(rounds.count))
        return .table(fields)
    }
}

/// A handler whose tasks also get, as inputs, results from an earlier round (the dependencies a re-run left out).
struct PriorInputsHandler: TaskHandler {
    let base: any TaskHandler
    let prior: [String: [String: LuaValue]]

    func run(_ task: ResearchTask, context: TaskContext) async throws -> LuaValue {
        try await base.run(task, context: withPrior(task, context))
    }

    func recall(_ task: ResearchTask, context: TaskContext) -> LuaValue? { base.recall(task, context: withPrior(task, context)) }

    private func withPrior(_ task: ResearchTask, _ context: TaskContext) -> TaskContext {
        var context = context
        for (id, result) in prior[task.taskID] ?? [:] where context.dependencyResults[id] == nil {
            context.dependencyResults[id] = result
        }
        return context
    }
}
