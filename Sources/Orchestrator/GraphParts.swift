import Research

/// A step of the graph: a name, the implementation the runner calls for it, and where it was declared.
public struct GraphNode: Sendable, Hashable {
    /// The node's name: what edges refer to, and what the journal and the path show.
    public var name: String
    /// What the `NodeRunner` runs for this node (a Lua module, a file, a Swift key); the name by default.
    /// Replacing a node swaps its handler and keeps its edges.
    public var handler: String
    /// Where the node was declared (or last replaced), for error messages.
    public var declaredAt: SourceLocation?
    /// The node's own timeout; nil uses the graph's `defaultTimeout`.
    public var timeout: Duration?

    public init(name: String, handler: String? = nil, declaredAt: SourceLocation? = nil, timeout: Duration? = nil) {
        self.name = name
        self.handler = handler ?? name
        self.declaredAt = declaredAt
        self.timeout = timeout
    }
}

/// A plain edge: after `from` runs, `to` runs (a node, a named parallel fork, or `END`).
public struct GraphEdge: Sendable, Hashable {
    public var from: String
    public var to: String
    public var declaredAt: SourceLocation?

    public init(from: String, to: String, declaredAt: SourceLocation? = nil) {
        self.from = from
        self.to = to
        self.declaredAt = declaredAt
    }
}

/// A conditional edge: after `from` runs, its router picks the next vertex, which must be one of `targets`.
public struct ConditionalEdge: Sendable {
    public var from: String
    public var router: any EdgeRouter
    /// Every name the router may return, in display order.
    public var targets: [String]
    /// Optional edge labels for display, by target.
    public var labels: [String: String]
    public var declaredAt: SourceLocation?

    public init(from: String, router: any EdgeRouter, targets: [String], labels: [String: String] = [:],
                declaredAt: SourceLocation? = nil) {
        self.from = from
        self.router = router
        self.targets = targets
        self.labels = labels
        self.declaredAt = declaredAt
    }
}

/// Parallel branches: each branch node runs at the same time on the same state, their updates are merged in
/// branch order, then `join` runs.
///
/// The branches leave either from a node (`from` names a node: the node's outgoing rule is the fan-out) or
/// from a named fork (`isNamedFork`: `from` is the fork's own name, a vertex other edges may lead to).
public struct ParallelBranches: Sendable, Hashable {
    public var from: String
    public var branches: [String]
    public var join: String
    public var isNamedFork: Bool
    public var declaredAt: SourceLocation?

    public init(from: String, branches: [String], join: String, isNamedFork: Bool = false,
                declaredAt: SourceLocation? = nil) {
        self.from = from
        self.branches = branches
        self.join = join
        self.isNamedFork = isNamedFork
        self.declaredAt = declaredAt
    }
}
