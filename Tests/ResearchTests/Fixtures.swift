import Foundation
import LuaHost
import Testing
@testable import Research

/// The balanced BTC/USDT plan of the design note, declared in this order.
func balancedPlan() -> [ResearchTask] {
    func task(_ id: String, _ priority: TaskPriority, _ cost: Double, _ seconds: Double, line: Int,
              depends: [String] = [], optional: Bool = false) -> ResearchTask {
        ResearchTask(id: id, priority: priority, dependencies: depends, estimatedCost: cost, estimatedSeconds: seconds,
                     handler: "handlers.\(id)", optional: optional,
                     declaredAt: SourceLocation(file: "agents/balanced.lua", line: line))
    }
    return [
        task("sentiment", .critical, 0.05, 30, line: 3),
        task("onchain", .critical, 0.03, 20, line: 4),
        task("technical", .critical, 0.02, 15, line: 5),
        task("macro", .high, 0.03, 20, line: 6),
        task("patterns", .medium, 0.02, 25, line: 7, depends: ["technical"]),
        task("keywords", .low, 0.01, 10, line: 8, depends: ["sentiment"], optional: true),
    ]
}

/// A seeded random DAG: each task depends on a few earlier ones, with whole estimated seconds.
func randomPlan(seed: UInt64, count: Int, maxSeconds: Int = 10, edgeChance: Double = 0.3) -> [ResearchTask] {
    var random = SplitMix64(seed: seed)
    return (0..<count).map { index in
        var depends: [String] = []
        for earlier in 0..<index where random.nextUnit() < edgeChance / Double(max(1, index / 4)) {
            depends.append("t\(earlier)")
        }
        let seconds = Double(1 + Int(random.next() % UInt64(maxSeconds)))
        let priority = TaskPriority.allCases[Int(random.next() % 4)]
        return ResearchTask(id: "t\(index)", priority: priority, dependencies: depends, estimatedCost: 0.01,
                            estimatedSeconds: seconds, retries: 0, handler: "handlers.work")
    }
}

/// A lock-protected value for handlers that record what they see.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<R>(_ body: (inout Value) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
    var current: Value { withLock { $0 } }
}

/// A handler built from a Swift closure.
struct ClosureHandler: TaskHandler {
    let body: @Sendable (ResearchTask, TaskContext) async throws -> LuaValue
    init(_ body: @escaping @Sendable (ResearchTask, TaskContext) async throws -> LuaValue) { self.body = body }
    func run(_ task: ResearchTask, context: TaskContext) async throws -> LuaValue { try await body(task, context) }
}

/// A handler failure with its retry and location information.
struct HandlerFailure: TaskFailure {
    var isRetryable: Bool
    var isTimeout = false
    var location: String?
    var message: String
}

/// Real work: the sum of 1...n, returned with the task id and the dependencies seen.
func sumTable(_ task: ResearchTask, _ context: TaskContext, n: Int64 = 1000) -> LuaValue {
    var sum: Int64 = 0
    for i in 1...n { sum &+= i }
    return .table([
        "task": .string(task.taskID), "sum": .integer(sum),
        "deps": .array(context.dependencyResults.keys.sorted().map { .string($0) }),
    ])
}

let request = ResearchRequest(symbol: "BTC/USDT", profile: "balanced")

/// Suites whose tests measure time or spin the CPU run one test at a time, so a busy loop in one test
/// (the machine may have only 2 cooperative threads) does not distort another test's timings.
@Suite(.serialized) enum TimedExecution {}
