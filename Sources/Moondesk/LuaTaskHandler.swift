import Foundation
import LuaHost
import MarketData
import Research

/// Runs a research task's Lua handler module (`return { run = function(task, ctx) ... end }`) in a state from
/// the pool, as a coroutine under the task's deadline: a CPU-bound handler is stopped by the deadline, a
/// handler waiting in `desk.sleep` (or HTTP) is cancelled. A state that hit a limit is replaced.
public final class LuaTaskHandler: TaskHandler {
    public let pool: LuaStatePool
    public let market: MarketContext
    let modules: ModuleFiles
    private let files = LoadedFiles()
    /// What each task's last attempt read (point in time, DataReads.swift).
    public let reads = TaskReads()

    /// Handlers for the agent at `agentPath`: modules resolve beside it, then under agents/ (`ModuleFiles`).
    public init(runtime: DeskRuntime, agentPath: String) {
        pool = LuaStatePool(maxIdle: 8) { try runtime.makeState() }
        market = runtime.market
        modules = ModuleFiles(agentPath: agentPath, paths: runtime.paths)
    }

    /// Every script file the handlers loaded (their modules and what those required), in load order.
    public var loadedFiles: [String] { files.list }

    public func run(_ task: ResearchTask, context: TaskContext) async throws -> LuaValue {
        try await pool.withState { state in
            let meter = state.attachment as? CostMeter
            meter?.reset()
            reads.begin(state, market: market)  // point in time: reset the state's data reads (DataReads.swift)
            let env = try state.newEnvironment(directory: modules.directory)
            defer { state.release(env) }
            let loader = try state.load("local name = ...; return require(name)", chunkName: "[handler]", environment: env)
            defer { state.release(loader) }
            let limits = ScriptRun.limits(until: context.deadline)
            let module = try state.callForRef(loader, [.string(task.handler)], limits: limits)
            defer { state.release(module) }
            guard let run = state.field("run", of: module), state.typeName(of: run) == "function" else {
                throw LuaError(.runtime, "handler module \(task.handler) must return a table with a run(task, ctx) function")
            }
            defer { state.release(run) }
            defer { files.record(state) }
            let results = try await state.run(run, [Self.taskTable(task), try contextTable(context)], limits: limits)
            guard case .table(var result) = results.first ?? .nil else {
                throw LuaError(.runtime, "handler \(task.handler) returned \((results.first ?? .nil).typeName), expected a result table {signal, confidence, summary, metrics, sources}")
            }
            try reads.finish(task, state: state, market: market)  // point in time: a look-ahead fails the task
            if result["actual_cost"] == nil, let cost = meter?.value { result["actual_cost"] = .number(cost) }
            return .table(result)
        }
    }

    static func taskTable(_ task: ResearchTask) -> LuaValue {
        [
            "id": .string(task.taskID), "name": .string(task.name), "description": .string(task.description),
            "priority": .string(task.priority.rawValue), "sources": .array(task.dataSources.map { .string($0) }),
            "depends": .array(task.dependencies.map { .string($0) }), "cost": .number(task.estimatedCost),
            "seconds": .number(task.estimatedSeconds), "timeout": .number(task.timeoutSeconds),
            "retries": .integer(Int64(task.retries)), "handler": .string(task.handler), "optional": .boolean(task.optional),
        ]
    }

    func contextTable(_ context: TaskContext) throws -> LuaValue {
        var ctx = try ScriptRun.marketFields(market)
        ctx["symbol"] = .string(context.symbol)
        ctx["profile"] = .string(context.profile)
        ctx["config"] = context.config
        ctx["attempt"] = .integer(Int64(context.attempt))
        ctx["inputs"] = .table(context.dependencyResults)
        return .table(ctx)
    }
}

extension LuaError: TaskFailure {
    public var isRetryable: Bool { kind == .runtime || kind == .memory }
    public var isTimeout: Bool { kind == .timeout }
}
