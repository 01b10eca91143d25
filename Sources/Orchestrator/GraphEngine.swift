/// Runs a graph: from the entry, node after node, parallel branches at the same time, conditional edges by
/// their routers, until `END`, an error, the step limit or cancellation. The state and the journal reached so
/// far are always in the result.
public enum GraphEngine {
    /// Validates `graph`, then runs it on `initial`. `events` is called from several tasks at once when
    /// branches run in parallel, so it must be thread-safe.
    ///
    /// `start` resumes a run at a node or fork other than the entry (the graph is validated as declared), with
    /// `initial` the state that vertex saw before: how a reload re-runs one node and what follows it.
    public static func run(_ graph: GraphDefinition, initial: AgentState, from start: String? = nil,
                           runner: any NodeRunner, events: @escaping GraphEventSink = { _ in }) async -> GraphRunResult {
        var run = GraphRun(graph: graph, state: initial, runner: runner, events: events)
        await run.execute(from: start)
        return run.result
    }
}

/// One run in progress.
struct GraphRun {
    enum Outgoing { case edge(String), conditional(ConditionalEdge), parallel(ParallelBranches) }

    let graph: GraphDefinition
    let invoker: NodeInvoker
    let merger: StateMerger
    var state: AgentState
    var journal: [NodeRecord] = []
    var path: [String] = []
    var steps = 0
    var status = RunStatus.completed
    var error: GraphError?
    var nodes: [String: GraphNode] = [:]
    var forks: [String: ParallelBranches] = [:]
    var outgoing: [String: Outgoing] = [:]

    init(graph: GraphDefinition, state: AgentState, runner: any NodeRunner, events: @escaping GraphEventSink) {
        self.graph = graph
        self.state = state
        invoker = NodeInvoker(runner: runner, events: events, runStart: .now, defaultTimeout: graph.defaultTimeout)
        merger = StateMerger(reducers: graph.reducers)
    }

    var result: GraphRunResult {
        GraphRunResult(state: state, journal: journal, status: status, error: error, steps: steps, path: path,
                       durationSeconds: invoker.offset())
    }

    mutating func fail(_ error: GraphError) {
        self.error = error
        status = error.kind == .cancelled ? .cancelled : .failed
    }

    mutating func execute(from start: String?) async {
        var problems = GraphValidator.problems(in: graph)
        if let start, graph.node(start) == nil, !graph.forks.contains(where: { $0.from == start }) {
            problems.append(GraphProblem("cannot start at \(start): there is no such node or fork"))
        }
        guard problems.isEmpty, let entry = start ?? graph.entry else { return fail(.invalid(problems)) }
        for node in graph.nodes { nodes[node.name] = node }
        for group in graph.parallels {
            if group.isNamedFork { forks[group.from] = group } else { outgoing[group.from] = .parallel(group) }
        }
        for edge in graph.edges { outgoing[edge.from] = .edge(edge.to) }
        for edge in graph.conditionalEdges { outgoing[edge.from] = .conditional(edge) }

        var current = entry
        while current != GraphDefinition.end {
            if Task.isCancelled {
                return fail(GraphError(.cancelled, "the run was cancelled before \(current)", node: current))
            }
            if let fork = forks[current] {
                guard let join = await runParallel(fork) else { return }
                current = join
                continue
            }
            let node = nodes[current]!
            guard await runSingle(node) else { return }
            let next: String?
            switch outgoing[current]! {
            case .edge(let to): next = to
            case .conditional(let edge): next = await route(edge)
            case .parallel(let group):
                guard let join = await runParallel(group) else { return }
                current = join
                continue
            }
            guard let next else { return }
            invoker.events(.routed(from: current, to: next, offset: invoker.offset()))
            current = next
        }
    }

    /// Runs one node and applies its update; false when the run stops.
    mutating func runSingle(_ node: GraphNode) async -> Bool {
        guard steps < graph.stepLimit else {
            fail(stepLimitError(next: node.name))
            return false
        }
        steps += 1
        path.append(node.name)
        var outcome = await invoker.invoke(node, step: steps, state: state)
        if let output = outcome.output {
            do {
                try merger.apply(output.update, to: &state)
                merger.replace(output.replacements, in: &state)
            } catch {
                outcome.record.status = .failed
                outcome.record.error = "bad update: \(error.message)"
                outcome.error = GraphError(.badUpdate, "node \(node.name)\(Self.place(node.declaredAt)) returned a bad update: "
                    + error.message, node: node.name, location: node.declaredAt?.description)
            }
        }
        journal.append(outcome.record)
        if let error = outcome.error {
            fail(error)
            return false
        }
        return true
    }

