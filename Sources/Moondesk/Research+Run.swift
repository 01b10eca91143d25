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
        let handler = LuaTaskHandler(runtime: runtime)
        defer { handlerFiles.withLock { $0 = handler.loadedFiles } }
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

/// The executor's report as text: one line per task and the seed's totals.
public enum ResearchSummary {
    public static func text(_ report: ExecutionReport, plan: ResearchPlan) -> String {
        var out = "Research for \(plan.symbol), \(plan.riskProfile) profile\n\n"
        for task in plan.tasks {
            guard let record = report.tasks[task.taskID] else { continue }
            let result = report.results[task.taskID] ?? .nil
            var line = "  " + task.taskID.padding(toLength: 12, withPad: " ", startingAt: 0)
                + record.status.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
            if record.status == .completed {
                let signal = result["signal"].doubleValue.map { String(format: "signal %+.2f", $0) } ?? "signal -"
                let confidence = result["confidence"].doubleValue.map { String(format: "confidence %.2f", $0) } ?? ""
                line += "\(signal)  \(confidence)  \(result["summary"].stringValue ?? "")"
                if result["source"].stringValue == "synthetic-sample" { line += "  [synthetic sample]" }
            } else {
                line += [record.error, record.errorLocation.map { "(\($0))" }].compactMap { $0 }.joined(separator: " ")
            }
            out += line + "\n"
        }
        out += String(format: "\n%d tasks: %d completed, %d failed; success rate %.0f%%; %.2f s (estimated %@ s at the seed's pace)\n",
                      report.totalTasks, report.completed, report.failed, report.successRate * 100, report.durationSeconds,
                      PlanReport.format(plan.estimate.estimatedTimeParallel))
        if report.degraded { out += "warning: research is degraded: " + report.degradedReasons.joined(separator: "; ") + "\n" }
        if report.results.values.contains(where: { $0["source"].stringValue == "synthetic-sample" }) {
            out += "warning: on-chain and macro figures are synthetic samples (data/synthetic), not real data\n"
        }
        for note in plan.notes { out += "note: \(note)\n" }
        return out
    }
}
