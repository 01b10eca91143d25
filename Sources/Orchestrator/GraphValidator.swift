import Research

/// Checks a graph before it runs and reports every problem, each with the file and line it was declared at:
/// unknown names in edges, a missing entry, duplicate nodes, nodes with no way out, nodes with more than one
/// way out, misused parallel branches, unreachable nodes, bad limits.
public enum GraphValidator {
    /// Every problem, in declaration order; empty when the graph can run.
    public static func problems(in graph: GraphDefinition) -> [GraphProblem] {
        var problems = graph.buildProblems
        func problem(_ message: String, _ location: SourceLocation?) { problems.append(GraphProblem(message, at: location)) }
        let nodeNames = Set(graph.nodes.map(\.name))
        let forkNames = Set(graph.forks.map(\.from))
        func isVertex(_ name: String) -> Bool { nodeNames.contains(name) || forkNames.contains(name) || name == GraphDefinition.end }
        func hint(_ name: String) -> String {
            guard let near = nearestName(to: name, in: graph.nodes.map(\.name) + graph.forks.map(\.from)) else { return "" }
            return " (did you mean \(near)?)"
        }

        // The entry point.
        if let entry = graph.entry {
            if entry == GraphDefinition.end || !isVertex(entry) {
                problem("the entry point \(entry) is not a node\(hint(entry))", graph.entryDeclaredAt)
            }
        } else {
            problem("the graph has no entry point: call setEntry with the first node", nil)
        }

        // Names used by edges.
        for edge in graph.edges {
            if !nodeNames.contains(edge.from) {
                problem("edge \(edge.from) -> \(edge.to): unknown node \(edge.from)\(hint(edge.from))", edge.declaredAt)
            }
            if !isVertex(edge.to) {
                problem("edge \(edge.from) -> \(edge.to): unknown node \(edge.to)\(hint(edge.to))", edge.declaredAt)
            }
        }
        for edge in graph.conditionalEdges {
            if !nodeNames.contains(edge.from) {
                problem("conditional edge from unknown node \(edge.from)\(hint(edge.from))", edge.declaredAt)
            }
            if edge.targets.isEmpty { problem("conditional edge from \(edge.from) has no targets", edge.declaredAt) }
            for target in edge.targets where !isVertex(target) {
                problem("conditional edge from \(edge.from): unknown target \(target)\(hint(target))", edge.declaredAt)
            }
            for target in duplicates(edge.targets) {
                problem("conditional edge from \(edge.from) lists target \(target) twice", edge.declaredAt)
            }
        }
        for group in graph.parallels {
            let label = group.isNamedFork ? "fork \(group.from)" : "parallel branches from \(group.from)"
            if !group.isNamedFork, !nodeNames.contains(group.from) {
                problem("\(label): unknown node \(group.from)\(hint(group.from))", group.declaredAt)
            }
            if group.branches.isEmpty { problem("\(label) has no branches", group.declaredAt) }
            for branch in group.branches where !nodeNames.contains(branch) {
                problem("\(label): branch \(branch) is not a node\(hint(branch))", group.declaredAt)
            }
            for branch in duplicates(group.branches) { problem("\(label) lists branch \(branch) twice", group.declaredAt) }
            if !isVertex(group.join) { problem("\(label): unknown join node \(group.join)\(hint(group.join))", group.declaredAt) }
        }

        // Branch nodes: their way out is the join, and they are reached only through their fan-out.
        var branchOf: [String: ParallelBranches] = [:]
        for group in graph.parallels {
            for branch in group.branches {
                if let other = branchOf[branch] {
                    problem("node \(branch) is a branch of both \(describe(other)) and \(describe(group))", group.declaredAt)
                } else {
                    branchOf[branch] = group
                }
            }
        }
        for edge in graph.edges {
            if let group = branchOf[edge.to] {
                problem("edge \(edge.from) -> \(edge.to): \(edge.to) is a branch of \(describe(group)) and runs only there",
                        edge.declaredAt)
            }
        }
        for edge in graph.conditionalEdges {
            for target in edge.targets {
                if let group = branchOf[target] {
                    problem("conditional edge from \(edge.from): \(target) is a branch of \(describe(group)) and runs only there",
                            edge.declaredAt)
                }
            }
        }
        if let entry = graph.entry, let group = branchOf[entry] {
            problem("the entry point \(entry) is a branch of \(describe(group)) and runs only there", graph.entryDeclaredAt)
        }

        // Each node has exactly one way out (branch nodes none of their own).
        let rulesByNode = outgoingRules(in: graph)
        for node in graph.nodes {
            let rules = rulesByNode[node.name] ?? []
            if let group = branchOf[node.name] {
                if let first = rules.first {
                    problem("node \(node.name) is a branch of \(describe(group)) and goes to its join \(group.join); "
                        + "remove its own \(first.kind)", first.location)
                }
            } else if rules.isEmpty {
                problem("node \(node.name) has no outgoing edge: add an edge to the next node or to \(GraphDefinition.end)",
                        node.declaredAt)
            } else if rules.count > 1 {
                let list = rules.map { r in r.location.map { "\(r.kind) at \($0)" } ?? r.kind }.joined(separator: ", ")
                problem("node \(node.name) has \(rules.count) outgoing edges (\(list)); a node has one way out: "
                    + "call removeEdges(from: \"\(node.name)\") before rewiring", rules[1].location)
            }
        }

        // Everything is reachable from the entry.
        if let entry = graph.entry, isVertex(entry) {
            let reached = reachable(from: entry, in: graph)
            for node in graph.nodes where !reached.contains(node.name) {
                problem("node \(node.name) is unreachable from the entry point \(entry)", node.declaredAt)
            }
            for fork in graph.forks where !reached.contains(fork.from) {
                problem("fork \(fork.from) is unreachable from the entry point \(entry)", fork.declaredAt)
            }
        }

        // Limits.
        if graph.stepLimit < 1 { problem("the step limit must be 1 or more, got \(graph.stepLimit)", nil) }
        if graph.defaultTimeout <= .zero { problem("the default node timeout must be positive", nil) }
        for node in graph.nodes where (node.timeout ?? .seconds(1)) <= .zero {
            problem("node \(node.name): the timeout must be positive", node.declaredAt)
        }
        return problems
    }

