import Foundation
import Synchronization
import LuaHost
import Research

/// A plan as people read it (a table and totals) and as tools read it (JSON with the seed's keys).
public enum PlanReport {
    /// Tasks encoded before, by value: a walk forward plans the same tasks at every bar, and encoding through
    /// Codable is most of a plan's cost.
    private static let encodedTasks = Mutex<[ResearchTask: LuaValue]>([:])

    static func encoded(_ task: ResearchTask) -> LuaValue {
        if let known = encodedTasks.withLock({ $0[task] }) { return known }
        let value = (try? LuaValueEncoder().encode(task)) ?? .nil
        encodedTasks.withLock { known in
            if known.count >= 1_024 { known = [:] }
            known[task] = value
        }
        return value
    }

    public static func json(_ plan: ResearchPlan) -> LuaValue {
        let tasks: [LuaValue] = plan.tasks.map(encoded)
        let e = plan.estimate
        return [
            "symbol": .string(plan.symbol), "risk_profile": .string(plan.riskProfile), "agent": .string(plan.agent),
            "tasks": .array(tasks),
            "execution_order": .array(e.executionOrder.map { .array($0.map { .string($0) }) }),
            "estimated_cost": .number(rounded(e.estimatedCost)),
            "estimated_time_sequential": .number(e.estimatedTimeSequential),
            "estimated_time_parallel": .number(e.estimatedTimeParallel),
            "speedup": .number(rounded(e.speedup)),
            "critical_path": .array(e.criticalPath.map { .string($0) }),
            "critical_path_seconds": .number(e.criticalPathSeconds),
            "max_parallel": .integer(Int64(e.maxParallel)),
            "schedule": .array(e.schedule.map { ["task_id": .string($0.taskID), "start": .number($0.start), "end": .number($0.end)] }),
            "dropped": .array(plan.dropped.map { ["task_id": .string($0.taskID), "reason": .string($0.reason)] }),
            "notes": .array(plan.notes.map { .string($0) }),
        ]
    }

    static func rounded(_ x: Double) -> Double { (x * 1e6).rounded() / 1e6 }

    public static func text(_ plan: ResearchPlan) -> String {
        let e = plan.estimate
        var out = "Research plan for \(plan.symbol), \(plan.riskProfile) profile (agent \(plan.agent))\n\n"
        let schedule = Dictionary(uniqueKeysWithValues: e.schedule.map { ($0.taskID, $0) })
        let header = ["task", "priority", "depends", "cost", "seconds", "start", "end"]
        var rows = [header]
        for task in plan.tasks {
            let s = schedule[task.taskID]
            rows.append([task.taskID, task.priority.rawValue + (task.optional ? " (optional)" : ""),
                         task.dependencies.isEmpty ? "-" : task.dependencies.joined(separator: ","),
                         String(format: "$%.2f", task.estimatedCost), format(task.estimatedSeconds),
                         s.map { format($0.start) } ?? "-", s.map { format($0.end) } ?? "-"])
        }
        let widths = header.indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        for (i, row) in rows.enumerated() {
            out += row.enumerated().map { c, cell in
                c >= 3 ? String(repeating: " ", count: widths[c] - cell.count) + cell : cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
            }.joined(separator: "  ") + "\n"
            if i == 0 { out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n" }
        }
        out += "\n"
        out += "execution order (dependency levels): " + e.executionOrder.map { "[" + $0.joined(separator: ", ") + "]" }.joined(separator: " ") + "\n"
        out += "critical path: \(e.criticalPath.joined(separator: " -> ")) (\(format(e.criticalPathSeconds)) s)\n"
        out += String(format: "estimated cost $%.2f; sequential %@ s; parallel %@ s with %d slots; speedup %.1fx\n",
                      e.estimatedCost, format(e.estimatedTimeSequential), format(e.estimatedTimeParallel), e.maxParallel, e.speedup)
        for d in plan.dropped { out += "dropped \(d.taskID): \(d.reason)\n" }
        for n in plan.notes { out += "note: \(n)\n" }
        return out
    }

    static func format(_ s: Double) -> String { s == s.rounded() ? String(Int(s)) : FixedPoint.text(s, decimals: 1) }

    /// What the figures above are, for people reading the text plan.
    public static let estimatesNote = """

        These are the planner's estimates, not measurements: cost is what each task's data and API calls are
        expected to cost in USD, seconds how long it is expected to take. Sequential time adds the seconds up;
        parallel time is the simulated schedule on the executor's slots, following the dependencies. A run
        reports what happened (actual cost and time) beside them.

        """
}
