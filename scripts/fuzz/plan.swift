// libFuzzer target: plan:add specs. The bytes are read as JSON (desk.json.decode's parser) into the value a
// script would pass to plan:add; one spec, or an array of specs forming a plan. Each is decoded as the planner
// decodes it (ResearchTask.decode), and a plan that decodes is validated and estimated. Every number that gets
// through must be one the executor can make a deadline, a retry count and an estimate from.
import Foundation
import LuaHost

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let value = try? LuaValue.parseJSON(text) else { return 0 }
    let specs = value.arrayValue ?? [value]
    var tasks: [ResearchTask] = []
    for (i, spec) in specs.prefix(64).enumerated() {
        do {
            let task = try ResearchTask.decode(spec, declaredAt: SourceLocation(file: "fuzz.lua", line: i + 1))
            precondition(task.timeoutSeconds.isFinite && task.timeoutSeconds > 0 && task.timeoutSeconds <= CheckedNumber.maxSeconds)
            precondition(task.estimatedSeconds.isFinite && task.estimatedSeconds >= 0 && task.estimatedSeconds <= CheckedNumber.maxSeconds)
            precondition(task.estimatedCost.isFinite && task.estimatedCost >= 0)
            precondition(task.retries >= 0 && task.retries <= ResearchTask.maxRetries)
            _ = ContinuousClock.now + CheckedNumber.duration(task.timeoutSeconds)
            tasks.append(task)
        } catch {
            precondition(!error.problems.isEmpty, "a PlanError without problems")
        }
    }
    if PlanValidator.problems(in: tasks).isEmpty, let estimate = try? PlanEstimate(tasks, maxParallel: 3) {
        precondition(estimate.estimatedTimeParallel.isFinite || tasks.isEmpty)
    }
    return 0
}
