import Foundation
import LuaHost
import MarketData
import Orchestrator
import Research

/// Runs the graph's Lua nodes: `require(module).run(state, ctx)` in a pooled state, as a coroutine under the
/// node's deadline (a CPU-bound node is stopped by the deadline hook, a waiting one is cancelled), the state passed
/// as a read-only view. The built-in nodes (`desk.planner`, `desk.researcher`) are Swift closures.
public final class LuaNodeRunner: NodeRunner {
    public typealias Builtin = @Sendable (_ node: String, _ state: AgentState, _ context: NodeContext) async throws -> NodeOutput

    static let driver = """
        local module, fname, state, ctx = ...
        local m = require(module)
        local f = type(m) == "table" and m[fname] or nil
        if type(f) ~= "function" then
          error(("module %s must return a table with a %s(state, ctx) function, got %s"):format(
            module, fname, type(m) == "table" and (type(f) .. " for " .. fname) or type(m)), 0)
        end
        return f(desk.readonly(state), ctx)
        """

    public let pool: LuaStatePool
    let market: MarketContext
    let modules: ModuleFiles
    let base: [String: LuaValue]
    let builtins: [String: Builtin]
    private let files = LoadedFiles()
    /// A router has this long to choose.
    static let routeTimeout = Duration.seconds(10)

    /// `base` is what every node's ctx holds besides the node's own fields (symbol, profile, config...).
    public init(runtime: DeskRuntime, agentPath: String, base: [String: LuaValue], builtins: [String: Builtin] = [:]) {
        pool = LuaStatePool(maxIdle: 4) { try runtime.makeState() }
        market = runtime.market
        modules = ModuleFiles(agentPath: agentPath, paths: runtime.paths)
        self.base = base
        self.builtins = builtins
    }

    /// Every script the nodes loaded (their modules and what those required), in load order.
    public var loadedFiles: [String] { files.list }

    public func run(node: String, state: AgentState, context: NodeContext) async throws -> NodeOutput {
        if let builtin = builtins[context.handler] { return try await builtin(node, state, context) }
        let result = try await call(module: context.handler, function: "run", node: node, state: state, context: context)
        do {
            return try NodeOutput(luaResult: result)
        } catch let error as GraphError {
            throw LuaError(.runtime, "\(context.handler).run: \(error.message)", file: modules.file(of: context.handler))
        }
    }

    /// Calls `function(state, ctx)` of `module`; `context` nil (a router) runs under `routeTimeout`.
    func call(module: String, function: String, node: String, state: AgentState, context: NodeContext?) async throws -> LuaValue {
        try await pool.withState { lua in
            NodeReads.begin(lua, market: market)  // point in time: reset the state's data reads (DataReads.swift)
            let env = try lua.newEnvironment(directory: modules.directory)
            defer { lua.release(env) }
            let driver = try lua.load(Self.driver, chunkName: "[node]", environment: env)
            defer { lua.release(driver) }
            defer { files.record(lua) }
            let limits = ScriptRun.limits(until: context?.deadline ?? .now + Self.routeTimeout)
            do {
                let results = try await lua.run(driver, [.string(module), .string(function), state.luaValue,
                                                         try contextTable(node: node, module: module, context: context)],
                                                limits: limits)
                try NodeReads.finish(node, state: lua, market: market)  // point in time: a look-ahead fails the node
                return results.first ?? .nil
            } catch var error as LuaError where error.file == nil || error.file == "[node]" {
                error.file = modules.file(of: module)
                error.line = nil
                throw error
            }
        }
    }

    func contextTable(node: String, module: String, context: NodeContext?) throws -> LuaValue {
        var ctx = try ScriptRun.marketFields(market).merging(base) { _, own in own }
        ctx["node"] = .string(node)
        ctx["handler"] = .string(module)
        if let context { ctx["step"] = .integer(Int64(context.step)) }
        return .table(ctx)
    }
}
