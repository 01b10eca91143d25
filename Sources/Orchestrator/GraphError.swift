import LuaHost
import Research

/// One thing wrong with a graph's declaration, and where it was declared.
public struct GraphProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    public var message: String
    public var location: SourceLocation?

    public init(_ message: String, at location: SourceLocation? = nil) {
        self.message = message
        self.location = location
    }

    /// `file:line: message`.
    public var description: String { location.map { "\($0): \(message)" } ?? message }
}

/// Everything that stops a graph run, as one error: what kind, the readable message, the node and where.
public struct GraphError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The graph's declaration has problems (see `problems`); nothing ran.
        case invalidGraph = "invalid_graph"
        /// A node threw.
        case nodeFailed = "node_failed"
        /// A node did not finish before its timeout.
        case nodeTimedOut = "node_timed_out"
        /// A node's update did not fit the state's reducers.
        case badUpdate = "bad_update"
        /// A router threw, or returned a name that is not one of its edge's targets.
        case routeFailed = "route_failed"
        /// The run took more steps than the graph's step limit.
        case stepLimit = "step_limit"
        /// The caller cancelled the run.
        case cancelled
    }

    public var kind: Kind
    /// The whole readable message (one line, or a list of problems).
    public var message: String
    /// The node the error is about.
    public var node: String?
    /// `file:line` where the error happened (the error's own location, or the declaration at fault).
    public var location: String?
    /// For `invalidGraph`: every problem found.
    public var problems: [GraphProblem]

    public init(_ kind: Kind, _ message: String, node: String? = nil, location: String? = nil,
                problems: [GraphProblem] = []) {
        self.kind = kind
        self.message = message
        self.node = node
        self.location = location
        self.problems = problems
    }

    /// The error for a graph with problems: one line per problem.
    public static func invalid(_ problems: [GraphProblem]) -> GraphError {
        let header = problems.count == 1 ? "the graph has 1 problem:" : "the graph has \(problems.count) problems:"
        let lines = problems.map { "\n  \($0)" }.joined()
        return GraphError(.invalidGraph, header + lines, location: problems.first?.location?.description,
                          problems: problems)
    }

    public var description: String { message }
}

/// What the engine reads from an error a node or router threw: the message, where, and whether it is a timeout.
struct ErrorDetails: Sendable {
    var message: String
    var location: String?
    var isTimeout = false
    var isCancellation = false

    init(_ error: any Error) {
        switch error {
        case let lua as LuaError:
            message = lua.message.hasPrefix(lua.kind.label) ? lua.message : "\(lua.kind.label): \(lua.message)"
            location = lua.location
            isTimeout = lua.kind == .timeout
            isCancellation = lua.kind == .cancelled
        case let failure as any TaskFailure:
            message = failure.message
            location = failure.location
            isTimeout = failure.isTimeout
        case let graph as GraphError:
            message = graph.message
            location = graph.location
        case is CancellationError:
            message = "cancelled"
            isCancellation = true
        default:
            message = String(describing: error)
        }
    }

    /// `file:line: message`, or the message.
    var located: String { location.map { "\($0): \(message)" } ?? message }
}
