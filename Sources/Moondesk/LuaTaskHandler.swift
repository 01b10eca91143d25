import Foundation
import Synchronization
import LuaHost
import MarketData
import Research

/// Runs a research task's Lua handler module (`return { run = function(task, ctx) ... end }`) in a state of the
/// runtime's pool, as a coroutine under the task's deadline: a CPU-bound handler is stopped by the deadline, a
/// handler waiting in `desk.sleep` (or HTTP) is cancelled. A state that hit a limit is replaced.
public final class LuaTaskHandler: TaskHandler {
    public let runtime: DeskRuntime
    public var market: MarketContext { runtime.market }
    let modules: ModuleFiles
    private let files = LoadedFiles()
    /// What each task's last attempt read (point in time, DataReads.swift).
    public let reads = TaskReads()

    /// Where results are recorded and recalled (a journal), if anywhere.
    let memory: (any RunMemory)?
    let hashes: FileHashes
    /// Tasks answered from `memory` instead of being run.
    public let reused = Mutex<[String]>([])

    /// Handlers for the agent at `agentPath`: modules resolve beside it, then under agents/ (`ModuleFiles`).
    public init(runtime: DeskRuntime, agentPath: String, modules: ModuleFiles? = nil, memory: (any RunMemory)? = nil,
                hashes: FileHashes? = nil) {
        self.runtime = runtime
        self.modules = modules ?? ModuleFiles(agentPath: agentPath, paths: runtime.paths)
        self.memory = memory
        self.hashes = hashes ?? FileHashes(scripts: runtime.scripts)
    }

    /// Every script file the handlers loaded (their modules and what those required), in load order.
    public var loadedFiles: [String] { files.list }

    /// Everything a task's result depends on besides its files: its definition, the request, its inputs, the data's
    /// as-of, Moondesk's version.
    func key(_ task: ResearchTask, context: TaskContext) -> String? {
        MemoryKey.of([.string("task"), .string(DeskBasics.version), Self.taskTable(task), .string(context.symbol),
                      .string(context.profile), .integer(market.asOf), context.config, .table(context.dependencyResults),
                      .string(market.dataPath), market.newsPath.map { .string($0) } ?? .nil])
    }

    public func recall(_ task: ResearchTask, context: TaskContext) -> LuaValue? {
        guard let memory, market.live == nil, let key = key(task, context: context),
              let entry = memory.usable(.task, key: key, hashes: hashes) else { return nil }
        reads.restore(task.taskID, entry.reads)
        market.runReads.record(recalled: entry.reads)
        files.add(entry.files.map(\.path).filter { $0.hasSuffix(".lua") })
        reused.withLock { $0.append(task.taskID) }
        memory.reused(.task, subject: task.taskID, key: key, entry: entry)
        return entry.value
    }

    public func run(_ task: ResearchTask, context: TaskContext) async throws -> LuaValue {
        guard let memory else { return try await attempt(task, context: context) }
        let loaded = LoadedFiles()
        let result = try await ScriptRun.$loaded.withValue(loaded) { try await attempt(task, context: context) }
        let taskReads = reads.of(task.taskID)
        let files = hashes.manifest(scripts: loaded.list, reads: taskReads)
        memory.remember(.task, subject: task.taskID, key: market.live == nil && files != nil ? key(task, context: context) : nil,
                        entry: MemoryEntry(value: result, reads: taskReads, files: files ?? []))
        return result
    }

    private func attempt(_ task: ResearchTask, context: TaskContext) async throws -> LuaValue {
        try await ScriptRun.call(runtime, module: task.handler, function: "run", directory: modules.directory,
                                 [Self.taskTable(task), try contextTable(context)], until: context.deadline, files: files,
                                 prepare: { state in
                                     (state.attachment as? CostMeter)?.reset()
                                     reads.begin(state, market: market)  // point in time: reset the state's data reads
                                 }) { state, result in
            guard case .table(var fields) = result else {
                throw LuaError(.runtime, "handler \(task.handler) returned \(result.typeName), expected a result table {signal, confidence, summary, metrics, sources}")
            }
            try reads.finish(task, state: state, market: market)  // point in time: a look-ahead fails the task
            if let problem = HandlerResultShape.problem(in: fields) {
                throw ResultShapeError(handler: task.handler, file: modules.file(of: task.handler), problem: problem)
            }
            if fields["actual_cost"] == nil, let cost = (state.attachment as? CostMeter)?.value { fields["actual_cost"] = .number(cost) }
            return .table(fields)
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

    /// The market part of every task's ctx, made once.
    private let marketContext = MadeOnce<[String: LuaValue]>()

    func contextTable(_ context: TaskContext) throws -> LuaValue {
        // Made with room for the fields below, so each attempt's copy is one allocation and no resize.
        var ctx = try marketContext.get {
            var fields = try ScriptRun.marketFields(market)
            fields.reserveCapacity(fields.count + 5)
            return fields
        }
        ctx["symbol"] = .string(context.symbol)
        ctx["profile"] = .string(context.profile)
        ctx["config"] = context.config
        ctx["attempt"] = .integer(Int64(context.attempt))
        ctx["inputs"] = .table(context.dependencyResults)
        return .table(ctx)
    }
}

extension LuaError: TaskFailure {
    /// Only failures that can change are retried: errors marked transient (`desk.retryable`, an HTTP 5xx/429 or
    /// I/O timeout of a live provider). A plain runtime error (a typo, `attempt to call a nil value`), a memory
    /// cap, a refusal or a syntax error fails the same way every time: one attempt.
    public var isRetryable: Bool { kind == .runtime && transient }
    public var isTimeout: Bool { kind == .timeout }
}
