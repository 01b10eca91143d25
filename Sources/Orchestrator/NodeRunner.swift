import LuaHost
import Research

/// Runs the work of one node. The Lua adapter (module Moondesk) calls the node's Lua function; tests use
/// `NodeFunctions`.
///
/// Waits must honour Task cancellation (the engine cancels the node at its deadline and then awaits it);
/// CPU-bound work must check `context.deadline` itself, as the Lua deadline hook does. Throw a `TaskFailure`
/// (or a `LuaError`) to give the error's location; one with `isTimeout` (or kind `.timeout`) reads as timed out.
public protocol NodeRunner: Sendable {
    /// Runs `node` on a copy of the state and returns its partial update.
    func run(node: String, state: AgentState, context: NodeContext) async throws -> NodeOutput

    /// True when the runner itself stops a node of `handler` at `context.deadline` (the Lua host does, with its
    /// deadline hook and timed waits): the engine then needs no timer of its own for that node.
    func stopsAtDeadline(_ handler: String) -> Bool
}

extension NodeRunner {
    public func stopsAtDeadline(_ handler: String) -> Bool { false }
}

/// What a node gets besides the state.
public struct NodeContext: Sendable, Hashable {
    /// The node's handler (its name unless the node was replaced).
    public var handler: String
    /// 1 for the first node of the run; parallel branches get consecutive numbers.
    public var step: Int
    /// The node must have stopped by then (its start + its timeout).
    public var deadline: ContinuousClock.Instant
    public var timeout: Duration
    /// Where the node was declared.
    public var declaredAt: SourceLocation?

    public init(handler: String, step: Int, deadline: ContinuousClock.Instant, timeout: Duration,
                declaredAt: SourceLocation? = nil) {
        self.handler = handler
        self.step = step
        self.deadline = deadline
        self.timeout = timeout
        self.declaredAt = declaredAt
    }
}

/// What a node returns: a partial update of the state, merged by the graph's reducers, and a short summary
/// for the journal.
public struct NodeOutput: Sendable, Hashable {
    /// Fields to merge into the state; `.nil` under the replace reducer removes the field.
    public var update: [String: LuaValue]
    /// One line about what the node did (kept in the journal, not in the state).
    public var summary: String?
    /// Fields set as they are, whatever their reducer (applied after `update`): how a node rewrites an appended
    /// list, e.g. redacting `messages`. From Lua: the `__replace` table of the result.
    public var replacements: [String: LuaValue]

    public init(_ update: [String: LuaValue] = [:], summary: String? = nil, replacements: [String: LuaValue] = [:]) {
        self.update = update
        self.summary = summary
        self.replacements = replacements
    }

    /// Reads a node function's Lua result: a table (its `summary` string, if any, becomes the summary and its
    /// `__replace` table the replacements; neither is merged into the state) or nil (no update).
    public init(luaResult: LuaValue) throws {
        if luaResult.isNil {
            self.init()
        } else if var fields = luaResult.tableValue {
            let summary = fields.removeValue(forKey: "summary")
            if let summary, summary.stringValue == nil {
                throw GraphError(.badUpdate, "the node's summary must be a string, got \(summary.typeName)")
            }
            let replace = fields.removeValue(forKey: "__replace")
            if let replace, replace.tableValue == nil {
                throw GraphError(.badUpdate, "__replace must be a table of state fields, got \(replace.typeName)")
            }
            self.init(fields, summary: summary?.stringValue, replacements: replace?.tableValue ?? [:])
        } else {
            throw GraphError(.badUpdate, "a node must return a table of state fields (or nil), got \(luaResult.typeName)"
                + (luaResult.arrayValue != nil ? " (an array)" : ""))
        }
    }
}

/// A `NodeRunner` that dispatches on the node's handler to Swift closures.
public struct NodeFunctions: NodeRunner {
    public typealias Body = @Sendable (AgentState, NodeContext) async throws -> NodeOutput
    public var functions: [String: Body]

    public init(_ functions: [String: Body] = [:]) { self.functions = functions }

    /// Adds or replaces the function for `handler`.
    public mutating func set(_ handler: String, _ body: @escaping Body) { functions[handler] = body }

    public func run(node: String, state: AgentState, context: NodeContext) async throws -> NodeOutput {
        guard let body = functions[context.handler] else {
            throw GraphError(.nodeFailed, "no function for handler \"\(context.handler)\" of node \(node)", node: node)
        }
        return try await body(state, context)
    }
}
