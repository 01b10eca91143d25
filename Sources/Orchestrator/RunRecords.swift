/// How a node's run ended. Raw values are the snake_case names used in JSON.
public enum NodeStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case completed
    case failed
    case timedOut = "timed_out"
    case cancelled
}

/// One node's run in the journal.
public struct NodeRecord: Sendable, Hashable, Codable {
    public var name: String
    /// 1 for the first node of the run.
    public var step: Int
    /// Seconds from the run's start.
    public var start: Double
    public var end: Double
    public var status: NodeStatus
    /// The short text the node returned about what it did.
    public var summary: String?
    /// What went wrong, when the status is not completed.
    public var error: String?
    /// `file:line` where the error happened, when known.
    public var errorLocation: String?

    public init(name: String, step: Int, start: Double, end: Double, status: NodeStatus, summary: String? = nil,
                error: String? = nil, errorLocation: String? = nil) {
        self.name = name
        self.step = step
        self.start = start
        self.end = end
        self.status = status
        self.summary = summary
        self.error = error
        self.errorLocation = errorLocation
    }

    enum CodingKeys: String, CodingKey {
        case name, step, start, end, status, summary, error
        case errorLocation = "error_location"
    }
}

/// How a whole run ended.
public enum RunStatus: String, Sendable, Hashable, Codable {
    case completed
    case failed
    case cancelled
}

/// Everything a run produced: the state (also when it stopped early), the journal, the path taken.
public struct GraphRunResult: Sendable, Hashable, Codable {
    /// The state after the last update that was applied.
    public var state: AgentState
    /// Every node run, in order (parallel branches in branch order).
    public var journal: [NodeRecord]
    public var status: RunStatus
    /// Why the run did not complete.
    public var error: GraphError?
    /// How many node runs there were.
    public var steps: Int
    /// The nodes run, in order.
    public var path: [String]
    /// Seconds from start to end.
    public var durationSeconds: Double

    public init(state: AgentState, journal: [NodeRecord], status: RunStatus, error: GraphError?, steps: Int,
                path: [String], durationSeconds: Double) {
        self.state = state
        self.journal = journal
        self.status = status
        self.error = error
        self.steps = steps
        self.path = path
        self.durationSeconds = durationSeconds
    }

    enum CodingKeys: String, CodingKey {
        case state, journal, status, error, steps, path
        case durationSeconds = "duration_seconds"
    }
}

/// Something that happened during a run, for a progress display or a trace writer.
public enum GraphEvent: Sendable, Hashable {
    /// A node began (`offset`: seconds from the run's start).
    case nodeStarted(node: String, step: Int, offset: Double)
    case nodeCompleted(NodeRecord)
    case nodeFailed(NodeRecord)
    case nodeTimedOut(NodeRecord)
    case nodeCancelled(NodeRecord)
    /// The run moved from one vertex to the next (a node, a fork or END).
    case routed(from: String, to: String, offset: Double)

    /// The event for a finished node.
    static func finished(_ record: NodeRecord) -> GraphEvent {
        switch record.status {
        case .completed: return .nodeCompleted(record)
        case .failed: return .nodeFailed(record)
        case .timedOut: return .nodeTimedOut(record)
        case .cancelled: return .nodeCancelled(record)
        }
    }
}

/// Receives events; parallel branches call it from several tasks at once, so it must be thread-safe.
public typealias GraphEventSink = @Sendable (GraphEvent) -> Void
