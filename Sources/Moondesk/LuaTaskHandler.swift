import Foundation
import LuaHost
import MarketData
import Research
import Synchronization

/// Runs a research task's Lua handler module (`return { run = function(task, ctx) ... end }`) in a state from
/// the pool, as a coroutine under the task's deadline: a CPU-bound handler is stopped by the deadline, a
/// handler waiting in `desk.sleep` (or HTTP) is cancelled. A state that hit a limit is replaced.
public final class LuaTaskHandler: TaskHandler {
    public let pool: LuaStatePool
    public let market: MarketContext
    private let files = Mutex<[String]>([])

    public init(runtime: DeskRuntime) {
        pool = LuaStatePool(maxIdle: 8) { try runtime.makeState() }
        market = runtime.market
    }

    /// Every script file the handlers loaded (their modules and what those required), in load order.
    public var loadedFiles: [String] { files.withLock { $0 } }

    public func run(_ task: ResearchTask, context: TaskContext) async throws -> LuaValue {
        try await pool.withState { state in
            let meter = state.attachment as? CostMeter
            meter?.reset()
            let env = try state.newEnvironment(directory: ".")
            defer { state.release(env) }
            let loader = try state.load("local name = ...; return require(name)", chunkName: "[handler]", environment: env)
            defer { state.release(loader) }
            let seconds = max(0.001, (context.deadline - .now).seconds)
            let limits = LuaLimits(timeout: seconds, memory: 256 << 20)
            let module = try state.callForRef(loader, [.string(task.handler)], limits: limits)
            defer { state.release(module) }
            guard let run = state.field("run", of: module), state.typeName(of: run) == "function" else {
                throw LuaError(.runtime, "handler module \(task.handler) must return a table with a run(task, ctx) function")
            }
            defer { state.release(run) }
            defer {
                let loaded = state.sandbox.loaded
                files.withLock { known in for f in loaded where !known.contains(f) { known.append(f) } }
            }
            let results = try await state.run(run, [Self.taskTable(task), try contextTable(context)], limits: limits)
            guard case .table(var result) = results.first ?? .nil else {
                throw LuaError(.runtime, "handler \(task.handler) returned \((results.first ?? .nil).typeName), expected a result table {signal, confidence, summary, metrics, sources}")
            }
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
        [
            "symbol": .string(context.symbol), "profile": .string(context.profile), "config": context.config,
            "as_of": .integer(market.asOf), "as_of_date": .string(Self.isoDate(market.asOf)),
            "attempt": .integer(Int64(context.attempt)),
            "inputs": .table(context.dependencyResults),
            "candles": .object(CandleView(try market.series())),
            "data_path": .string(market.dataPath),
            "news_count": .integer(Int64(market.news.count)),
            "live": .boolean(market.live != nil),
        ]
    }

    static func isoDate(_ epoch: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(epoch)))
    }
}

extension LuaError: TaskFailure {
    public var isRetryable: Bool { kind == .runtime || kind == .memory }
    public var isTimeout: Bool { kind == .timeout }
}
