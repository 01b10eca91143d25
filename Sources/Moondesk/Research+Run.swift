import Foundation
import LuaHost
import Research

/// How `host run` executes research.
public struct RunSettings: Sendable {
    public var pace: Double?
    public var batchPolicy = false
    public var failFast = false
    public var seed: UInt64?
    public init() {}
}

extension Session {
    /// Runs the plan's research with the executor and the agent's Lua handlers.
    /// Throws when the run has no market data (a symbol without bundled data and no --data).
    public func checkData() throws { _ = try runtime.market.series() }

    public func research(_ plan: ResearchPlan, settings: RunSettings, events: ExecutionEventSink? = nil) async -> ExecutionReport {
        let handler = LuaTaskHandler(runtime: runtime, agentPath: agent.path)
        return await execute(plan.tasks, plan: plan, settings: settings, handler: handler, events: events)
    }

    /// Runs `tasks` (the plan's, or a subset whose left-out dependencies come from `prior`).
    func execute(_ tasks: [ResearchTask], plan: ResearchPlan, settings: RunSettings, handler: LuaTaskHandler,
                 prior: [String: [String: LuaValue]] = [:], events: ExecutionEventSink?) async -> ExecutionReport {
        let options = ExecutionOptions(
            maxParallel: plan.config.maxParallelTasks, parallel: plan.config.enableParallelTasks,
            failFast: settings.failFast, pace: settings.pace, seed: settings.seed ?? plan.config.seed,
            mode: settings.batchPolicy ? .batch : .eager)
        let request = ResearchRequest(symbol: plan.symbol, profile: plan.riskProfile,
                                      asOf: Date(timeIntervalSince1970: TimeInterval(runtime.market.asOf)),
                                      config: plan.configTable)
        let runner: any TaskHandler = prior.isEmpty ? handler : PriorInputsHandler(base: handler, prior: prior)
        do {
            return try await TaskExecutor(options: options).execute(tasks, request: request, handler: runner, events: events)
        } catch {
            // The plan was checked when it was made; a structural error here is a bug worth seeing.
            fatalError("plan was validated but the executor refused it: \(error)")
        }
    }
}
