import Research

/// A graph as data: nodes, edges, conditional edges, parallel branches, an entry point and the run's limits.
///
/// Build it with `addNode`, `addEdge`, `addConditionalEdges`, `addParallel` and `setEntry`; customise it with
/// `replaceNode`, `removeNode` and `removeEdges(from:)`. Building never fails: every problem is collected and
/// reported, with the file and line it was declared at, by `GraphValidator` before a run.
public struct GraphDefinition: Sendable {
    /// The terminal: an edge to `END` finishes the run.
    public static let end = "END"

    /// Nodes in declaration order.
    public internal(set) var nodes: [GraphNode] = []
    public internal(set) var edges: [GraphEdge] = []
    public internal(set) var conditionalEdges: [ConditionalEdge] = []
    public internal(set) var parallels: [ParallelBranches] = []
    /// The first node (or fork) to run.
    public internal(set) var entry: String?
    public internal(set) var entryDeclaredAt: SourceLocation?
    /// At most this many node runs (parallel branches count one each); a loop past it ends the run.
    public var stepLimit = 25
    /// The timeout of nodes that do not set their own.
    public var defaultTimeout: Duration = .seconds(30)
    /// The reducer of each state field; fields not listed are replaced.
    public var reducers: [String: StateReducer] = [
        AgentState.Field.messages: .append, AgentState.Field.warnings: .append,
    ]
    /// Problems found while building (duplicate nodes, replacing a node that does not exist...).
    var buildProblems: [GraphProblem] = []

    public init() {}

    /// The node called `name`.
    public func node(_ name: String) -> GraphNode? { nodes.first { $0.name == name } }

    /// The timeout `node` runs with.
    public func timeout(of node: GraphNode) -> Duration { node.timeout ?? defaultTimeout }

    /// The named forks (parallel branches other edges may lead to).
    public var forks: [ParallelBranches] { parallels.filter(\.isNamedFork) }
}

extension GraphDefinition {
    /// Declares a node; `handler` is what the runner runs for it (its name by default).
    public mutating func addNode(_ name: String, handler: String? = nil, timeout: Duration? = nil,
                                 at location: SourceLocation? = nil) {
        if name == Self.end {
            buildProblems.append(GraphProblem("\"\(Self.end)\" is the terminal and cannot be a node's name", at: location))
        } else if name.isEmpty {
            buildProblems.append(GraphProblem("a node needs a name", at: location))
        } else if let existing = node(name) {
            let previous = existing.declaredAt.map { " (first declared at \($0))" } ?? ""
            buildProblems.append(GraphProblem(
                "duplicate node \(name)\(previous); use replaceNode to change a node", at: location))
        } else {
            nodes.append(GraphNode(name: name, handler: handler, declaredAt: location, timeout: timeout))
        }
    }

    /// Gives an existing node a new handler (and timeout, when given), keeping its edges.
    public mutating func replaceNode(_ name: String, handler: String, timeout: Duration? = nil,
                                     at location: SourceLocation? = nil) {
        guard let index = nodes.firstIndex(where: { $0.name == name }) else {
            buildProblems.append(GraphProblem("cannot replace node \(name): there is no such node", at: location))
            return
        }
        nodes[index].handler = handler
        nodes[index].declaredAt = location ?? nodes[index].declaredAt
        if let timeout { nodes[index].timeout = timeout }
    }

    /// Removes a node and its outgoing edges; edges that still lead to it are reported by the validator.
    public mutating func removeNode(_ name: String, at location: SourceLocation? = nil) {
        guard nodes.contains(where: { $0.name == name }) else {
            buildProblems.append(GraphProblem("cannot remove node \(name): there is no such node", at: location))
            return
        }
        nodes.removeAll { $0.name == name }
        removeEdges(from: name)
        for index in parallels.indices { parallels[index].branches.removeAll { $0 == name } }
    }

    /// Sets a node's own timeout.
    public mutating func setTimeout(_ timeout: Duration, for name: String, at location: SourceLocation? = nil) {
        guard let index = nodes.firstIndex(where: { $0.name == name }) else {
            buildProblems.append(GraphProblem("cannot set the timeout of node \(name): there is no such node", at: location))
            return
        }
        nodes[index].timeout = timeout
    }

    /// After `from` runs, `to` runs (a node, a named fork or `END`).
    public mutating func addEdge(_ from: String, _ to: String, at location: SourceLocation? = nil) {
        edges.append(GraphEdge(from: from, to: to, declaredAt: location))
    }

    /// After `from` runs, `router` picks the next of `targets`; `labels` (by target) are shown by `Mermaid`.
    public mutating func addConditionalEdges(from: String, router: any EdgeRouter, targets: [String],
                                             labels: [String: String] = [:], at location: SourceLocation? = nil) {
        conditionalEdges.append(ConditionalEdge(from: from, router: router, targets: targets, labels: labels,
                                                declaredAt: location))
    }

    /// After node `from` runs, the `branches` run at the same time, then `join`.
    public mutating func addParallel(from: String, branches: [String], join: String,
                                     at location: SourceLocation? = nil) {
        parallels.append(ParallelBranches(from: from, branches: branches, join: join, declaredAt: location))
    }

    /// Declares a fork called `name` that edges may lead to: the `branches` run at the same time, then `join`.
    public mutating func addParallel(named name: String, branches: [String], join: String,
                                     at location: SourceLocation? = nil) {
        if name == Self.end || node(name) != nil || forks.contains(where: { $0.from == name }) {
            buildProblems.append(GraphProblem("the fork name \(name) is already taken", at: location))
            return
        }
        parallels.append(ParallelBranches(from: name, branches: branches, join: join, isNamedFork: true,
                                          declaredAt: location))
    }

    /// Removes every edge, conditional edge and fan-out leaving `from` (a named fork stays; remove it with
    /// `removeParallel(named:)`).
    public mutating func removeEdges(from: String) {
        edges.removeAll { $0.from == from }
        conditionalEdges.removeAll { $0.from == from }
        parallels.removeAll { $0.from == from && !$0.isNamedFork }
    }

    /// Removes a named fork.
    public mutating func removeParallel(named name: String) {
        parallels.removeAll { $0.from == name && $0.isNamedFork }
    }

    /// The run starts at `name`.
    public mutating func setEntry(_ name: String, at location: SourceLocation? = nil) {
        entry = name
        entryDeclaredAt = location
    }

    /// Sets the reducer of a state field.
    public mutating func setReducer(_ reducer: StateReducer, for field: String) {
        reducers[field] = reducer
    }
}
