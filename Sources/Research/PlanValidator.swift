/// Checks a plan before anything runs and reports every problem, not just the first: duplicate ids,
/// unknown dependencies (with a suggestion), dependency cycles (with their path) and missing handler modules.
public enum PlanValidator {
    /// All problems of `tasks` (in declaration order), in the order: duplicates, unknown dependencies,
    /// cycles, missing handlers. `handlerExists` is asked once per distinct module name.
    public static func problems(
        in tasks: [ResearchTask], handlerExists: (String) -> Bool = { _ in true }
    ) -> [PlanProblem] {
        var problems = structuralProblems(in: tasks).problems
        var known: [String: Bool] = [:]
        let existing = Set(tasks.map(\.handler)).filter { name in
            let exists = handlerExists(name)
            known[name] = exists
            return exists
        }
        for task in tasks {
            if task.handler.isEmpty {
                problems.append(problem(task, "missing handler module"))
            } else if known[task.handler] == false {
                problems.append(problem(task,
                    "handler module \"\(task.handler)\" not found" + NameSuggestion.hint(for: task.handler, in: existing.sorted())))
            }
        }
        return problems
    }

    /// Throws a `PlanError` holding every problem, if there is any.
    public static func validate(
        _ tasks: [ResearchTask], handlerExists: (String) -> Bool = { _ in true }
    ) throws(PlanError) {
        let found = problems(in: tasks, handlerExists: handlerExists)
        if !found.isEmpty { throw PlanError(found) }
    }

    static func problem(_ task: ResearchTask, _ message: String) -> PlanProblem {
        PlanProblem(taskID: task.taskID, location: task.declaredAt, message: message)
    }

    /// Duplicate ids, unknown dependencies and cycles, plus the dependency indices when there are none.
    static func structuralProblems(in tasks: [ResearchTask]) -> (problems: [PlanProblem], index: [String: Int], dependencies: [[Int]]) {
        var problems: [PlanProblem] = []
        var index: [String: Int] = [:]
        index.reserveCapacity(tasks.count)
        for (position, task) in tasks.enumerated() {
            if let first = index[task.taskID] {
                let firstAt = tasks[first].declaredAt.map { " (first declared at \($0))" } ?? " (declared twice)"
                problems.append(problem(task, "duplicate id \"\(task.taskID)\"" + firstAt))
            } else {
                index[task.taskID] = position
            }
        }
        var dependencies = [[Int]](repeating: [], count: tasks.count)
        var sortedIDs: [String]?
        for (position, task) in tasks.enumerated() {
            for name in task.dependencies {
                if let target = index[name] {
                    dependencies[position].append(target)
                } else {
                    if sortedIDs == nil { sortedIDs = index.keys.sorted { index[$0]! < index[$1]! } }
                    problems.append(problem(task,
                        "unknown dependency \"\(name)\"" + NameSuggestion.hint(for: name, in: sortedIDs!)))
                }
            }
        }
        for cycle in cycles(dependencies) {
            let path = (cycle + [cycle[0]]).map { tasks[$0].taskID }.joined(separator: " -> ")
            problems.append(problem(tasks[cycle[0]], "cycle: \(path)"))
        }
        return (problems, index, dependencies)
    }

    /// One cycle per back edge found by an iterative depth-first search in declaration order, each rotated
    /// to start at its earliest declared task. `a -> b` reads "a depends on b".
    static func cycles(_ dependencies: [[Int]]) -> [[Int]] {
        enum Mark { case new, onPath, done }
        var mark = [Mark](repeating: .new, count: dependencies.count)
        var found: [[Int]] = []
        var seen = Set<[Int]>()
        for root in dependencies.indices where mark[root] == .new {
            var path: [Int] = [root]
            var nextEdge: [Int] = [0]
            mark[root] = .onPath
            while let node = path.last {
                let edge = nextEdge[nextEdge.count - 1]
                if edge == dependencies[node].count {
                    mark[node] = .done
                    path.removeLast()
                    nextEdge.removeLast()
                    continue
                }
                nextEdge[nextEdge.count - 1] += 1
                let target = dependencies[node][edge]
                switch mark[target] {
                case .new:
                    mark[target] = .onPath
                    path.append(target)
                    nextEdge.append(0)
                case .onPath:
                    var cycle = Array(path[path.lastIndex(of: target)!...])
                    let start = cycle.indices.min { cycle[$0] < cycle[$1] }!
                    cycle = Array(cycle[start...] + cycle[..<start])
                    if seen.insert(cycle).inserted { found.append(cycle) }
                case .done:
                    break
                }
            }
        }
        return found
    }
}
