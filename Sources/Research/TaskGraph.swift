/// A structurally valid plan as an index-based DAG: what estimates, budgets and the executor work on.
///
/// Task `i` is `tasks[i]` (declaration order). Built once in O(tasks + dependencies).
public struct TaskGraph: Sendable {
    public let tasks: [ResearchTask]
    /// `ids[i]` is `tasks[i].taskID`: a run reads ids in every step, and a 16-byte array stays in the cache where
    /// the tasks themselves do not.
    public let ids: [String]
    /// Position of each task id in `tasks`.
    public let indexByID: [String: Int]
    /// `dependencies[i]`: indices of the tasks `i` waits for.
    public let dependencies: [[Int]]
    /// `dependents[i]`: indices of the tasks waiting for `i`.
    public let dependents: [[Int]]
    /// Dependencies before dependents; ties in declaration order.
    public let topologicalOrder: [Int]
    /// `remainingSeconds[i]`: the task's own estimated seconds plus the longest chain of dependents after it.
    public let remainingSeconds: [Double]
    /// The ready orders' ranks, made when first asked for.
    let readyRanks = ReadyRanks()

    /// Builds the graph; throws every duplicate id, unknown dependency and cycle (handlers are not checked).
    public init(_ tasks: [ResearchTask]) throws(PlanError) {
        let (problems, index, dependencies) = PlanValidator.structuralProblems(in: tasks)
        if !problems.isEmpty { throw PlanError(problems) }
        self.tasks = tasks
        self.ids = tasks.map(\.taskID)
        self.indexByID = index
        self.dependencies = dependencies
        var dependents = [[Int]](repeating: [], count: tasks.count)
        var waiting = [Int](repeating: 0, count: tasks.count)
        for (task, needs) in dependencies.enumerated() {
            waiting[task] = needs.count
            for need in needs { dependents[need].append(task) }
        }
        self.dependents = dependents
        var order: [Int] = []
        order.reserveCapacity(tasks.count)
        for task in tasks.indices where waiting[task] == 0 { order.append(task) }
        var cursor = 0
        while cursor < order.count {
            for next in dependents[order[cursor]] {
                waiting[next] -= 1
                if waiting[next] == 0 { order.append(next) }
            }
            cursor += 1
        }
        self.topologicalOrder = order
        var remaining = [Double](repeating: 0, count: tasks.count)
        for task in order.reversed() {
            remaining[task] = tasks[task].estimatedSeconds + (dependents[task].lazy.map { remaining[$0] }.max() ?? 0)
        }
        self.remainingSeconds = remaining
    }

    public var count: Int { tasks.count }

    /// Dependency levels: level 0 has no dependencies, otherwise 1 + the highest level of its dependencies.
    /// Each level lists task indices in declaration order.
    public var levels: [[Int]] {
        var level = [Int](repeating: 0, count: count)
        var levels: [[Int]] = []
        for task in topologicalOrder {
            level[task] = dependencies[task].lazy.map { level[$0] + 1 }.max() ?? 0
        }
        for task in tasks.indices {
            while levels.count <= level[task] { levels.append([]) }
            levels[level[task]].append(task)
        }
        return levels
    }

    /// The longest chain by estimated seconds, first task first. Ties go to the chain ending at the earliest
    /// declared task, then to its earliest declared dependency.
    public var criticalPath: (tasks: [Int], seconds: Double) {
        guard count > 0 else { return ([], 0) }
        var finish = [Double](repeating: 0, count: count)
        var previous = [Int?](repeating: nil, count: count)
        for task in topologicalOrder {
            var best: Int?
            for need in dependencies[task] where best == nil || finish[need] > finish[best!] || (finish[need] == finish[best!] && need < best!) {
                best = need
            }
            previous[task] = best
            finish[task] = (best.map { finish[$0] } ?? 0) + tasks[task].estimatedSeconds
        }
        var end = 0
        for task in tasks.indices where finish[task] > finish[end] { end = task }
        var chain = [end]
        while let before = previous[chain[chain.count - 1]] { chain.append(before) }
        return (chain.reversed(), finish[end])
    }
}
