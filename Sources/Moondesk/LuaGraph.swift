import Foundation
import LuaHost
import Orchestrator
import Research

/// The decision graph an agent runs: `agents/graph.lua` (the default, or a `graph.lua` beside the agent), then the
/// agent's own `graph = function(g, ctx)`, each declaration recorded with its file and line and turned into a
/// `GraphDefinition`. Every problem (an unknown node or module, an unreachable node, an edge to nowhere) is
/// reported before anything runs, all at once, naming the declaration.
public enum LuaGraph {
    static let driver = """
        local agent, ctx = ...
        local g = desk.new_graph()
        local default = require "graph"
        if type(default) ~= "function" then
          error("graph.lua must return function(g, ctx) that declares the default graph, got " .. type(default), 0)
        end
        default(g, ctx)
        if agent.graph ~= nil then
          if type(agent.graph) ~= "function" then
            error("the agent's graph must be a function(g, ctx), got " .. type(agent.graph), 0)
          end
          agent.graph(g, ctx)
        end
        return g.ops
        """

    /// The modules built into the host rather than written in Lua.
    public static let builtins: Set<String> = ["desk.planner", "desk.researcher"]

    /// Builds the agent's graph; conditional edges route through `runner`. Throws a bad-input error listing every
    /// problem with its file and line.
    /// `declarations`: what graph.lua and the agent declared, when already run (`declarations(...)`).
    public static func load(_ agent: Agent, profile: String, config: LuaValue, runner: LuaNodeRunner,
                            declarations known: [LuaValue]? = nil) throws -> GraphDefinition {
        let ops = try known ?? declarations(agent, profile: profile, config: config, directory: runner.modules.directory,
                                            clock: runner.market.clock.cutoff)
        var graph = GraphDefinition()
        var problems: [GraphProblem] = []
        let modules = finalModules(ops)
        for op in ops { apply(op, to: &graph, problems: &problems, runner: runner, agent: agent, finalModules: modules) }
        problems += GraphValidator.problems(in: graph)
        if !problems.isEmpty {
            let lines = problems.map { "  " + $0.description }.joined(separator: "\n")
            throw MoondeskError(.badInput, "the graph of \(agent.path) has \(problems.count) problem\(problems.count == 1 ? "" : "s"):\n\(lines)")
        }
        return graph
    }

    /// What graph.lua and the agent's `graph` function declare, in order.
    static func declarations(_ agent: Agent, profile: String, config: LuaValue, directory: String, clock: Int64?) throws -> [LuaValue] {
        let state = agent.state
        let env = try state.newEnvironment(directory: directory, clock: clock)
        defer { state.release(env) }
        let chunk = try state.trustedChunk(driver, chunkName: "[graph]", environment: env)
        let ctx: LuaValue = ["agent": .string(agent.name), "profile": .string(profile), "config": config]
        return try state.call(chunk, refs: [agent.table], [ctx], limits: LuaLimits(timeout: 10, memory: 64 << 20))
            .first?.arrayValue ?? []
    }

    /// The node settings the agent's graph declares (`g:setting`). The graph sees the presets' config as it stands
    /// before the settings are checked.
    public static func settings(_ agent: Agent, profile: String, presets: PlanningPresets, directory: String,
                                clock: Int64?) throws -> [String: NodeSetting] {
        let config = try presets.config(for: profile)
        let ops = try declarations(agent, profile: profile, config: config.table(extra: agent.config),
                                   directory: directory, clock: clock)
        return try NodeSetting.declared(in: ops)
    }

    /// The module each node runs once every declaration is applied: a route without its own module follows the
    /// node's module, so `g:replace` (in the agent, after graph.lua declared the route) swaps the route too.
    static func finalModules(_ ops: [LuaValue]) -> [String: String] {
        var modules: [String: String] = [:]
        for op in ops {
            guard let name = op["name"].stringValue else { continue }
            switch op["op"].stringValue ?? "" {
            case "node", "replace": modules[name] = op["handler"].stringValue ?? name
            case "remove": modules[name] = nil
            default: break
            }
        }
        return modules
    }