    /// Throws `GraphError.invalid` listing every problem, if there is any.
    public static func validate(_ graph: GraphDefinition) throws(GraphError) {
        let found = problems(in: graph)
        if !found.isEmpty { throw GraphError.invalid(found) }
    }

    /// The ways out of each node, in declaration order (kind and location).
    static func outgoingRules(in graph: GraphDefinition) -> [String: [(kind: String, location: SourceLocation?)]] {
        var rules: [String: [(kind: String, location: SourceLocation?)]] = [:]
        for edge in graph.edges { rules[edge.from, default: []].append(("edge to \(edge.to)", edge.declaredAt)) }
        for edge in graph.conditionalEdges { rules[edge.from, default: []].append(("conditional edge", edge.declaredAt)) }
        for group in graph.parallels where !group.isNamedFork {
            rules[group.from, default: []].append(("parallel branches", group.declaredAt))
        }
        return rules
    }

    /// The vertices reachable from `start` (nodes, forks and END), following every edge, branch and join.
    static func reachable(from start: String, in graph: GraphDefinition) -> Set<String> {
        var successors: [String: [String]] = [:]
        for edge in graph.edges { successors[edge.from, default: []].append(edge.to) }
        for edge in graph.conditionalEdges { successors[edge.from, default: []] += edge.targets }
        for group in graph.parallels {
            successors[group.from, default: []] += group.branches
            for branch in group.branches { successors[branch, default: []].append(group.join) }
        }
        var seen: Set<String> = [start]
        var pending = [start]
        while let vertex = pending.popLast() {
            for next in successors[vertex] ?? [] where seen.insert(next).inserted { pending.append(next) }
        }
        return seen
    }

    static func describe(_ group: ParallelBranches) -> String {
        let place = group.declaredAt.map { " (\($0))" } ?? ""
        return (group.isNamedFork ? "fork \(group.from)" : "the parallel branches from \(group.from)") + place
    }

    static func duplicates(_ names: [String]) -> [String] {
        var seen: Set<String> = [], reported: Set<String> = [], result: [String] = []
        for name in names where !seen.insert(name).inserted && reported.insert(name).inserted { result.append(name) }
        return result
    }

    /// The candidate within a few edits of `name` (a misspelling), if any.
    static func nearestName(to name: String, in candidates: [String]) -> String? {
        let limit = min(3, max(1, name.count / 3))
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != name {
            let distance = editDistance(Array(name.unicodeScalars), Array(candidate.unicodeScalars))
            if distance <= limit, distance < name.count, distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        return best?.name
    }

    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1), previous[j] + 1, current[j - 1] + 1)
            }
            previous = current
        }
        return previous[b.count]
    }
}
