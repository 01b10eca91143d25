/// A task a budget left out, and why: `"over budget: cost $0.16 > max $0.12"` or
/// `"depends on dropped task patterns"`.
public struct DroppedTask: Codable, Sendable, Hashable {
    public var taskID: String
    public var reason: String

    public init(taskID: String, reason: String) {
        self.taskID = taskID
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case taskID = "task_id"
        case reason
    }
}

/// A plan cut down to a budget: the tasks kept (declaration order), what was dropped, and the new estimate.
public struct BudgetedPlan: Sendable {
    public var tasks: [ResearchTask]
    public var dropped: [DroppedTask]
    public var estimate: PlanEstimate
}

/// The budget cannot be met even with every droppable task dropped.
public struct BudgetError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
}

/// Limits on a plan's estimated cost and simulated parallel time.
///
/// Tasks are dropped from the lowest priority up (low, medium, then high; within a priority the latest
/// declared first) until both limits hold. Dependents of a dropped task go too. Critical tasks are never
/// dropped, nor are the tasks a critical task depends on (directly or not): dropping those would drop the
/// critical task. When only those remain and the limits still do not hold, `apply` throws a `BudgetError`
/// saying by how much: `critical tasks alone cost $0.10, $0.02 over max_cost $0.08`.
public struct PlanBudget: Sendable, Hashable {
    public var maxCost: Double?
    public var maxSeconds: Double?

    public init(maxCost: Double? = nil, maxSeconds: Double? = nil) {
        self.maxCost = maxCost
        self.maxSeconds = maxSeconds
    }

    /// Float sums such as 0.05 + 0.03 + ... are compared with this slack.
    static let slack = 1e-9

    /// Cuts `tasks` down to the budget; throws `PlanError` for an invalid plan, `BudgetError` when even the
    /// required tasks exceed it.
    public func apply(
        to tasks: [ResearchTask], maxParallel: Int, parallel: Bool = true, order: ReadyOrder = .longestPathFirst
    ) throws -> BudgetedPlan {
        let graph = try TaskGraph(tasks)
        let required = Self.requiredTasks(graph)
        var kept = [Bool](repeating: true, count: graph.count)
        var dropped: [DroppedTask] = []
        while true {
            let keptTasks = tasks.indices.filter { kept[$0] }.map { tasks[$0] }
            let estimate = PlanEstimate(try TaskGraph(keptTasks), maxParallel: maxParallel, parallel: parallel, order: order)
            var excess: [String] = []
            if let maxCost, estimate.estimatedCost > maxCost + Self.slack {
                excess.append("cost \(Formatting.usd(estimate.estimatedCost)) > max \(Formatting.usd(maxCost))")
            }
            if let maxSeconds, estimate.estimatedTimeParallel > maxSeconds + Self.slack {
                excess.append("time \(Formatting.seconds(estimate.estimatedTimeParallel)) > max \(Formatting.seconds(maxSeconds))")
            }
            if excess.isEmpty { return BudgetedPlan(tasks: keptTasks, dropped: dropped, estimate: estimate) }

            let candidate = graph.tasks.indices.filter { kept[$0] && !required[$0] }.max { a, b in
                let (ra, rb) = (graph.tasks[a].priority.rank, graph.tasks[b].priority.rank)
                return ra != rb ? ra < rb : a < b
            }
            guard let candidate else { throw exceeded(estimate, onlyCritical: keptTasks.allSatisfy { $0.priority == .critical }) }
            kept[candidate] = false
            dropped.append(DroppedTask(taskID: graph.tasks[candidate].taskID, reason: "over budget: " + excess.joined(separator: ", ")))
            var cursor = dropped.count - 1
            var current = candidate
            while true {
                for next in graph.dependents[current] where kept[next] {
                    kept[next] = false
                    dropped.append(DroppedTask(taskID: graph.tasks[next].taskID,
                                               reason: "depends on dropped task \(graph.tasks[current].taskID)"))
                }
                cursor += 1
                guard cursor < dropped.count else { break }
                current = graph.indexByID[dropped[cursor].taskID]!
            }
        }
    }

    /// Critical tasks and everything they depend on, directly or not.
    static func requiredTasks(_ graph: TaskGraph) -> [Bool] {
        var required = graph.tasks.map { $0.priority == .critical }
        var stack = graph.tasks.indices.filter { required[$0] }
        while let task = stack.popLast() {
            for need in graph.dependencies[task] where !required[need] {
                required[need] = true
                stack.append(need)
            }
        }
        return required
    }

    func exceeded(_ estimate: PlanEstimate, onlyCritical: Bool) -> BudgetError {
        let subject = onlyCritical ? "critical tasks alone" : "critical tasks and the tasks they depend on"
        var parts: [String] = []
        if let maxCost, estimate.estimatedCost > maxCost + Self.slack {
            parts.append("cost \(Formatting.usd(estimate.estimatedCost)), "
                + "\(Formatting.usd(estimate.estimatedCost - maxCost)) over max_cost \(Formatting.usd(maxCost))")
        }
        if let maxSeconds, estimate.estimatedTimeParallel > maxSeconds + Self.slack {
            parts.append("take \(Formatting.seconds(estimate.estimatedTimeParallel)), "
                + "\(Formatting.seconds(estimate.estimatedTimeParallel - maxSeconds)) over max_seconds \(Formatting.seconds(maxSeconds))")
        }
        return BudgetError(description: "\(subject) " + parts.joined(separator: " and "))
    }
}