    static func apply(_ op: LuaValue, to graph: inout GraphDefinition, problems: inout [GraphProblem],
                      runner: LuaNodeRunner, agent: Agent, finalModules: [String: String] = [:]) {
        let at = op["file"].stringValue.map { SourceLocation(file: $0, line: op["line"].intValue ?? 0) }
        let name = op["name"].stringValue ?? ""
        func seconds(_ key: String) -> Duration? {
            guard !op[key].isNil else { return nil }
            do {
                return CheckedNumber.duration(try CheckedNumber.seconds(op[key], "timeout", positive: true))
            } catch {
                problems.append(GraphProblem("\(name.isEmpty ? "graph" : "node " + name): \(error)", at: at))
                return nil
            }
        }
        func checkModule(_ module: String, for node: String) {
            guard !builtins.contains(module) else { return }
            if runner.modules.file(of: module) == nil {
                problems.append(GraphProblem("node \(node): no module \(module) (looked for \(runner.modules.candidates(module).joined(separator: ", ")))", at: at))
            }
        }
        switch op["op"].stringValue ?? "" {
        case "node":
            let handler = op["handler"].stringValue ?? name
            checkModule(handler, for: name)
            graph.addNode(name, handler: handler, timeout: seconds("timeout"), at: at)
        case "replace":
            let handler = op["handler"].stringValue ?? name
            checkModule(handler, for: name)
            graph.replaceNode(name, handler: handler, timeout: seconds("timeout"), at: at)
        case "remove": graph.removeNode(name, at: at)
        case "edge": graph.addEdge(op["from"].stringValue ?? "", op["to"].stringValue ?? "", at: at)
        case "route":
            let from = op["from"].stringValue ?? ""
            var labels: [String: String] = [:]
            for (k, v) in op["labels"].tableValue ?? [:] { labels[k] = v.stringValue }
            let module = op["router"].stringValue ?? finalModules[from] ?? graph.node(from)?.handler ?? from
            if op["router"].stringValue != nil { checkModule(module, for: from) }
            graph.addConditionalEdges(from: from, router: LuaRouter(runner: runner, module: module, node: from),
                                      targets: (op["targets"].arrayValue ?? []).compactMap(\.stringValue),
                                      labels: labels, at: at)
        case "parallel":
            graph.addParallel(named: name, branches: (op["branches"].arrayValue ?? []).compactMap(\.stringValue),
                              join: op["join"].stringValue ?? "", at: at)
        case "setting": break   // read by NodeSetting.declared
        case "unwire": graph.removeEdges(from: op["from"].stringValue ?? "")
        case "unfork": graph.removeParallel(named: name)
        case "entry": graph.setEntry(name, at: at)
        case "limit": graph.stepLimit = op["steps"].intValue ?? graph.stepLimit
        case "timeout":
            guard let timeout = seconds("seconds") else { return }
            if op["name"].stringValue != nil { graph.setTimeout(timeout, for: name, at: at) } else { graph.defaultTimeout = timeout }
        case "reducer":
            let reducers: [String: StateReducer] = ["replace": .replace, "append": .append, "merge": .merge]
            if let field = op["field"].stringValue, let reducer = reducers[op["kind"].stringValue ?? ""] {
                graph.setReducer(reducer, for: field)
            }
        default:
            problems.append(GraphProblem("unknown graph operation \(op["op"].jsonText())", at: at))
        }
    }
}

/// A conditional edge whose choice is the `route(state, ctx)` function of a Lua module.
struct LuaRouter: EdgeRouter {
    let runner: LuaNodeRunner
    let module: String
    let node: String

    func route(state: AgentState) async throws -> String {
        let result = try await runner.call(module: module, function: "route", node: node, state: state,
                                           context: nil)
        guard let name = result.stringValue else {
            throw LuaError(.runtime, "\(module).route must return the name of the next node, got \(result.typeName)",
                           file: runner.modules.file(of: module))
        }
        return name
    }
}