    /// Runs the branches of `group` at the same time on the same state, merges their updates in branch order;
    /// returns the join, or nil when the run stops. A failing branch does not cancel the others (their
    /// updates are kept), so what a run keeps does not depend on timing.
    mutating func runParallel(_ group: ParallelBranches) async -> String? {
        guard steps + group.branches.count <= graph.stepLimit else {
            fail(stepLimitError(next: group.branches.joined(separator: " + ")))
            return nil
        }
        let firstStep = steps + 1
        steps += group.branches.count
        path += group.branches
        for branch in group.branches { invoker.events(.routed(from: group.from, to: branch, offset: invoker.offset())) }
        let invoker = self.invoker, snapshot = state
        let branchNodes = group.branches.map { nodes[$0]! }
        let outcomes = await withTaskGroup(of: (Int, NodeOutcome).self) { tasks in
            for (index, node) in branchNodes.enumerated() {
                tasks.addTask { (index, await invoker.invoke(node, step: firstStep + index, state: snapshot)) }
            }
            var outcomes = [NodeOutcome?](repeating: nil, count: branchNodes.count)
            for await (index, outcome) in tasks { outcomes[index] = outcome }
            return outcomes.map { $0! }
        }
        journal += outcomes.map(\.record)
        let updates = outcomes.compactMap { outcome in outcome.output.map { (outcome.record.name, $0.update) } }
        let branchError = outcomes.lazy.compactMap(\.error).first
        do {
            try merger.applyParallel(updates, to: &state)
            for outcome in outcomes { if let output = outcome.output { merger.replace(output.replacements, in: &state) } }
        } catch {
            if branchError == nil {
                fail(GraphError(.badUpdate, "the parallel branches of \(group.from)\(Self.place(group.declaredAt)) "
                    + "returned bad updates: \(error.message)", node: group.from,
                    location: group.declaredAt?.description))
                return nil
            }
        }
        if let branchError {
            fail(branchError)
            return nil
        }
        for branch in group.branches { invoker.events(.routed(from: branch, to: group.join, offset: invoker.offset())) }
        return group.join
    }

    /// Asks the edge's router for the next vertex; nil when the run stops.
    mutating func route(_ edge: ConditionalEdge) async -> String? {
        let router = "the router of \(edge.from)\(Self.place(edge.declaredAt))"
        do {
            let target = try await edge.router.route(state: state)
            guard edge.targets.contains(target) else {
                let near = GraphValidator.nearestName(to: target, in: edge.targets).map { " (did you mean \($0)?)" } ?? ""
                fail(GraphError(.routeFailed, "\(router) returned \"\(target)\", which is not one of its targets: "
                    + edge.targets.joined(separator: ", ") + near, node: edge.from, location: edge.declaredAt?.description))
                return nil
            }
            return target
        } catch {
            let details = ErrorDetails(error)
            if details.isCancellation || Task.isCancelled {
                fail(GraphError(.cancelled, "the run was cancelled while routing from \(edge.from)", node: edge.from))
            } else {
                fail(GraphError(.routeFailed, "\(router) failed: \(details.located)", node: edge.from,
                                location: details.location ?? edge.declaredAt?.description))
            }
            return nil
        }
    }

    /// The step-limit error, naming the loop that used the steps up.
    func stepLimitError(next: String) -> GraphError {
        let limit = graph.stepLimit
        let location = nodes[next]?.declaredAt?.description
        guard let last = path.last, let previous = path.dropLast().lastIndex(of: last) else {
            return GraphError(.stepLimit, "step limit \(limit) reached before \(next), without a loop: "
                + path.joined(separator: " -> ") + "; raise the graph's step limit", node: next, location: location)
        }
        let loop = path[previous...].joined(separator: " -> ")
        let rounds = path.filter { $0 == last }.count
        return GraphError(.stepLimit, "step limit \(limit) reached: \(loop) looped (\(last) ran \(rounds) times, "
            + "\(next) was next)", node: next, location: location)
    }

    static func place(_ location: (some CustomStringConvertible)?) -> String {
        location.map { " (\($0))" } ?? ""
    }
}
