/// Picks the vertex that follows a node on a conditional edge, from the state after the node ran.
/// The Lua adapter calls a Lua function; tests use `RouterFunction`.
public protocol EdgeRouter: Sendable {
    /// The name of the next node (or fork, or `END`); it must be one of the edge's declared targets.
    /// A thrown `TaskFailure` or `LuaError` gives the error's location.
    func route(state: AgentState) async throws -> String
}

/// An `EdgeRouter` made of a Swift closure.
public struct RouterFunction: EdgeRouter {
    let body: @Sendable (AgentState) async throws -> String

    public init(_ body: @escaping @Sendable (AgentState) async throws -> String) { self.body = body }

    public func route(state: AgentState) async throws -> String { try await body(state) }
}
